import { clearWorkOrderLeases, listWorkOrders, releaseBudget, releaseStaleReservations, WORK_ORDER_QUEUE, type QueueJobState } from '../../src/store/index.ts';
import { listIdleReservations } from '../../src/store/work-order-lease.ts';
import { runWorkOrder, WORKER_STATES } from './run-work-order.ts';
import { readContext } from './work-order-context.ts';
import type { WorkerDeps } from './worker-deps.ts';
import { workersFromEnv } from './workers-setting.ts';

/** How far back a restart looks for status comments that lag behind their work order. */
const LAGGING_COMMENT_DAYS = 7;

/** A reservation of no work order older than the longest step (a job's expiry) belongs to a process that died. */
const ORPHAN_RESERVATION_SECONDS = 15 * 60;

/**
 * Releases the budget reservations a dead process left. On PGlite every one is (the data directory is this
 * process's alone); on PostgreSQL those of work orders whose step lease is free or lapsed, since a live step renews
 * its lease for as long as its model call runs.
 */
async function releaseDeadReservations(deps: WorkerDeps): Promise<void> {
  const { store } = deps;
  if (store.engine === 'pglite') {
    await releaseStaleReservations(store.db, 0);
    return;
  }
  for (const id of await listIdleReservations(store.db, ORPHAN_RESERVATION_SECONDS)) await releaseBudget(store.db, id);
}

/**
 * Gives every unfinished work order a job again unless one is waiting. On PGlite only this process uses the
 * store (the data directory is locked), so a job still `active` was left by a process that died; on
 * PostgreSQL another live process may hold it, and its lease expiry is what retries it.
 */
export async function resumeWorkOrders(deps: WorkerDeps): Promise<number[]> {
  const { store } = deps;
  const waiting: QueueJobState[] = store.engine === 'pglite' ? ['created', 'retry'] : ['created', 'retry', 'active'];
  await releaseDeadReservations(deps);
  // A step lease left by a process that died: on PGlite that was this store's only process; on PostgreSQL the
  // lease lapses on its own a lease after its last renewal (src/store/queue.ts), as the queue's job lease does.
  if (store.engine === 'pglite') await clearWorkOrderLeases(store.db);
  const resumed: number[] = [];
  // Work orders whose status comment lags behind their state (a kill between a step and its comment edit) get a
  // job too: it brings the comment up to date, even for a work order that has ended.
  const lagging = (await listWorkOrders(store.db, { afterId: 0, limit: 1000, updatedSince: new Date(Date.now() - LAGGING_COMMENT_DAYS * 86_400_000) })).filter(
    (o) => !(WORKER_STATES as readonly string[]).includes(o.state) && readContext(o).statusShown !== o.state,
  );
  for (const order of [...(await listWorkOrders(store.db, { states: WORKER_STATES })), ...lagging]) {
    const jobs = await store.queue.jobs(WORK_ORDER_QUEUE, { data: { workOrderId: order.id } });
    if (jobs.some((j) => waiting.includes(j.state))) continue;
    await store.queue.send(store.db, WORK_ORDER_QUEUE, { workOrderId: order.id });
    resumed.push(order.id);
  }
  if (resumed.length > 0) deps.log.info(`Resumed work orders ${resumed.join(', ')}`);
  return resumed;
}

/** How long a work order may wait for CI without hearing of it before the App looks for itself. */
export const CI_RECHECK_MS = 10 * 60 * 1000;

/**
 * Asks for an evaluation of every work order that has waited for CI longer than `olderThanMs` with no job
 * waiting: a webhook GitHub failed to deliver (or one sent while the App was down) must not strand it.
 */
export async function recheckCi(deps: WorkerDeps, olderThanMs = CI_RECHECK_MS, now = Date.now()): Promise<number[]> {
  const { store } = deps;
  const asked: number[] = [];
  for (const order of await listWorkOrders(store.db, { states: ['pr_open', 'ci_running'] })) {
    if (now - order.updatedAt.getTime() < olderThanMs) continue;
    const jobs = await store.queue.jobs(WORK_ORDER_QUEUE, { data: { workOrderId: order.id } });
    if (jobs.some((j) => j.state === 'created' || j.state === 'retry' || j.state === 'active')) continue;
    await store.queue.send(store.db, WORK_ORDER_QUEUE, { workOrderId: order.id });
    asked.push(order.id);
  }
  if (asked.length > 0) deps.log.info(`Looking at the CI of work orders ${asked.join(', ')}: no news for ${Math.round(olderThanMs / 60_000)} minutes`);
  return asked;
}

/** Resumes unfinished work orders, then works the work-order queue until the store closes. */
export async function startWorker(deps: WorkerDeps): Promise<void> {
  await resumeWorkOrders(deps);
  const localConcurrency = deps.workers ?? workersFromEnv();
  await deps.store.queue.work<{ workOrderId: number }>(WORK_ORDER_QUEUE, { pollingIntervalSeconds: 0.5, localConcurrency }, (job) => runWorkOrder(job, deps));
  const timer = setInterval(() => {
    recheckCi(deps).catch((error: unknown) => deps.log.warn(`Cannot recheck CI: ${(error as Error).message}`));
  }, CI_RECHECK_MS);
  // The recheck never keeps the process alive; closing the store ends what it could do.
  timer.unref();
}
