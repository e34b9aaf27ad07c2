/**
 * The nine failure classes of TAXONOMY.md, in precedence order: an earlier class explains the later ones,
 * so the primary class of a log is the earliest class among its failures.
 */
export const FAILURE_CLASSES = [
  'budget_exceeded',
  'timeout',
  'orchestration_error',
  'dependency_missing',
  'compile_error',
  'contract_violation',
  'lint_error',
  'test_fail',
  'unknown',
] as const;

/** One of the nine classes. */
export type FailureClass = (typeof FAILURE_CLASSES)[number];

const RANK: ReadonlyMap<string, number> = new Map(FAILURE_CLASSES.map((c, i) => [c, i]));

/** Precedence rank of a class: lower explains more. */
export function rankOf(cls: FailureClass): number {
  return RANK.get(cls) ?? FAILURE_CLASSES.length;
}

/** True when `value` names one of the nine classes. */
export function isFailureClass(value: unknown): value is FailureClass {
  return typeof value === 'string' && RANK.has(value);
}

/** The class that explains the others, by TAXONOMY.md's precedence; null for an empty list. */
export function primaryOf(classes: Iterable<FailureClass>): FailureClass | null {
  let best: FailureClass | null = null;
  for (const c of classes) if (best === null || rankOf(c) < rankOf(best)) best = c;
  return best;
}
