import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// xcpretty marks each compiler error `❌  /p/File.swift:269:57: reason`; some CI logs glue junk before it,
// so the marker is searched for first.
const LOCATED = /^❌ +(\S(?:[^:]|:(?!\d))*?):(\d+):(\d+): (.*)$/;
const UNDEFINED_SYMBOLS = /^❌ +(Undefined symbols? for architecture \S+)/;
// `    ✗ testName, reason` — a failing XCTest case.
const FAILED_TEST = /^\s*✗ (\w+), (.*)$/;
const TIMED_OUT = /Exceeded timeout of [\d.]+ seconds?|timed out/i;
const MISSING_HEADER = /^'([^']+)' file not found/;
const MISSING_MODULE = /^no such module '([^']+)'/;

/** xcpretty: compiler errors (`❌`) and failing XCTest cases (`✗`) from `xcodebuild | xcpretty`. */
export const xcpretty: ParserDef = {
  name: 'xcpretty',
  description: 'xcpretty (xcodebuild formatter): `❌  file:line:col: reason` compiler errors, undefined symbols, and `✗ test, reason` XCTest failures',
  url: 'https://github.com/xcpretty/xcpretty',
  trigger: /❌|^\s*✗ \w+, /,
  keywords: ['❌', '✗ '],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return false;
        const t = FAILED_TEST.exec(text);
        if (t) {
          const timedOut = TIMED_OUT.test(t[2]!);
          sink.emit({
            class: timedOut ? 'timeout' : 'test_fail',
            tool: 'xctest',
            test: t[1]!,
            message: t[2]!,
            evidence: [ev(text, ctx)],
          });
          return false;
        }
        // Match from the first marker only, so a line full of markers stays linear.
        const mark = text.indexOf('❌');
        if (mark < 0) return false;
        const marked = mark === 0 ? text : text.slice(mark);
        const m = LOCATED.exec(marked);
        if (m) {
          sink.emit(located(m[1]!, Number(m[2]), Number(m[3]), m[4]!, [ev(text, ctx)]));
          return false;
        }
        const u = UNDEFINED_SYMBOLS.exec(marked);
        if (u) sink.emit({ class: 'compile_error', tool: 'ld', message: u[1]!, evidence: [ev(text, ctx)] });
        return false;
      },
      end() {},
    };
  },
};

// TAXONOMY: a header or module the compiler cannot find is a missing dependency, like gcc's.
function located(file: string, line: number, column: number, message: string, evidence: FailureDraft['evidence']): FailureDraft {
  const base = { file, line, column, message, evidence };
  const header = MISSING_HEADER.exec(message)?.[1];
  if (header) return { ...base, class: 'dependency_missing', tool: 'clang', package: header };
  const module = MISSING_MODULE.exec(message)?.[1];
  if (module) return { ...base, class: 'dependency_missing', tool: 'swiftc', package: module };
  return { ...base, class: 'compile_error', tool: /\.swift$/.test(file) ? 'swiftc' : 'clang' };
}
