import { randomUUID } from 'node:crypto';
import { claimWorkOrderLease, getWorkOrder, listDecisions, releaseWorkOrderLease, updateWorkOrder, WORK_ORDER_QUEUE, type WorkOrder } from '../../src/store/index.ts';
import { NEEDS_HUMAN_LABEL } from '../ci/escalation.ts';
import { evaluateCiStep } from '../ci/evaluate-ci-step.ts';
import { postEscalationStep } from '../ci/post-escalation-step.ts';
import { refineStep } from '../ci/refine-step.ts';
import { syncWorkOrderCheck } from '../ci/work-order-check.ts';
import { classifyGitHubError, isGitHubError } from '../github/github-answer.ts';
import { httpStatus, splitRepository, type GitHub } from '../github/repo-ref.ts';
import { updateStatusComment } from '../status/update-status-comment.ts';
import { proposeStep } from './propose-step.ts';
import { retryAdvice } from './retry-advice.ts';
import { guardedGitHub, holdLane, inLane, LaneLostError, type Lane } from './lane.ts';
import { commandStep } from '../ci/commands.ts';
import { recordRunStep } from '../history/record-run-step.ts';
import { intakeStep } from '../intake/handle-issue-labeled.ts';
import { routeStep } from './route-step.ts';
import { NO_WORK_ORDER, type StepJobData } from './step-job.ts';
import { buildStepContext, type StepContext } from './step-context.ts';
import { contextPatch, readContext } from './work-order-context.ts';
import { moveAndComplete, type WorkerDeps, type WorkJob } from './worker-deps.ts';

/** States whose next step this worker takes; a job finding its work order in any other state has nothing to do. */
export const WORKER_STATES = ['queued', 'routed', 'proposing', 'pr_open', 'ci_running', 'refining', 'escalated'] as const;

type WorkerState = (typeof WORKER_STATES)[number];

async function step(state: WorkerState, ctx: StepContext): Promise<string> {
  const { order, job, deps } = ctx;
  switch (state) {
    case 'queued':
      return routeStep(ctx);
    case 'routed':
      await moveAndComplete(deps.store, job, { id: order.id, from: 'routed', to: 'proposing', enqueue: {} });
      return `Asking \`${order.model}\` for a change.`;
    case 'proposing':
      return proposeStep(ctx);
    case 'pr_open':
    case 'ci_running':
      return evaluateCiStep(ctx as StepContext & { order: WorkOrder & { state: 'pr_open' | 'ci_running' } });
    case 'refining':
      return refineStep(ctx);
    case 'escalated':
      return postEscalationStep(ctx);
  }
}

/** How long a job waits when another process is running a step of the same work order. */
const BUSY_WAIT_SECONDS = 2;

/** How long a status comment that could not be written waits before the next try. */
const STATUS_RETRY_SECONDS = 5;

/** How many times in a row a work order's step may be put off by GitHub before it stops waiting. */
const MAX_GITHUB_WAITS = 30;

/** The lease owner of this process: one per process, so its own retried jobs take the lease back at once. */
const PROCESS_OWNER = `${process.pid}-${randomUUID()}`;

/** A job data of a work order's step, with how often GitHub has put this step off. */
type JobData = { workOrderId: number; githubWaits?: number } & Record<string, unknown>;

/**
 * The lanes this process's workers are in now. The worker runs several jobs at once (a slow model call must not hold
 * every other work order), and the step lease is the process's (see PROCESS_OWNER): two jobs of one work order in
 * this process would both hold it. So each job first takes its lane here: a work order's steps and commands share
 * one, an issue's intake has its own, and a job whose lane is taken waits its turn as for another process.
 */
const running = new Set<string>();

/** The lane of a job: what it must not run beside. */
export function laneOf(data: StepJobData): string {
  if (data.intake) return `issue:${data.intake.repository}#${data.intake.issue.number}`;
  if (data.runResults) return `run:${data.runResults.repository}/${data.runResults.runId}`;
  if (data.command && data.workOrderId === NO_WORK_ORDER) return `issue:${data.command.repository}#${data.command.number}`;
  return `order:${data.workOrderId}`;
}

/**
 * Runs a delivery's step (intake, a person's command, or a finished run's test results): the webhook handler wrote
 * its facts into the job. The
 * step is idempotent; a throw retries the job with backoff, as any step's.
 */
async function runDeliveryStep(job: WorkJob, data: StepJobData, deps: WorkerDeps): Promise<void> {
  const log = { info: deps.log.info, warn: deps.log.warn };
  if (data.intake) {
    const github = await deps.github(data.intake.installationId);
    const outcome = await intakeStep(data.intake, github, { store: deps.store, log });
    deps.log.info(`intake of ${data.intake.repository}#${data.intake.issue.number} (delivery ${data.intake.deliveryId}): ${outcome}`);
  } else if (data.command) {
    const order = await getWorkOrder(deps.store.db, data.workOrderId);
    const github = await deps.github(order?.installationId ?? null);
    const outcome = await commandStep(data.command, github, deps.store);
    deps.log.info(`command on ${data.command.repository}#${data.command.number} (delivery ${data.command.deliveryId}): ${outcome}`);
  } else if (data.runResults) {
    const run = data.runResults;
    const github = await deps.github(run.installationId);
    const outcome = await recordRunStep(run, github, deps.store);
    deps.log.info(`test results of ${run.repository} run ${run.runId} attempt ${run.runAttempt}: ${outcome}`);
  }
  await deps.store.queue.complete(deps.store.db, job);
}

/**
 * Ends this run of a job and schedules the same job again after `seconds`, in one transaction: the wait outlives
 * a restart, and the worker serves other work orders meanwhile.
 */
async function later(deps: WorkerDeps, job: WorkJob, seconds: number, data: JobData): Promise<void> {
  await deps.store.transaction(async (tx) => {
    if (!(await tx.queue.complete(tx.db, job))) throw new Error(`Cannot complete job ${job.id}: its claim lapsed`);
    await tx.queue.send(tx.db, WORK_ORDER_QUEUE, data, { startAfter: Math.max(1, Math.ceil(seconds)) });
  });
}

/**
 * Runs the next step of a job's work order, in the work order's one lane: a process runs a step only while it
 * holds the work order's lease, so two processes never work the same work order at once (the other's job waits its
 * turn). Expected ends are decisions; GitHub's refusals are classified (app/github/github-answer.ts): a transient
 * one schedules the step again after the wait GitHub asked for, a permanent one fails the work order with advice
 * naming the cause; anything else throws, and the queue retries the job with backoff. Afterwards the status comment
 * and the work order's check run show what the store now says.
 */
export async function runWorkOrder(job: WorkJob, deps: WorkerDeps): Promise<void> {
  const step = job.data as StepJobData;
  const lane = `${deps.owner ?? PROCESS_OWNER} ${laneOf(step)}`;
  if (running.has(lane)) {
    deps.log.info(`${laneOf(step)}: another of this process's workers is in its lane; this job waits its turn`);
    await later(deps, job, BUSY_WAIT_SECONDS, job.data as JobData);
    return;
  }
  running.add(lane);
  try {
    if (step.intake || step.command || step.runResults) await runDeliveryStep(job, step, deps);
    else await runWorkOrderStep(job, deps);
  } finally {
    running.delete(lane);
  }
}

async function runWorkOrderStep(job: WorkJob, deps: WorkerDeps): Promise<void> {
  const data = job.data as JobData;
  const order = await getWorkOrder(deps.store.db, data.workOrderId);
  if (!order) {
    await deps.store.queue.complete(deps.store.db, job);
    return;
  }
  const owner = deps.owner ?? PROCESS_OWNER;
  // The step lease lasts as long as the job's (src/store/queue.ts) and is renewed with it while the step runs.
  if (!(await claimWorkOrderLease(deps.store.db, order.id, owner, deps.store.queue.leaseSeconds))) {
    deps.log.info(`work order ${order.id}: another process is running one of its steps; this job waits its turn`);
    await later(deps, job, BUSY_WAIT_SECONDS, data);
    return;
  }
  const lane = holdLane(deps.store, job, order.id, owner, deps.log.warn);
  try {
    await inLane(lane, () => runInLane(order, job, data, deps, lane));
  } catch (error) {
    // Another process has the work order now: this run leaves everything to it (its job cannot settle anyway).
    if (!(error instanceof LaneLostError)) throw error;
    deps.log.warn(error.message);
    return;
  } finally {
    lane.stop();
    if (lane.lost === null) await releaseWorkOrderLease(deps.store.db, order.id, owner);
  }
}

/**
 * Takes the `punchlist:needs-human` label off the issue when a person's answer or stop asked for it (their webhook
 * handler only wrote that down). Best effort: a label already gone is fine; another failure is logged, and the
 * work order's next job tries again.
 */
async function removeNeedsHuman(order: WorkOrder, github: GitHub, deps: WorkerDeps): Promise<void> {
  if (!readContext(order).removeNeedsHuman) return;
  try {
    await github.rest.issues.removeLabel({ ...splitRepository(order.repository), issue_number: order.issueNumber, name: NEEDS_HUMAN_LABEL });
  } catch (error) {
    if (httpStatus(error) !== 404) {
      deps.log.warn(`work order ${order.id}: cannot remove the ${NEEDS_HUMAN_LABEL} label: ${(error as Error).message}`);
      return;
    }
  }
  await updateWorkOrder(deps.store, order.id, { context: contextPatch({ removeNeedsHuman: null }) });
}

async function runInLane(order: WorkOrder, job: WorkJob, data: JobData, deps: WorkerDeps, lane: Lane): Promise<void> {
  if (!(WORKER_STATES as readonly string[]).includes(order.state)) {
    // No step to take. A work order a person stopped (or one killed before its comment was updated) gets its label,
    // status comment and check run brought up to date here: the stop's handler only wrote and enqueued.
    const context = readContext(order);
    if (context.statusShown !== order.state || context.removeNeedsHuman) {
      const github = guardedGitHub(await deps.github(order.installationId));
      await removeNeedsHuman(order, github, deps);
      if (context.statusShown !== order.state) {
        const last = (await listDecisions(deps.store.db, order.id)).at(-1);
        const waits = (data.githubWaits ?? 0) + 1;
        if (!(await updateStatusComment(deps.store, github, order.id, last?.conclusion ?? '', deps.log.warn, { create: true })) && waits <= MAX_GITHUB_WAITS) {
          await later(deps, job, STATUS_RETRY_SECONDS, { ...data, githubWaits: waits });
          return;
        }
        await syncWorkOrderCheck(deps.store, github, order.id, deps.log.warn);
      }
    }
    await deps.store.queue.complete(deps.store.db, job);
    return;
  }
  const ctx = await buildStepContext(order, job, deps, lane);
  const { github } = ctx;
  if (readContext(order).removeNeedsHuman) await removeNeedsHuman(order, github, deps);
  const current = order as WorkOrder & { state: WorkerState };
  let note: string;
  try {
    note = await step(current.state, ctx);
  } catch (error) {
    if (!isGitHubError(error)) throw error;
    const answer = classifyGitHubError(error);
    const waits = (data.githubWaits ?? 0) + 1;
    if (answer.kind === 'transient' && waits <= MAX_GITHUB_WAITS) {
      deps.log.warn(`work order ${order.id}: ${answer.reason}; the ${current.state} step runs again in ${answer.retryAfterSeconds} s (wait ${waits} of ${MAX_GITHUB_WAITS})`);
      await later(deps, job, answer.retryAfterSeconds, { ...data, githubWaits: waits });
      return;
    }
    const why =
      answer.kind === 'permanent'
        ? { reason: answer.reason, advice: answer.advice }
        : answer.kind === 'transient'
          ? { reason: `${answer.reason}, ${MAX_GITHUB_WAITS} times in a row`, advice: `Check https://www.githubstatus.com, then ${retryAdvice()}` }
          : { reason: `${answer.reason} (${answer.status}), and the ${current.state} step could not go on from there`, advice: `Look at the issue's pull request and branch, then ${retryAdvice()}` };
    note = `Stopped: ${why.reason}`;
    await moveAndComplete(deps.store, job, {
      id: order.id,
      from: current.state,
      to: 'failed',
      patch: { context: { stop: 'failed' } },
      decision: { kind: 'retry', conclusion: note, evidence: { status: answer.status, kind: answer.kind, step: current.state }, next: why.advice },
    });
  }
  deps.log.info(`work order ${order.id}: ${note}`);
  // routed → proposing is bookkeeping: the comment already names the model, and every edit costs a paced write.
  const waits = (data.githubWaits ?? 0) + 1;
  const shown = current.state === 'routed' || (await updateStatusComment(deps.store, github, order.id, note, deps.log.warn, { create: true }));
  // The comment's writer logs its failures; one that failed because the lane was lost ends this run here.
  lane.check();
  if (!shown && waits <= MAX_GITHUB_WAITS) {
    // The step is done but its comment is not: a job for the work order comes back to it, so it never stays stale.
    await deps.store.queue.send(deps.store.db, WORK_ORDER_QUEUE, { workOrderId: order.id, githubWaits: waits }, { startAfter: STATUS_RETRY_SECONDS });
  }
  await syncWorkOrderCheck(deps.store, github, order.id, deps.log.warn);
}
