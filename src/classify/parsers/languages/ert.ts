// Emacs ERT in batch mode (`ert-run-tests-batch-and-exit`), as documented in the ERT manual, "Running Tests in
// Batch Mode": https://www.gnu.org/software/emacs/manual/html_node/ert/Running-Tests-in-Batch-Mode.html
//   `Test name condition:` then the condition (indented), `   FAILED  2/4  name (0.000061 sec)` (Emacs 29 adds
//   ` at file.el:12`), the summary `Ran 4 tests, 2 results as expected, 2 unexpected` and its list `   FAILED  name`.
// Lower-case `failed` is an expected failure (`:expected-result :failed`), not a failure.
// Fixture: real GNU Emacs 28.2 (Debian emacs-nox) running a small failing suite.
import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const CONDITION = /^Test (\S+) condition:$/;
const PROGRESS = /^\s*FAILED\s+\d+\/\d+\s+(\S+)(?: \([\d.e-]+ sec\))?(?: at ([^\s:]+):(\d+))?\s*$/;
const SUMMARY = /^Ran (\d+) tests?, (\d+) results? (?:were )?as expected, (\d+) unexpected/;
const UNEXPECTED_LIST = /^\d+ unexpected results?:$/;
const LIST_ENTRY = /^\s+FAILED\s+(\S+)(?: at ([^\s:]+):(\d+))?\s*$/;
const MAX_CONDITION_LINES = 60;

/** ERT batch-mode failures. */
export const ert: ParserDef = {
  name: 'ert',
  description: 'Emacs ERT batch output: `Test x condition:`, `FAILED  n/m  x`, `Ran n tests, k results as expected, u unexpected`',
  url: 'https://www.gnu.org/software/emacs/manual/html_node/ert/Running-Tests-in-Batch-Mode.html',
  trigger: /^Test \S+ condition:$|^\s*FAILED\s+\d+\/\d+\s|^Ran \d+ tests?, \d+ results? (?:were )?as expected|^\d+ unexpected results?:$/,
  keywords: [' condition:', 'FAILED ', 'as expected, ', 'unexpected result'],
  create(sink) {
    const conditions = new Map<string, { text: string; evidence: EvidenceLine }>();
    const emitted = new Set<string>();
    let condition: { test: string; parts: string[]; evidence: EvidenceLine; lines: number } | null = null;
    let inList = false;
    let summary: { unexpected: number; evidence: EvidenceLine } | null = null;

    const closeCondition = (): void => {
      if (condition && conditions.size < 1000) {
        conditions.set(condition.test, { text: condition.parts.join(' ').slice(0, 500), evidence: condition.evidence });
      }
      condition = null;
    };
    const emit = (test: string, evidence: EvidenceLine, file?: string, line?: string): void => {
      if (emitted.has(test)) return;
      emitted.add(test);
      const cond = conditions.get(test);
      sink.emit({
        class: 'test_fail',
        tool: 'ert',
        test,
        ...(file ? { file, line: Number(line) } : {}),
        message: cond?.text ?? 'Test failed',
        evidence: cond ? [cond.evidence, evidence] : [evidence],
      });
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) {
          closeCondition();
          return false;
        }
        const c = CONDITION.exec(text);
        if (c) {
          closeCondition();
          condition = { test: c[1]!, parts: [], evidence: ev(text, ctx), lines: 0 };
          return true;
        }
        const p = PROGRESS.exec(text);
        if (p) {
          closeCondition();
          emit(p[1]!, ev(text, ctx), p[2], p[3]);
          return false;
        }
        const s = SUMMARY.exec(text);
        if (s) {
          closeCondition();
          summary = { unexpected: Number(s[3]), evidence: ev(text, ctx) };
          return false;
        }
        if (UNEXPECTED_LIST.test(text)) {
          inList = true;
          return true;
        }
        if (inList) {
          const l = LIST_ENTRY.exec(text);
          if (l) {
            emit(l[1]!, ev(text, ctx), l[2], l[3]);
            return true;
          }
          // Other unexpected results (`PASSED` of an expected failure, `SKIPPED`) stay in the list.
          if (/^\s+[A-Z]+\s+\S/.test(text)) return true;
          inList = false;
          return false;
        }
        if (condition) {
          // The condition is the indented printout of the signal; the next unindented line ends it.
          if (!/^\s/.test(text) || ++condition.lines > MAX_CONDITION_LINES) {
            closeCondition();
            return false;
          }
          const t = text.trim();
          if (t !== '') condition.parts.push(t);
          return true;
        }
        return false;
      },
      end() {
        closeCondition();
        // The summary counts failures whose lines were not readable (a log cut short).
        if (summary && summary.unexpected > 0 && emitted.size === 0) {
          sink.emit({ class: 'test_fail', tool: 'ert', message: summary.evidence.text.trim(), evidence: [summary.evidence] });
        }
      },
    };
  },
};
