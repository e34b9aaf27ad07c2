import { sql } from 'kysely';
import type { FailureClass } from '../../classify/taxonomy.ts';
import type { Executor } from '../tables.ts';
import { canRead, type RepositoryAccess } from './access.ts';

/** Red CI runs of one repository in one ISO week (`YYYY-MM-DD`, its Monday) whose primary class is `failureClass`. */
export interface FailureWeekRow {
  week: string;
  repository: string;
  failureClass: FailureClass;
  runs: number;
}

/** A failure fingerprint (class|file|code|test, app/ci/ci-failure.ts) and how often recent red runs showed it. */
export interface FingerprintRow {
  fingerprint: string;
  failureClass: string;
  file: string | null;
  code: string | null;
  test: string | null;
  repositories: string[];
  occurrences: number;
  lastSeen: Date;
}

/** Attempts marked flaky (red, then green on a re-run with no change) per repository. */
export interface FlakyRow {
  repository: string;
  flaky: number;
  attempts: number;
}

/** Which failures to read. */
export interface FailureFilter {
  access: RepositoryAccess;
  repository?: string | undefined;
  now?: Date;
}

/** Weeks the failures chart covers. */
export const FAILURE_WEEKS = 12;
/** Red runs, newest first, that the fingerprint table reads (it unpacks each run's failures). */
export const FINGERPRINT_RUNS = 2000;

function repositoryIs(column: string, repository: string | undefined) {
  return repository === undefined ? sql`true` : sql`${sql.ref(column)} = ${repository}`;
}

/**
 * Decisions with a failure class (each red CI run's verdict: a refinement cycle, a re-run or an escalation) per
 * ISO week, repository and primary class, over the last FAILURE_WEEKS weeks. Reads `decision_logs (created_at)
 * where failure_class is not null` (migration 6), so it costs the window, not the log.
 */
export async function failuresByWeek(db: Executor, filter: FailureFilter): Promise<FailureWeekRow[]> {
  const now = filter.now ?? new Date();
  const since = new Date(now.getTime() - FAILURE_WEEKS * 7 * 86_400_000);
  const rows = await sql<{ week: string; repository: string; failure_class: FailureClass; runs: number }>`
    select to_char(date_trunc('week', d.created_at at time zone 'UTC'), 'YYYY-MM-DD') as week, w.repository, d.failure_class, count(*)::int as runs
    from decision_logs d join work_orders w on w.id = d.work_order_id
    where d.failure_class is not null and d.created_at >= ${since} and d.created_at < ${now}
      and ${canRead('w.repository', filter.access)} and ${repositoryIs('w.repository', filter.repository)}
    group by 1, 2, 3
    order by 1, 2, 3`.execute(db);
  return rows.rows.map((r) => ({ week: r.week, repository: r.repository, failureClass: r.failure_class, runs: r.runs }));
}

/** The most frequent failure fingerprints among the newest FINGERPRINT_RUNS red CI runs. */
export async function topFingerprints(db: Executor, filter: FailureFilter & { limit?: number }): Promise<FingerprintRow[]> {
  const rows = await sql<{ fingerprint: string; class: string; file: string | null; code: string | null; test: string | null; repositories: string[]; occurrences: number; last_seen: Date }>`
    with runs as (
      select d.evidence->'failures' as failures, w.repository, d.created_at
      from decision_logs d join work_orders w on w.id = d.work_order_id
      where d.failure_class is not null
        and ${canRead('w.repository', filter.access)} and ${repositoryIs('w.repository', filter.repository)}
      order by d.created_at desc
      limit ${FINGERPRINT_RUNS}
    ), failures as (
      select f->>'class' as class, nullif(f->>'file', '') as file, nullif(f->>'code', '') as code, nullif(f->>'test', '') as test, r.repository, r.created_at
      -- Checked here, not in the scan above: a condition on the JSON there hides the index order from the planner.
      from runs r, jsonb_array_elements(case when jsonb_typeof(r.failures) = 'array' then r.failures else '[]'::jsonb end) f
      where f->>'class' is not null
    )
    select concat_ws('|', class, coalesce(file, ''), coalesce(code, ''), coalesce(test, '')) as fingerprint, class, file, code, test,
      array_agg(distinct repository order by repository) as repositories, count(*)::int as occurrences, max(created_at) as last_seen
    from failures
    group by class, file, code, test
    order by occurrences desc, fingerprint
    limit ${filter.limit ?? 20}`.execute(db);
  return rows.rows.map((r) => ({
    fingerprint: r.fingerprint,
    failureClass: r.class,
    file: r.file,
    code: r.code,
    test: r.test,
    repositories: r.repositories,
    occurrences: r.occurrences,
    lastSeen: r.last_seen,
  }));
}

/** Flaky attempts per repository the reader may see. */
export async function flakyByRepository(db: Executor, filter: FailureFilter): Promise<FlakyRow[]> {
  const rows = await sql<{ repository: string; flaky: number; attempts: number }>`
    select w.repository, (count(*) filter (where o.flaky))::int as flaky, count(*)::int as attempts
    from outcome_vectors o join work_orders w on w.id = o.work_order_id
    where ${canRead('w.repository', filter.access)} and ${repositoryIs('w.repository', filter.repository)}
    group by w.repository
    order by w.repository`.execute(db);
  return rows.rows;
}
