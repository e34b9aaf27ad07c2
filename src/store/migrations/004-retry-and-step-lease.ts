import { sql, type Kysely } from 'kysely';

/** Ends a person may start again (re-label or `/punchlist retry`): a new attempt of the same work order. */
const RETRYABLE_ENDS = ['failed', 'budget_exceeded'] as const;

/**
 * A failed or budget-exhausted work order can be started again (back to `queued`, as a new attempt), and each work
 * order gets a step lease: the process that runs one of its steps holds it until the step ends or the lease lapses,
 * so two App processes never work the same work order at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`insert into work_order_transitions (from_state, to_state) values ${sql.join(
      RETRYABLE_ENDS.map((from) => sql`(${sql.lit(from)}, 'queued')`),
    )} on conflict do nothing`,
    sql`alter table work_orders add column lease_owner text`,
    sql`alter table work_orders add column lease_until timestamptz`,
  ];
  for (const statement of statements) await statement.execute(db);
}
