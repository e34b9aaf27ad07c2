import { WORK_ORDER_QUEUE, type Store } from '../../src/store/index.ts';
import { NO_WORK_ORDER } from '../worker/step-job.ts';
import type { WorkJob } from '../worker/worker-deps.ts';
import { oneLine } from './workflow-commands.ts';

/** How one run works the queue in its own process, with no worker polling in the background. */
export interface DrainOptions {
  /** Epoch milliseconds after which no further step is started. */
  deadline: number;
  /**
   * Whether this run may work a work order. A shared DATABASE_URL holds other repositories' work orders too, and
   * the workflow's token reaches only its own repository: their jobs are handed back untouched.
   */
  owns(workOrderId: number): Promise<boolean>;
  /** Runs one step of a claimed job (runWorkOrder); a throw is a fault the queue retries with backoff. */
  run(job: WorkJob): Promise<void>;
  /** Failed attempts at one work order after which this run stops waiting for its retries (default 3). */
  maxAttempts?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log: { info(message: string): void; warning(message: string): void };
}

/** How a drain ended and what it left. */
export interface DrainResult {
  /** `idle`: nothing of this run's is left that it would wait for; `time_limit`: the deadline came first. */
  ended: 'idle' | 'time_limit';
  /** Steps run, each a claimed job. */
  steps: number;
  /** Work orders this run took a step of, in the order first taken. */
  touched: number[];
  /** The last fault of each work order whose latest attempt threw. */
  faults: Map<number, string>;
  /** This run's work orders with a job still queued when it ended. */
  waiting: number[];
}

/** Failed attempts at one work order before the run stops waiting for it (pg-boss keeps retrying it after). */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** How long a job handed back waits before anyone claims it, so this run does not claim it again at once. */
const HAND_BACK_SECONDS = 30;

/** The longest sleep between looks at the queue; another process on a shared store may enqueue meanwhile. */
const MAX_SLEEP_MS = 5_000;
const MIN_SLEEP_MS = 100;

type Claimed = WorkJob;

/** Returns a job this run may not work to the queue: completed and sent again, in one transaction. */
async function handBack(store: Store, job: Claimed): Promise<void> {
  await store.transaction(async (tx) => {
    if (!(await tx.queue.complete(tx.db, job))) return;
    await tx.queue.send(tx.db, WORK_ORDER_QUEUE, job.data, { startAfter: HAND_BACK_SECONDS });
  });
}

/** Runs one claimed job; a fault fails the claim (pg-boss schedules the retry) and comes back as its message. */
async function attempt(store: Store, job: Claimed, run: (job: Claimed) => Promise<void>): Promise<string | null> {
  try {
    await run(job);
    return null;
  } catch (error) {
    const message = oneLine(error instanceof Error ? error.message : String(error));
    await store.queue.boss.fail(job.name, { id: job.id, retryCount: job.retryCount }, { message });
    return message;
  }
}

/** This run's queued jobs, other than those it gave up waiting for: the work orders, and when the first is due. */
async function queuedOfOurs(store: Store, owns: (id: number) => Promise<boolean>, givenUp: ReadonlySet<number>): Promise<{ ids: number[]; firstDue: number | null }> {
  const queued = await store.queue.boss.findJobs<{ workOrderId: number }>(WORK_ORDER_QUEUE, { queued: true });
  const ids: number[] = [];
  let firstDue: number | null = null;
  for (const job of queued) {
    const id = job.data.workOrderId;
    if (givenUp.has(id) || !(await owns(id))) continue;
    if (!ids.includes(id)) ids.push(id);
    const due = new Date(job.startAfter).getTime();
    firstDue = firstDue === null ? due : Math.min(firstDue, due);
  }
  return { ids, firstDue };
}

/**
 * Works the work-order queue until nothing of this run's is left to do: claims each ready job and runs it; when
 * only retries are queued, waits for them if they fall due before the deadline. A work order that fails
 * `maxAttempts` times is left to the queue (its job stays, for a later run on a lasting store).
 */
export async function drainQueue(store: Store, options: DrainOptions): Promise<DrainResult> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const touched: number[] = [];
  const faults = new Map<number, string>();
  const failures = new Map<number, number>();
  const givenUp = new Set<number>();
  let steps = 0;
  const end = async (ended: DrainResult['ended']): Promise<DrainResult> => {
    const { ids } = await queuedOfOurs(store, options.owns, new Set());
    return { ended, steps, touched, faults, waiting: ids };
  };

  for (;;) {
    if (now() >= options.deadline) return end('time_limit');
    const [job] = await store.queue.fetch<{ workOrderId: number }>(WORK_ORDER_QUEUE, 1);
    if (job) {
      const id = job.data.workOrderId;
      if (!(await options.owns(id))) {
        await handBack(store, job);
        continue;
      }
      if (!touched.includes(id)) touched.push(id);
      steps++;
      const fault = await attempt(store, job, options.run);
      if (fault === null) {
        faults.delete(id);
        continue;
      }
      faults.set(id, fault);
      const failed = (failures.get(id) ?? 0) + 1;
      failures.set(id, failed);
      // A delivery's own step (intake, a command) is the run's whole reason: tried once, its failure ends the run
      // with the event named, as the webhook handler's did when it talked to GitHub itself.
      const limit = id === NO_WORK_ORDER ? 1 : maxAttempts;
      if (failed >= limit) givenUp.add(id);
      options.log.warning(`${id === NO_WORK_ORDER ? 'The event\'s step' : `Work order ${id}`}: attempt ${failed} failed: ${fault}${failed >= limit ? '; not waiting for further retries' : '; it will be retried'}`);
      continue;
    }
    const { firstDue } = await queuedOfOurs(store, options.owns, givenUp);
    if (firstDue === null) return end('idle');
    if (firstDue > options.deadline) return end('time_limit');
    await sleep(Math.min(MAX_SLEEP_MS, Math.max(MIN_SLEEP_MS, firstDue - now())));
  }
}
