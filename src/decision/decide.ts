import { primaryOf, type Classification, type EvidenceLine, type FailureClass } from '../classify/index.ts';
import type { FailureMark, MarkedFailure, MarkKind } from './marks.ts';

/** What should happen next, as the decision log says it. */
export type NextStep = 'none' | 'retry' | 'fix' | 'escalate';

/** One entry of the decision log: what was concluded, from which evidence, and what should happen next. */
export interface Decision {
  /** The job (or log) the decision is about. */
  job: string;
  /** The concluded class, or null for a passing job. */
  primary: FailureClass | null;
  next: NextStep;
  /** Why, in one sentence a person can act on. */
  reason: string;
  /** The log line the conclusion rests on, when there is one. */
  evidence: EvidenceLine | null;
  /** Where that evidence points in the repository, when the deciding failure names a file. */
  file?: string;
  line?: number;
  failureCount: number;
  /** Set when every failure of the job is marked (known flaky, already failing on the base branch): the next step follows from the marks. */
  mark?: MarkKind;
  /** Failures left out of the conclusion because they are marked, when others remain. */
  marked?: number;
}

/** A classification whose failures may carry marks from history (src/decision/marks.ts). */
export type MarkedClassification = Omit<Classification, 'failures'> & { failures: MarkedFailure[] };

const NEXT: Readonly<Record<FailureClass, NextStep>> = {
  budget_exceeded: 'escalate',
  timeout: 'retry',
  orchestration_error: 'retry',
  dependency_missing: 'fix',
  compile_error: 'fix',
  contract_violation: 'fix',
  lint_error: 'fix',
  test_fail: 'fix',
  unknown: 'escalate',
};

/**
 * The next step for a failure that history marks, whatever its class: a known-flaky test is re-run (no change can
 * fix it), a failure the base branch shows too is a person's to look at (it is not this change's to fix).
 */
const MARK_NEXT: Readonly<Record<MarkKind, NextStep>> = {
  flaky: 'retry',
  base_broken: 'escalate',
};

/** The next step for a failure of class `cls`, with its mark when it has one: the table the Action and the App share. */
export function nextStepFor(cls: FailureClass, mark?: MarkKind): NextStep {
  return mark ? MARK_NEXT[mark] : NEXT[cls];
}

/** How a mark reads in a reason, a summary or an annotation. */
export function describeMark(m: FailureMark): string {
  return m.kind === 'flaky'
    ? `known flaky: passed on re-run on ${m.sha.slice(0, 7)}${m.attempt !== undefined ? ` (attempt ${m.attempt})` : ''}`
    : `already failing on ${m.ref} (${m.sha.slice(0, 7)})`;
}

const MARK_REASON: Readonly<Record<MarkKind, string>> = {
  flaky: 'The same test passed on another attempt of this commit: re-run the failed jobs; no change can fix a flaky test.',
  base_broken: 'The base branch fails the same way: it is not this change\'s to fix; a person should look at the base branch.',
};

const REASON: Readonly<Record<NextStep, string>> = {
  none: 'Nothing failed.',
  retry: 'The failure is in the machinery or a time limit, not the code: run it again before changing anything.',
  fix: 'The code or its declared dependencies must change: fix the failure at the place shown.',
  escalate: 'The log does not show a cause that a change or a re-run can address: a person should look.',
};

/**
 * Concludes one job from its classification: pure, so the Action and the App decide alike. Marked failures (known
 * flaky, already failing on the base branch) are left out of the conclusion when others remain; when every failure
 * is marked, the marks decide: `escalate` if any is already failing on the base branch, else `retry`.
 */
export function decide(job: string, c: MarkedClassification): Decision {
  if (c.primary === null) {
    return { job, primary: null, next: 'none', reason: REASON.none, evidence: null, failureCount: 0 };
  }
  const marked = c.failures.filter((f) => f.mark);
  if (marked.length > 0 && marked.length === c.failures.length && c.omitted === 0) return decideMarked(job, c, marked);
  if (marked.length > 0) {
    const rest = c.failures.filter((f) => !f.mark);
    const primary = primaryOf(rest.map((f) => f.class)) ?? c.primary;
    const d = decideOn(job, { ...c, primary, failures: rest });
    const left = `Left out: ${leftOut(marked)}.`;
    return { ...d, reason: `${d.reason} ${left}`, failureCount: c.failures.length + c.omitted, marked: marked.length };
  }
  return decideOn(job, { ...c, primary: c.primary });
}

/** "1 known-flaky failure, 2 failures already failing on main" */
function leftOut(marked: readonly MarkedFailure[]): string {
  const flaky = marked.filter((f) => f.mark!.kind === 'flaky').length;
  const broken = marked.filter((f) => f.mark!.kind === 'base_broken');
  const refs = [...new Set(broken.map((f) => (f.mark as { ref: string }).ref))].join(', ');
  return [
    flaky > 0 ? `${flaky} known-flaky failure${flaky === 1 ? '' : 's'}` : '',
    broken.length > 0 ? `${broken.length} failure${broken.length === 1 ? '' : 's'} already failing on ${refs}` : '',
  ].filter(Boolean).join(', ');
}

function decideMarked(job: string, c: MarkedClassification, marked: readonly MarkedFailure[]): Decision {
  const broken = marked.find((f) => f.mark!.kind === 'base_broken');
  const deciding = broken ?? marked[0]!;
  const mark = deciding.mark!;
  const next = nextStepFor(deciding.class, mark.kind);
  const what = `${deciding.test ?? deciding.message}${marked.length > 1 ? ` and ${marked.length - 1} more` : ''}`;
  return {
    job,
    primary: c.primary,
    next,
    reason: `${c.primary} (${what}), ${describeMark(mark)}. ${MARK_REASON[mark.kind]}`,
    evidence: deciding.evidence[0] ?? c.jobFailed ?? null,
    ...(deciding.file ? { file: deciding.file } : {}),
    ...(deciding.line !== undefined ? { line: deciding.line } : {}),
    failureCount: c.failures.length,
    mark: mark.kind,
  };
}

function decideOn(job: string, c: MarkedClassification & { primary: FailureClass }): Decision {
  const next = NEXT[c.primary];
  // The first failure of the primary class is the one that decided it.
  const deciding = c.failures.find((f) => f.class === c.primary);
  const evidence = deciding?.evidence[0] ?? c.jobFailed;
  const where = deciding?.file ? ` at ${deciding.file}${deciding.line !== undefined ? `:${deciding.line}` : ''}` : '';
  const what = deciding ? `${deciding.tool ? `${deciding.tool}: ` : ''}${deciding.message}${where}` : 'the step failed';
  return {
    job,
    primary: c.primary,
    next,
    reason: `${c.primary} (${what}). ${REASON[next]}`,
    evidence: evidence ?? null,
    ...(deciding?.file ? { file: deciding.file } : {}),
    ...(deciding?.line !== undefined ? { line: deciding.line } : {}),
    failureCount: c.failures.length + c.omitted,
  };
}
