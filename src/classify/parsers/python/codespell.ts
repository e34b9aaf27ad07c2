import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// codespell (https://github.com/codespell-project/codespell#usage) prints one line per likely misspelling,
// `./README.md:3: teh ==> the` (`, ` between several suggestions), and exits 65 when it found any: every such
// line is a finding that failed the run. Fixture: codespell 2.2.2 from Debian, run here on a small tree.
const FINDING = /^((?:[A-Za-z]:[\\/])?[^\s:][^:]{0,500}):(\d+): (\S[^=]{0,200}?) ==> (\S.{0,300})$/;

/** codespell's findings: a misspelled word at a file and line, with its suggested fixes. */
export const codespell: ParserDef = {
  name: 'codespell',
  description: 'codespell `file:line: word ==> fix` findings',
  url: 'https://github.com/codespell-project/codespell#usage',
  trigger: /:\d+: \S.* ==> \S/,
  keywords: [' ==> '],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        const m = FINDING.exec(text);
        if (m) {
          sink.emit({
            class: 'lint_error',
            tool: 'codespell',
            file: m[1]!.replace(/^\.\//, ''),
            line: Number(m[2]),
            message: `${m[3]!.trim()} ==> ${m[4]!}`,
            evidence: [ev(text, ctx)],
          });
        }
        return false;
      },
      end() {},
    };
  },
};
