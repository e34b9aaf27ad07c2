/**
 * Kinds of decision log entry. DESIGN.md names the five that move a work order (`routing`, `refinement_cycle`,
 * `retry`, `escalation`, `skip`); the others record the conclusions around them: taking an issue in, the model's
 * proposal, a budget stop, the recorded outcome, and a person taking a test out of decisions or back (`quarantine`,
 * added by migration 7).
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
  'quarantine',
] as const;

/** One kind of decision. */
export type DecisionKind = (typeof DECISION_KINDS)[number];
