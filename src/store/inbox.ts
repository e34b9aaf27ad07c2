import { sql } from 'kysely';
import { json, type Json } from './json.ts';
import type { Executor } from './tables.ts';

/** A webhook delivery as GitHub sent it: its id, event name and payload. */
export interface IncomingDelivery {
  deliveryId: string;
  event: string;
  payload: Json;
}

/** A stored delivery, claimed for handling. */
export interface InboxDelivery extends IncomingDelivery {
  id: number;
  /** How many times it has been claimed, this claim included. */
  attempts: number;
}

/**
 * Writes deliveries in one statement (a group commit: every webhook that arrived while the previous batch was
 * being written goes in the next). Returns the delivery ids that were new; a redelivery is not stored twice.
 */
export async function acceptDeliveries(db: Executor, deliveries: readonly IncomingDelivery[]): Promise<Set<string>> {
  const unique = [...new Map(deliveries.map((d) => [d.deliveryId, d])).values()];
  if (unique.length === 0) return new Set();
  const rows = await db
    .insertInto('webhook_inbox')
    .values(unique.map((d) => ({ delivery_id: d.deliveryId, event: d.event, payload: json(d.payload) })))
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .returning('delivery_id')
    .execute();
  return new Set(rows.map((r) => r.delivery_id));
}

/**
 * Claims up to `limit` pending deliveries, oldest first, for `leaseSeconds`: a process that dies while handling
 * one leaves it to be claimed again when the lease ends. Other processes skip rows being claimed (PostgreSQL).
 */
export async function claimDeliveries(db: Executor, limit: number, leaseSeconds: number): Promise<InboxDelivery[]> {
  const rows = await db
    .updateTable('webhook_inbox')
    .set({
      attempts: sql<number>`attempts + 1` as unknown as number,
      locked_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})` as unknown as Date,
    })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('webhook_inbox')
        .select('id')
        .where('processed_at', 'is', null)
        .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<', sql<Date>`now()`)]))
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'delivery_id', 'event', 'payload', 'attempts'])
    .execute();
  return rows
    .map((r) => ({ id: r.id, deliveryId: r.delivery_id, event: r.event, payload: r.payload, attempts: r.attempts }))
    .sort((a, b) => a.id - b.id);
}

/** Gives claimed deliveries back at once (`ids`), or every claim (a restart of the only process using the store). */
export async function releaseDeliveries(db: Executor, ids?: readonly number[]): Promise<void> {
  if (ids !== undefined && ids.length === 0) return;
  let query = db.updateTable('webhook_inbox').set({ locked_until: null }).where('processed_at', 'is', null);
  if (ids !== undefined) query = query.where('id', 'in', ids);
  await query.execute();
}

/** Marks a delivery handled. */
export async function completeDelivery(db: Executor, id: number): Promise<void> {
  await db.updateTable('webhook_inbox').set({ processed_at: sql<Date>`now()` as unknown as Date, locked_until: null, last_error: null }).where('id', '=', id).execute();
}

/**
 * Records a failed attempt: the delivery is tried again after `retryAfterSeconds`, or, when that is null, given
 * up (kept, with its error, for a person to read).
 */
export async function failDelivery(db: Executor, id: number, error: string, retryAfterSeconds: number | null): Promise<void> {
  await db
    .updateTable('webhook_inbox')
    .set(
      retryAfterSeconds === null
        ? { last_error: error, processed_at: sql<Date>`now()` as unknown as Date, locked_until: null }
        : { last_error: error, locked_until: sql<Date>`now() + make_interval(secs => ${retryAfterSeconds})` as unknown as Date },
    )
    .where('id', '=', id)
    .execute();
}

/**
 * Deletes deliveries handled more than `olderThanSeconds` ago (given-up ones are kept, for a person to read), and
 * returns how many: every push, comment and CI completion of an installed repository passes through the inbox.
 */
export async function pruneDeliveries(db: Executor, olderThanSeconds: number): Promise<number> {
  const result = await db
    .deleteFrom('webhook_inbox')
    .where('processed_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanSeconds})`)
    .where('last_error', 'is', null)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Counts of the inbox: waiting (or being handled), handled, and given up after errors. */
export async function inboxCounts(db: Executor): Promise<{ pending: number; processed: number; failed: number }> {
  const row = await db
    .selectFrom('webhook_inbox')
    .select(sql<number>`count(*) filter (where processed_at is null)`.as('pending'))
    .select(sql<number>`count(*) filter (where processed_at is not null and last_error is null)`.as('processed'))
    .select(sql<number>`count(*) filter (where processed_at is not null and last_error is not null)`.as('failed'))
    .executeTakeFirstOrThrow();
  return { pending: row.pending, processed: row.processed, failed: row.failed };
}
