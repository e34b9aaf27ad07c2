// Erlang/OTP Common Test, as run by `ct_run` and by `rebar3 ct`:
//   rebar3 (cth_readable)  `%%% demo_SUITE ==> fail_case: FAILED` then `%%% demo_SUITE ==> <reason>` (the reason's
//                          term may go on over unprefixed lines, with a stacktrace of `{Mod,Fun,Arity,[{file,F},{line,L}]}`);
//                          `Failed 3 tests. Skipped 1 (1, 0) tests. Passed 1 tests.`
//   ct_run                 an error box (`Mod:Fun failed on line N` / `Reason: <term>`), then
//                          `Testing x.demo_SUITE: *** FAILED test case 2 of 5 ***`; `TEST COMPLETE, 1 ok, 3 failed of 4 test cases`
// A reason of `timetrap_timeout` / `{timetrap_timeout,Ms}` is the test's time limit: a timeout.
// Documented in the Common Test User's Guide, "Running Tests and Analyzing Results":
// https://www.erlang.org/doc/apps/common_test/run_test_chapter.html
// Fixtures: real Erlang/OTP 25 (Debian erlang-nox, erlang-common-test, rebar3) on a suite with a failing, a crashing
// and a timed-out case.
import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const R3_FAILED = /^%%% (\S+) ==> (\S+): FAILED\s*$/;
const R3_REASON = /^%%% (\S+) ==> (.*)$/;
const CT_FAILED = /^Testing \S+: \*\*\* FAILED (?:test case \d+ of \d+|(\{.*\})) \*\*\*$/;
const CT_BOX = /^(?:- ){10,}-?\s*$/;
const CT_WHERE = /^(\w+):(\w+) failed on line (\d+)$/;
const CT_REASON = /^Reason: (.*)$/;
const COMPLETE = /TEST COMPLETE, \d+ ok, (\d+) failed/;
const R3_TOTAL = /^Failed (\d+) tests?\. /;
// `{demo_SUITE,badmatch_case,1,[{file,"/w/test/demo_SUITE.erl"},{line,11}]}` in the reason's stacktrace.
const FRAMES = /\{(\w+),\w+,\d+,\s*\[\{file,"([^"]+)"\},\s*\{line,(\d+)\}/g;
const MAX_REASON_LINES = 60;

interface Case {
  suite: string;
  test: string;
  reason: string[];
  evidence: EvidenceLine[];
  lines: number;
}

/** Common Test failures, from rebar3's or ct_run's console output. */
export const commonTest: ParserDef = {
  name: 'common-test',
  description: 'Erlang Common Test: rebar3 `%%% SUITE ==> case: FAILED` + reason, ct_run error box + `*** FAILED test case n of m ***`, `TEST COMPLETE, k ok, n failed`; timetraps are timeouts',
  url: 'https://www.erlang.org/doc/apps/common_test/run_test_chapter.html',
  trigger: /^%%% \S+ ==> \S+: FAILED|^(?:- ){10,}|^Testing \S+: \*\*\* FAILED |TEST COMPLETE, \d+ ok, \d+ failed|^Failed \d+ tests?\. /,
  keywords: [': FAILED', '- - - - - - - - - - ', '*** FAILED ', 'TEST COMPLETE, ', 'Failed '],
  create(sink) {
    let open: Case | null = null;
    // ct_run's box, read until the FAILED line that follows it.
    let box: { where?: RegExpExecArray; reason?: string; evidence: EvidenceLine[]; lines: number; closed: boolean } | null = null;
    let emitted = 0;
    let total: { failed: number; evidence: EvidenceLine } | null = null;

    const emit = (c: Case): void => {
      emitted++;
      const reason = c.reason.join(' ').replace(/\s+/g, ' ').trim();
      // The innermost frame in the suite's own module is where the test code failed.
      const at = [...reason.matchAll(FRAMES)].find((m) => m[1] === c.suite);
      sink.emit({
        class: reason.includes('timetrap_timeout') ? 'timeout' : 'test_fail',
        tool: 'common_test',
        test: `${c.suite}:${c.test}`,
        ...(at ? { file: at[2]!, line: Number(at[3]) } : {}),
        message: reason.slice(0, 500) || 'Test case failed',
        evidence: c.evidence,
      });
    };
    const flush = (): void => {
      if (open) emit(open);
      open = null;
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) {
          flush();
          return false;
        }
        const f = R3_FAILED.exec(text);
        if (f) {
          flush();
          open = { suite: f[1]!, test: f[2]!, reason: [], evidence: [ev(text, ctx)], lines: 0 };
          return true;
        }
        if (open) {
          const o = open;
          const r = R3_REASON.exec(text);
          if (o.lines === 0 && r && r[1] === o.suite) {
            o.lines++;
            o.reason.push(r[2]!);
            o.evidence.push(ev(text, ctx));
            return true;
          }
          // The reason's term goes on over unprefixed lines; a blank or another `%%%` line ends it.
          if (o.lines > 0 && text.trim() !== '' && !text.startsWith('%%%') && ++o.lines <= MAX_REASON_LINES) {
            o.reason.push(text.trim());
            return true;
          }
          flush();
        }
        if (CT_BOX.test(text)) {
          if (box && !box.closed) {
            box.closed = true;
            return true;
          }
          box = { evidence: [], lines: 0, closed: false };
          return true;
        }
        if (box) {
          const b = box;
          const failed = CT_FAILED.exec(text);
          if (failed) {
            box = null;
            const where = b.where;
            const suite = where?.[1]?.endsWith('_SUITE') ? where[1] : undefined;
            emitted++;
            const reason = b.reason ?? failed[1] ?? 'Test case failed';
            sink.emit({
              class: reason.includes('timetrap_timeout') ? 'timeout' : 'test_fail',
              tool: 'common_test',
              ...(suite ? { test: `${suite}:${where![2]!}` } : {}),
              message: reason,
              evidence: [...b.evidence, ev(text, ctx)],
            });
            return false;
          }
          if (++b.lines > 20) {
            box = null;
            return false;
          }
          if (!b.closed) {
            const w = CT_WHERE.exec(text);
            if (w) {
              b.where = w;
              b.evidence.push(ev(text, ctx));
            }
            const r = CT_REASON.exec(text);
            if (r) {
              b.reason = r[1]!;
              b.evidence.push(ev(text, ctx));
            }
          } else if (text.trim() !== '') {
            // After the box, only blank lines come before its FAILED line.
            box = null;
            return false;
          }
          return true;
        }
        const t = COMPLETE.exec(text) ?? R3_TOTAL.exec(text);
        if (t && Number(t[1]) > 0) total = { failed: Number(t[1]), evidence: ev(text, ctx) };
        return false;
      },
      end() {
        flush();
        // A total that counts failures no line above named (a log cut short, another reporter).
        if (total && emitted === 0) {
          sink.emit({ class: 'test_fail', tool: 'common_test', message: total.evidence.text.trim(), evidence: [total.evidence] });
        }
      },
    };
  },
};
