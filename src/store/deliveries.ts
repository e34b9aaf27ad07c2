import type { Executor } from './tables.ts';

/**
 * Records a webhook delivery id; `fresh` is false when it was seen before (a redelivery). Call it inside the
 * transaction that acts on the delivery, so a crash before commit leaves the delivery unseen and it is redone.
 */
export async function claimDelivery(db: Executor, deliveryId: string, event: string): Promise<{ fresh: boolean }> {
  const row = await db
    .insertInto('deliveries')
    .values({ delivery_id: deliveryId, event })
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .returning('delivery_id')
    .executeTakeFirst();
  return { fresh: row !== undefined };
}
