import type { FailureClass } from '../../src/classify/index.ts';
import { CODE_CLASSES, fingerprints, INFRA_CLASSES, primaryClass, type CiFailure } from './ci-failure.ts';

/** Everything the CI decision weighs, read from GitHub and the work order. */
export interface CiFacts {
  /** Completed checks of the head commit that failed (the work order's own check excluded). */
  failedChecks: readonly string[];
  /** The classified failures of those checks. */
  failures: readonly CiFailure[];
  /** True when the failed jobs of this commit were already re-run once. */
  rerunDone: boolean;
  /** Refinement cycles used so far, and how many this attempt may use. */
  cycle: number;
  maxCycles: number;
  /** The failures of the previous red CI result of this work order (the commit before), or null. */
  previous: { fingerprints: readonly string[]; count: number } | null;
  /** Money left for this work order, and what one more cycle would likely cost. */
  budget: { remainingUsd: number; nextCycleUsd: number };
}

/** Why a work order is handed to a person. */
export type EscalationTrigger = 'unknown' | 'infra_after_rerun' | 'repeated' | 'growing' | 'max_cycles' | 'budget' | 'not_fixable' | 'model_failed' | 'plan' | 'not_ours';

/** What to do about a CI result. */
export type CiVerdict =
  | { action: 'succeed'; flaky: boolean; reason: string }
  | { action: 'rerun'; reason: string; primary: FailureClass }
  | { action: 'refine'; reason: string; primary: FailureClass }
  | { action: 'escalate'; trigger: EscalationTrigger; reason: string; primary: FailureClass | null };

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Decides what a finished CI run of the work order's head commit calls for (issue 6, "Deciding"), in order:
 * green succeeds; a primary `unknown` escalates; machinery failures alone are re-run once, then escalate; code
 * failures get a refinement cycle unless they repeat the previous result exactly, grow in number, the cycles are
 * used up, or the budget cannot pay for another cycle.
 */
export function decideCi(facts: CiFacts): CiVerdict {
  if (facts.failedChecks.length === 0) {
    return facts.rerunDone
      ? { action: 'succeed', flaky: true, reason: 'CI passed after the failed jobs were re-run at the same commit: the failure was flaky' }
      : { action: 'succeed', flaky: false, reason: 'CI passed' };
  }
  const failures = facts.failures;
  const primary = primaryClass(failures);
  const checks = facts.failedChecks.join(', ');
  if (primary === null || primary === 'unknown') {
    return { action: 'escalate', trigger: 'unknown', primary: 'unknown', reason: `CI failed (${checks}) and no log shows why: the failure is unknown` };
  }
  const code = failures.filter((f) => CODE_CLASSES.has(f.class));
  const infra = failures.filter((f) => INFRA_CLASSES.has(f.class));
  if (code.length === 0) {
    if (infra.length > 0 && !facts.rerunDone) {
      return { action: 'rerun', primary, reason: `Only the machinery failed (${count(infra.length, 'failure')}, ${primary}) and no code failure: re-running the failed jobs once, with no model call` };
    }
    if (infra.length > 0) {
      return { action: 'escalate', trigger: 'infra_after_rerun', primary, reason: `The machinery failed again after a re-run at the same commit (${primary}): a person should look at the CI setup` };
    }
    return { action: 'escalate', trigger: 'not_fixable', primary, reason: `CI failed with ${primary}, which a code change cannot fix` };
  }
  const now = fingerprints(code);
  const what = `${count(code.length, 'code failure')} (${[...new Set(code.map((f) => f.class))].join(', ')})`;
  if (facts.previous) {
    const before = facts.previous.fingerprints;
    if (before.length === now.length && now.every((fp, i) => fp === before[i])) {
      return { action: 'escalate', trigger: 'repeated', primary, reason: `The failures after the last change are the ones before it, ${what}, so another cycle is unlikely to help` };
    }
    if (code.length > facts.previous.count) {
      return { action: 'escalate', trigger: 'growing', primary, reason: `The failures grew from ${facts.previous.count} to ${code.length} after the last change` };
    }
  }
  if (facts.cycle >= facts.maxCycles) {
    return { action: 'escalate', trigger: 'max_cycles', primary, reason: `CI still fails with ${what} after ${count(facts.cycle, 'refinement cycle')}, the most this work order may use` };
  }
  if (facts.budget.nextCycleUsd > facts.budget.remainingUsd) {
    return {
      action: 'escalate',
      trigger: 'budget',
      primary,
      reason: `Another cycle would likely cost $${facts.budget.nextCycleUsd.toFixed(4)}, more than the $${Math.max(0, facts.budget.remainingUsd).toFixed(4)} left of this work order's budget`,
    };
  }
  return { action: 'refine', primary, reason: `CI failed with ${what}: refinement cycle ${facts.cycle + 1} of ${facts.maxCycles} feeds them back to the model` };
}
