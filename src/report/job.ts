import type { Classification } from '../classify/index.ts';
import type { Decision } from '../decision/index.ts';
import type { SuiteCounts } from '../reports/index.ts';

/** One classified job (or log) with the decision taken on it: what every reporter receives. */
export interface ClassifiedJob {
  name: string;
  classification: Classification;
  decision: Decision;
}

/** A test report's per-suite counts, named for the reader (the report's file). */
export interface ReportCounts {
  name: string;
  suites: readonly SuiteCounts[];
}

/**
 * The job summary's "Tests" section: passed / failed / skipped per suite of each test report, failing suites
 * first, then the totals; cut on a row boundary to `maxChars`, saying how many suites were left out. Empty when
 * no report was read.
 */
export function testCountsMarkdown(reports: readonly ReportCounts[], maxChars: number): string {
  const rows = reports.flatMap((r) => r.suites.map((s) => ({ report: r.name, ...s })));
  if (rows.length === 0) return '';
  const sum = (k: 'passed' | 'failed' | 'skipped'): number => rows.reduce((n, r) => n + r[k], 0);
  const totals = `| **total** | ${rows.length} suite${rows.length === 1 ? '' : 's'} | ${sum('passed')} | ${sum('failed')} | ${sum('skipped')} |`;
  let out = '\n### Tests\n\n| report | suite | passed | failed | skipped |\n|---|---|---:|---:|---:|';
  const ordered = [...rows].sort((a, b) => Number(b.failed > 0) - Number(a.failed > 0));
  let shown = 0;
  for (const r of ordered) {
    const row = `\n| ${cell(r.report)} | ${cell(r.name)} | ${r.passed} | ${r.failed} | ${r.skipped} |`;
    if (out.length + row.length + totals.length + 120 > maxChars) break;
    out += row;
    shown++;
  }
  out += `\n${totals}\n`;
  if (shown < rows.length) out += `\n_${rows.length - shown} more suite${rows.length - shown === 1 ? '' : 's'} not listed here._\n`;
  return out;
}

function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;').slice(0, 200);
}
