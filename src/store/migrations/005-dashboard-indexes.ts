import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the dashboard's read-only pages (src/store/dashboard/), so each page costs its page or its window,
 * not the table: work orders of one repository newest first, settled spend in a date window, and red CI verdicts
 * in a date window.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create index if not exists work_orders_repository_id on work_orders (repository, id)`,
    sql`create index if not exists budgets_settled_at on budgets (settled_at) where status = 'settled'`,
    sql`create index if not exists decision_logs_failures_at on decision_logs (created_at) where failure_class is not null`,
  ];
  for (const statement of statements) await statement.execute(db);
}
