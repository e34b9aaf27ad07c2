// testthat (R): the failure blocks and summaries of its reporters, as documented at
// https://testthat.r-lib.org/reference/Reporter.html and printed by `R/reporter-*.R`:
//   3rd edition  `── Failure ('test-x.R:12:3'): name ──` / `── Error (test-x.R:12:3): name ──`, then the message;
//                `[ FAIL 1 | WARN 0 | SKIP 0 | PASS 10 ]`
//   2nd edition  `── 1. Failure: name (@test-x.R#12)  ──`; `══ testthat results ══`, `[ OK: 9 | SKIPPED: 0 | WARNINGS: 0 | FAILED: 1 ]`,
//                then the list `1. Failure: name (@test-x.R#12)`
//   0.x          `1. Failure (at test-x.R#12): name`; `OK: 30 SKIPPED: 0 FAILED: 1`
// Fixtures: real testthat 3.1.6 (Debian r-cran-testthat) on a tiny package, and excerpts of public Travis logs
// for the older editions (see each fixture's `tool`).
import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// Any indentation: `R CMD check` quotes the last lines of the output indented by two spaces.
const RULE_HEADER = /^\s*── (?:\d+\. )?(Failure|Error)\b(.*)$/;
// `('test-x.R:12:3'): name`, `(test-x.R:12:3): name`, `: name (@test-x.R#12)`, `: name` (no location).
const LOC_3 = /^ \(['‘]?([^()'‘’:]+):(\d+)(?::(\d+))?['’]?\): (.*)$/;
const LOC_2 = /^: (.*) \(@([^()#@]+)#(\d+)\)$/;
const LOC_0 = /^ \(at ([^()#]+)#(\d+)\): (.*)$/;
// The numbered summary list of the 1st/2nd editions.
const LIST_ENTRY = /^\s*\d+\. (Failure|Error)\b(.*)$/;
const TOTAL_3 = /\[ FAIL (\d+) \| WARN \d+ \| SKIP \d+ \| PASS \d+ \]/;
const TOTAL_2 = /\[ OK: \d+ \| SKIPPED: \d+ \| WARNINGS: \d+ \| FAILED: (\d+) \]/;
const TOTAL_0 = /^\s*OK: \d+ SKIPPED: \d+ FAILED: (\d+)\s*$/;
const MAX_BLOCK = 40;

interface Block {
  test: string;
  file?: string;
  line?: number;
  column?: number;
  message?: string;
  evidence: EvidenceLine[];
  lines: number;
}

/** Strips the trailing rule (`──`, `--`) and spaces a header is padded with. */
function stripRule(s: string): string {
  let end = s.length;
  while (end > 0 && ' ─-='.includes(s[end - 1]!)) end--;
  return s.slice(0, end);
}

/** Reads the part after `Failure`/`Error` in any edition: the test name and where it failed. */
export function readTitle(rest: string): { test: string; file?: string; line?: number; column?: number } | null {
  const r = stripRule(rest);
  const m3 = LOC_3.exec(r);
  if (m3) return { test: m3[4]!, file: m3[1]!, line: Number(m3[2]), ...(m3[3] ? { column: Number(m3[3]) } : {}) };
  const m0 = LOC_0.exec(r);
  if (m0) return { test: m0[3]!, file: m0[1]!, line: Number(m0[2]) };
  const m2 = LOC_2.exec(r);
  if (m2) return { test: m2[1]!, file: m2[2]!, line: Number(m2[3]) };
  if (r.startsWith(': ') && r.length > 2) return { test: r.slice(2) };
  return null;
}

/** testthat failure and error blocks (all editions) and their summaries. */
export const testthat: ParserDef = {
  name: 'testthat',
  description: 'testthat `── Failure (test-x.R:12:3): name ──` / `── Error …` blocks, the 2nd edition `1. Failure: name (@test-x.R#12)` list and `[ FAIL n | … ]` / `FAILED: n` totals',
  url: 'https://testthat.r-lib.org/reference/Reporter.html',
  trigger: /(?:── (?:\d+\. )?(?:Failure|Error)\b|^\s*\d+\. (?:Failure|Error)\b|\[ FAIL \d|\| FAILED: \d|SKIPPED: \d+ FAILED: \d)/,
  keywords: ['── Failure', '── Error', '. Failure', '. Error', '[ FAIL ', '| FAILED: ', ' FAILED: '],
  create(sink) {
    let block: Block | null = null;
    let emitted = 0;
    let failedTotal = 0;
    let totalEvidence: EvidenceLine | null = null;

    const emit = (b: Block): void => {
      emitted++;
      // testthat prints a file name relative to the folder it runs in (`tests/testthat/` of a package that may
      // live anywhere in the repository): TAXONOMY gives such a bare name `test` only, not `file` or `line`.
      const file = b.file?.includes('/') ? b.file : undefined;
      sink.emit({
        class: 'test_fail',
        tool: 'testthat',
        test: b.test,
        ...(file ? { file } : {}),
        ...(file && b.line ? { line: b.line } : {}),
        ...(file && b.column ? { column: b.column } : {}),
        message: b.message ?? 'Test failed',
        evidence: b.evidence,
      });
    };
    const flush = (): void => {
      if (block) emit(block);
      block = null;
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) {
          flush();
          return false;
        }
        const h = RULE_HEADER.exec(text);
        if (h) {
          flush();
          const t = readTitle(h[2]!);
          if (!t) return false;
          block = { ...t, evidence: [ev(text, ctx)], lines: 0 };
          return true;
        }
        const total = TOTAL_3.exec(text) ?? TOTAL_2.exec(text) ?? TOTAL_0.exec(text);
        if (total) {
          flush();
          const n = Number(total[1]);
          if (n > failedTotal) {
            failedTotal = n;
            totalEvidence = ev(text, ctx);
          }
          return false;
        }
        const l = LIST_ENTRY.exec(text);
        if (l) {
          flush();
          const t = readTitle(l[2]!);
          // A list entry names the failure but holds no message; the block above it, when printed, gave one.
          // Only a located entry is testthat's: a bare `1. Error: …` may be any numbered list.
          if (t?.file) emit({ ...t, message: `${l[1]}: ${t.test}`, evidence: [ev(text, ctx)], lines: 0 });
          return false;
        }
        if (!block) return false;
        const b = block;
        const trimmed = text.trim();
        if (++b.lines > MAX_BLOCK || trimmed.startsWith('══') || trimmed.startsWith('── ')) {
          flush();
          return false;
        }
        if (b.message === undefined && trimmed !== '') {
          b.message = trimmed;
          b.evidence.push(ev(text, ctx));
        }
        return true;
      },
      end() {
        flush();
        // A total that counts failures when no block was readable (R CMD check keeps only the last lines).
        if (failedTotal > 0 && emitted === 0 && totalEvidence) {
          sink.emit({ class: 'test_fail', tool: 'testthat', message: totalEvidence.text.trim(), evidence: [totalEvidence] });
        }
      },
    };
  },
};
