import { sql, type Updateable } from 'kysely';
import type { FailureClass } from '../classify/taxonomy.ts';
import { recordDecision, type DecisionInput } from './decisions.ts';
import { json, type JsonObject } from './json.ts';
import type { EnqueueOptions } from './queue.ts';
import { inTransaction, type Scope } from './scope.ts';
import type { Executor, WorkOrderRow, WorkOrdersTable } from './tables.ts';
import { canTransition, type WorkOrderState } from './work-order-states.ts';

/** A work order as the App sees it. */
export interface WorkOrder {
  id: number;
  installationId: number | null;
  repository: string;
  repositoryId: number | null;
  issueNumber: number;
  trigger: string;
  deliveryId: string | null;
  state: WorkOrderState;
  title: string;
  body: string;
  author: string | null;
  acceptanceCriteria: string[];
  files: string[];
  branch: string | null;
  prNumber: number | null;
  headSha: string | null;
  /** Every head commit the work order has had, oldest first: CI results are linked by commit. */
  commits: string[];
  statusCommentId: number | null;
  model: string | null;
  complexity: number | null;
  complexityBand: string | null;
  cycle: number;
  failureClass: FailureClass | null;
  /** Free-form notes of the steps, merged key by key, never replaced whole. */
  context: JsonObject;
  createdAt: Date;
  updatedAt: Date;
}

/** What intake knows about a new work order. (repository, issueNumber, trigger) is its idempotency key. */
export interface NewWorkOrder {
  repository: string;
  issueNumber: number;
  trigger: string;
  installationId?: number | null;
  repositoryId?: number | null;
  title?: string;
  body?: string;
  author?: string | null;
  acceptanceCriteria?: string[];
  files?: string[];
  context?: JsonObject;
}

/** Fields a step may set. `context` is merged into the stored object; `headSha` is also appended to `commits`. */
export interface WorkOrderPatch {
  branch?: string | null;
  prNumber?: number | null;
  headSha?: string | null;
  statusCommentId?: number | null;
  model?: string | null;
  complexity?: number | null;
  complexityBand?: string | null;
  cycle?: number;
  failureClass?: FailureClass | null;
  context?: JsonObject;
}

/** A job to send with a state change; its data always carries `workOrderId`. */
export interface JobRequest {
  queue?: string;
  data?: Record<string, unknown>;
  options?: EnqueueOptions;
}

/** The queue a work order's jobs go to unless told otherwise. */
export const WORK_ORDER_QUEUE = 'work-order';

function toWorkOrder(row: WorkOrderRow): WorkOrder {
  return {
    id: row.id,
    installationId: row.installation_id,
    repository: row.repository,
    repositoryId: row.repository_id,
    issueNumber: row.issue_number,
    trigger: row.trigger,
    deliveryId: row.delivery_id,
    state: row.state,
    title: row.title,
    body: row.body,
    author: row.author,
    acceptanceCriteria: row.acceptance_criteria,
    files: row.files,
    branch: row.branch,
    prNumber: row.pr_number,
    headSha: row.head_sha,
    commits: row.commits,
    statusCommentId: row.status_comment_id,
    model: row.model,
    complexity: row.complexity,
    complexityBand: row.complexity_band,
    cycle: row.cycle,
    failureClass: row.failure_class,
    context: row.context,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function patchColumns(patch: WorkOrderPatch): Updateable<WorkOrdersTable> {
  const set: Updateable<WorkOrdersTable> = { updated_at: sql<Date>`now()` as unknown as Date };
  if (patch.branch !== undefined) set.branch = patch.branch;
  if (patch.prNumber !== undefined) set.pr_number = patch.prNumber;
  if (patch.statusCommentId !== undefined) set.status_comment_id = patch.statusCommentId;
  if (patch.model !== undefined) set.model = patch.model;
  if (patch.complexity !== undefined) set.complexity = patch.complexity;
  if (patch.complexityBand !== undefined) set.complexity_band = patch.complexityBand;
  if (patch.cycle !== undefined) set.cycle = patch.cycle;
  if (patch.failureClass !== undefined) set.failure_class = patch.failureClass;
  // Merged in the UPDATE itself, under the row lock: two steps writing different keys both keep theirs.
  if (patch.context !== undefined) set.context = sql<JsonObject>`context || ${json(patch.context)}` as unknown as JsonObject;
  if (patch.headSha !== undefined) {
    set.head_sha = patch.headSha;
    if (patch.headSha !== null) {
      const one = json([patch.headSha]);
      set.commits = sql<string[]>`case when commits @> ${one} then commits else commits || ${one} end` as unknown as string[];
    }
  }
  return set;
}

async function sendJob(tx: Scope, workOrderId: number, job: JobRequest | false | undefined): Promise<string | null> {
  if (job === false || job === undefined) return null;
  return tx.queue.send(tx.db, job.queue ?? WORK_ORDER_QUEUE, { ...job.data, workOrderId }, job.options);
}

/** How a work order came to exist, or why it did not. */
export type CreateWorkOrderResult =
  | { created: true; workOrder: WorkOrder; decisionId: number | null; jobId: string | null }
  | { created: false; reason: 'duplicate_delivery'; workOrder: WorkOrder | null }
  | { created: false; reason: 'duplicate_trigger'; workOrder: WorkOrder };

/** Options of createWorkOrder. */
export interface CreateWorkOrderOptions {
  /** The webhook delivery id: a redelivery is recognised and changes nothing. */
  deliveryId?: string;
  /** The webhook event name stored with the delivery id. */
  event?: string;
  /** An `intake` (or `skip`) decision written with the work order. */
  decision?: Omit<DecisionInput, 'workOrderId'>;
  /** The job that starts the work (default: the work-order queue); `false` sends none. */
  enqueue?: JobRequest | false;
}

/**
 * Writes a work order, its delivery id, its first decision and its first job in one transaction, so a crash
 * leaves all of them or none. A known delivery id or (repository, issue, trigger) writes nothing.
 */
export async function createWorkOrder(scope: Scope, input: NewWorkOrder, options: CreateWorkOrderOptions = {}): Promise<CreateWorkOrderResult> {
  return inTransaction(scope, async (tx) => {
    if (options.deliveryId !== undefined) {
      const fresh = await tx.db
        .insertInto('deliveries')
        .values({ delivery_id: options.deliveryId, event: options.event ?? 'unknown' })
        .onConflict((oc) => oc.column('delivery_id').doNothing())
        .returning('delivery_id')
        .executeTakeFirst();
      if (!fresh) return { created: false, reason: 'duplicate_delivery', workOrder: await findWorkOrderByDelivery(tx.db, options.deliveryId) };
    }
    const row = await tx.db
      .insertInto('work_orders')
      .values({
        repository: input.repository,
        issue_number: input.issueNumber,
        trigger: input.trigger,
        installation_id: input.installationId ?? null,
        repository_id: input.repositoryId ?? null,
        delivery_id: options.deliveryId ?? null,
        title: input.title ?? '',
        body: input.body ?? '',
        author: input.author ?? null,
        acceptance_criteria: json(input.acceptanceCriteria ?? []),
        files: json(input.files ?? []),
        context: json(input.context ?? {}),
      })
      .onConflict((oc) => oc.columns(['repository', 'issue_number', 'trigger']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const existing = await findWorkOrder(tx.db, input);
      if (!existing) throw new Error(`Work order for ${input.repository}#${input.issueNumber} conflicted but cannot be read`);
      return { created: false, reason: 'duplicate_trigger', workOrder: existing };
    }
    const decision = options.decision ? await recordDecision(tx.db, { ...options.decision, workOrderId: row.id }) : null;
    const jobId = await sendJob(tx, row.id, options.enqueue ?? {});
    return { created: true, workOrder: toWorkOrder(row), decisionId: decision?.id ?? null, jobId };
  });
}

/** A checked state change and what travels with it. */
export interface TransitionRequest {
  id: number;
  /** The state the caller believes the work order is in; a different state refuses the change. */
  from: WorkOrderState;
  to: WorkOrderState;
  patch?: WorkOrderPatch;
  /** The decision that explains the move, written in the same transaction. */
  decision?: Omit<DecisionInput, 'workOrderId'>;
  /** The job for the next step, sent in the same transaction. */
  enqueue?: JobRequest;
}

/** The moved work order, or why nothing was written. */
export type TransitionResult =
  | { ok: true; workOrder: WorkOrder; decisionId: number | null; jobId: string | null }
  | { ok: false; reason: 'illegal_transition'; from: WorkOrderState; to: WorkOrderState }
  | { ok: false; reason: 'stale_state'; expected: WorkOrderState; current: WorkOrderState }
  | { ok: false; reason: 'not_found' };

/**
 * Moves a work order from `from` to `to` if that move is legal and it is still in `from` (compare-and-set, so two
 * workers cannot both take the same step), with its patch, decision and next job in one transaction.
 */
export async function transitionWorkOrder(scope: Scope, request: TransitionRequest): Promise<TransitionResult> {
  const { id, from, to } = request;
  if (!canTransition(from, to)) return { ok: false, reason: 'illegal_transition', from, to };
  return inTransaction(scope, async (tx) => {
    const row = await tx.db
      .updateTable('work_orders')
      .set({ ...patchColumns(request.patch ?? {}), state: to })
      .where('id', '=', id)
      .where('state', '=', from)
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const current = await tx.db.selectFrom('work_orders').select('state').where('id', '=', id).executeTakeFirst();
      return current ? { ok: false, reason: 'stale_state', expected: from, current: current.state } : { ok: false, reason: 'not_found' };
    }
    const decision = request.decision ? await recordDecision(tx.db, { ...request.decision, workOrderId: id }) : null;
    const jobId = await sendJob(tx, id, request.enqueue);
    return { ok: true, workOrder: toWorkOrder(row), decisionId: decision?.id ?? null, jobId };
  });
}

/** Sets fields of a work order without moving it (a status comment id, context notes). */
export async function updateWorkOrder(
  scope: Scope,
  id: number,
  patch: WorkOrderPatch,
): Promise<{ ok: true; workOrder: WorkOrder } | { ok: false; reason: 'not_found' }> {
  const row = await scope.db.updateTable('work_orders').set(patchColumns(patch)).where('id', '=', id).returningAll().executeTakeFirst();
  return row ? { ok: true, workOrder: toWorkOrder(row) } : { ok: false, reason: 'not_found' };
}

/** The work order with this id, or null. */
export async function getWorkOrder(db: Executor, id: number): Promise<WorkOrder | null> {
  const row = await db.selectFrom('work_orders').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toWorkOrder(row) : null;
}

/** The work order for (repository, issue, trigger), or null. */
export async function findWorkOrder(db: Executor, key: { repository: string; issueNumber: number; trigger: string }): Promise<WorkOrder | null> {
  const row = await db
    .selectFrom('work_orders')
    .selectAll()
    .where('repository', '=', key.repository)
    .where('issue_number', '=', key.issueNumber)
    .where('trigger', '=', key.trigger)
    .executeTakeFirst();
  return row ? toWorkOrder(row) : null;
}

/** The work order a webhook delivery created, or null. */
export async function findWorkOrderByDelivery(db: Executor, deliveryId: string): Promise<WorkOrder | null> {
  const row = await db.selectFrom('work_orders').selectAll().where('delivery_id', '=', deliveryId).executeTakeFirst();
  return row ? toWorkOrder(row) : null;
}

/** The work order that has (or had) `sha` as a head commit in `repository`, newest first; null when none. */
export async function findWorkOrderByCommit(db: Executor, repository: string, sha: string): Promise<WorkOrder | null> {
  const row = await db
    .selectFrom('work_orders')
    .selectAll()
    .where('repository', '=', repository)
    .where((eb) => eb.or([eb('head_sha', '=', sha), eb(sql<boolean>`commits @> ${json([sha])}`, '=', true)]))
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? toWorkOrder(row) : null;
}

/** The newest work order with this pull request, or null. */
export async function findWorkOrderByPullRequest(db: Executor, repository: string, prNumber: number): Promise<WorkOrder | null> {
  const row = await db
    .selectFrom('work_orders')
    .selectAll()
    .where('repository', '=', repository)
    .where('pr_number', '=', prNumber)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? toWorkOrder(row) : null;
}

/** The newest work order whose branch is `branch` in `repository`, or null. */
export async function findWorkOrderByBranch(db: Executor, repository: string, branch: string): Promise<WorkOrder | null> {
  const row = await db
    .selectFrom('work_orders')
    .selectAll()
    .where('repository', '=', repository)
    .where('branch', '=', branch)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? toWorkOrder(row) : null;
}

/** Every work order of an issue (any trigger), oldest first. */
export async function listWorkOrdersForIssue(db: Executor, repository: string, issueNumber: number): Promise<WorkOrder[]> {
  const rows = await db.selectFrom('work_orders').selectAll().where('repository', '=', repository).where('issue_number', '=', issueNumber).orderBy('id').execute();
  return rows.map(toWorkOrder);
}

/** Work orders by state and repository, oldest first; `afterId` pages. Resume with `{ states: UNFINISHED_STATES }`. */
export async function listWorkOrders(
  db: Executor,
  filter: { states?: readonly WorkOrderState[]; repository?: string; afterId?: number; limit?: number; updatedSince?: Date } = {},
): Promise<WorkOrder[]> {
  let query = db.selectFrom('work_orders').selectAll().orderBy('id').limit(filter.limit ?? 1000);
  if (filter.updatedSince !== undefined) query = query.where('updated_at', '>=', filter.updatedSince);
  if (filter.states) {
    if (filter.states.length === 0) return [];
    query = query.where('state', 'in', filter.states);
  }
  if (filter.repository !== undefined) query = query.where('repository', '=', filter.repository);
  if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId);
  return (await query.execute()).map(toWorkOrder);
}
