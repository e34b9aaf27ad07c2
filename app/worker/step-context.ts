import type { Store, WorkOrder } from '../../src/store/index.ts';
import type { PunchlistConfig } from '../config/index.ts';
import { splitRepository, type GitHub, type RepoRef } from '../github/repo-ref.ts';
import { currentAttempt } from './attempt.ts';
import { guardedGitHub, type Lane } from './lane.ts';
import { orderConfig, type AttemptRecord } from './work-order-context.ts';
import type { WorkerDeps, WorkJob } from './worker-deps.ts';

/**
 * What one step of a work order works with, built once per job (app/worker/run-work-order.ts): the work order as
 * the job found it, its installation's GitHub client (checked against the lane before every request), the
 * repository, the configuration the work order runs under, the attempt in progress, and the store and log.
 */
export interface StepContext {
  readonly order: WorkOrder;
  readonly job: WorkJob;
  readonly deps: WorkerDeps;
  readonly store: Store;
  readonly log: WorkerDeps['log'];
  readonly github: GitHub;
  readonly repo: RepoRef;
  readonly config: PunchlistConfig;
  readonly attempt: AttemptRecord;
  readonly lane: Pick<Lane, 'check' | 'lost'>;
}

/** Builds a step's context: one GitHub client, the config parsed once, the attempt read once. */
export async function buildStepContext(order: WorkOrder, job: WorkJob, deps: WorkerDeps, lane: StepContext['lane']): Promise<StepContext> {
  return {
    order,
    job,
    deps,
    store: deps.store,
    log: deps.log,
    github: guardedGitHub(await deps.github(order.installationId)),
    repo: splitRepository(order.repository),
    config: orderConfig(order),
    attempt: currentAttempt(order),
    lane,
  };
}
