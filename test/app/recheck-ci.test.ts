import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recheckCi } from '../../app/worker/start-worker.ts';
import type { WorkerDeps } from '../../app/worker/worker-deps.ts';
import { createWorkOrder, openStore, transitionWorkOrder, WORK_ORDER_QUEUE, type Store, type WorkOrderState } from '../../src/store/index.ts';

describe('recheckCi', () => {
  let dir: string;
  let store: Store;
  let deps: WorkerDeps;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'punchlist-recheck-'));
    store = await openStore({ dataDir: dir });
    deps = { store, github: () => Promise.reject(new Error('no GitHub here')), models: { propose: () => Promise.reject(new Error('no model here')) }, log: { info: () => {}, warn: () => {}, error: () => {} } };
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function orderIn(issueNumber: number, path: WorkOrderState[]): Promise<number> {
    const created = await createWorkOrder(store, { repository: 'acme/app', issueNumber, trigger: 'label:punchlist' }, { enqueue: false });
    if (!created.created) throw new Error('not created');
    let from: WorkOrderState = 'queued';
    for (const to of path) {
      const moved = await transitionWorkOrder(store, { id: created.workOrder.id, from, to });
      if (!moved.ok) throw new Error(moved.reason);
      from = to;
    }
    return created.workOrder.id;
  }

  it('asks for an evaluation of work orders waiting for CI with no news and no job, once', async () => {
    const waiting = await orderIn(1, ['routed', 'proposing', 'pr_open']);
    const running = await orderIn(2, ['routed', 'proposing', 'pr_open', 'ci_running']);
    const done = await orderIn(3, ['routed', 'proposing', 'pr_open', 'ci_running', 'succeeded']);
    const later = Date.now() + 11 * 60 * 1000;
    expect(await recheckCi(deps, 10 * 60 * 1000, Date.now())).toEqual([]);
    expect(await recheckCi(deps, 10 * 60 * 1000, later)).toEqual([waiting, running]);
    // A job is now waiting for each: asking again sends no second one.
    expect(await recheckCi(deps, 10 * 60 * 1000, later)).toEqual([]);
    const jobs = await store.queue.jobs<{ workOrderId: number }>(WORK_ORDER_QUEUE);
    expect(jobs.map((j) => j.data.workOrderId).sort()).toEqual([waiting, running]);
    expect(jobs.some((j) => j.data.workOrderId === done)).toBe(false);
  });
});
