import { sql, type Kysely } from 'kysely';

/**
 * Per-test history and quarantine (issue 15). `test_results` holds one row per test, outcome and job of each
 * workflow run attempt; re-recording a run inserts nothing (the unique key, NULLS NOT DISTINCT so a result with
 * no job name is still one row). Its indexes serve the queries of src/store/test-results.ts without reading the
 * table: a test's rows by commit (flaky), failures in a window (flaky), passes and failures per branch in run
 * order (broken), a test's rows newest first (history). `quarantined_tests` holds `/punchlist quarantine`: at most
 * one open entry per test, removal kept as a date.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table test_results (
      id bigint generated always as identity primary key,
      repository text not null,
      test_key text not null check (test_key <> ''),
      test_name text not null,
      test_file text,
      commit_sha text not null check (commit_sha ~ '^([0-9a-f]{40}|[0-9a-f]{64})$'),
      branch text,
      workflow_run_id bigint not null check (workflow_run_id > 0),
      run_attempt integer not null check (run_attempt > 0),
      job_name text,
      outcome text not null check (outcome in ('passed', 'failed', 'skipped', 'errored')),
      source text not null check (source in ('report', 'log', 'check-run')),
      recorded_at timestamptz not null default now(),
      work_order_id bigint references work_orders (id) on delete set null,
      constraint test_results_once unique nulls not distinct (repository, workflow_run_id, run_attempt, job_name, test_key, outcome)
    )`,
    // flakyTests: did this test pass on this commit; the commits a flaky test ran on in the window; history.
    sql`create index test_results_test_commit on test_results (repository, test_key, commit_sha) include (recorded_at, job_name) where outcome = 'passed'`,
    sql`create index test_results_test_time on test_results (repository, test_key, recorded_at) include (commit_sha, outcome)`,
    // flakyTests: the failures of the window, which are few, with what the pass check needs.
    sql`create index test_results_failures_at on test_results (repository, recorded_at) include (test_key, commit_sha, job_name)
      where outcome in ('failed', 'errored')`,
    // brokenTests: a test's last pass on a branch, and its failures after it, in run order.
    sql`create index test_results_branch_passes on test_results (repository, branch, test_key, workflow_run_id, run_attempt) where outcome = 'passed'`,
    sql`create index test_results_branch_failures on test_results (repository, branch, test_key, workflow_run_id, run_attempt) include (commit_sha)
      where outcome in ('failed', 'errored')`,
    sql`create index test_results_work_order on test_results (work_order_id) where work_order_id is not null`,

    sql`create table quarantined_tests (
      id bigint generated always as identity primary key,
      repository text not null,
      test_key text not null check (test_key <> ''),
      test_name text not null,
      quarantined_by text not null,
      reason text,
      created_at timestamptz not null default now(),
      removed_by text,
      removed_at timestamptz
    )`,
    sql`create unique index quarantined_tests_open on quarantined_tests (repository, test_key) where removed_at is null`,
  ];
  for (const statement of statements) await statement.execute(db);
}
