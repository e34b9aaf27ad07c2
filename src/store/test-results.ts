import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import { withTransaction } from './scope.ts';
import type { Executor, QuarantinedTestsTable, TestOutcome, TestResultSource, TestResultsTable } from './tables.ts';
import { testKey } from './test-key.ts';

// Per-test history (issue 15): what every CI run said about every test, and the two questions the CI loop asks
// of it, "is this test flaky?" and "is it already broken on the base branch?". The definitions are in
// docs/store.md ("Test history"); the indexes behind each query are in migration 6.

/** The outcomes a test result may have. */
export const TEST_OUTCOMES = ['passed', 'failed', 'skipped', 'errored'] as const satisfies readonly TestOutcome[];

/** Where a test result may come from. */
export const TEST_RESULT_SOURCES = ['report', 'log', 'check-run'] as const satisfies readonly TestResultSource[];

/** Rows per INSERT: 13 parameters each, far below PostgreSQL's 65,535. */
const BATCH_ROWS = 1000;

const text = (what: string) => z.string({ error: `must be ${what}` }).trim().min(1, { error: `must be ${what}` });
const optionalText = (what: string) => z.string({ error: `must be ${what}, or null` }).trim().min(1, { error: `must be ${what}, or null` }).nullish();
const wholePositive = 'must be a whole number, 1 or more';

const testResultSchema = z.object({
  repository: text('an "owner/name" repository').regex(/^[^/\s]+\/[^/\s]+$/, { error: 'must be an "owner/name" repository' }),
  test: text("the test's full name, a non-empty string").refine((name) => testKey(name) !== '', { error: 'must name a test: it has no letter or digit' }),
  file: optionalText('a path'),
  commitSha: z
    .string({ error: 'must be a full commit sha, 40 or 64 hex digits' })
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, { error: 'must be a full commit sha, 40 or 64 hex digits' })),
  branch: optionalText('a branch name'),
  runId: z.number({ error: wholePositive }).int({ error: wholePositive }).min(1, { error: wholePositive }),
  runAttempt: z.number({ error: wholePositive }).int({ error: wholePositive }).min(1, { error: wholePositive }),
  job: optionalText('a job name'),
  outcome: z.enum(TEST_OUTCOMES, { error: `must be one of ${TEST_OUTCOMES.map((o) => `"${o}"`).join(', ')}` }),
  source: z.enum(TEST_RESULT_SOURCES, { error: `must be one of ${TEST_RESULT_SOURCES.map((s) => `"${s}"`).join(', ')}` }),
  recordedAt: z.date({ error: 'must be a valid Date' }).optional(),
  workOrderId: z.number({ error: wholePositive }).int({ error: wholePositive }).min(1, { error: wholePositive }).nullish(),
});

/** One test's outcome in one job of one workflow run attempt. */
export interface TestResultInput {
  /** `owner/name`. */
  repository: string;
  /** The test's full name (src/reports/naming.ts); its key is testKey(test). */
  test: string;
  file?: string | null;
  /** The commit the run tested: the full sha. */
  commitSha: string;
  /** The branch the run was for (`workflow_run.head_branch`); null when unknown. */
  branch?: string | null;
  /** `workflow_run.id` and `run_attempt`. */
  runId: number;
  runAttempt: number;
  /** The job (check run) name; null when the source does not say (a report uploaded for the whole run). */
  job?: string | null;
  outcome: TestOutcome;
  source: TestResultSource;
  /** When the run reported it; default now. */
  recordedAt?: Date;
  workOrderId?: number | null;
}

/** A stored test result. */
export interface TestResult {
  id: number;
  repository: string;
  testKey: string;
  test: string;
  file: string | null;
  commitSha: string;
  branch: string | null;
  runId: number;
  runAttempt: number;
  job: string | null;
  outcome: TestOutcome;
  source: TestResultSource;
  recordedAt: Date;
  workOrderId: number | null;
}

function toTestResult(row: Selectable<TestResultsTable>): TestResult {
  return {
    id: row.id,
    repository: row.repository,
    testKey: row.test_key,
    test: row.test_name,
    file: row.test_file,
    commitSha: row.commit_sha,
    branch: row.branch,
    runId: row.workflow_run_id,
    runAttempt: row.run_attempt,
    job: row.job_name,
    outcome: row.outcome,
    source: row.source,
    recordedAt: row.recorded_at,
    workOrderId: row.work_order_id,
  };
}

function keyPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Validates every row before any is written; a bad one throws naming the row, the field and what it must be. */
function validRows(rows: readonly TestResultInput[]) {
  return rows.map((row, i) => {
    const parsed = testResultSchema.safeParse(row);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    const field = keyPath(issue.path);
    throw new Error(`Cannot record test result ${i + 1} of ${rows.length}: ${field ? `"${field}" ` : ''}${issue.message}`);
  });
}

/**
 * Records test results, 1,000 rows per statement, in one transaction. A result already recorded (same
 * repository, run, attempt, job, test and outcome) is skipped, so a redelivered run or a step done again adds
 * nothing; a test that failed and then passed inside one attempt (a retry) keeps both. Throws, writing nothing,
 * when any row is malformed. Returns how many rows were new.
 */
export async function recordTestResults(db: Executor, rows: readonly TestResultInput[]): Promise<{ recorded: number }> {
  const valid = validRows(rows);
  if (valid.length === 0) return { recorded: 0 };
  const values = valid.map((r) => ({
    repository: r.repository,
    test_key: testKey(r.test),
    test_name: r.test,
    test_file: r.file ?? null,
    commit_sha: r.commitSha,
    branch: r.branch ?? null,
    workflow_run_id: r.runId,
    run_attempt: r.runAttempt,
    job_name: r.job ?? null,
    outcome: r.outcome,
    source: r.source,
    ...(r.recordedAt ? { recorded_at: r.recordedAt } : {}),
    work_order_id: r.workOrderId ?? null,
  }));
  return withTransaction(db, async (trx) => {
    let recorded = 0;
    for (let i = 0; i < values.length; i += BATCH_ROWS) {
      const result = await trx
        .insertInto('test_results')
        .values(values.slice(i, i + BATCH_ROWS))
        .onConflict((oc) => oc.constraint('test_results_once').doNothing())
        .executeTakeFirst();
      recorded += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return { recorded };
  });
}

/** Which tests to ask about; `tests` are full names or keys (both normalised by testKey()). */
export interface FlakyQuery {
  repository: string;
  /** The window starts here (results recorded at or after it count). */
  since: Date;
  /** Only these tests (the failures in hand); all tests of the repository when absent. */
  tests?: readonly string[];
}

/** A test that failed and passed on the same commit within the window. */
export interface FlakyTest {
  testKey: string;
  /** Its latest full name. */
  test: string;
  /** Commits on which it both failed (or errored) and passed, in the same job or where a job is unknown. */
  flakyCommits: number;
  /** Commits on which it ran (passed, failed or errored) in the window. */
  commits: number;
  /** flakyCommits / commits. */
  flakeRate: number;
  /** The latest failure that a pass on its commit showed to be flaky. */
  lastFlakyAt: Date;
}

function keysOf(tests: readonly string[] | undefined): string[] | null {
  if (tests === undefined) return null;
  return [...new Set(tests.map(testKey).filter((k) => k !== ''))];
}

/**
 * The flaky tests of a repository, most flaky first: a test is flaky when, within the window, it failed (or
 * errored) and passed on the same commit (a re-run, a retry, or another workflow at that commit), in the same job
 * or where either result names none. A test failing on one commit and passing on the next is not flaky: the
 * change between them may be what fixed it. Starts from the window's failures (few), so it costs what they
 * cost, not the table.
 */
export async function flakyTests(db: Executor, query: FlakyQuery): Promise<FlakyTest[]> {
  const keys = keysOf(query.tests);
  if (keys !== null && keys.length === 0) return [];
  const onlyKeys = keys === null ? sql`` : sql`and f.test_key = any(${sql.val(keys)}::text[])`;
  const result = await sql<{ test_key: string; test_name: string; flaky_commits: number; commits: number; last_flaky_at: Date }>`
    with flaky_commits as (
      select f.test_key, f.commit_sha, max(f.recorded_at) as last_at
      from test_results f
      where f.repository = ${query.repository} and f.recorded_at >= ${query.since} and f.outcome in ('failed', 'errored') ${onlyKeys}
        and exists (
          select 1 from test_results p
          where p.repository = f.repository and p.test_key = f.test_key and p.commit_sha = f.commit_sha
            and p.outcome = 'passed' and p.recorded_at >= ${query.since}
            and (p.job_name = f.job_name or p.job_name is null or f.job_name is null)
        )
      group by f.test_key, f.commit_sha
    ),
    flaky as (
      select test_key, count(*)::int as flaky_commits, max(last_at) as last_flaky_at from flaky_commits group by test_key
    )
    select fl.test_key, fl.flaky_commits, fl.last_flaky_at, ran.commits, latest.test_name
    from flaky fl
    cross join lateral (
      select count(distinct r.commit_sha)::int as commits from test_results r
      where r.repository = ${query.repository} and r.test_key = fl.test_key and r.recorded_at >= ${query.since} and r.outcome <> 'skipped'
    ) ran
    cross join lateral (
      select r.test_name from test_results r
      where r.repository = ${query.repository} and r.test_key = fl.test_key
      order by r.recorded_at desc limit 1
    ) latest
  `.execute(db);
  return result.rows
    .map((r) => ({ testKey: r.test_key, test: r.test_name, flakyCommits: r.flaky_commits, commits: r.commits, flakeRate: r.flaky_commits / r.commits, lastFlakyAt: r.last_flaky_at }))
    .sort((a, b) => b.flakeRate - a.flakeRate || b.flakyCommits - a.flakyCommits || a.testKey.localeCompare(b.testKey));
}

/** Which branch to ask about. */
export interface BrokenQuery {
  repository: string;
  branch: string;
  /** Only these tests (full names or keys); all tests that ever failed on the branch when absent. */
  tests?: readonly string[];
}

/** A test that has failed on every run of the branch since a commit. */
export interface BrokenTest {
  testKey: string;
  test: string;
  /** The commit of the first failing run after the test's last pass on the branch (or its first run there). */
  since: string;
  sinceRunId: number;
  /** Runs (run attempts) since then, every one of which failed it. */
  failingRuns: number;
  /** Distinct commits among them. */
  failingCommits: number;
  /** Whether the test ever passed on the branch (false: it has failed since its first run there). */
  passedBefore: boolean;
  lastFailedAt: Date;
}

/**
 * The tests broken on a branch: the test's runs on the branch, in run order (workflow run id, then attempt), end
 * in failures with no pass after them; `since` is the commit of the first of those failures. A skipped result
 * neither breaks nor continues the streak. A test broken on one run only is included (`failingRuns` says how
 * many): the caller decides how much evidence it needs.
 */
export async function brokenTests(db: Executor, query: BrokenQuery): Promise<BrokenTest[]> {
  const keys = keysOf(query.tests);
  if (keys !== null && keys.length === 0) return [];
  const candidates =
    keys === null
      ? sql`select distinct c.test_key from test_results c
          where c.repository = ${query.repository} and c.branch = ${query.branch} and c.outcome in ('failed', 'errored')`
      : sql`select unnest(${sql.val(keys)}::text[]) as test_key`;
  const result = await sql<{
    test_key: string;
    test_name: string;
    since_commit: string;
    since_run: number;
    failing_runs: number;
    failing_commits: number;
    passed_before: boolean;
    last_failed_at: Date;
  }>`
    with candidates as (${candidates})
    select c.test_key, streak.since_commit, streak.since_run, streak.failing_runs, streak.failing_commits, streak.last_failed_at,
      last_pass.workflow_run_id is not null as passed_before, latest.test_name
    from candidates c
    left join lateral (
      select p.workflow_run_id, p.run_attempt from test_results p
      where p.repository = ${query.repository} and p.branch = ${query.branch} and p.test_key = c.test_key and p.outcome = 'passed'
      order by p.workflow_run_id desc, p.run_attempt desc limit 1
    ) last_pass on true
    cross join lateral (
      select (array_agg(f.commit_sha order by f.workflow_run_id, f.run_attempt))[1] as since_commit,
        min(f.workflow_run_id) as since_run,
        count(distinct (f.workflow_run_id, f.run_attempt))::int as failing_runs,
        count(distinct f.commit_sha)::int as failing_commits,
        max(f.recorded_at) as last_failed_at
      from test_results f
      where f.repository = ${query.repository} and f.branch = ${query.branch} and f.test_key = c.test_key and f.outcome in ('failed', 'errored')
        and (last_pass.workflow_run_id is null or (f.workflow_run_id, f.run_attempt) > (last_pass.workflow_run_id, last_pass.run_attempt))
    ) streak
    cross join lateral (
      select r.test_name from test_results r
      where r.repository = ${query.repository} and r.test_key = c.test_key
      order by r.recorded_at desc limit 1
    ) latest
    where streak.failing_runs > 0
  `.execute(db);
  return result.rows
    .map((r) => ({
      testKey: r.test_key,
      test: r.test_name,
      since: r.since_commit,
      sinceRunId: r.since_run,
      failingRuns: r.failing_runs,
      failingCommits: r.failing_commits,
      passedBefore: r.passed_before,
      lastFailedAt: r.last_failed_at,
    }))
    .sort((a, b) => b.failingRuns - a.failingRuns || a.testKey.localeCompare(b.testKey));
}

/** A test's results, newest first (at most `limit`, default 100). */
export async function testHistory(db: Executor, query: { repository: string; test: string; limit?: number }): Promise<TestResult[]> {
  const rows = await db
    .selectFrom('test_results')
    .selectAll()
    .where('repository', '=', query.repository)
    .where('test_key', '=', testKey(query.test))
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.max(1, Math.min(query.limit ?? 100, 10_000)))
    .execute();
  return rows.map(toTestResult);
}

/** A test a person took out of decisions (never out of reports). */
export interface QuarantinedTest {
  id: number;
  repository: string;
  testKey: string;
  test: string;
  by: string;
  reason: string | null;
  createdAt: Date;
  removedBy: string | null;
  removedAt: Date | null;
}

function toQuarantined(row: Selectable<QuarantinedTestsTable>): QuarantinedTest {
  return {
    id: row.id,
    repository: row.repository,
    testKey: row.test_key,
    test: row.test_name,
    by: row.quarantined_by,
    reason: row.reason,
    createdAt: row.created_at,
    removedBy: row.removed_by,
    removedAt: row.removed_at,
  };
}

function quarantineKey(test: string): string {
  const key = testKey(test);
  if (key === '') throw new Error(`Cannot quarantine "${test}": it names no test (no letter or digit)`);
  return key;
}

/**
 * Takes a test out of decisions (`/punchlist quarantine TEST`). A test already quarantined stays as it was
 * (`added: false`, with the standing entry), so a repeated command changes nothing.
 */
export async function quarantineTest(
  db: Executor,
  input: { repository: string; test: string; by: string; reason?: string | null },
): Promise<{ added: boolean; entry: QuarantinedTest }> {
  const key = quarantineKey(input.test);
  return withTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('quarantined_tests')
      .values({ repository: input.repository, test_key: key, test_name: input.test.trim(), quarantined_by: input.by, reason: input.reason?.trim() || null })
      .onConflict((oc) => oc.columns(['repository', 'test_key']).where('removed_at', 'is', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { added: true, entry: toQuarantined(inserted) };
    const standing = await trx
      .selectFrom('quarantined_tests')
      .selectAll()
      .where('repository', '=', input.repository)
      .where('test_key', '=', key)
      .where('removed_at', 'is', null)
      .executeTakeFirstOrThrow();
    return { added: false, entry: toQuarantined(standing) };
  });
}

/** Puts a quarantined test back into decisions; `removed: false` when it was not quarantined. */
export async function releaseQuarantinedTest(db: Executor, input: { repository: string; test: string; by: string }): Promise<{ removed: boolean; entry: QuarantinedTest | null }> {
  const row = await db
    .updateTable('quarantined_tests')
    .set({ removed_at: new Date(), removed_by: input.by })
    .where('repository', '=', input.repository)
    .where('test_key', '=', quarantineKey(input.test))
    .where('removed_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row ? { removed: true, entry: toQuarantined(row) } : { removed: false, entry: null };
}

/** The tests quarantined in a repository now, oldest first. */
export async function listQuarantinedTests(db: Executor, repository: string): Promise<QuarantinedTest[]> {
  const rows = await db
    .selectFrom('quarantined_tests')
    .selectAll()
    .where('repository', '=', repository)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toQuarantined);
}
