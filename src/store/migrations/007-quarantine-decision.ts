import { sql, type Kysely } from 'kysely';

/**
 * Adds the `quarantine` decision kind: a person's `/punchlist quarantine` or `/punchlist unquarantine`, recorded
 * on the work order it was said on (issue 15). A database made by this code's migration 1 has it already.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter type decision_kind add value if not exists 'quarantine'`.execute(db);
}
