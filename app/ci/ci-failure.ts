import { primaryOf, type Failure, type FailureClass } from '../../src/classify/index.ts';
import { readCheckRunDetails } from '../../src/report/check-run-details.ts';

/** A classified CI failure as the App stores and shows it: the classifier's fields, the check it came from. */
export interface CiFailure {
  class: FailureClass;
  message: string;
  /** The check run (job) the failure was found in. */
  check: string;
  file?: string;
  line?: number;
  tool?: string;
  code?: string;
  test?: string;
  package?: string;
  /** `step` when the class was inferred from the failed step's name rather than the tool's own words. */
  basis?: 'step';
  /** A few log lines that show it. */
  evidence: string[];
  /**
   * What the Punchlist Action found in GitHub's own records (src/decision/marks.ts): `flaky` when the test passed in
   * another attempt at `sha`, `base_broken` when the same failure is on the base branch's commit `sha`.
   */
  mark?: CiFailureMark;
}

/** A failure's mark as the Action's `raw_details` carries it. */
export type CiFailureMark = { kind: 'flaky'; sha: string; attempt?: number } | { kind: 'base_broken'; sha: string; ref?: string };

/** Classes a change to the code can fix: a refinement cycle is worth a model call. */
export const CODE_CLASSES: ReadonlySet<FailureClass> = new Set(['compile_error', 'contract_violation', 'lint_error', 'test_fail', 'dependency_missing']);

/** Classes of the machinery around the code: re-running the job once may pass with no change. */
export const INFRA_CLASSES: ReadonlySet<FailureClass> = new Set(['timeout', 'orchestration_error']);

const MAX_EVIDENCE_LINES = 5;
const MAX_TEXT = 500;

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** A classifier failure as a CI failure of `check`. */
export function fromClassifierFailure(f: Failure & { basis?: 'step' }, check: string): CiFailure {
  const out: CiFailure = { class: f.class, message: clip(f.message), check, evidence: f.evidence.slice(0, MAX_EVIDENCE_LINES).map((e) => clip(e.text)) };
  if (f.file !== undefined) out.file = f.file;
  if (f.line !== undefined) out.line = f.line;
  if (f.tool !== undefined) out.tool = f.tool;
  if (f.code !== undefined) out.code = f.code;
  if (f.test !== undefined) out.test = f.test;
  if (f.package !== undefined) out.package = f.package;
  if (f.basis === 'step') out.basis = 'step';
  return out;
}

/**
 * A failure from the Action's check-run annotation `raw_details` (src/report/check-run-details.ts, the one schema
 * both sides use), or null when the text is not one (a decision notice, another tool's annotation, damaged JSON).
 */
export function fromAnnotationDetails(rawDetails: string | null | undefined, check: string): CiFailure | null {
  const details = readCheckRunDetails(rawDetails);
  if (!details) return null;
  const evidence = (details.evidence ?? []).map((e) => (typeof e === 'string' ? e : e.text));
  const out: CiFailure = { class: details.class, message: clip(details.message), check, evidence: evidence.slice(0, MAX_EVIDENCE_LINES).map(clip) };
  for (const key of ['file', 'tool', 'code', 'test', 'package'] as const) {
    const v = details[key];
    if (v !== undefined && v !== '') out[key] = v;
  }
  if (details.line !== undefined && Number.isInteger(details.line) && details.line > 0) out.line = details.line;
  if (details.basis === 'step') out.basis = 'step';
  const mark = details.mark;
  if (mark?.kind === 'flaky') out.mark = { kind: 'flaky', sha: mark.sha, ...(mark.attempt !== undefined ? { attempt: mark.attempt } : {}) };
  else if (mark?.kind === 'base_broken') out.mark = { kind: 'base_broken', sha: mark.sha, ...(mark.ref !== undefined ? { ref: mark.ref } : {}) };
  return out;
}

/**
 * What makes two failures "the same failure": class, file, code and test (not the message, which carries
 * values that change between runs, nor the line, which moves as the code around it changes).
 */
export function fingerprint(f: Pick<CiFailure, 'class' | 'file' | 'code' | 'test'>): string {
  return [f.class, f.file ?? '', f.code ?? '', f.test ?? ''].join('|');
}

/** The distinct fingerprints of failures, sorted. */
export function fingerprints(failures: readonly CiFailure[]): string[] {
  return [...new Set(failures.map(fingerprint))].sort();
}

/** The primary class of failures by the taxonomy's precedence, or null for none. */
export function primaryClass(failures: readonly CiFailure[]): FailureClass | null {
  return primaryOf(failures.map((f) => f.class));
}

/** One line for a person or a model: class, place, test, message. */
export function describeFailure(f: CiFailure): string {
  const where = f.file ? ` in ${f.file}${f.line !== undefined ? `:${f.line}` : ''}` : '';
  const what = [f.code, f.test ? `test "${f.test}"` : undefined, f.package ? `package ${f.package}` : undefined].filter(Boolean).join(', ');
  const basis = f.basis === 'step' ? ' (inferred from the step name)' : '';
  return `${f.class}${basis}${where}${what ? ` (${what})` : ''} [${f.check}]: ${f.message}`;
}
