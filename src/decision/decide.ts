import type { Classification, EvidenceLine, FailureClass } from '../classify/index.ts';

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
}

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

const REASON: Readonly<Record<NextStep, string>> = {
  none: 'Nothing failed.',
  retry: 'The failure is in the machinery or a time limit, not the code: run it again before changing anything.',
  fix: 'The code or its declared dependencies must change: fix the failure at the place shown.',
  escalate: 'The log does not show a cause that a change or a re-run can address: a person should look.',
};

/** Concludes one job from its classification: pure, so the Action and the App decide alike. */
export function decide(job: string, c: Classification): Decision {
  if (c.primary === null) {
    return { job, primary: null, next: 'none', reason: REASON.none, evidence: null, failureCount: 0 };
  }
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
