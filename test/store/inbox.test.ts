import { expect, it } from 'vitest';
import { createInbox, retryDelaySeconds, type InboxEvent } from '../../app/inbox/inbox.ts';
import { acceptDeliveries, claimDeliveries, inboxCounts, pruneDeliveries, type Store } from '../../src/store/index.ts';
import { describeEngines, useFreshStore } from './engines.ts';

const quiet = { warn: () => {}, error: () => {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let n = 0;
const delivery = (event = 'issues') => ({ deliveryId: `d-${process.pid}-${++n}`, event, payload: { action: 'labeled', n } });

async function until(what: string, probe: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}

describeEngines('webhook inbox', (engine) => {
  let store: Store;
  useFreshStore(engine, (s) => (store = s));

  it('stores a redelivery once, in one statement with the rest of its batch', async () => {
    const a = delivery();
    const b = delivery();
    const fresh = await acceptDeliveries(store.db, [a, b, a]);
    expect([...fresh].sort()).toEqual([a.deliveryId, b.deliveryId].sort());
    expect(await acceptDeliveries(store.db, [a])).toEqual(new Set());
    const claimed = await claimDeliveries(store.db, 10, 60);
    expect(claimed.map((c) => c.deliveryId)).toEqual([a.deliveryId, b.deliveryId]);
    expect(claimed[0]).toMatchObject({ event: 'issues', payload: a.payload, attempts: 1 });
    // Claimed rows are leased: a second claim sees nothing until the lease ends.
    expect(await claimDeliveries(store.db, 10, 60)).toEqual([]);
    await store.db.updateTable('webhook_inbox').set({ processed_at: new Date() }).execute();
  });

  it('accepts a burst, answers each, and hands them over in arrival order', async () => {
    const inbox = createInbox(store, { log: quiet, pollMs: 50 });
    const burst = Array.from({ length: 200 }, () => delivery());
    const answers = await Promise.all(burst.map((d) => inbox.accept(d)));
    expect(answers.every((fresh) => fresh)).toBe(true);
    expect(await inbox.accept(burst[0]!)).toBe(false);
    const seen: string[] = [];
    inbox.start(async (event) => {
      seen.push(event.deliveryId);
    });
    await until('every delivery handled', () => seen.length >= 200);
    await inbox.close();
    expect(seen).toEqual(burst.map((d) => d.deliveryId));
    expect(await inboxCounts(store.db)).toMatchObject({ pending: 0 });
  });

  it('retries a delivery whose handler throws, later, and keeps the error', async () => {
    const inbox = createInbox(store, { log: quiet, pollMs: 50 });
    const d = delivery('workflow_run');
    await inbox.accept(d);
    const attempts: InboxEvent[] = [];
    inbox.start(async (event) => {
      attempts.push(event);
      throw new Error('GitHub is down');
    });
    await until('the first attempt', () => attempts.length === 1);
    await inbox.close();
    const row = await store.db.selectFrom('webhook_inbox').selectAll().where('delivery_id', '=', d.deliveryId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 1, last_error: 'GitHub is down', processed_at: null });
    expect(row.locked_until!.getTime() - Date.now()).toBeGreaterThan((retryDelaySeconds(1) - 2) * 1000);
    // Due again: the next start hands it over, and success clears the error.
    await store.db.updateTable('webhook_inbox').set({ locked_until: new Date(Date.now() - 1000) }).where('delivery_id', '=', d.deliveryId).execute();
    const second = createInbox(store, { log: quiet, pollMs: 50 });
    const handled: number[] = [];
    second.start(async (event) => {
      handled.push(event.attempts);
    });
    await until('the retry', () => handled.length === 1);
    await second.close();
    expect(handled).toEqual([2]);
    expect(await inboxCounts(store.db)).toMatchObject({ pending: 0, failed: 0 });
  });

  it('gives a delivery up after its last attempt, and says so', async () => {
    const errors: string[] = [];
    const inbox = createInbox(store, { log: { warn: () => {}, error: (m) => errors.push(m) }, pollMs: 50, maxAttempts: 1 });
    const d = delivery();
    await inbox.accept(d);
    inbox.start(async () => {
      throw new Error('bad payload');
    });
    await until('the give-up', () => errors.length === 1);
    await inbox.close();
    expect(errors[0]).toBe(`Gave up issues delivery ${d.deliveryId} (attempt 1): bad payload`);
    expect(await inboxCounts(store.db)).toMatchObject({ pending: 0, failed: 1 });
  });

  it('prunes handled deliveries past their keeping time, and keeps pending and given-up ones', async () => {
    const [handled, pending, failed] = [delivery(), delivery(), delivery()];
    await acceptDeliveries(store.db, [handled, pending, failed]);
    const old = new Date(Date.now() - 3600_000);
    await store.db.updateTable('webhook_inbox').set({ processed_at: old }).where('delivery_id', '=', handled.deliveryId).execute();
    await store.db.updateTable('webhook_inbox').set({ processed_at: old, last_error: 'bad payload' }).where('delivery_id', '=', failed.deliveryId).execute();
    expect(await pruneDeliveries(store.db, 7200)).toBe(0);
    expect(await pruneDeliveries(store.db, 60)).toBeGreaterThanOrEqual(1);
    const left = (await store.db.selectFrom('webhook_inbox').select('delivery_id').execute()).map((r) => r.delivery_id);
    expect(left).not.toContain(handled.deliveryId);
    expect(left).toEqual(expect.arrayContaining([pending.deliveryId, failed.deliveryId]));
    await store.db.updateTable('webhook_inbox').set({ processed_at: new Date() }).where('delivery_id', '=', pending.deliveryId).execute();
  });

  it('keeps what it accepted when it closes before handling it', async () => {
    const inbox = createInbox(store, { log: quiet });
    const d = delivery();
    await inbox.accept(d);
    await inbox.close();
    await expect(inbox.accept(delivery())).rejects.toThrow('The webhook inbox is closed');
    expect((await claimDeliveries(store.db, 10, 1)).map((c) => c.deliveryId)).toEqual([d.deliveryId]);
  });
});
