// package-lint (`emacs -batch -f package-lint-batch-and-exit file.el`): `Entering directory '/abs/dir/'`, then one
// `file.el:12:0: error: message` (or `warning:`) per finding, as printed by `package-lint-batch-and-exit-1`
// (https://github.com/purcell/package-lint, package-lint.el). The run fails on errors and, by default
// (`package-lint-batch-fail-on-warnings`, older versions always), on warnings: every finding counts.
// Fixture: the documented format (package-lint is on MELPA, which is not reachable from here); see its `tool`.
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const ENTERING = /^Entering directory '(.+)'$/;
const FINDING = /^([^\s/:][^/:]*\.el):(\d+):(\d+): (?:error|warning): (.*)$/;

/** package-lint findings. */
export const packageLint: ParserDef = {
  name: 'package-lint',
  description: 'package-lint `file.el:line:col: error|warning: message` under `Entering directory \'dir\'`',
  url: 'https://github.com/purcell/package-lint',
  trigger: /^Entering directory '|\.el:\d+:\d+: (?:error|warning): /,
  keywords: ["Entering directory '", '.el:'],
  create(sink) {
    let dir = '';
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return false;
        const e = ENTERING.exec(text);
        if (e) {
          dir = e[1]!.endsWith('/') ? e[1]! : `${e[1]!}/`;
          return false;
        }
        const m = FINDING.exec(text);
        if (!m) return false;
        sink.emit({
          class: 'lint_error',
          tool: 'package-lint',
          file: dir + m[1]!,
          line: Number(m[2]),
          // package-lint counts columns from 0; a column 0 means the whole line.
          ...(Number(m[3]) > 0 ? { column: Number(m[3]) + 1 } : {}),
          message: m[4]!,
          evidence: [ev(text, ctx)],
        });
        return false;
      },
      end() {},
    };
  },
};
