// The queue of a throw-away store (the App in Actions mode without DATABASE_URL, QueueOptions.throwaway): one
// process, no upkeep, and the same jobs as a lasting store's.
import { afterEach, expect, it } from 'vitest';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.ts';
import { describeEngines, type Fresh } from './engines.ts';

const RETRIED = 'throwaway-retried';
const QUEUES = { 'work-order': { expireInSeconds: 900, heartbeatSeconds: 60, retryLimit: 20 }, [RETRIED]: { retryLimit: 2, retryDelay: 0 } };

describeEngines('a throw-away store\'s queue', (engine) => {
  let fresh: Fresh;
  const open: Store[] = [];
  const openAt = async (options: StoreOptions): Promise<Store> => {
    const store = await openStore({ ...fresh.options, queues: QUEUES, ...options });
    open.push(store);
    return store;
  };
  const closeAll = async () => {
    for (const store of open.splice(0)) await store.close();
  };

  afterEach(async () => {
    await closeAll();
    await fresh?.cleanup();
  });

  it('registers no instance, where a lasting store registers itself', async () => {
    fresh = engine.fresh();
    const lasting = await openAt({ leaseSeconds: 60 });
    expect((await lasting.queue.boss.getInstances()).map((i) => i.supervise)).toEqual([true]);
    await closeAll();
    const throwaway = await openAt({ leaseSeconds: 60, throwaway: true });
    // Only the lasting store's (now stopped) row: the throw-away store left none of its own.
    expect(await throwaway.queue.boss.getInstances()).toHaveLength(1);
  });

  it('updates a queue already declared to this run\'s lease, and installs the queue in an empty database', async () => {
    fresh = engine.fresh();
    const installed = await openAt({ leaseSeconds: 60, throwaway: true });
    expect((await installed.queue.boss.getQueue('work-order'))?.heartbeatSeconds).toBe(60);
    await closeAll();
    const reopened = await openAt({ leaseSeconds: 30, throwaway: true });
    expect((await reopened.queue.boss.getQueue('work-order'))?.heartbeatSeconds).toBe(30);
  });

  it('hands a failed job out again without a supervisor, and completes it once', async () => {
    fresh = engine.fresh();
    const store = await openAt({ throwaway: true });
    const id = await store.queue.send(store.db, RETRIED, { step: 1 });
    const [first] = await store.queue.fetch(RETRIED);
    expect(first).toMatchObject({ id, retryCount: 0 });
    await store.queue.boss.fail(RETRIED, { id, retryCount: 0 }, { message: 'model timed out' });
    const [again] = await store.queue.fetch(RETRIED);
    expect(again).toMatchObject({ id, retryCount: 1 });
    expect(await store.queue.complete(store.db, again!)).toBe(true);
    expect((await store.queue.jobs(RETRIED)).map((j) => j.state)).toEqual(['completed']);
  });
});
