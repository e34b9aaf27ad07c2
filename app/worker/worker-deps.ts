import type { QueueJob, Scope, Store, TransitionRequest, TransitionResult } from '../../src/store/index.ts';
import { transitionWorkOrder } from '../../src/store/index.ts';
import type { GitHub } from '../github/repo-ref.ts';
import type { ModelClient } from '../model/index.ts';
import type { PatternAdvisor, Random } from '../routing/index.ts';

/** What the worker is handed: the store, a client per installation, the model client, the routing advisor and random source. */
export interface WorkerDeps {
  store: Store;
  github(installationId: number | null): Promise<GitHub>;
  models: ModelClient;
  advisor?: PatternAdvisor;
  log: { info(msg: string): void; warn(msg: string): void; error(msg: string): void };
  /** Who holds a work order's step lease while this worker runs a step (default: this process). */
  owner?: string;
  /** How many jobs the worker runs at once (default: `workersFromEnv()`). */
  workers?: number;
  /** The uniform random source learned routing explores with (default Math.random); tests pass a seeded one. */
  random?: Random;
}

/** A claimed work-order job. */
export type WorkJob = QueueJob<{ workOrderId: number }>;

/**
 * Moves the work order and completes the job in one transaction (with `also`'s writes), so a crash leaves all or
 * none. When another
 * worker moved the work order first, this job is done: it completes without writing anything else.
 */
export async function moveAndComplete(store: Store, job: WorkJob, request: TransitionRequest, also?: (tx: Scope) => Promise<void>): Promise<TransitionResult> {
  return store.transaction(async (tx) => {
    const moved = await transitionWorkOrder(tx, request);
    if (!moved.ok && moved.reason === 'illegal_transition') throw new Error(`Cannot move work order ${request.id} from "${request.from}" to "${request.to}"`);
    // What else belongs to the move (an outcome, an escalation) is written only by the worker that made it.
    if (moved.ok && also) await also(tx);
    if (!(await tx.queue.complete(tx.db, job))) throw new Error(`Cannot complete job ${job.id}: its claim lapsed`);
    return moved;
  });
}
