import { CLASS_DESCRIPTIONS, FAILURE_CLASSES, mergeClassifications, type Classification, type Failure } from '../classify/index.ts';
import type { SuiteCounts } from '../reports/index.ts';

/** Options for the terminal report. */
export interface TextOptions {
  /** Use ANSI colour (only when writing to a terminal). */
  color: boolean;
}

const CODES = { red: [31, 39], yellow: [33, 39], dim: [2, 22], bold: [1, 22], cyan: [36, 39] } as const;
type Style = keyof typeof CODES;

/** What a person reads in a terminal: failures grouped by class in precedence order, primary first. */
export function toText(r: Classification, { color }: TextOptions): string {
  const paint = painter(color);
  return `${[...groups(r, paint), summary(r, paint)].join('\n')}\n`;
}

/** One input of several: a log, a job of a log archive, or a test report with its counts. */
export interface TextInput {
  name: string;
  classification: Classification;
  report?: { suites: readonly SuiteCounts[] };
}

/** Most suites listed per report in a terminal; the rest are counted in one line. */
const MAX_SUITES_SHOWN = 30;

/**
 * The terminal report for several inputs: each input that has failures under a `── name ──` heading, the test
 * reports' counts per suite, then one summary line for all. One plain log reads exactly as `toText`.
 */
export function toTextByInput(inputs: readonly TextInput[], { color }: TextOptions): string {
  const merged = mergeClassifications(inputs.map((i) => i.classification));
  const paint = painter(color);
  if (inputs.length === 1 && !inputs[0]!.report) return toText(merged, { color });
  const out: string[] = [];
  for (const input of inputs) {
    const lines = groups(input.classification, paint);
    if (lines.length === 0) continue;
    out.push(paint('bold', `── ${input.name} ──`), '', ...lines);
  }
  for (const input of inputs) {
    if (!input.report || input.report.suites.length === 0) continue;
    const suites = input.report.suites;
    out.push(`${paint('bold', 'Tests')} ${paint('dim', `(${input.name})`)}: ${counts(total(suites), paint)}`);
    // Failing suites first: they are the ones a person looks for.
    const shown = [...suites].sort((a, b) => Number(b.failed > 0) - Number(a.failed > 0)).slice(0, MAX_SUITES_SHOWN);
    for (const s of shown) out.push(`  ${s.name}  ${counts(s, paint)}`);
    if (suites.length > shown.length) out.push(paint('dim', `  … ${suites.length - shown.length} more suites`));
    out.push('');
  }
  out.push(summary(merged, paint));
  return `${out.join('\n')}\n`;
}

type Paint = (style: Style, s: string) => string;

function painter(color: boolean): Paint {
  return (style, s) => (color ? `\x1b[${CODES[style][0]}m${s}\x1b[${CODES[style][1]}m` : s);
}

function groups(r: Classification, paint: Paint): string[] {
  const out: string[] = [];
  for (const cls of FAILURE_CLASSES) {
    const group = r.failures.filter((f) => f.class === cls);
    if (group.length === 0) continue;
    const tag = cls === r.primary ? paint('bold', ' (primary)') : '';
    out.push(`${paint('red', '✖')} ${paint('bold', cls)}${tag} ${paint('dim', `— ${CLASS_DESCRIPTIONS[cls]}`)}`);
    for (const f of group) out.push(`  ${formatFailure(f, paint)}`);
    out.push('');
  }
  if (r.failures.length === 0 && r.primary === 'unknown') {
    out.push(`${paint('yellow', '?')} ${paint('bold', 'unknown')} ${paint('dim', `— ${CLASS_DESCRIPTIONS.unknown}`)}`);
    if (r.jobFailed) out.push(`  ${r.jobFailed.line > 0 ? `line ${r.jobFailed.line}: ` : ''}${r.jobFailed.text}`);
    out.push('');
  }
  return out;
}

function summary(r: Classification, paint: Paint): string {
  const count = r.failures.length + r.omitted;
  const text =
    r.primary === null
      ? 'No failures found.'
      : `${count} failure${count === 1 ? '' : 's'} · primary: ${r.primary}${r.omitted ? ` · ${r.omitted} not listed` : ''}`;
  return paint(r.primary === null ? 'cyan' : 'bold', text);
}

function total(suites: readonly SuiteCounts[]): Omit<SuiteCounts, 'name'> {
  return suites.reduce((t, s) => ({ passed: t.passed + s.passed, failed: t.failed + s.failed, skipped: t.skipped + s.skipped }), { passed: 0, failed: 0, skipped: 0 });
}

function counts(c: Omit<SuiteCounts, 'name'>, paint: Paint): string {
  return [`${c.passed} passed`, c.failed > 0 ? paint('red', `${c.failed} failed`) : `${c.failed} failed`, `${c.skipped} skipped`].join(' · ');
}

function formatFailure(f: Failure, paint: Paint): string {
  const where = f.file ? [f.file, f.line, f.line !== undefined ? f.column : undefined].filter((x) => x !== undefined).join(':') : '';
  const what = [f.code, f.test ? `${f.test}:` : undefined, f.message].filter(Boolean).join(' ');
  const extra = [f.package && !f.message.includes(f.package) ? `package ${f.package}` : '', f.tool ?? '', f.basis === 'step' ? "inferred from the step's name" : '']
    .filter(Boolean)
    .join(', ');
  return [where ? paint('cyan', where) : '', what, extra ? paint('dim', `[${extra}]`) : ''].filter(Boolean).join('  ');
}
