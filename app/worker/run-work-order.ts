import { getWorkOrder, type WorkOrder } from '../../src/store/index.ts';
import { httpStatus } from '../github/repo-ref.ts';
import { updateStatusComment } from '../status/update-status-comment.ts';
import { proposeStep } from './propose-step.ts';
import { routeStep } from './route-step.ts';
import { moveAndComplete, type WorkerDeps, type WorkJob } from './worker-deps.ts';

/** States whose next step this worker takes; a job finding its work order in any other state has nothing to do. */
export const WORKER_STATES = ['queued', 'routed', 'proposing'] as const;

type WorkerState = (typeof WORKER_STATES)[number];

async function step(order: WorkOrder & { state: WorkerState }, job: WorkJob, deps: WorkerDeps): Promise<string> {
  switch (order.state) {
    case 'queued':
      return routeStep(order, job, deps);
    case 'routed':
      await moveAndComplete(deps.store, job, { id: order.id, from: 'routed', to: 'proposing', enqueue: {} });
      return `Asking \`${order.model}\` for a change.`;
    case 'proposing':
      return proposeStep(order, job, deps);
  }
}

// GitHub answers these for a request that will never succeed as sent (gone, forbidden, invalid); retrying is pointless.
function isPermanent(status: number | null): boolean {
  return status !== null && status >= 400 && status < 500 && status !== 429 && status !== 408;
}

/**
 * Runs the next step of a job's work order. Expected ends are decisions; a permanent GitHub refusal fails the
 * work order with a decision; anything else throws, and the queue retries the job with backoff.
 */
export async function runWorkOrder(job: WorkJob, deps: WorkerDeps): Promise<void> {
  const order = await getWorkOrder(deps.store.db, job.data.workOrderId);
  if (!order || !(WORKER_STATES as readonly string[]).includes(order.state)) {
    await deps.store.queue.complete(deps.store.db, job);
    return;
  }
  const current = order as WorkOrder & { state: WorkerState };
  let note: string;
  try {
    note = await step(current, job, deps);
  } catch (error) {
    const status = httpStatus(error);
    if (!isPermanent(status)) throw error;
    note = `GitHub refused a request (${status}): ${(error as Error).message}`;
    await moveAndComplete(deps.store, job, {
      id: order.id,
      from: current.state,
      to: 'failed',
      decision: { kind: 'retry', conclusion: `Stopped: ${note}`, evidence: { status, step: current.state }, next: 'Check the App\'s permissions on the repository, then label the issue again' },
    });
  }
  deps.log.info(`work order ${order.id}: ${note}`);
  await updateStatusComment(deps.store, await deps.github(order.installationId), order.id, note, deps.log.warn);
}
