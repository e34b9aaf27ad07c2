import { brokenTests, flakyTests, listQuarantinedTests, recordTestResults, type Executor, type TestResultInput } from '../../src/store/index.ts';
import type { QuarantineEntry } from '../config/index.ts';
import type { CiFailure } from './ci-failure.ts';
import { partitionFailures, quarantineRules, type FlakinessPartition } from './flakiness.ts';
import type { CheckInfo, FailureSource, WorkflowRunInfo } from './read-ci.ts';
import { testResultRows } from './test-result-rows.ts';

// The CI loop's side of the test history (issue 15): what it classified is recorded for the runs it looked at, and
// what the history says about the failing tests decides which failures are the work order's to fix.

/** How far back "known flaky" looks. */
export const FLAKY_WINDOW_DAYS = 30;

/** A failing test the loop re-ran, kept so that a green re-run records it passed. */
export interface RerunTest {
  test: string;
  file?: string;
  check: string;
  runId: number;
}

/**
 * The workflow run a failure was found in: its job's run (from the check run's details URL), else the one failed
 * workflow run of the commit when there is exactly one (the Action's check run names no run); null when it
 * cannot be told.
 */
export function runOfFailure(f: Pick<CiFailure, 'check'>, checks: readonly Pick<CheckInfo, 'name' | 'runId'>[], runs: readonly WorkflowRunInfo[], failedRuns: readonly WorkflowRunInfo[]): WorkflowRunInfo | null {
  const runId = checks.find((c) => c.name === f.check && c.runId !== null)?.runId ?? null;
  if (runId !== null) return runs.find((r) => r.id === runId) ?? null;
  return failedRuns.length === 1 ? failedRuns[0]! : null;
}

/** What the loop saw on a red commit, to record. */
export interface ClassifiedRun {
  repository: string;
  sha: string;
  branch: string | null;
  workOrderId: number;
  checks: readonly Pick<CheckInfo, 'name' | 'runId'>[];
  runs: readonly WorkflowRunInfo[];
  failedRuns: readonly WorkflowRunInfo[];
  failures: readonly CiFailure[];
  source: FailureSource;
}

/**
 * Rows for the failures the loop classified, each under the attempt of the workflow run it came from; failures
 * whose run cannot be told are counted, not recorded (a result needs its run).
 */
export function classifiedRows(seen: ClassifiedRun): { rows: TestResultInput[]; unplaced: number } {
  const byRun = new Map<WorkflowRunInfo, CiFailure[]>();
  let unplaced = 0;
  for (const f of seen.failures) {
    if (!f.test) continue;
    const run = runOfFailure(f, seen.checks, seen.runs, seen.failedRuns);
    if (!run) {
      unplaced++;
      continue;
    }
    byRun.set(run, [...(byRun.get(run) ?? []), f]);
  }
  const rows = [...byRun].flatMap(([run, failures]) =>
    testResultRows(
      { repository: seen.repository, commitSha: seen.sha, branch: seen.branch, runId: run.id, runAttempt: run.attempt, workOrderId: seen.workOrderId },
      { failures, failureSource: seen.source === 'action' ? 'check-run' : 'log' },
    ),
  );
  return { rows, unplaced };
}

/**
 * Rows for a green re-run: every test that failed before the re-run passed in the run's new attempt (its job
 * passed this time). Recorded with the failures of the attempt before, they make the test flaky in the store.
 */
export function rerunPassRows(input: { repository: string; sha: string; branch: string | null; workOrderId: number; tests: readonly RerunTest[]; runs: readonly WorkflowRunInfo[]; rerunRuns: readonly { id: number; attempt: number }[] }): TestResultInput[] {
  const rows: TestResultInput[] = [];
  for (const t of input.tests) {
    const run = input.runs.find((r) => r.id === t.runId);
    const before = input.rerunRuns.find((r) => r.id === t.runId);
    // Only a newer attempt says anything new: the same attempt is the failure itself.
    if (!run || !before || run.attempt <= before.attempt) continue;
    rows.push({
      repository: input.repository,
      test: t.test,
      file: t.file ?? null,
      commitSha: input.sha,
      branch: input.branch,
      runId: run.id,
      runAttempt: run.attempt,
      job: t.check,
      outcome: 'passed',
      source: 'check-run',
      workOrderId: input.workOrderId,
    });
  }
  return rows;
}

/** Records rows, naming how many were new. */
export async function recordRows(db: Executor, rows: readonly TestResultInput[]): Promise<number> {
  return rows.length === 0 ? 0 : (await recordTestResults(db, rows)).recorded;
}

/** What the partition reads besides the failures. */
export interface FlakinessQuery {
  repository: string;
  /** The pull request's base: the work order's default branch. */
  baseBranch: string;
  quarantine: readonly QuarantineEntry[];
  rerunDone: boolean;
  now?: Date;
}

/**
 * Reads the history of the failing tests (flaky in the last 30 days, broken on the base branch) and the quarantine
 * (the config's list and the store's), and sorts the failures by it (app/ci/flakiness.ts).
 */
export async function readFlakiness(db: Executor, failures: readonly CiFailure[], query: FlakinessQuery): Promise<FlakinessPartition> {
  const tests = [...new Set(failures.map((f) => f.test).filter((t): t is string => typeof t === 'string' && t !== ''))];
  const since = new Date((query.now ?? new Date()).getTime() - FLAKY_WINDOW_DAYS * 86_400_000);
  const [flaky, broken, stored] = await Promise.all([
    flakyTests(db, { repository: query.repository, since, tests }),
    brokenTests(db, { repository: query.repository, branch: query.baseBranch, tests }),
    listQuarantinedTests(db, query.repository),
  ]);
  return partitionFailures({
    failures,
    flaky,
    brokenOnBase: broken,
    baseBranch: query.baseBranch,
    quarantine: quarantineRules(query.quarantine, stored),
    rerunDone: query.rerunDone,
  });
}
