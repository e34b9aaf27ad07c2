import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// tldr-lint (https://github.com/tldr-pages/tldr-lint#usage), the linter of tldr pages, prints one finding a line,
// `pages/common/tar.md:3: TLDR004 Command descriptions should end in a period`, and exits 1 when it found any.
// Fixture: tldr-lint 0.0.22 from npm, run here on two small pages.
const FINDING = /^((?:[A-Za-z]:[\\/])?[^\s:][^:]{0,500}\.md):(\d+): (TLDR\d{3}) (.{1,500})$/;

/** tldr-lint findings: a page that breaks the tldr style. */
export const tldrLint: ParserDef = {
  name: 'tldr-lint',
  description: 'tldr-lint findings `page.md:line: TLDRnnn message`',
  url: 'https://github.com/tldr-pages/tldr-lint#usage',
  trigger: /\.md:\d+: TLDR\d{3} /,
  keywords: [': TLDR'],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        const m = FINDING.exec(text);
        if (m) sink.emit({ class: 'lint_error', tool: 'tldr-lint', file: m[1]!, line: Number(m[2]), code: m[3]!, message: m[4]!, evidence: [ev(text, ctx)] });
        return false;
      },
      end() {},
    };
  },
};
