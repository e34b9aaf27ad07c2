import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `--check` lists each unformatted file as `[warn] path`, then a summary that says the check failed.
const WARN_FILE = /^\[warn\] (\S+)$/;
const SUMMARY = /^(?:\[warn\] Code style issues (?:were )?found|Error occurred when checking code style)/;
const START = /^Checking formatting\.\.\.$/;
// A file prettier cannot parse: `[error] src/a.js: SyntaxError: Unexpected token (1:12)`.
const PARSE_ERROR = /^\[error\] ([^:\s][^:]*): (SyntaxError): (.*?)(?: \((\d+):(\d+)\))?$/;
const MAX_FILES = 5000;

/** Prettier `--check`: one finding per file it would reformat, and files it cannot parse. */
export const prettier: ParserDef = {
  name: 'prettier',
  description: 'Prettier `--check`: `[warn] file` lines confirmed by the "Code style issues found" summary, and `[error]` parse failures',
  url: 'https://prettier.io/docs/cli#--check',
  trigger: /^\[(?:warn|error)\] |^Checking formatting\.\.\.$|^Error occurred when checking code style/,
  keywords: ['[warn] ', '[error] ', 'Checking formatting...', 'Error occurred when checking code style'],
  // prettier's own `[warn] ` / `[error] ` look like sbt's levels, and it reads them.
  readsWrappers: ['sbt'],
  create(sink) {
    // `[warn] x` is also how prettier prints its own warnings; a file counts only once the summary confirms it.
    let pending: { file: string; evidence: EvidenceLine }[] = [];
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (START.test(text)) {
          pending = [];
          return false;
        }
        if (SUMMARY.test(text)) {
          for (const p of pending) {
            sink.emit({
              class: 'lint_error',
              message: 'Code style issues found: the file is not formatted as Prettier would format it',
              file: p.file,
              tool: 'prettier',
              evidence: [p.evidence, ev(text, ctx)],
            });
          }
          pending = [];
          return false;
        }
        const w = WARN_FILE.exec(text);
        if (w) {
          if (pending.length < MAX_FILES) pending.push({ file: w[1]!, evidence: ev(text, ctx) });
          return false;
        }
        const e = PARSE_ERROR.exec(text);
        if (e) {
          // The formatter rejects code it cannot parse; a compiler step, if any, reports the syntax error itself.
          sink.emit({
            class: 'lint_error',
            message: `${e[2]}: ${e[3]}`,
            file: e[1]!,
            ...(e[4] ? { line: Number(e[4]), column: Number(e[5]) } : {}),
            tool: 'prettier',
            code: e[2]!,
            evidence: [ev(text, ctx)],
          });
        }
        return false;
      },
      end() {},
    };
  },
};
