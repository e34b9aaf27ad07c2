import { AsyncLocalStorage } from 'node:async_hooks';
import { renewWorkOrderLease } from '../../src/store/work-order-lease.ts';
import type { Store } from '../../src/store/index.ts';
import type { GitHub } from '../github/repo-ref.ts';
import type { WorkJob } from './worker-deps.ts';

/** Thrown before a side effect of a step whose lane another process took over: nothing more of it may happen. */
export class LaneLostError extends Error {
  override name = 'LaneLostError';
}

/** A work order's lane as one step holds it: the job's claim and the step lease, renewed together while the step runs. */
export interface Lane {
  /** Why the lane was lost (a renewal found the job or the lease taken), or null while it is held. */
  readonly lost: string | null;
  /** Throws `LaneLostError` once the lane is lost: called before every side effect. */
  check(): void;
  /** Stops renewing (the step ended). */
  stop(): void;
}

/** How many renewals fit in one lease: a renewal may fail once or twice (a busy database) before the lease lapses. */
const RENEWALS_PER_LEASE = 3;

/**
 * Holds the lane of `workOrderId` for `job`: every third of the lease, renews the job's heartbeat and the work
 * order's step lease in one go. A live step keeps both however long it waits on a model; a process that dies stops
 * renewing, so both lapse a lease later and another process takes the work order over. A renewal that finds the
 * job or the lease taken marks the lane lost (`check` then throws); one that cannot reach the database is only
 * logged, since the next may.
 */
export function holdLane(store: Store, job: WorkJob, workOrderId: number, owner: string, warn: (msg: string) => void): Lane {
  const seconds = store.queue.leaseSeconds;
  let lost: string | null = null;
  let renewing = false;
  const timer = setInterval(() => {
    if (lost !== null || renewing) return;
    renewing = true;
    Promise.all([store.queue.touch(job), renewWorkOrderLease(store.db, workOrderId, owner, seconds)])
      .then(([jobHeld, leaseHeld]) => {
        if (!jobHeld) lost = `its job ${job.id} was handed to another worker`;
        else if (!leaseHeld) lost = 'its step lease was taken by another process';
        if (lost !== null) warn(`work order ${workOrderId}: this step stops: ${lost}`);
      })
      .catch((error: unknown) => warn(`work order ${workOrderId}: cannot renew the step's lease: ${(error as Error).message}`))
      .finally(() => (renewing = false));
  }, (seconds * 1000) / RENEWALS_PER_LEASE);
  // The renewal never keeps the process alive.
  timer.unref();
  return {
    get lost() {
      return lost;
    },
    check() {
      if (lost !== null) throw new LaneLostError(`Work order ${workOrderId}: ${lost}`);
    },
    stop: () => clearInterval(timer),
  };
}

/** The lane of the step running in this async context (a step's calls all run inside `inLane`). */
const currentLane = new AsyncLocalStorage<Pick<Lane, 'check'>>();

/** Clients that already check the current lane before each request. */
const guarded = new WeakSet<object>();

/** Runs `fn` (a step) in `lane`: every GitHub request it makes through a `guardedGitHub` client checks the lane first. */
export function inLane<T>(lane: Pick<Lane, 'check'>, fn: () => Promise<T>): Promise<T> {
  return currentLane.run(lane, fn);
}

/** Checks the lane of the step running here, if any: for side effects other than GitHub's (a model call). */
export function checkLane(): void {
  currentLane.getStore()?.check();
}

/**
 * The GitHub client, made to check the running step's lane before every request, so a step that lost its lane
 * makes no further call. The hook is added once per client (a client may be shared: Probot hands the same one out
 * when there is no installation) and reads the lane from the async context, so it never outlives a step.
 */
export function guardedGitHub(github: GitHub): GitHub {
  const hook = (github as Partial<GitHub>).hook;
  if (hook && !guarded.has(github)) {
    guarded.add(github);
    hook.before('request', () => checkLane());
  }
  return github;
}
