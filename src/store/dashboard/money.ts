import { sql } from 'kysely';
import type { Executor } from '../tables.ts';
import { canRead, type RepositoryAccess } from './access.ts';

/** Settled spend of one repository on one model in one period (a UTC day `YYYY-MM-DD` or month `YYYY-MM`). */
export interface SpendRow {
  period: string;
  repository: string;
  model: string;
  usd: number;
  calls: number;
}

/** A repository's budget for one month: the limit the configuration set, what is spent and what is held. */
export interface MonthBudgetRow {
  month: string;
  repository: string;
  limitUsd: number;
  spentUsd: number;
  reservedUsd: number;
}

/** Which money to read. */
export interface MoneyFilter {
  access: RepositoryAccess;
  repository?: string | undefined;
  /** The end of the window (default now). */
  now?: Date;
}

/** Days the daily chart covers. */
export const SPEND_DAYS = 30;
/** Months the monthly table covers. */
export const SPEND_MONTHS = 12;

async function spend(db: Executor, filter: MoneyFilter, unit: 'day' | 'month', since: Date): Promise<SpendRow[]> {
  const format = unit === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM';
  const repository = filter.repository === undefined ? sql`true` : sql`w.repository = ${filter.repository}`;
  // Settled entries in the window through `budgets (settled_at) where status = 'settled'` (migration 6).
  const rows = await sql<{ period: string; repository: string; model: string; usd: number; calls: number }>`
    select to_char(b.settled_at at time zone 'UTC', ${format}) as period, w.repository,
      coalesce(nullif(substr(b.purpose, 7), ''), '(other)') as model,
      sum(b.actual_usd)::float8 as usd, count(*)::int as calls
    from budgets b join work_orders w on w.id = b.work_order_id
    where b.status = 'settled' and b.settled_at >= ${since} and b.settled_at < ${filter.now ?? new Date()}
      and ${canRead('w.repository', filter.access)} and ${repository}
    group by 1, 2, 3
    order by 1, 2, 3`.execute(db);
  return rows.rows;
}

function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** Settled spend per UTC day of the last SPEND_DAYS days, per repository and model. */
export async function spendByDay(db: Executor, filter: MoneyFilter): Promise<SpendRow[]> {
  const now = filter.now ?? new Date();
  const since = new Date(startOfUtcDay(now).getTime() - (SPEND_DAYS - 1) * 86_400_000);
  return spend(db, { ...filter, now }, 'day', since);
}

/** Settled spend per UTC month of the last SPEND_MONTHS months, per repository and model. */
export async function spendByMonth(db: Executor, filter: MoneyFilter): Promise<SpendRow[]> {
  const now = filter.now ?? new Date();
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (SPEND_MONTHS - 1), 1));
  return spend(db, { ...filter, now }, 'month', since);
}

/** The repositories' monthly budget accounts (`month:REPO:YYYY-MM`) of the last SPEND_MONTHS months, newest first. */
export async function monthBudgets(db: Executor, filter: MoneyFilter): Promise<MonthBudgetRow[]> {
  const now = filter.now ?? new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (SPEND_MONTHS - 1), 1)).toISOString().slice(0, 7);
  const repository = filter.repository === undefined ? sql`true` : sql`a.repository = ${filter.repository}`;
  const rows = await sql<{ month: string; repository: string; limit_usd: number; spent_usd: number; reserved_usd: number }>`
    select a.month, a.repository, a.limit_usd::float8 as limit_usd, a.spent_usd::float8 as spent_usd, a.reserved_usd::float8 as reserved_usd
    from (
      select substring(scope from '([0-9]{4}-[0-9]{2})$') as month, substring(scope from '^month:(.*):[0-9]{4}-[0-9]{2}$') as repository,
        limit_usd, spent_usd, reserved_usd
      from budget_accounts where scope like 'month:%'
    ) a
    where a.repository is not null and a.month >= ${first} and ${canRead('a.repository', filter.access)} and ${repository}
    order by a.month desc, a.repository`.execute(db);
  return rows.rows.map((r) => ({ month: r.month, repository: r.repository, limitUsd: r.limit_usd, spentUsd: r.spent_usd, reservedUsd: r.reserved_usd }));
}
