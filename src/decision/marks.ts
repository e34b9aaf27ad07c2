import type { Failure, FailureClass } from '../classify/index.ts';
import { sameTestName } from '../reports/naming.ts';

/** What GitHub's own records say about a failure, beside what the log says. */
export const MARK_KINDS = ['flaky', 'base_broken'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

/**
 * A failure's mark: `flaky` when the same test passed in another attempt of the same commit (`sha`, attempt
 * `attempt`); `base_broken` when the same failure is in the `punchlist` check run of the base branch's commit `sha`.
 */
export type FailureMark =
  | { kind: 'flaky'; sha: string; attempt?: number }
  | { kind: 'base_broken'; sha: string; ref: string };

/** A failure as the reporters receive it: the classifier's record and, when history says so, its mark. */
export type MarkedFailure = Failure & { mark?: FailureMark };

/** A failure as an earlier check run's annotation recorded it (its `raw_details`): enough to recognise it. */
export interface RecordedFailure {
  class: FailureClass;
  test?: string;
  file?: string;
  code?: string;
}

/**
 * One `punchlist` check run of another attempt of this job on the same commit. `complete` says its annotations
 * list every failure it found (none cut by `max-annotations`), and `readTests` that it read test reports: only then
 * does a test missing from its failures count as passed there.
 */
export interface AttemptRecord {
  attempt: number;
  sha: string;
  failures: readonly RecordedFailure[];
  complete: boolean;
  readTests: boolean;
}

/** The failures in the `punchlist` check runs of the newest base-branch commit that has one. */
export interface BaseRecord {
  ref: string;
  sha: string;
  failures: readonly RecordedFailure[];
}

/** What GitHub keeps that the marks are read from; either part may be missing (not asked for, or not readable). */
export interface History {
  attempts: readonly AttemptRecord[];
  base?: BaseRecord;
}

/** A test that failed in an earlier attempt and passes now: flaky, though it is no failure of this run. */
export interface RecoveredTest {
  test: string;
  file?: string;
  attempt: number;
  sha: string;
}

/**
 * What makes two failures "the same failure" across runs: a test by its name (compared without case or
 * separators, which reporters write differently); anything else by class, file and code, as the App's fingerprint
 * does (app/ci/ci-failure.ts) — not the message, which carries values, nor the line, which moves.
 */
export function sameFailureKey(f: RecordedFailure): string {
  if (f.test) return `test:${sameTestName(f.test)}`;
  return `at:${f.class}|${f.file ?? ''}|${f.code ?? ''}`;
}

/**
 * Marks this run's failures from history (pure: plain data in, marks out). A failed test that passed in another
 * attempt of the same commit is `flaky` (the evidence of its own commit outweighs the base branch's); any other
 * failure that the base branch's check run shows too is `base_broken`. Also returns the tests that failed in an
 * earlier attempt and pass now, when this run read test reports (`readTests`) and so would show them failing.
 */
export function markFailures(
  failures: readonly Failure[],
  history: History,
  opts: { readTests: boolean },
): { marks: (FailureMark | undefined)[]; recovered: RecoveredTest[] } {
  const base = history.base ? new Set(history.base.failures.map(sameFailureKey)) : undefined;
  const covering = history.attempts.filter((a) => a.complete && a.readTests);
  const attemptKeys = covering.map((a) => ({ a, keys: new Set(a.failures.map(sameFailureKey)) }));
  const marks = failures.map((f): FailureMark | undefined => {
    const key = sameFailureKey(f);
    if (f.test) {
      // The most recent attempt where it passed is the one people can look at.
      const passed = attemptKeys.filter(({ keys }) => !keys.has(key)).sort((x, y) => y.a.attempt - x.a.attempt)[0];
      if (passed) return { kind: 'flaky', sha: passed.a.sha, attempt: passed.a.attempt };
    }
    if (base?.has(key) && history.base) return { kind: 'base_broken', sha: history.base.sha, ref: history.base.ref };
    return undefined;
  });
  const recovered: RecoveredTest[] = [];
  if (opts.readTests) {
    const now = new Set(failures.map(sameFailureKey));
    const seen = new Set<string>();
    for (const a of [...history.attempts].sort((x, y) => y.attempt - x.attempt)) {
      for (const f of a.failures) {
        const key = sameFailureKey(f);
        if (!f.test || now.has(key) || seen.has(key)) continue;
        seen.add(key);
        recovered.push({ test: f.test, ...(f.file ? { file: f.file } : {}), attempt: a.attempt, sha: a.sha });
      }
    }
  }
  return { marks, recovered };
}

/** The failures with their marks, as new objects (the classifier's stay untouched). */
export function withMarks(failures: readonly Failure[], marks: readonly (FailureMark | undefined)[]): MarkedFailure[] {
  return failures.map((f, i) => (marks[i] ? { ...f, mark: marks[i] } : f));
}
