// Format: XCTest's console output as `swift test` and `xcodebuild test` print it: the located failure
// `/p/Tests/ATests.swift:42: error: -[ATests.ATests testX] : XCTAssertEqual failed: ("1") is not equal to ("2")`
// (Darwin) or `…: error: ATests.testX : …` (swift-corelibs-xctest on Linux), `Test Case '…' failed (N seconds).`,
// Xcode's closing `Failing tests:` list and `** TEST FAILED **`
// (https://developer.apple.com/documentation/xctest, https://github.com/swiftlang/swift-corelibs-xctest
// Sources/XCTest/Private/PrintObserver.swift). Fixture: see test/fixtures/parsers/xctest/*.json.
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { XCODE_DIAG, xctestFailure } from './swift-diagnostic.ts';

const CASE_FAILED = /^Test Case '(?:-\[([\w.]+) (\w+)\]|([\w.]+))' failed \(/;
const TEST_FAILED = /^\*\* TEST (?:EXECUTE )?FAILED \*\*/;
const FAILING_TESTS = /^Failing tests:$/;
// `\tATests.testX()`, `\tATests/ATests/testX()` or `\t-[ATests testX]` under `Failing tests:`.
const FAILING_ENTRY = /^\s+(?:-\[([\w.]+) (\w+)\]|([\w./]+?)(?:\(\))?)$/;
// XCTestExpectation's wait, and Xcode's per-test execution time allowance.
const TIMED_OUT = /Exceeded timeout of [\d.]+ seconds?|exceeded execution time allowance/i;
const MAX_LIST = 500;

/** XCTest (Darwin and Linux): located assertion failures, failed test cases, Xcode's failing tests list. */
export const xctest: ParserDef = {
  name: 'xctest',
  description: "XCTest `A.swift:42: error: -[M.Class testX] : reason` (and Linux's `Class.testX : reason`), `Test Case '…' failed`, `Failing tests:`, `** TEST FAILED **`",
  url: 'https://github.com/swiftlang/swift-corelibs-xctest/blob/main/Sources/XCTest/Private/PrintObserver.swift',
  trigger: /:\d+: error: |^Test Case '.*' failed \(|^\*\* TEST (?:EXECUTE )?FAILED \*\*|^Failing tests:$/,
  keywords: [': error: ', "Test Case '", 'TEST FAILED **', 'TEST EXECUTE FAILED **', 'Failing tests:'],
  create(sink) {
    const reported = new Set<string>();
    let listing = false;
    let listed = 0;
    const report = (test: string, draft: { file?: string; line?: number; reason: string }, text: string, ctx: LineContext): void => {
      reported.add(key(test));
      sink.emit({
        class: TIMED_OUT.test(draft.reason) ? 'timeout' : 'test_fail',
        tool: 'xctest',
        test,
        ...(draft.file ? { file: draft.file, line: draft.line! } : {}),
        message: draft.reason,
        evidence: [ev(text, ctx)],
      });
    };
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return listing;
        if (listing) {
          const e = listed++ < MAX_LIST ? FAILING_ENTRY.exec(text) : null;
          if (e) {
            const test = e[1] ? `${e[1]}.${e[2]!}` : e[3]!.replace(/\//g, '.');
            if (!reported.has(key(test))) report(test, { reason: 'Test failed' }, text, ctx);
            return true;
          }
          listing = false;
        }
        if (FAILING_TESTS.test(text)) {
          listing = true;
          listed = 0;
          return true;
        }
        if (TEST_FAILED.test(text)) {
          sink.jobFailed(ev(text, ctx));
          return false;
        }
        const c = CASE_FAILED.exec(text);
        if (c) {
          const test = c[1] ? `${c[1]}.${c[2]!}` : c[3]!;
          if (!reported.has(key(test))) report(test, { reason: text.trim() }, text, ctx);
          return false;
        }
        const m = XCODE_DIAG.exec(text);
        // XCTest prints no column; a located line with one is a compiler's or a linter's.
        if (!m || m[3] !== undefined || m[4] !== 'error') return false;
        const f = xctestFailure(m[5]!);
        // XCTest ends the reason with ` - ` and the assertion's own message, often empty.
        if (f) report(f.test, { file: m[1]!, line: Number(m[2]), reason: f.reason.replace(/ -\s*$/, '') }, text, ctx);
        return false;
      },
      end() {},
    };
  },
};

// The same test as Darwin (`Module.Class.testX`), Linux (`Class.testX`) and Xcode's list (`Class.testX()`) name it.
function key(test: string): string {
  const parts = test.replace(/\(\)$/, '').split('.');
  return parts.slice(-2).join('.');
}
