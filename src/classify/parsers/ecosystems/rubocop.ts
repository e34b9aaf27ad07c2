import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `lib/a.rb:158:17: C: [Correctable] Performance/RegexpMatch: Use match? instead of =~.` (progress,
// emacs and clang formatters). Severities: C convention, W warning, E error, F fatal, R refactor.
const OFFENSE = /^(\S(?:[^:]|:(?!\d))*?):(\d+):(\d+): ([CWEFR]): (\[(?:Correctable|Corrected|Todo)\] )?(?:([A-Z]\w*(?:\/\w+)+): )?(.*)$/;

/** RuboCop offenses. */
export const rubocop: ParserDef = {
  name: 'rubocop',
  description: 'RuboCop offenses `file:line:col: C: Department/Cop: message` (progress, clang and emacs formatters); auto-corrected ones are skipped',
  url: 'https://docs.rubocop.org/rubocop/formatters.html',
  trigger: /:\d+:\d+: [CWEFR]: /,
  keywords: [...'CWEFR'].map((s) => `: ${s}: `),
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return false;
        const m = OFFENSE.exec(text);
        // An offense RuboCop has already corrected no longer fails the run.
        if (!m || m[5] === '[Corrected] ') return false;
        sink.emit({
          class: 'lint_error',
          tool: 'rubocop',
          file: m[1]!,
          line: Number(m[2]),
          column: Number(m[3]),
          ...(m[6] ? { code: m[6] } : {}),
          message: m[7]!,
          evidence: [ev(text, ctx)],
        });
        return false;
      },
      end() {},
    };
  },
};
