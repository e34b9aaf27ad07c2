import { Probot } from 'probot';
import { getWorkOrder, type Store, type StoreOptions } from '../../src/store/index.ts';
import { createApp } from '../create-app.ts';
import type { GitHub } from '../github/repo-ref.ts';
import { createModelClient } from '../model/index.ts';
import { createStoreAdvisor } from '../routing/index.ts';
import { runWorkOrder } from '../worker/run-work-order.ts';
import { NO_WORK_ORDER } from '../worker/step-job.ts';
import type { WorkerDeps } from '../worker/worker-deps.ts';
import { readActionInputs, type ActionInputs, type RunnerEnv } from './action-inputs.ts';
import { drainQueue, type DrainResult } from './drain-queue.ts';
import { openActionStore, type ActionStore } from './open-action-store.ts';
import type { StoreProcess } from './store-process.ts';
import { noteThrowawayStore } from './throwaway-store-notes.ts';
import { oneLine, type ActionLog } from './workflow-commands.ts';
import { readWorkflowEvent, type WorkflowEvent } from './workflow-event.ts';

/** What one run of the App's action is handed: the runner's process as plain values, so tests can pass their own. */
export interface RunEventDeps {
  env: RunnerEnv;
  readFile(path: string): string;
  log: ActionLog;
  openStore?: (options: StoreOptions) => Promise<Store>;
  /** The build's pre-made PGlite data directory (dist/app-pgdata.tgz), used when there is no DATABASE_URL. */
  seed?: string | null;
  /** The run's store process serving the throw-away store (app/action-main.ts); used instead of `seed`. */
  storeProcess?: Pick<StoreProcess, 'ready'> | null;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  cwd?: string;
}

/** One line for any error: an aggregated webhook error lists its parts; a network failure adds its cause. */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(describeError).join('; ');
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : null;
  return detail !== null && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message;
}

/** Runs `step`, prefixing what failed to its error, so the one-line fault says which stage it was. */
async function stage<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new Error(`Cannot ${what}: ${describeError(error)}`, { cause: error });
  }
}

/** Whether a work order belongs to the run's repository (the only one the workflow's token reaches). */
function ownership(store: Store, repository: string | null): (workOrderId: number) => Promise<boolean> {
  const known = new Map<number, boolean>();
  return async (workOrderId) => {
    if (repository === null) return true;
    let owned = known.get(workOrderId);
    if (owned === undefined) {
      const order = await getWorkOrder(store.db, workOrderId);
      // A job whose work order is gone does nothing but complete, so any run may take it.
      owned = order === null || order.repository.toLowerCase() === repository.toLowerCase();
      known.set(workOrderId, owned);
    }
    return owned;
  };
}

/**
 * The work orders this run leaves with work a worker could still do, and why: its last attempt failed, or its job
 * was still queued when the time limit came. One waiting on CI (or on a person) is not unfinished: an event moves it.
 */
function unfinishedOrders(drained: DrainResult, maxMinutes: number): Map<number, string> {
  const unfinished = new Map(drained.faults);
  if (drained.ended === 'time_limit') {
    for (const id of drained.waiting) if (!unfinished.has(id)) unfinished.set(id, `the ${maxMinutes}-minute limit (max-minutes) came first`);
  }
  return unfinished;
}

function eventLabel(event: WorkflowEvent): string {
  const action = event.payload.action;
  return typeof action === 'string' ? `${event.name}.${action}` : event.name;
}

/** Feeds the event to the App, works the queue it filled, and says what is left; returns the exit code. */
async function handleEvent(opened: ActionStore, inputs: ActionInputs, event: WorkflowEvent, deps: RunEventDeps, startedAt: number): Promise<number> {
  const { store, lasting } = opened;
  const { log } = deps;
  const probot = new Probot({ githubToken: inputs.githubToken, baseUrl: inputs.apiUrl, logLevel: deps.env.RUNNER_DEBUG === '1' ? 'debug' : 'info' });
  const models = createModelClient({ endpoints: inputs.endpoints });
  await probot.load(createApp({ store, models, worker: false }), { cwd: deps.cwd ?? process.cwd(), addHandler: () => {} });
  const label = eventLabel(event);
  log.info(`Punchlist: handling ${label} (delivery ${event.deliveryId}) with ${lasting ? 'the store at DATABASE_URL' : 'a store that ends with this run (no DATABASE_URL)'}`);
  await stage(`handle the ${label} event`, () => probot.receive({ id: event.deliveryId, name: event.name, payload: event.payload } as Parameters<Probot['receive']>[0]));

  const github = (installationId: number | null): Promise<GitHub> => probot.auth(installationId ?? undefined);
  // As in the server: routing learns from the outcomes in the store (on a throw-away store there are none yet).
  const advisor = createStoreAdvisor(store, { log: { warn: log.warning } });
  const workerDeps: WorkerDeps = { store, models, advisor, github, log: { info: log.info, warn: log.warning, error: log.error } };
  const drained = await drainQueue(store, {
    deadline: startedAt + inputs.maxMinutes * 60_000,
    owns: ownership(store, event.repository),
    run: (job) => runWorkOrder(job, workerDeps),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    log,
  });
  log.info(`Punchlist: ran ${drained.steps} step(s); ${drained.ended === 'idle' ? 'nothing is left to do' : `stopped at the ${inputs.maxMinutes}-minute limit (max-minutes)`}`);

  const unfinished = unfinishedOrders(drained, inputs.maxMinutes);
  if (!lasting) await noteThrowawayStore(store, github, { repository: event.repository, unfinished, log });
  if (unfinished.size === 0) return 0;
  // The event's own step (intake of a label, a command) has no work order yet: the event itself was not handled.
  const eventFault = unfinished.get(NO_WORK_ORDER);
  unfinished.delete(NO_WORK_ORDER);
  const lines = eventFault !== undefined ? [`Cannot handle the ${label} event: ${eventFault}`] : [];
  if (unfinished.size > 0) {
    const where = lasting ? 'its job stays queued at DATABASE_URL for a later run' : 'nothing resumes it without DATABASE_URL';
    lines.push(`${[...unfinished].map(([id, reason]) => `Work order ${id} did not finish: ${reason}`).join('; ')} (${where})`);
  }
  log.error(oneLine(lines.join('; ')));
  return 1;
}

/**
 * The App inside GitHub Actions, for one workflow run: reads the inputs and the event, opens the store (DATABASE_URL,
 * else a PGlite store deleted at the end), lets the App handle the event, works the queue in this process, and
 * closes the store. Exit code 0 when the event was handled (refusals and failed work orders are decisions, not
 * faults); 1 with one `::error::` line on a fault.
 */
export async function runEvent(deps: RunEventDeps): Promise<number> {
  const now = deps.now ?? Date.now;
  try {
    const event = readWorkflowEvent(deps.env, deps.readFile);
    const inputs = readActionInputs(deps.env);
    const startedAt = now();
    const opened = await stage('open the store', () => openActionStore(inputs.databaseUrl, deps.env, deps.openStore, { seed: deps.seed ?? null, server: deps.storeProcess ?? null, warn: deps.log.warning }));
    try {
      return await handleEvent(opened, inputs, event, deps, startedAt);
    } finally {
      await opened.close().catch((error: unknown) => deps.log.warning(`Cannot close the store: ${describeError(error)}`));
    }
  } catch (error) {
    deps.log.error(oneLine(describeError(error)));
    return 1;
  }
}
