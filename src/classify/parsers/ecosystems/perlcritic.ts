import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// Verbosity 4 `Message at line 69, column 28.  See page 218 of PBP.  (Severity: 5)`, verbosity 5 with a
// `file: ` prefix, and verbosity 8/10/11 `[Policy::Name] Message at line …`.
const VIOLATION = /^(?:([^\s:[][^:]*): )?(?:\[([\w:]+)\] )?(.+?) at line (\d+), column (\d+)\.\s+(?:.*\s)?\(Severity: (\d)\)$/;
const MAX_LINE = 4000;

/** Perl::Critic violations. */
export const perlcritic: ParserDef = {
  name: 'perlcritic',
  description: 'perlcritic violations `[file: ][[Policy] ]message at line L, column C.  explanation  (Severity: N)`',
  url: 'https://metacpan.org/pod/perlcritic#-verbose-N-FORMAT',
  trigger: /\(Severity: \d\)$/,
  keywords: ['(Severity: '],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > MAX_LINE) return false;
        const m = VIOLATION.exec(text);
        if (!m) return false;
        // Without a file the line number has nothing to anchor to, so it stays in the message only.
        sink.emit({
          class: 'lint_error',
          tool: 'perlcritic',
          ...(m[1] ? { file: m[1], line: Number(m[4]), column: Number(m[5]) } : {}),
          ...(m[2] ? { code: m[2] } : {}),
          message: m[1] ? m[3]! : `${m[3]!} at line ${m[4]!}, column ${m[5]!}`,
          evidence: [ev(text, ctx)],
        });
        return false;
      },
      end() {},
    };
  },
};
