import { sql, type Kysely } from 'kysely';

/**
 * Adds the `budget_exceeded` end state. PostgreSQL cannot use an enum value in the transaction that adds it, so
 * the transitions into it are migration 3.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter type work_order_state add value if not exists 'budget_exceeded'`.execute(db);
}
