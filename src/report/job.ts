import type { Decision, MarkedClassification, RecoveredTest } from '../decision/index.ts';
import type { SuiteCounts } from '../reports/index.ts';

/** One classified job (or log) with the decision taken on it: what every reporter receives. */
export interface ClassifiedJob {
  name: string;
  /** Its failures may carry marks from history (known flaky, already failing on the base branch). */
  classification: MarkedClassification;
  decision: Decision;
}

/** One suite's counts, with its flaky tests (failed on one attempt of the commit and passed on another). */
export type SuiteTally = SuiteCounts & { flaky?: number };

/** A test report's per-suite counts, named for the reader (the report's file). */
export interface ReportCounts {
  name: string;
  suites: readonly SuiteTally[];
}

/** The tests counted by a run, in an HTML comment that a later run reads back from the check run's summary. */
export const TESTS_COMMENT = /<!-- punchlist:tests passed=(\d+) failed=(\d+) skipped=(\d+) flaky=(\d+) -->/;

/** Room kept for the totals row, the "more suites" line and the comment. */
const TAIL_CHARS = 240;

/**
 * The "Tests" section of the job summary and the check run's summary: passed / failed / skipped / flaky per suite
 * of each test report, failing and flaky suites first, then the totals; cut on a row boundary to `maxChars` with
 * an "… N more suites" line. `flakyTotal` counts flaky tests that no suite could be found for too. Empty when no
 * report was read.
 */
export function testCountsMarkdown(reports: readonly ReportCounts[], maxChars: number, flakyTotal?: number): string {
  const rows = reports.flatMap((r) => r.suites.map((s) => ({ report: r.name, ...s, flaky: s.flaky ?? 0 })));
  if (rows.length === 0) return '';
  const sum = (k: 'passed' | 'failed' | 'skipped' | 'flaky'): number => rows.reduce((n, r) => n + r[k], 0);
  const flaky = Math.max(flakyTotal ?? 0, sum('flaky'));
  const totals = `| **total** | ${rows.length} suite${rows.length === 1 ? '' : 's'} | ${sum('passed')} | ${sum('failed')} | ${sum('skipped')} | ${flaky} |`;
  let out = `\n### Tests\n\n<!-- punchlist:tests passed=${sum('passed')} failed=${sum('failed')} skipped=${sum('skipped')} flaky=${flaky} -->\n\n| report | suite | passed | failed | skipped | flaky |\n|---|---|---:|---:|---:|---:|`;
  const weight = (r: { failed: number; flaky: number }): number => (r.failed > 0 ? 2 : 0) + (r.flaky > 0 ? 1 : 0);
  const ordered = [...rows].sort((a, b) => weight(b) - weight(a));
  let shown = 0;
  for (const r of ordered) {
    const row = `\n| ${cell(r.report)} | ${cell(r.name)} | ${r.passed} | ${r.failed} | ${r.skipped} | ${r.flaky} |`;
    if (out.length + row.length + totals.length + TAIL_CHARS > maxChars) break;
    out += row;
    shown++;
  }
  if (shown < rows.length) out += `\n| … ${rows.length - shown} more suite${rows.length - shown === 1 ? '' : 's'} | | | | | |`;
  out += `\n${totals}\n`;
  return out;
}

/**
 * Each report's suites with their flaky tests counted: a test belongs to the suite named for its file, or whose
 * name its own begins with, or to the only suite there is; one that fits no suite counts in the total only.
 */
export function countFlaky(reports: readonly ReportCounts[], flaky: readonly { test?: string; file?: string }[]): ReportCounts[] {
  const tallies = reports.map((r) => ({ name: r.name, suites: r.suites.map((s) => ({ ...s, flaky: s.flaky ?? 0 })) }));
  const all = tallies.flatMap((r) => r.suites);
  for (const f of flaky) {
    const suite =
      all.find((s) => f.file !== undefined && s.name === f.file) ??
      all.find((s) => f.test !== undefined && s.name !== '' && (f.test.startsWith(`${s.name} `) || f.test.startsWith(`${s.name}.`) || f.test.startsWith(`${s.name}::`) || f.test.startsWith(`${s.name}/`))) ??
      (all.length === 1 ? all[0] : undefined);
    if (suite) suite.flaky++;
  }
  return tallies;
}

/** The tests that failed in an earlier attempt and pass now, as one note (the first few named). */
export function recoveredNote(recovered: readonly RecoveredTest[]): string | undefined {
  if (recovered.length === 0) return undefined;
  // A code span shows its text as is: only backticks and line breaks would break it.
  const names = recovered.slice(0, 5).map((r) => `\`${r.test.replace(/`/g, "'").replace(/\r?\n/g, ' ').slice(0, 120)}\` (attempt ${r.attempt})`).join(', ');
  const more = recovered.length > 5 ? ` and ${recovered.length - 5} more` : '';
  return `Flaky: ${recovered.length} test${recovered.length === 1 ? '' : 's'} failed on an earlier attempt of ${recovered[0]!.sha.slice(0, 7)} and pass${recovered.length === 1 ? 'es' : ''} now: ${names}${more}.`;
}

function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;').slice(0, 200);
}
