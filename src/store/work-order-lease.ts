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
