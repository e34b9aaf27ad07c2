import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// markdownlint-cli `README.md: 750: MD034/no-bare-urls Bare URL used [Context: "…"]` (older) and
// `README.md:750:5 MD034/no-bare-urls …` (newer, also markdownlint-cli2, optionally with `error`);
// Ruby mdl `README.md:750: MD034 Bare URL used`.
const ISSUE = /^(\S(?:[^:]|:(?! ?\d))*?): ?(\d+)(?::(\d+))?:? (?:(error|warning) )?(MD\d{3})((?:\/[\w-]+)*) (.*)$/;

/** markdownlint (markdownlint-cli, markdownlint-cli2) and Ruby mdl rule violations. */
export const markdownlint: ParserDef = {
  name: 'markdownlint',
  description: 'markdownlint-cli/cli2 `file:line[:col] MDnnn/alias message` and Ruby mdl `file:line: MDnnn message`',
  url: 'https://github.com/DavidAnson/markdownlint#rules--aliases',
  trigger: /: ?\d+(?::\d+)?:? (?:error )?MD\d{3}[/ ]/,
  // Two digits of the rule id: ` MD5` alone is in every `MD5 checksum` line.
  keywords: [...'0123456789'].flatMap((a) => [...'0123456789'].map((b) => ` MD${a}${b}`)),
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return false;
        const m = ISSUE.exec(text);
        if (!m || m[4] === 'warning') return false;
        sink.emit({
          class: 'lint_error',
          tool: 'markdownlint',
          file: m[1]!,
          line: Number(m[2]),
          ...(m[3] ? { column: Number(m[3]) } : {}),
          code: m[5]!,
          message: m[7]!,
          evidence: [ev(text, ctx)],
        });
        return false;
      },
      end() {},
    };
  },
};
