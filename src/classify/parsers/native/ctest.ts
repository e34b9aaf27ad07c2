import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const HEAD = /^The following tests FAILED:$/;
// `	  2 - wrap_around (Failed)`; the status is the last parenthesised group (names may hold parentheses).
const ITEM = /^\s*\d+ - /;
// The per-test line, kept as evidence: `2/5 Test #2: wrap_around ......***Failed    0.00 sec`.
const RESULT = /^\s*\d+\/\d+ Test +#\d+: (\S+) \.*[ *]*(Failed|Timeout|Exception|Not Run|Passed)/;
// Statuses that are not failures of the test: it was skipped, disabled, or never built (the build failed).
const NOT_RUN = /^(?:Not Run|Disabled|Skipped)/;

const MAX_ITEMS = 5000;

/** CTest: the `The following tests FAILED:` summary, one failure per test. */
export const ctest: ParserDef = {
  name: 'ctest',
  description: 'CTest summary `The following tests FAILED:` with `N - name (Failed|Timeout|SEGFAULT…)` lines',
  url: 'https://cmake.org/cmake/help/latest/manual/ctest.1.html',
  // Only the statuses RESULT reads after `***`: a bare `***` is in every line holding a masked secret.
  trigger: /^The following tests FAILED:$|^Errors while running CTest|Test +#\d+: \S+ \.*\s*\*\*\*(?:Failed|Timeout|Exception|Not Run)/,
  keywords: ['The following tests FAILED:', 'Errors while running CTest', '***Failed', '***Timeout', '***Exception', '***Not Run'],
  create(sink) {
    let open = false;
    let items = 0;
    const results = new Map<string, EvidenceLine>();

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (open) {
          const m = item(text);
          if (m && ++items < MAX_ITEMS) {
            const { test, status } = m;
            if (NOT_RUN.test(status)) return true;
            const evidence = [ev(text, ctx)];
            const result = results.get(test);
            if (result) evidence.unshift(result);
            const timeout = status === 'Timeout';
            sink.emit({ class: timeout ? 'timeout' : 'test_fail', message: `${test} (${status})`, test, tool: 'ctest', evidence });
            return true;
          }
          open = false;
        }
        if (HEAD.test(text)) {
          open = true;
          return true;
        }
        const r = RESULT.exec(text);
        if (r && results.size < MAX_ITEMS) results.set(r[1]!, ev(text, ctx));
        else if (text.startsWith('Errors while running CTest')) sink.jobFailed(ev(text, ctx));
        return false;
      },
      end() {},
    };
  },
};

function item(text: string): { test: string; status: string } | null {
  const s = ITEM.exec(text);
  if (!s) return null;
  const rest = text.slice(s[0].length);
  const open = rest.lastIndexOf(' (');
  const close = rest.indexOf(')', open);
  if (open <= 0 || close < 0) return null;
  return { test: rest.slice(0, open), status: rest.slice(open + 2, close) };
}
