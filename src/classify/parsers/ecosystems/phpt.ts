// Format: PHP's run-tests.php (phpt tests, php-src and PECL extensions): one result line per test,
// `FAIL Title [tests/x/y.phpt]` (`show_result()`: PASS, SKIP, FAIL, XFAIL, BORK, LEAK, WARN, joined with `&`), the
// ` ** ERROR: process timed out **` that run-tests appends to a test's output when it kills it (shown before the
// result line by `--show-diff`), and the closing `FAILED TEST SUMMARY` / `LEAKED TEST SUMMARY` blocks
// (https://www.phpinternalsbook.com/tests/running_the_test_suite.html, https://qa.php.net/write-test.php).
// Fixture: real output of run-tests.php from php8.2-dev (Debian) on small phpt tests, see test/fixtures/parsers/phpt/.
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `FAIL Title [path.phpt] extra`; BORK may print `[]` (no file).
const RESULT = /^([A-Z]+(?:&[A-Z]+)*) (.*?) \[([^[\]]*\.phpt)?\]/;
const SUMMARY = /^(FAILED|LEAKED) TEST SUMMARY$/;
const OTHER_SUMMARY = /^[A-Z ]+ SUMMARY$/;
const SUMMARY_ENTRY = /^(.*?) \[([^[\]]*\.phpt)\]/;
const RULE = /^[=-]{10,}$/;
const TIMED_OUT = /\*\* ERROR: process timed out \*\*/;
const MAX_BLOCK = 5000;

/** PHP run-tests.php: FAIL/LEAK/BORK result lines, timed-out tests, and the failed tests summary. */
export const phpt: ParserDef = {
  name: 'phpt',
  description: 'PHP run-tests.php (phpt): `FAIL Title [tests/x.phpt]`, `LEAK`/`BORK` results, `** ERROR: process timed out **`, `FAILED TEST SUMMARY`',
  url: 'https://www.phpinternalsbook.com/tests/running_the_test_suite.html',
  trigger: /^[A-Z]+(?:&[A-Z]+)* .*\[[^[\]]*\.phpt\]|^(?:FAILED|LEAKED) TEST SUMMARY$|\*\* ERROR: process timed out \*\*/,
  keywords: ['.phpt]', 'TEST SUMMARY', 'process timed out'],
  create(sink) {
    const reported = new Set<string>();
    // run-tests prints a test's output (with the timeout marker) before the test's result line.
    let timedOut = false;
    let summary = false;
    let lines = 0;
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return summary;
        if (summary) {
          if (++lines > MAX_BLOCK || (lines > 1 && text.startsWith('====')) || OTHER_SUMMARY.test(text)) summary = false;
          else {
            const e = RULE.test(text) ? null : SUMMARY_ENTRY.exec(text);
            if (e && !reported.has(e[2]!)) {
              reported.add(e[2]!);
              sink.emit({ class: 'test_fail', tool: 'phpt', test: e[1]!, file: e[2]!, message: 'Test failed', evidence: [ev(text, ctx)] });
            }
            return true;
          }
        }
        if (SUMMARY.test(text)) {
          summary = true;
          lines = 0;
          return true;
        }
        if (TIMED_OUT.test(text)) {
          timedOut = true;
          return false;
        }
        const r = RESULT.exec(text);
        // `TEST 3/9 [x.phpt]` is the progress line before a test's output.
        if (!r || r[1] === 'TEST') return false;
        const results = r[1]!.split('&');
        const failed = results.some((x) => x === 'FAIL' || x === 'LEAK' || x === 'BORK');
        const wasTimedOut = timedOut;
        timedOut = false;
        if (!failed) return false;
        const file = r[3];
        if (file) reported.add(file);
        sink.emit({
          class: wasTimedOut && results.includes('FAIL') ? 'timeout' : 'test_fail',
          tool: 'phpt',
          ...(r[2] ? { test: r[2] } : {}),
          ...(file ? { file } : {}),
          message: wasTimedOut ? `${text.trim()} (process timed out)` : text.trim(),
          evidence: [ev(text, ctx)],
        });
        return false;
      },
      end() {},
    };
  },
};
