import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Classifier } from '../../src/classify/index.ts';
import type { Classification, Failure } from '../../src/classify/index.ts';

/** `../shared/` beside the project: absent in a user's clone. */
export const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared');
export const CORPUS_DIR = join(SHARED, 'corpus', 'cases');
export const EXTERNAL_DIR = join(SHARED, 'external', 'cases');

const Label = z.object({
  id: z.string(),
  primary: z.string().nullable(),
  failures: z.array(
    z.looseObject({ class: z.string(), file: z.string().optional(), line: z.number().optional() }),
  ),
  exit_code: z.number().optional(),
  abs_prefix: z.string().optional(),
  /** The public dataset an external case comes from (logchunks, bump, bump-gha, logdx). */
  dataset: z.string().optional(),
});
type Label = z.infer<typeof Label>;

export interface CaseResult {
  id: string;
  dataset: string;
  expected: string | null;
  actual: string | null;
  labelled: number;
  matched: number;
  predicted: number;
  /** Predicted failures that match a labelled one (precision numerator). */
  correct: number;
  missed: Label['failures'];
  extra: Failure[];
}

export interface Metrics {
  cases: number;
  primaryCorrect: number;
  labelled: number;
  matched: number;
  predicted: number;
  correct: number;
  /** Failures reported on logs of passing runs. */
  inventedOnPassing: number;
  /** Logs of failed jobs that came out green (no primary class at all). */
  greenOnFailed: number;
  results: CaseResult[];
}

/** Labelled case ids in a folder (`<id>.json` beside `<id>.log`). */
export function caseIds(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .filter((id) => existsSync(join(dir, `${id}.log`)))
    .sort();
}

/** Classifies one labelled case the way the Action would: streaming its bytes, with its exit code and root. */
export function classifyCase(dir: string, id: string, useExitCode: boolean): { label: Label; result: Classification } {
  const label = Label.parse(JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')));
  const c = new Classifier({
    ...(label.abs_prefix ? { roots: [label.abs_prefix] } : {}),
    ...(useExitCode && label.exit_code !== undefined ? { exitCode: label.exit_code } : {}),
  });
  const bytes = readFileSync(join(dir, `${id}.log`));
  for (let i = 0; i < bytes.length; i += 65536) c.pushBytes(bytes.subarray(i, i + 65536));
  return { label, result: c.end() };
}

function specificity(l: Label['failures'][number]): number {
  return (l.file !== undefined ? 2 : 0) + (l.line !== undefined ? 1 : 0);
}

function matches(l: Label['failures'][number], f: Failure): boolean {
  if (l.class !== f.class) return false;
  if (l.file !== undefined && l.file !== f.file) return false;
  if (l.line !== undefined && l.line !== f.line) return false;
  return true;
}

/** Runs every case of a folder and scores primary class, failure recall and precision. */
export function evaluate(dir: string, useExitCode: boolean): Metrics {
  const m: Metrics = { cases: 0, primaryCorrect: 0, labelled: 0, matched: 0, predicted: 0, correct: 0, inventedOnPassing: 0, greenOnFailed: 0, results: [] };
  for (const id of caseIds(dir)) {
    const { label, result } = classifyCase(dir, id, useExitCode);
    const used = new Set<number>();
    const missed: Label['failures'] = [];
    // Most specific labels first, so a label without a file cannot take the failure a located label needs.
    const bySpecificity = [...label.failures].sort((a, b) => specificity(b) - specificity(a));
    for (const l of bySpecificity) {
      const i = result.failures.findIndex((f, j) => !used.has(j) && matches(l, f));
      if (i >= 0) used.add(i);
      else missed.push(l);
    }
    // Precision is judged only where the label lists failures (most external cases label the primary only).
    const judged = label.failures.length > 0 || label.primary === null;
    const extra = judged ? result.failures.filter((_, j) => !used.has(j)) : [];
    const r: CaseResult = {
      id,
      dataset: label.dataset ?? 'corpus',
      expected: label.primary,
      actual: result.primary,
      labelled: label.failures.length,
      matched: used.size,
      predicted: judged ? result.failures.length : 0,
      correct: judged ? used.size : 0,
      missed,
      extra,
    };
    m.cases++;
    if (r.expected === r.actual) m.primaryCorrect++;
    m.labelled += r.labelled;
    m.matched += r.matched;
    m.predicted += r.predicted;
    m.correct += r.correct;
    if (label.primary === null) m.inventedOnPassing += result.failures.length;
    else if (result.primary === null) m.greenOnFailed++;
    m.results.push(r);
  }
  return m;
}

/** Percentage with one decimal; 100 for an empty denominator (callers that print it say "—" instead). */
export function pct(num: number, den: number): number {
  return den === 0 ? 100 : Math.round((1000 * num) / den) / 10;
}

/** `primary-correct/cases (pct)` for one group of case results, or `—` when the group is empty. */
function cell(results: readonly CaseResult[]): string {
  if (results.length === 0) return '—';
  const right = results.filter((r) => r.expected === r.actual).length;
  return `${pct(right, results.length)}% (${right}/${results.length})`;
}

/**
 * Primary accuracy side by side for several sets: per dataset, then per labelled class (`null` is a passing run),
 * and how many failed jobs came out green.
 */
export function breakdown(sets: readonly { name: string; m: Metrics }[]): string {
  const rows: string[][] = [['', ...sets.map((s) => s.name)]];
  const datasets = [...new Set(sets.flatMap((s) => s.m.results.map((r) => r.dataset)))].sort();
  for (const d of datasets) rows.push([`dataset ${d}`, ...sets.map((s) => cell(s.m.results.filter((r) => r.dataset === d)))]);
  const classes = [...new Set(sets.flatMap((s) => s.m.results.map((r) => r.expected ?? 'null')))].sort();
  for (const c of classes) rows.push([`class ${c}`, ...sets.map((s) => cell(s.m.results.filter((r) => (r.expected ?? 'null') === c)))]);
  rows.push(['all', ...sets.map((s) => cell(s.m.results))]);
  rows.push(['failed jobs read green', ...sets.map((s) => String(s.m.greenOnFailed))]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** A short report: the three figures and every case that missed. */
export function report(name: string, m: Metrics): string {
  const lines = [
    `${name}: ${m.cases} cases · primary ${pct(m.primaryCorrect, m.cases)}% (${m.primaryCorrect}/${m.cases}) · recall ${pct(m.matched, m.labelled)}% (${m.matched}/${m.labelled}) · precision ${pct(m.correct, m.predicted)}% (${m.correct}/${m.predicted}) · invented on passing logs: ${m.inventedOnPassing} · failed jobs read green: ${m.greenOnFailed}`,
  ];
  for (const r of m.results) {
    if (r.expected !== r.actual || r.missed.length > 0 || r.extra.length > 0) {
      lines.push(`  ${r.id}: expected ${r.expected}, got ${r.actual}` +
        (r.missed.length ? `; missed ${JSON.stringify(r.missed.map((f) => [f.class, f.file, f.line]))}` : '') +
        (r.extra.length ? `; extra ${JSON.stringify(r.extra.map((f) => [f.class, f.file, f.line, f.message.slice(0, 60)]))}` : ''));
    }
  }
  return lines.join('\n');
}
