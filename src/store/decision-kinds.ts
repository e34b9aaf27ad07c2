/**
 * Kinds of decision log entry. DESIGN.md names the five that move a work order (`routing`, `refinement_cycle`,
 * `retry`, `escalation`, `skip`); the others record the conclusions around them: taking an issue in, the model's
 * proposal, a budget stop and the recorded outcome.
 */
export const DECISION_KINDS = [
  'intake',
  'routing',
  'proposal',
  'refinement_cycle',
  'retry',
  'escalation',
  'skip',
  'budget',
  'outcome',
] as const;

/** One kind of decision. */
export type DecisionKind = (typeof DECISION_KINDS)[number];
