/** Every state of a work order (DESIGN.md, "Lifecycle of a work order"). */
export const WORK_ORDER_STATES = [
  'queued',
  'routed',
  'proposing',
  'pr_open',
  'ci_running',
  'refining',
  'succeeded',
  'escalated',
  'failed',
  'cancelled',
  'budget_exceeded',
] as const;

/** One state of a work order. */
export type WorkOrderState = (typeof WORK_ORDER_STATES)[number];

/**
 * The legal moves. Any state short of an end may fail, be cancelled (a person pushed, closed the PR or the issue)
 * or be escalated; an escalation is resolved by a person into another cycle, a new routing, or an end. A step that
 * cannot reserve money for its model call ends `budget_exceeded` (a refinement cycle escalates instead: a pull
 * request exists, and a person may raise the budget and answer `/punchlist retry`).
 * Migrations copy this table into `work_order_transitions`, where a trigger refuses any other move;
 * a test keeps the two equal, so a change here needs a migration there.
 */
export const TRANSITIONS: Readonly<Record<WorkOrderState, readonly WorkOrderState[]>> = {
  queued: ['routed', 'escalated', 'failed', 'cancelled', 'budget_exceeded'],
  routed: ['proposing', 'escalated', 'failed', 'cancelled', 'budget_exceeded'],
  proposing: ['pr_open', 'escalated', 'failed', 'cancelled', 'budget_exceeded'],
  pr_open: ['ci_running', 'escalated', 'failed', 'cancelled'],
  ci_running: ['succeeded', 'refining', 'escalated', 'failed', 'cancelled'],
  refining: ['pr_open', 'escalated', 'failed', 'cancelled', 'budget_exceeded'],
  escalated: ['refining', 'routed', 'failed', 'cancelled'],
  succeeded: [],
  // A person may start a failed or budget-exhausted work order again (re-label, `/punchlist retry`): a new attempt.
  failed: ['queued'],
  cancelled: [],
  budget_exceeded: ['queued'],
};

/** States where a work order's work is over (some may be started again by a person, as a new attempt). */
export const END_STATES: readonly WorkOrderState[] = ['succeeded', 'failed', 'cancelled', 'budget_exceeded'];

/** Ends a person may start again by re-labelling the issue or replying `/punchlist retry`. */
export const RETRYABLE_STATES: readonly WorkOrderState[] = ['failed', 'budget_exceeded'];

/** True when a work order may move from `from` to `to`. */
export function canTransition(from: WorkOrderState, to: WorkOrderState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** True for a state where the work is over: no step runs until a person starts a new attempt. */
export function isFinalState(state: WorkOrderState): boolean {
  return END_STATES.includes(state);
}

/** States a restarted worker must pick up again. */
export const UNFINISHED_STATES: readonly WorkOrderState[] = WORK_ORDER_STATES.filter((s) => !isFinalState(s));
