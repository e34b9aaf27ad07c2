import { sql } from 'kysely';
import type { Executor } from './tables.ts';

/**
 * Takes the step lease of a work order for `owner` (a process) for `seconds`: true when it was free, lapsed, or
 * already `owner`'s. One statement under the row lock, so of two processes asking at once exactly one gets it.
 */
export async function claimWorkOrderLease(db: Executor, id: number, owner: string, seconds: number): Promise<boolean> {
  const row = await db
    .updateTable('work_orders')
    .set({ lease_owner: owner, lease_until: sql<Date>`now() + make_interval(secs => ${seconds})` as unknown as Date })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_until', '<=', sql<Date>`now()`)]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Gives the step lease back (only `owner`'s: a lapsed lease another process took is not ours to free). */
export async function releaseWorkOrderLease(db: Executor, id: number, owner: string): Promise<void> {
  await db.updateTable('work_orders').set({ lease_owner: null, lease_until: null }).where('id', '=', id).where('lease_owner', '=', owner).execute();
}

/** Frees every step lease: for a store only this process uses (PGlite), whose earlier owner died. */
export async function clearWorkOrderLeases(db: Executor): Promise<number> {
  const result = await db.updateTable('work_orders').set({ lease_owner: null, lease_until: null }).where('lease_owner', 'is not', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Renews `owner`'s step lease for another `seconds`. False when the lease is no longer `owner`'s (it lapsed and
 * another process took it): the step that held it must stop before its next side effect.
 */
export async function renewWorkOrderLease(db: Executor, id: number, owner: string, seconds: number): Promise<boolean> {
  const row = await db
    .updateTable('work_orders')
    .set({ lease_until: sql<Date>`now() + make_interval(secs => ${seconds})` as unknown as Date })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Budget reservations still held for work orders whose step lease is free or lapsed: a model call reserves while its
 * step holds the lease, so such a reservation belongs to a process that died mid-call. A reservation of no work
 * order counts once it is older than `orphanSeconds`.
 */
export async function listIdleReservations(db: Executor, orphanSeconds: number): Promise<number[]> {
  const rows = await db
    .selectFrom('budgets')
    .leftJoin('work_orders', 'work_orders.id', 'budgets.work_order_id')
    .select('budgets.id')
    .where('budgets.status', '=', 'reserved')
    .where((eb) =>
      eb.or([
        eb.and([eb('budgets.work_order_id', 'is', null), eb('budgets.created_at', '<', sql<Date>`now() - make_interval(secs => ${orphanSeconds})`)]),
        eb.and([eb('budgets.work_order_id', 'is not', null), eb.or([eb('work_orders.lease_owner', 'is', null), eb('work_orders.lease_until', '<=', sql<Date>`now()`)])]),
      ]),
    )
    .orderBy('budgets.id')
    .execute();
  return rows.map((r) => r.id);
}
