import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `[error]  * method foo()Int in class a.B does not have a correspondent in current version`
const PROBLEM = /^\[error\] {1,3}\* (.+)$/;
// `[error]    filter with: ProblemFilters.exclude[DirectMissingMethodProblem]("a.B.foo")`
const FILTER = /^\[error\] +filter with: ProblemFilters\.exclude\[(\w+)\]\("([^"]*)"\)/;
// The task's verdict, printed even when the problem list was cut or printed elsewhere.
const VERDICT = ': Binary compatibility check failed!';

/** MiMa (sbt-mima-plugin): binary-compatibility problems reported by `mimaReportBinaryIssues`. */
export const mima: ParserDef = {
  name: 'mima',
  description: 'MiMa `mimaReportBinaryIssues`: ` * <problem>` lines with their `filter with: ProblemFilters.exclude[…]` hint, and the "Binary compatibility check failed!" verdict',
  url: 'https://github.com/lightbend-labs/mima#usage',
  trigger: /^\[error\] {1,3}\* |Binary compatibility check failed!/,
  keywords: ['[error] *', '[error]  *', '[error]   *', 'Binary compatibility check failed!'],
  // sbt's `[error] ` / `[info] ` levels are part of what it reads.
  readsWrappers: ['sbt'],
  create(sink) {
    let problem: { text: string; ev: EvidenceLine } | null = null;
    let found = false;
    let verdict: EvidenceLine | null = null;
    let module = '';
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (problem) {
          const p = problem;
          problem = null;
          const f = FILTER.exec(text);
          if (f) {
            found = true;
            sink.emit({
              class: 'contract_violation',
              tool: 'mima',
              code: f[1]!,
              message: p.text,
              evidence: [p.ev, ev(text, ctx)],
            });
            return false;
          }
        }
        const m = PROBLEM.exec(text);
        if (m) {
          problem = { text: m[1]!, ev: ev(text, ctx) };
          return true;
        }
        const at = text.indexOf(VERDICT);
        if (at > 0 && !verdict) {
          verdict = ev(text, ctx);
          module = text.slice(text.lastIndexOf(' ', at - 1) + 1, at);
        }
        return false;
      },
      end() {
        // The verdict alone still proves a broken binary contract when no problem line was readable.
        if (verdict && !found) {
          sink.emit({
            class: 'contract_violation',
            tool: 'mima',
            message: `${module}: Binary compatibility check failed`,
            evidence: [verdict],
          });
        }
      },
    };
  },
};
