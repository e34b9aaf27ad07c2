import { listWorkOrders, releaseStaleReservations, WORK_ORDER_QUEUE, type QueueJobState } from '../../src/store/index.ts';
import { runWorkOrder, WORKER_STATES } from './run-work-order.ts';
import type { WorkerDeps } from './worker-deps.ts';

/** A reservation older than a job's lease belongs to a process that died mid-call. */
const STALE_RESERVATION_SECONDS = 15 * 60;

/**
 * Gives every unfinished work order a job again unless one is waiting. On PGlite only this process uses the
 * store (the data directory is locked), so a job still `active` was left by a process that died; on
 * PostgreSQL another live process may hold it, and its lease expiry is what retries it.
 */
export async function resumeWorkOrders(deps: WorkerDeps): Promise<number[]> {
  const { store } = deps;
  const waiting: QueueJobState[] = store.engine === 'pglite' ? ['created', 'retry'] : ['created', 'retry', 'active'];
  await releaseStaleReservations(store.db, store.engine === 'pglite' ? 0 : STALE_RESERVATION_SECONDS);
  const resumed: number[] = [];
  for (const order of await listWorkOrders(store.db, { states: WORKER_STATES })) {
    const jobs = await store.queue.jobs(WORK_ORDER_QUEUE, { data: { workOrderId: order.id } });
    if (jobs.some((j) => waiting.includes(j.state))) continue;
    await store.queue.send(store.db, WORK_ORDER_QUEUE, { workOrderId: order.id });
    resumed.push(order.id);
  }
  if (resumed.length > 0) deps.log.info(`Resumed work orders ${resumed.join(', ')}`);
  return resumed;
}

/** Resumes unfinished work orders, then works the work-order queue until the store closes. */
export async function startWorker(deps: WorkerDeps): Promise<void> {
  await resumeWorkOrders(deps);
  await deps.store.queue.work<{ workOrderId: number }>(WORK_ORDER_QUEUE, { pollingIntervalSeconds: 0.5 }, (job) => runWorkOrder(job, deps));
}
