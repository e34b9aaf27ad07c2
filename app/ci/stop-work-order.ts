import { getWorkOrder, isFinalState, resolveEscalation, transitionWorkOrder, type Store, type WorkOrder } from '../../src/store/index.ts';
import { contextPatch } from '../worker/work-order-context.ts';

/** Why a work order stops, for its `skip` decision. */
export interface StopReason {
  conclusion: string;
  by: string;
  evidence: Record<string, string | number | boolean | null>;
  next: string;
  /** The decision key that makes a redelivered event a no-op. */
  key: string;
}

/**
 * Cancels an unfinished work order with a `skip` decision (compare-and-set: a step that moves it meanwhile makes
 * this try again from the new state) and resolves an open escalation as answered by the person who stopped it. It
 * only writes and enqueues: the job it enqueues (app/worker/run-work-order.ts) brings the status comment and the
 * work order's check run up to date and removes the needs-human label, so a webhook handler makes no GitHub call.
 * Returns the state it was stopped from, or null when it had already ended.
 */
export async function stopWorkOrder(store: Store, order: WorkOrder, reason: StopReason): Promise<string | null> {
  let current: WorkOrder | null = order;
  for (let tries = 0; tries < 5 && current && !isFinalState(current.state); tries++) {
    const from = current.state;
    const moved = await store.transaction(async (tx) => {
      const result = await transitionWorkOrder(tx, {
        id: current!.id,
        from,
        to: 'cancelled',
        patch: { context: { stop: 'cancelled', stoppedBy: reason.by, ...(from === 'escalated' ? contextPatch({ removeNeedsHuman: true }) : {}) } },
        decision: { kind: 'skip', conclusion: reason.conclusion, evidence: reason.evidence, next: reason.next, key: reason.key },
        enqueue: {},
      });
      if (result.ok && from === 'escalated') await resolveEscalation(tx.db, current!.id, { resolvedBy: reason.by, resolution: `stopped: ${reason.conclusion}` });
      return result.ok;
    });
    if (moved) return from;
    current = await getWorkOrder(store.db, order.id);
  }
  return null;
}
