// editorconfig-checker (https://github.com/editorconfig-checker/editorconfig-checker, `pkg/error/error.go`):
//   default   `path/file:` then one finding per line, `\t12: message`, `\t12-14: message` (a run of lines) or
//             `\tmessage` (the whole file), and `N errors found`
//   gcc       `path/file:12:0: error: message` (`--format gcc`; line 0 is the whole file)
// Every finding fails the run (exit 1). Messages are the validators' own: wrong left-padding, indentation type,
// trailing whitespace, line endings / final newline, line too long, charset. The GitHub Actions format
// (`::error file=…,line=…::`) is a workflow command the runner reads, not this parser.
// Fixture: the documented default format (the npm package downloads its Go binary from GitHub, which is not
// reachable from here); see its `tool`.
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// What the validators say (v1 capitalised, v3 in lower case).
const MESSAGE = /^(?:[Ww]rong (?:amount of left-padding|indent|line endings|end of line|final newline|charset|character encoding)|[Tt]railing whitespace|[Ll]ine too long|[Nn]ot all lines have the correct end of line)/;
const HEADER = /^\s*(\S[^\t]*?):\s*$/;
const FINDING = /^\s+(?:(\d+)(?:-(\d+))?: )?(\S.*)$/;
const GCC = /^(\S(?:[^:]|:(?!\d))*?):(\d+):\d+: error: (.*)$/;

/** editorconfig-checker findings. */
export const editorconfigChecker: ParserDef = {
  name: 'editorconfig-checker',
  description: 'editorconfig-checker `file:` header with `\\t12: message` findings (and `--format gcc`); every finding is a lint error',
  url: 'https://github.com/editorconfig-checker/editorconfig-checker#usage',
  trigger: /^\s+(?:\d+(?:-\d+)?: )?(?:[Ww]rong (?:amount|indent|line endings|end of line|final|charset|character)|[Tt]railing whitespace|[Ll]ine too long|[Nn]ot all lines have)|:\d+:\d+: error: (?:[Ww]rong (?:amount|indent|line endings|end of line|final|charset|character)|[Tt]railing whitespace|[Ll]ine too long)/,
  keywords: ['rong amount', 'rong indent', 'rong line endings', 'rong end of line', 'rong final', 'rong charset', 'rong character', 'railing whitespace', 'ine too long', 'ot all lines have'],
  // The file header comes on the line above the first finding.
  lookback: 1,
  create(sink) {
    let file: string | null = null;
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return false;
        const g = GCC.exec(text);
        if (g && MESSAGE.test(g[3]!)) {
          const line = Number(g[2]);
          sink.emit({ class: 'lint_error', tool: 'editorconfig-checker', file: g[1]!, ...(line > 0 ? { line } : {}), message: g[3]!, evidence: [ev(text, ctx)] });
          return false;
        }
        const f = FINDING.exec(text);
        if (f && file !== null && MESSAGE.test(f[3]!)) {
          const line = f[1] ? Number(f[1]) : 0;
          sink.emit({
            class: 'lint_error',
            tool: 'editorconfig-checker',
            file,
            ...(line > 0 ? { line } : {}),
            ...(f[2] ? { endLine: Number(f[2]) } : {}),
            message: f[3]!,
            evidence: [ev(text, ctx)],
          });
          return true;
        }
        const h = HEADER.exec(text);
        if (h) {
          file = h[1]!;
          return true;
        }
        // The count, a blank line or anything else ends the report.
        file = null;
        return false;
      },
      end() {},
    };
  },
};
