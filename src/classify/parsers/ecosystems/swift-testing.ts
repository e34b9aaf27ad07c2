// Format: swift-testing's console output (`swift test`, Xcode 16+): `✘ Test "x" recorded an issue at A.swift:12:5:
// Expectation failed: …` and `✘ Test x() failed after 0.01 seconds with 1 issue.` The leading symbol is ✘ or, on
// macOS, an SF Symbols character, so it is not matched (https://github.com/swiftlang/swift-testing, Sources/Testing/
// Events/Recorder/Event.HumanReadableOutputRecorder.swift). Fixture: see test/fixtures/parsers/swift-testing/*.json.
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const ISSUE = /^\S{0,2} ?Test (.+?) recorded an issue/;
// ` at A.swift:12:5: reason`: swift-testing prints the bare file name, so the failure gives the test, not a file.
const AT = / at [^\s:]+:\d+:\d+: (.*)$/;
const FAILED = /^\S{0,2} ?Test (.+?) failed after [\d.]+ seconds?/;
const TIME_LIMIT = /Time limit was exceeded/i;

/** swift-testing: issues recorded in a test, and tests that failed without a readable issue. */
export const swiftTesting: ParserDef = {
  name: 'swift-testing',
  description: 'swift-testing `Test "x" recorded an issue at A.swift:12:5: Expectation failed: …` and `Test x() failed after N seconds with K issues.`',
  url: 'https://github.com/swiftlang/swift-testing/blob/main/Sources/Testing/Events/Recorder/Event.HumanReadableOutputRecorder.swift',
  trigger: /^\S{0,2} ?Test .+? (?:recorded an issue|failed after [\d.]+ second)/,
  keywords: [' recorded an issue', ' failed after '],
  create(sink) {
    const reported = new Set<string>();
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return false;
        const i = ISSUE.exec(text);
        if (i) {
          const test = unquote(i[1]!);
          const reason = AT.exec(text.slice(i[0].length))?.[1] ?? 'Issue recorded';
          reported.add(test);
          sink.emit({ class: TIME_LIMIT.test(reason) ? 'timeout' : 'test_fail', tool: 'swift-testing', test, message: reason, evidence: [ev(text, ctx)] });
          return false;
        }
        const f = FAILED.exec(text);
        // `Test run with 3 tests failed after …` is the run's own verdict, not a test.
        if (f && !f[1]!.startsWith('run with ') && !reported.has(unquote(f[1]!))) {
          const test = unquote(f[1]!);
          reported.add(test);
          sink.emit({ class: 'test_fail', tool: 'swift-testing', test, message: text.slice(text.indexOf('Test ')), evidence: [ev(text, ctx)] });
        }
        return false;
      },
      end() {},
    };
  },
};

function unquote(name: string): string {
  return name.length > 1 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1) : name;
}
