import { testKey, type TestOutcome, type TestResultInput, type TestResultSource } from '../../src/store/index.ts';
import type { CiFailure } from './ci-failure.ts';

// What one CI run says about each test, as rows for recordTestResults (src/store/test-results.ts). The store keys
// every row by testKey(test), so a failure read from a log and the same test read from a report meet.

/** The workflow run attempt the results belong to. */
export interface CiRunIdentity {
  repository: string;
  commitSha: string;
  branch?: string | null;
  runId: number;
  runAttempt: number;
  workOrderId?: number | null;
  recordedAt?: Date;
}

/**
 * One test's result as collected for the run (app/history/collect-run-results.ts's RunResult fits): a report
 * case, or a failed test the Action's annotations name.
 */
export interface CollectedResult {
  test: string;
  file?: string | null;
  outcome: TestOutcome;
  source: TestResultSource;
  /** The job whose report it is; null when the report was uploaded for the whole run. */
  job?: string | null;
}

/** What a run showed: collected results, and the classified failures of its jobs (from logs or the Action's annotations). */
export interface RunTestFacts {
  results?: readonly CollectedResult[];
  failures?: readonly CiFailure[];
  /** Where `failures` were read. */
  failureSource?: 'log' | 'check-run';
}

/** A failure's outcome: `failed` for `test_fail`, `errored` for a test stopped by anything else (a timeout, a missing module). */
export function failureOutcome(f: Pick<CiFailure, 'class'>): TestOutcome {
  return f.class === 'test_fail' ? 'failed' : 'errored';
}

const failing = (o: TestOutcome) => o === 'failed' || o === 'errored';

/**
 * The rows to record for one run attempt: every collected result, then every classified failure that names a test
 * and that no collected result already shows failing (in the same job, or in a report of the whole run): a report
 * and a log showing the same failure make one row. Failures naming no test (a compile error, a lint finding) have
 * no test to record.
 */
export function testResultRows(run: CiRunIdentity, facts: RunTestFacts): TestResultInput[] {
  const base = {
    repository: run.repository,
    commitSha: run.commitSha,
    branch: run.branch ?? null,
    runId: run.runId,
    runAttempt: run.runAttempt,
    workOrderId: run.workOrderId ?? null,
    ...(run.recordedAt ? { recordedAt: run.recordedAt } : {}),
  };
  const rows: TestResultInput[] = [];
  const reportedFailing = new Set<string>();
  for (const r of facts.results ?? []) {
    const key = testKey(r.test);
    if (!key) continue;
    if (failing(r.outcome)) reportedFailing.add(`${r.job ?? ''}\u0000${key}`);
    rows.push({ ...base, test: r.test, file: r.file ?? null, job: r.job ?? null, outcome: r.outcome, source: r.source });
  }
  const seen = new Set<string>();
  for (const f of facts.failures ?? []) {
    const key = f.test ? testKey(f.test) : '';
    if (!key) continue;
    if (reportedFailing.has(`\u0000${key}`) || reportedFailing.has(`${f.check}\u0000${key}`)) continue;
    const outcome = failureOutcome(f);
    const once = `${f.check}\u0000${key}\u0000${outcome}`;
    if (seen.has(once)) continue;
    seen.add(once);
    rows.push({ ...base, test: f.test!, file: f.file ?? null, job: f.check, outcome, source: facts.failureSource ?? 'log' });
  }
  return rows;
}
