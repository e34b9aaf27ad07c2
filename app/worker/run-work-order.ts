import { getWorkOrder, type WorkOrder } from '../../src/store/index.ts';
import { evaluateCiStep } from '../ci/evaluate-ci-step.ts';
import { postEscalationStep } from '../ci/post-escalation-step.ts';
import { refineStep } from '../ci/refine-step.ts';
import { syncWorkOrderCheck } from '../ci/work-order-check.ts';
import { httpStatus } from '../github/repo-ref.ts';
import { updateStatusComment } from '../status/update-status-comment.ts';
import { proposeStep } from './propose-step.ts';
import { routeStep } from './route-step.ts';
import { moveAndComplete, type WorkerDeps, type WorkJob } from './worker-deps.ts';

/** States whose next step this worker takes; a job finding its work order in any other state has nothing to do. */
export const WORKER_STATES = ['queued', 'routed', 'proposing', 'pr_open', 'ci_running', 'refining', 'escalated'] as const;

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
    case 'pr_open':
    case 'ci_running':
      return evaluateCiStep(order as WorkOrder & { state: 'pr_open' | 'ci_running' }, job, deps);
    case 'refining':
      return refineStep(order, job, deps);
    case 'escalated':
      return postEscalationStep(order, job, deps);
  }
}

// GitHub answers these for a request that will never succeed as sent (gone, forbidden, invalid); retrying is pointless.
function isPermanent(status: number | null): boolean {
  return status !== null && status >= 400 && status < 500 && status !== 429 && status !== 408;
}

/**
 * Runs the next step of a job's work order. Expected ends are decisions; a permanent GitHub refusal fails the
 * work order with a decision; anything else throws, and the queue retries the job with backoff. Afterwards the
 * status comment and the work order's check run show what the store now says.
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
  const github = await deps.github(order.installationId);
  // routed → proposing is bookkeeping: the comment already names the model, and every edit costs a paced write.
  if (current.state !== 'routed') await updateStatusComment(deps.store, github, order.id, note, deps.log.warn);
  await syncWorkOrderCheck(deps.store, github, order.id, deps.log.warn);
}
