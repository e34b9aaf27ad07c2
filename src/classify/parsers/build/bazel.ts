// Bazel's terminal output (https://bazel.build/docs/user-manual#test-summary, https://bazel.build/run/build):
// `FAIL: //pkg:target (see …/test.log)`, the test summary `//pkg:target   FAILED in 3.2s` / `TIMEOUT in`,
// `ERROR: /…/pkg/BUILD:12:5: <action> failed: (Exit 1)` and loading errors (`no such package`, `no such target`).
// The compiler's own errors under a failed action are the compiler parsers'. Fixture: a public log excerpt
// (see its `command`).
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `FAIL: //pkg:target (see /…/testlogs/pkg/target/test.log)`, `TIMEOUT: //pkg:target (see …)`.
const TEST_RESULT = /^(FAIL|TIMEOUT): (\/\/\S*|@[\w.~+-]*\/\/\S*) \(see /;
// The summary: `//pkg:target      FAILED in 3.2s`, `… FAILED in 2 out of 2 in 1.5s`, `… TIMEOUT in 60.1s`.
const SUMMARY = /^(\/\/\S*|@[\w.~+-]*\/\/\S*) +(FAILED|TIMEOUT) in /;
// `ERROR: /home/…/pkg/BUILD:12:5: Compiling x.cc failed: (Exit 1): gcc failed: …` (Bazel ≥5), or
// `ERROR: /…/BUILD:12:5: C++ compilation of rule '//pkg:x' failed (Exit 1)` (older).
const ACTION_FAILED = /^ERROR: (\S+?):(\d+):(\d+): (.+? failed)(?::)? \(Exit \d+\)/;
// Loading and analysis: a label that names no package or target is a missing dependency.
const NO_SUCH = /\bno such (?:package|target) '([^'\s]+)'/;
const ERROR_AT = /^ERROR: (\S+?):(\d+):(\d+): (.*)$/;
const ERROR = /^ERROR: (.*)$/;
const NOT_COMPLETE = /^(?:ERROR|FAILED): Build did NOT complete successfully/;

/** Bazel build and test: failed and timed-out test targets, failed actions, missing packages and targets. */
export const bazel: ParserDef = {
  name: 'bazel',
  description: 'Bazel: `FAIL: //pkg:target`, `//pkg:target FAILED/TIMEOUT in`, `ERROR: BUILD:line:col: … failed (Exit N)`, `no such package/target`',
  url: 'https://bazel.build/docs/user-manual#test-summary',
  trigger: /^(?:FAIL|TIMEOUT): \/\/|^(?:FAIL|TIMEOUT): @|^\/\/\S* +(?:FAILED|TIMEOUT) in |^@\S* +(?:FAILED|TIMEOUT) in |^ERROR: |^FAILED: Build did NOT/,
  keywords: ['FAIL: ', 'TIMEOUT: ', 'FAILED in ', 'TIMEOUT in ', 'ERROR: ', 'FAILED: Build did NOT'],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        const test = TEST_RESULT.exec(text) ?? SUMMARY.exec(text);
        if (test) {
          const label = test[1] === 'FAIL' || test[1] === 'TIMEOUT' ? test[2]! : test[1]!;
          const state = test[1] === 'FAIL' || test[1] === 'TIMEOUT' ? test[1] : test[2]!;
          const timeout = state === 'TIMEOUT';
          sink.emit({
            // TAXONOMY: a test target killed for exceeding its `timeout`/`size` limit is a timeout.
            class: timeout ? 'timeout' : 'test_fail',
            tool: 'bazel',
            test: label,
            message: timeout ? `${label} timed out` : `${label} failed`,
            evidence: [ev(text, ctx)],
          });
          return false;
        }
        if (NOT_COMPLETE.test(text)) {
          sink.jobFailed(ev(text, ctx));
          return false;
        }
        const missing = NO_SUCH.exec(text);
        if (missing && text.startsWith('ERROR: ')) {
          const at = ERROR_AT.exec(text);
          sink.emit({
            class: 'dependency_missing',
            tool: 'bazel',
            package: missing[1]!,
            message: (at ? at[4]! : ERROR.exec(text)![1]!).trim(),
            ...(at ? { file: at[1]!, line: Number(at[2]), column: Number(at[3]) } : {}),
            evidence: [ev(text, ctx)],
          });
          return false;
        }
        const action = ACTION_FAILED.exec(text);
        if (action) {
          // The action's target did not build; the compiler's lines below it say why, in their own parsers.
          sink.emit({
            class: 'compile_error',
            tool: 'bazel',
            message: action[4]!,
            file: action[1]!,
            line: Number(action[2]),
            column: Number(action[3]),
            evidence: [ev(text, ctx)],
          });
        }
        return false;
      },
      end() {},
    };
  },
};
