import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUEUES,
  createWorkOrder,
  getWorkOrder,
  listDecisions,
  transitionWorkOrder,
  type QueueJob,
  type Store,
} from '../../src/store/index.ts';
import { describeEngines, useFreshStore } from './engines.ts';

const LEASE = 'lease-test';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEngines('queue', (engine) => {
  let store: Store;
  let issue = 0;
  const queued = async () => {
    const r = await createWorkOrder(store, { repository: 'acme/queue', issueNumber: ++issue, trigger: 'label:punchlist' }, { enqueue: false });
    if (!r.created) throw new Error('not created');
    return r.workOrder.id;
  };
  const jobsOf = (id: number, queue = 'work-order') => store.queue.jobs(queue, { data: { workOrderId: id } });

  useFreshStore(engine, (s) => (store = s), { queues: { ...DEFAULT_QUEUES, [LEASE]: { expireInSeconds: 1, retryLimit: 5, retryDelay: 0 } } });

  describe('enqueueing with the state change', () => {
    it('a committed transition has its job', async () => {
      const id = await queued();
      const moved = await transitionWorkOrder(store, { id, from: 'queued', to: 'routed', enqueue: { data: { step: 'propose' } } });
      expect(moved.ok).toBe(true);
      expect((await jobsOf(id)).map((j) => [j.id, j.data])).toEqual([[moved.ok && moved.jobId, { step: 'propose', workOrderId: id }]]);
    });

    it('a rolled-back transition leaves no job', async () => {
      const id = await queued();
      await expect(
        store.transaction(async (tx) => {
          const moved = await transitionWorkOrder(tx, { id, from: 'queued', to: 'routed', decision: { kind: 'routing', conclusion: 'm1' }, enqueue: {} });
          expect(moved.ok).toBe(true);
          throw new Error('process died before commit');
        }),
      ).rejects.toThrow('process died before commit');
      expect((await getWorkOrder(store.db, id))?.state).toBe('queued');
      expect(await listDecisions(store.db, id)).toEqual([]);
      expect(await jobsOf(id)).toEqual([]);
    });

    it('a failed enqueue leaves no state change', async () => {
      const id = await queued();
      // A job already has this id, so the database refuses the second: the send fails inside the transaction.
      const jobId = randomUUID();
      await store.queue.send(store.db, 'work-order', { blocker: true }, { id: jobId });
      await expect(
        transitionWorkOrder(store, { id, from: 'queued', to: 'routed', decision: { kind: 'routing', conclusion: 'm1' }, enqueue: { options: { id: jobId } } }),
      ).rejects.toThrow(/already exists/);
      expect((await getWorkOrder(store.db, id))?.state).toBe('queued');
      expect(await listDecisions(store.db, id)).toEqual([]);
      expect(await jobsOf(id)).toEqual([]);
    });

    it('several operations commit together in one store transaction', async () => {
      const a = await queued();
      const b = await queued();
      await store.transaction(async (tx) => {
        await transitionWorkOrder(tx, { id: a, from: 'queued', to: 'cancelled', decision: { kind: 'skip', conclusion: 'superseded' } });
        await transitionWorkOrder(tx, { id: b, from: 'queued', to: 'routed', enqueue: {} });
      });
      expect([(await getWorkOrder(store.db, a))?.state, (await getWorkOrder(store.db, b))?.state]).toEqual(['cancelled', 'routed']);
      expect(await jobsOf(b)).toHaveLength(1);
    });
  });

  describe('leases', () => {
    // One step of a worker: the state change and the job's completion commit together, or neither does.
    const step = (job: QueueJob<{ workOrderId: number }>, fail = false) =>
      store.transaction(async (tx) => {
        const moved = await transitionWorkOrder(tx, { id: job.data.workOrderId, from: 'queued', to: 'routed', decision: { kind: 'routing', conclusion: `run ${job.retryCount}` } });
        if (!moved.ok) throw new Error(`step refused: ${moved.reason}`);
        if (!(await tx.queue.complete(tx.db, job))) throw new Error('claim lapsed');
        if (fail) throw new Error('worker died');
      });

    it('a job whose worker died runs again after its lease expires, and completes once', async () => {
      const id = await queued();
      await store.queue.send(store.db, LEASE, { workOrderId: id });
      const [claimed] = await store.queue.fetch<{ workOrderId: number }>(LEASE);
      expect(claimed?.data.workOrderId).toBe(id);
      await expect(step(claimed!, true)).rejects.toThrow('worker died');
      expect((await jobsOf(id, LEASE)).map((j) => j.state)).toEqual(['active']);
      expect((await getWorkOrder(store.db, id))?.state).toBe('queued');

      expect(await store.queue.fetch(LEASE)).toEqual([]);
      await sleep(1500);
      await store.queue.supervise(LEASE);
      const [again] = await store.queue.fetch<{ workOrderId: number }>(LEASE);
      expect(again).toMatchObject({ id: claimed!.id, retryCount: 1 });

      // The first claim has lapsed: its late completion cannot settle the job, so its step rolls back.
      await expect(step(claimed!)).rejects.toThrow('claim lapsed');
      await step(again!);
      expect((await jobsOf(id, LEASE)).map((j) => j.state)).toEqual(['completed']);
      expect((await listDecisions(store.db, id)).map((d) => d.conclusion)).toEqual(['run 1']);
    }, 20_000);

    it('a worker whose handler throws gets the job again', async () => {
      const id = await queued();
      const runs: number[] = [];
      await store.queue.send(store.db, LEASE, { workOrderId: id });
      await store.queue.work<{ workOrderId: number }>(LEASE, { pollingIntervalSeconds: 0.5 }, async (job) => {
        if (job.data.workOrderId !== id) return;
        runs.push(job.retryCount);
        if (job.retryCount === 0) throw new Error('model timed out');
        await step(job);
      });
      for (let i = 0; i < 40 && (await getWorkOrder(store.db, id))?.state !== 'routed'; i++) await sleep(250);
      await store.queue.offWork(LEASE);
      expect(runs).toEqual([0, 1]);
      expect((await getWorkOrder(store.db, id))?.state).toBe('routed');
    }, 20_000);

    it('refuses an undeclared queue before touching the database', async () => {
      await expect(store.queue.send(store.db, 'nowhere', {})).rejects.toThrow('Cannot use queue "nowhere"');
    });
  });
});

describe('queue defaults', () => {
  it('work-order jobs have a lease and retries', () => {
    expect(DEFAULT_QUEUES['work-order']).toMatchObject({ expireInSeconds: 900, retryLimit: 20 });
  });
});
