// cargo-nextest's human output, as documented at https://nexte.st/docs/reporting/ (status lines, output
// blocks) and https://nexte.st/docs/features/slow-tests/ (`TIMEOUT`). Fixtures: an excerpt of a nextest log
// pasted in a public pull request, and the documented timeout example (see each fixture's `command`).
import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { CargoTestRun } from './cargo-test-run.ts';
import { NEXTEST_FAILED, NEXTEST_NEW_HEADER, NEXTEST_OLD_HEADER, NEXTEST_RUN_END, NEXTEST_STATUS } from './nextest-lines.ts';

const SUMMARY_FAILED = /\b\d+ (?:failed|timed out)\b/;
// A test's captured output is read up to here; past it the block is closed unread.
const MAX_BLOCK_LINES = 2000;
// Distinct failed tests remembered in one log; a run with more is reported by its first ones.
const MAX_TESTS = 5000;

interface NextestTest {
  name: string;
  timeout: boolean;
  duration: string;
  result: EvidenceLine;
  located?: { file: string; line: number; column?: number; evidence: EvidenceLine[] };
  message?: string;
}

interface Block {
  key: string;
  name: string;
  /** Since 0.9.9x a block's lines are indented by four spaces and it ends at the first line that is not. */
  indented: boolean;
  lines: number;
  run: CargoTestRun;
}

/** cargo nextest run: `FAIL`/`TIMEOUT` status lines and each failed test's captured output (its panic). */
export const nextest: ParserDef = {
  name: 'nextest',
  description: 'cargo-nextest: `FAIL [ 0.004s] crate::bin tests::name` and `TIMEOUT` status lines, the panic in the test\'s `--- STDERR:` / `stderr ───` block',
  url: 'https://nexte.st/docs/reporting/',
  trigger: /^\s*(?:TRY \d+ [A-Z-]+|FAIL|TIMEOUT|LEAK-FAIL|ABORT|EXECFAIL|SIG[A-Z]+) \[|^--- STD(?:OUT|ERR):|^\s*Summary \[/,
  keywords: ['TRY ', 'FAIL [', 'TIMEOUT [', 'ABORT [', 'SIG', '--- STDOUT:', '--- STDERR:', 'Summary ['],
  create(sink) {
    const tests = new Map<string, NextestTest>();
    let block: Block | null = null;
    let lastFailed: string | null = null;

    const closeBlock = (): void => {
      if (!block) return;
      const t = tests.get(block.key);
      for (const d of block.run.flush()) {
        if (!t || d.test !== block.name) continue;
        // libtest's own `test x ... FAILED` copy says nothing nextest did not; a panic says where and why.
        if (d.file !== undefined && !t.located) {
          t.located = { file: d.file, line: d.line!, ...(d.column ? { column: d.column } : {}), evidence: d.evidence };
        }
        if (d.message !== `${d.test} failed`) t.message ??= d.message;
      }
      block = null;
    };

    const openBlock = (key: string, name: string, indented: boolean): void => {
      const run = new CargoTestRun();
      // The block is the named test's output, read as libtest's `---- name stdout ----` section.
      run.feed(`---- ${name} stdout ----`, { n: 0, marker: null, props: null });
      block = { key, name, indented, lines: 0, run };
    };

    const status = (m: RegExpExecArray, text: string, ctx: LineContext): boolean => {
      closeBlock();
      const [, state, binary, name] = m as unknown as [string, string, string, string];
      const key = `${binary} ${name}`;
      if (!NEXTEST_FAILED.test(state)) {
        // A retry that passed makes the test flaky, not failed.
        if (state === 'PASS' && text.trimStart().startsWith('TRY ')) tests.delete(key);
        lastFailed = null;
        return false;
      }
      lastFailed = key;
      const t = tests.get(key);
      const timeout = state === 'TIMEOUT';
      if (t) {
        t.timeout ||= timeout;
      } else if (tests.size < MAX_TESTS) {
        const duration = /\[ *(?:> *)?([\d.]+m?s)\]/.exec(text)?.[1] ?? '';
        tests.set(key, { name, timeout, duration, result: ev(text, ctx) });
      }
      return true;
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        const st = NEXTEST_STATUS.exec(text);
        if (st) return status(st, text, ctx);
        const old = NEXTEST_OLD_HEADER.exec(text);
        if (old) {
          closeBlock();
          const key = `${old[1]} ${old[2]}`;
          if (!tests.has(key)) return false;
          openBlock(key, old[2]!, false);
          return true;
        }
        if (NEXTEST_NEW_HEADER.test(text)) {
          closeBlock();
          const t = lastFailed !== null ? tests.get(lastFailed) : undefined;
          if (!t) return false;
          openBlock(lastFailed!, t.name, true);
          return true;
        }
        if (NEXTEST_RUN_END.test(text)) {
          closeBlock();
          lastFailed = null;
          if (tests.size === 0 && /Summary \[/.test(text) && SUMMARY_FAILED.test(text)) sink.jobFailed(ev(text, ctx));
          return false;
        }
        if (block) {
          const b = block as Block;
          if (b.indented && text !== '' && !text.startsWith('    ')) {
            closeBlock();
            return false;
          }
          if (++b.lines >= MAX_BLOCK_LINES) {
            closeBlock();
            return false;
          }
          b.run.feed(b.indented ? text.slice(4) : text, ctx);
          return true;
        }
        // Between a failed test's status line and its first output block.
        return lastFailed !== null && text.trim() === '';
      },
      end() {
        closeBlock();
        for (const t of tests.values()) sink.emit(failure(t));
      },
    };
  },
};

function failure(t: NextestTest): FailureDraft {
  const at = t.located;
  return {
    // TAXONOMY: a test that nextest killed for running past its time limit is a timeout.
    class: t.timeout ? 'timeout' : 'test_fail',
    tool: 'nextest',
    test: t.name,
    message: t.timeout ? `${t.name} timed out after ${t.duration}` : t.message ?? `${t.name} failed`,
    ...(at ? { file: at.file, line: at.line, ...(at.column ? { column: at.column } : {}) } : {}),
    evidence: [t.result, ...(at?.evidence ?? [])],
  };
}
