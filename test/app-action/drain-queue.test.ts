import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainQueue, type DrainOptions } from '../../app/action/drain-queue.ts';
import type { WorkJob } from '../../app/worker/worker-deps.ts';
import { DEFAULT_QUEUES, openStore, WORK_ORDER_QUEUE, type Store } from '../../src/store/index.ts';

// Retries one second apart, without backoff, so a retry falls due within a test.
const QUEUES = { ...DEFAULT_QUEUES, [WORK_ORDER_QUEUE]: { expireInSeconds: 60, retryLimit: 5, retryDelay: 1, retryBackoff: false } };

describe('drainQueue: one run works the work-order queue in its own process', () => {
  let store: Store;
  let dataDir: string;
  const warnings: string[] = [];
  const log = { info: () => {}, warning: (m: string) => warnings.push(m) };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'punchlist-drain-'));
    store = await openStore({ dataDir, queues: QUEUES });
  });

  afterAll(async () => {
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const send = (workOrderId: number, startAfter?: number) => store.queue.send(store.db, WORK_ORDER_QUEUE, { workOrderId }, startAfter ? { startAfter } : {});
  // Each test owns its own work-order ids, so jobs left by another test are not its business.
  const ownsOnly = (...ids: number[]) => async (id: number) => ids.includes(id);
  const recordAndComplete = (ran: number[]) => async (job: WorkJob) => {
    ran.push(job.data.workOrderId);
    await store.queue.complete(store.db, job);
  };
  const drain = (options: Partial<DrainOptions> & Pick<DrainOptions, 'owns' | 'run'>) => drainQueue(store, { deadline: Date.now() + 60_000, log, ...options });

  it('runs each ready job, and the jobs they enqueue, until nothing is left', async () => {
    await send(1);
    const ran: number[] = [];
    const result = await drain({
      owns: ownsOnly(1, 2),
      run: async (job: WorkJob) => {
        ran.push(job.data.workOrderId);
        await store.transaction(async (tx) => {
          await tx.queue.complete(tx.db, job);
          if (job.data.workOrderId === 1) await tx.queue.send(tx.db, WORK_ORDER_QUEUE, { workOrderId: 2 });
        });
      },
    });
    expect(ran).toEqual([1, 2]);
    expect(result).toMatchObject({ ended: 'idle', steps: 2, touched: [1, 2], waiting: [] });
    expect(result.faults.size).toBe(0);
  });

  it("hands another repository's job back to the queue without running it", async () => {
    await send(10);
    await send(11);
    const ran: number[] = [];
    const result = await drain({ owns: ownsOnly(11), run: recordAndComplete(ran) });
    expect(ran).toEqual([11]);
    expect(result.touched).toEqual([11]);
    const queued = await store.queue.boss.findJobs<{ workOrderId: number }>(WORK_ORDER_QUEUE, { data: { workOrderId: 10 }, queued: true });
    expect(queued).toHaveLength(1);
    expect(new Date(queued[0]!.startAfter).getTime()).toBeGreaterThan(Date.now() + 20_000);
  });

  it('waits for a failed job to fall due again and runs it, clearing its fault', async () => {
    await send(20);
    let attempts = 0;
    const started = Date.now();
    const result = await drain({
      owns: ownsOnly(20),
      run: async (job) => {
        if (++attempts === 1) throw new Error('GitHub answered 502\nBad Gateway');
        await store.queue.complete(store.db, job);
      },
    });
    expect(attempts).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(result).toMatchObject({ ended: 'idle', steps: 2, touched: [20] });
    expect(result.faults.size).toBe(0);
    expect(warnings.at(-1)).toBe('Work order 20: attempt 1 failed: GitHub answered 502 Bad Gateway; it will be retried');
  });

  it('stops waiting for a work order that failed maxAttempts times, and keeps its last fault', async () => {
    await send(30);
    let attempts = 0;
    const result = await drain({
      owns: ownsOnly(30),
      maxAttempts: 2,
      run: async () => {
        attempts++;
        throw new Error(`model endpoint down (${attempts})`);
      },
    });
    expect(attempts).toBe(2);
    expect(result.ended).toBe('idle');
    expect([...result.faults]).toEqual([[30, 'model endpoint down (2)']]);
    // Its job stays with the queue for a later run on a lasting store.
    expect(result.waiting).toEqual([30]);
  });

  it('ends at the deadline, reporting what is still queued, and runs nothing past it', async () => {
    await send(40);
    await send(41, 3600);
    const ran: number[] = [];
    const stopped = await drain({ owns: ownsOnly(40, 41), deadline: Date.now() - 1, run: async (job) => void ran.push(job.data.workOrderId) });
    expect(ran).toEqual([]);
    expect(stopped).toMatchObject({ ended: 'time_limit', steps: 0, waiting: [40, 41] });

    const onlyFuture = await drain({ owns: ownsOnly(40, 41), run: recordAndComplete(ran) });
    expect(ran).toEqual([40]);
    expect(onlyFuture).toMatchObject({ ended: 'time_limit', waiting: [41] });
  });
});
