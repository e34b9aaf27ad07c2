// Ginkgo's default reporter, v2 (https://onsi.github.io/ginkgo/#spec-timeouts-and-interruptible-nodes and
// https://onsi.github.io/ginkgo/#reporting-and-profiling-suites) and the v1 summary: a failed spec's block
// (`• [FAILED] [1.014 seconds]`, its full text, its location, `[FAILED] message`, `In [It] at: file:line`) and
// the closing `Summarizing N Failures:` list. Fixture: an excerpt of a real go-redis CI log (see its `command`).
import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `• [FAILED] [1.014 seconds]` (v2), `• Failure [0.001 seconds]`, `• Failure in Spec Setup (BeforeEach) […]`,
// `• Panic […]` (v1). v1 prints the spec's containers on separate lines: its name is read from the summary.
const BULLET = /^\s*• (?:\[(FAILED|PANICKED|TIMEDOUT|INTERRUPTED|ABORTED)\]|(Failure|Panic)\b)/;
const SEPARATOR = /^-{20,}$/;
const LOCATION = /^\s*(\S+?\.go):(\d+)(?: @ .*)?$/;
// `[FAILED] Expected …` and `[TIMEDOUT] A spec timeout occurred` open a failure's message in a v2 block.
const REASON = /^\s*\[(?:FAILED|PANICKED|TIMEDOUT|INTERRUPTED|ABORTED)\] (.+)$/;
const FAILED_AT = /^\s*In \[[^\]]+\] at: (\S+?\.go):(\d+)/;
const SUMMARY = /^\s*Summarizing \d+ Failures?:$/;
const SUMMARY_ENTRY = /^\s*\[(FAIL|Fail|PANICKED|Panic!|TIMEDOUT|INTERRUPTED|ABORTED)\] (\S.*)$/;
const SUMMARY_END = /^\s*(?:Ran \d+ of \d+ Specs?|FAIL!|SUCCESS!|Test Suite Failed)/;
// Whole-suite time limits: `--timeout` (v2 prints the second) and a parallel process that never reported.
const SUITE_TIMEOUT = /Ginkgo timed out waiting for all parallel procs to report back|^\s*(?:\[TIMEDOUT\] )?A suite timeout occurred/;
// A gomega `Eventually`/`Consistently` that gave up: the spec failed because it waited past its limit.
const POLL_TIMED_OUT = /^Timed out after \d/;
const MAX_BLOCK_LINES = 500;
const MAX_SPECS = 5000;

interface Spec {
  name: string;
  timeout: boolean;
  message?: string;
  at?: { file: string; line: number };
  specAt?: { file: string; line: number };
  evidence: EvidenceLine[];
}

interface Block {
  state: string;
  v1: boolean;
  name?: string;
  specAt?: { file: string; line: number };
  message?: string;
  at?: { file: string; line: number };
  evidence: EvidenceLine[];
  lines: number;
}

/** Ginkgo (Go BDD test framework): failed, panicked and timed-out specs, and suite timeouts. */
export const ginkgo: ParserDef = {
  name: 'ginkgo',
  description: 'Ginkgo v1/v2 specs: `• [FAILED]` blocks with `In [It] at: file:line`, `Summarizing N Failures:` lists, `[TIMEDOUT]` and suite timeouts',
  url: 'https://onsi.github.io/ginkgo/#reporting-and-profiling-suites',
  trigger: /^\s*• (?:\[[A-Z]+\]|Failure|Panic)|^\s*Summarizing \d+ Failures?:|Ginkgo timed out waiting|A suite timeout occurred/,
  keywords: ['• [', '• Failure', '• Panic', 'Summarizing ', 'Ginkgo timed out waiting', 'A suite timeout occurred'],
  create(sink) {
    const specs = new Map<string, Spec>();
    let block: Block | null = null;
    let summary: { pending: { name: string; state: string; evidence: EvidenceLine } | null; lines: number } | null = null;
    let suiteTimeout = false;

    const spec = (name: string, evidence: EvidenceLine): Spec | undefined => {
      let s = specs.get(name);
      if (!s && specs.size < MAX_SPECS) {
        s = { name, timeout: false, evidence: [evidence] };
        specs.set(name, s);
      }
      return s;
    };

    const closeBlock = (): void => {
      const b = block;
      block = null;
      if (!b || b.v1 || b.name === undefined) return;
      const s = spec(b.name, b.evidence[0]!);
      if (!s) return;
      s.timeout ||= b.state === 'TIMEDOUT' || (b.message !== undefined && POLL_TIMED_OUT.test(b.message));
      s.message ??= b.message;
      s.at ??= b.at;
      s.specAt ??= b.specAt;
      for (const e of b.evidence.slice(1)) s.evidence.push(e);
    };

    const blockLine = (text: string, ctx: LineContext): boolean => {
      const b = block!;
      if (SEPARATOR.test(text) || ++b.lines >= MAX_BLOCK_LINES) {
        closeBlock();
        return false;
      }
      if (text.trim() === '') return true;
      if (!b.v1 && b.name === undefined) {
        b.name = text.trim();
        return true;
      }
      const loc = LOCATION.exec(text);
      if (loc && !b.specAt && !b.v1) {
        b.specAt = { file: loc[1]!, line: Number(loc[2]) };
        return true;
      }
      const reason = REASON.exec(text);
      if (reason && b.message === undefined) {
        b.message = reason[1]!.trim();
        b.evidence.push(ev(text, ctx));
        return true;
      }
      const at = FAILED_AT.exec(text);
      if (at && !b.at) {
        b.at = { file: at[1]!, line: Number(at[2]) };
        b.evidence.push(ev(text, ctx));
      }
      return true;
    };

    const summaryLine = (text: string, ctx: LineContext): boolean => {
      const sm = summary!;
      if (SUMMARY_END.test(text) || ++sm.lines >= MAX_BLOCK_LINES) {
        summary = null;
        return false;
      }
      const entry = SUMMARY_ENTRY.exec(text);
      if (entry) {
        const name = entry[2]!.trimEnd();
        sm.pending = { name, state: entry[1]!, evidence: ev(text, ctx) };
        const s = spec(name, sm.pending.evidence);
        if (s) s.timeout ||= entry[1] === 'TIMEDOUT';
        return true;
      }
      const loc = LOCATION.exec(text);
      if (loc && sm.pending) {
        const s = specs.get(sm.pending.name);
        // The summary names where the spec failed (v2) or its failing line (v1): after the block's own `In [It] at:`.
        if (s && !s.at) {
          s.at = { file: loc[1]!, line: Number(loc[2]) };
          s.evidence.push(ev(text, ctx));
        }
        sm.pending = null;
      }
      return true;
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        const bullet = BULLET.exec(text);
        if (bullet) {
          closeBlock();
          block = { state: bullet[1] ?? bullet[2]!, v1: bullet[2] !== undefined, evidence: [ev(text, ctx)], lines: 0 };
          return true;
        }
        if (SUMMARY.test(text)) {
          closeBlock();
          summary = { pending: null, lines: 0 };
          return true;
        }
        if (block) return blockLine(text, ctx);
        if (summary) return summaryLine(text, ctx);
        if (SUITE_TIMEOUT.test(text) && !suiteTimeout) {
          suiteTimeout = true;
          sink.emit({ class: 'timeout', tool: 'ginkgo', message: text.trim(), evidence: [ev(text, ctx)] });
        }
        return false;
      },
      end() {
        closeBlock();
        for (const s of specs.values()) sink.emit(failure(s));
      },
    };
  },
};

function failure(s: Spec): FailureDraft {
  const at = s.at ?? s.specAt;
  return {
    // TAXONOMY: a spec stopped by its time limit, or failed by an assertion that timed out waiting, is a timeout.
    class: s.timeout ? 'timeout' : 'test_fail',
    tool: 'ginkgo',
    test: s.name,
    message: s.message ?? `${s.name} failed`,
    ...(at ? { file: at.file, line: at.line } : {}),
    evidence: s.evidence.sort((a, b) => a.line - b.line),
  };
}
