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

/** One line per class, as TAXONOMY.md defines it: for summaries and SARIF rule descriptions. */
export const CLASS_DESCRIPTIONS: Readonly<Record<FailureClass, string>> = {
  budget_exceeded: 'The orchestrator stopped work because a cost, token or cycle budget ran out.',
  timeout: 'Work was killed or failed for taking too long: a job, step or test time limit.',
  orchestration_error: 'The machinery around the build failed, not the code: git, checkout, runner, network, permissions, docker.',
  dependency_missing: 'A package, module, header, tool or service the code needs cannot be found or resolved.',
  compile_error: 'The code does not compile or type-check (syntax, types, linking).',
  contract_violation: 'The code compiles but breaks a declared contract: a public API, ABI or schema change.',
  lint_error: 'A linter or formatter rejects the code.',
  test_fail: 'Tests ran and at least one assertion failed or a test errored.',
  unknown: 'The job failed and none of the other classes can be shown from the log.',
};
