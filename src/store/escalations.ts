import { sql, type Selectable } from 'kysely';
import type { FailureClass } from '../classify/taxonomy.ts';
import { json, type Json } from './json.ts';
import type { EscalationsTable, Executor } from './tables.ts';

/** An escalation to a person: why, and the options offered. */
export interface EscalationInput {
  workOrderId: number;
  failureClass: FailureClass | null;
  reason: string;
  /** The concrete options with their estimated cost and success rate, as shown in the comment. */
  options: Json[];
  commentId?: number | null;
}

/** A recorded escalation. */
export interface Escalation {
  id: number;
  workOrderId: number;
  failureClass: FailureClass | null;
  reason: string;
  options: Json[];
  commentId: number | null;
  resolvedBy: string | null;
  resolution: string | null;
  resolvedAt: Date | null;
  createdAt: Date;
}

function toEscalation(row: Selectable<EscalationsTable>): Escalation {
  return {
    id: row.id,
    workOrderId: row.work_order_id,
    failureClass: row.failure_class,
    reason: row.reason,
    options: row.options,
    commentId: row.comment_id,
    resolvedBy: row.resolved_by,
    resolution: row.resolution,
    resolvedAt: row.resolved_at,
    createdAt: row.created_at,
  };
}

/** Opens an escalation; a work order with one still open gets that one back instead of a second. */
export async function openEscalation(
  db: Executor,
  input: EscalationInput,
): Promise<{ ok: true; escalation: Escalation } | { ok: false; reason: 'already_open'; escalation: Escalation }> {
  const row = await db
    .insertInto('escalations')
    .values({
      work_order_id: input.workOrderId,
      failure_class: input.failureClass,
      reason: input.reason,
      options: json(input.options),
      comment_id: input.commentId ?? null,
    })
    .onConflict((oc) => oc.column('work_order_id').where('resolved_at', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row) return { ok: true, escalation: toEscalation(row) };
  const open = await getOpenEscalation(db, input.workOrderId);
  if (!open) throw new Error(`Escalation of work order ${input.workOrderId} conflicted but none is open`);
  return { ok: false, reason: 'already_open', escalation: open };
}

/** Records a person's answer (`resolved_by`) to the open escalation of a work order. */
export async function resolveEscalation(
  db: Executor,
  workOrderId: number,
  answer: { resolvedBy: string; resolution: string },
): Promise<{ ok: true; escalation: Escalation } | { ok: false; reason: 'not_open' }> {
  const row = await db
    .updateTable('escalations')
    .set({ resolved_by: answer.resolvedBy, resolution: answer.resolution, resolved_at: sql<Date>`now()` as unknown as Date })
    .where('work_order_id', '=', workOrderId)
    .where('resolved_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row ? { ok: true, escalation: toEscalation(row) } : { ok: false, reason: 'not_open' };
}

/** Sets the id of the comment that presented an escalation. */
export async function setEscalationComment(db: Executor, escalationId: number, commentId: number): Promise<boolean> {
  const result = await db.updateTable('escalations').set({ comment_id: commentId }).where('id', '=', escalationId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The open escalation of a work order, or null. */
export async function getOpenEscalation(db: Executor, workOrderId: number): Promise<Escalation | null> {
  const row = await db.selectFrom('escalations').selectAll().where('work_order_id', '=', workOrderId).where('resolved_at', 'is', null).executeTakeFirst();
  return row ? toEscalation(row) : null;
}
