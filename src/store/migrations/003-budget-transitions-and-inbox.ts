import { sql, type Kysely } from 'kysely';

/** The moves into `budget_exceeded`: every step that may call a model. */
const INTO_BUDGET_EXCEEDED = ['queued', 'routed', 'proposing', 'refining'] as const;

/**
 * The transitions into `budget_exceeded`, and the webhook inbox: a delivery is written here before GitHub gets its
 * answer, so acknowledging costs one insert and a crash loses nothing; the App works the inbox in arrival order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`insert into work_order_transitions (from_state, to_state) values ${sql.join(
      INTO_BUDGET_EXCEEDED.map((from) => sql`(${sql.lit(from)}, 'budget_exceeded')`),
    )} on conflict do nothing`,
    sql`create table webhook_inbox (
      id bigint generated always as identity primary key,
      delivery_id text not null unique,
      event text not null,
      payload jsonb not null,
      received_at timestamptz not null default now(),
      attempts integer not null default 0,
      locked_until timestamptz,
      last_error text,
      processed_at timestamptz
    )`,
    sql`create index webhook_inbox_pending on webhook_inbox (id) where processed_at is null`,
  ];
  for (const statement of statements) await statement.execute(db);
}
