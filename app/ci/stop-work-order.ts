import { getWorkOrder, isFinalState, resolveEscalation, transitionWorkOrder, type Store, type WorkOrder } from '../../src/store/index.ts';
import { httpStatus, splitRepository, type GitHub } from '../github/repo-ref.ts';
import { updateStatusComment } from '../status/update-status-comment.ts';
import { NEEDS_HUMAN_LABEL } from './escalation.ts';
import { syncWorkOrderCheck } from './work-order-check.ts';

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
 * this try again from the new state), resolves an open escalation as answered by the person who stopped it, and
 * removes the needs-human label. Returns the state it was stopped from, or null when it had already ended.
 */
export async function stopWorkOrder(store: Store, github: GitHub, order: WorkOrder, reason: StopReason, log: (msg: string) => void): Promise<string | null> {
  let current: WorkOrder | null = order;
  for (let tries = 0; tries < 5 && current && !isFinalState(current.state); tries++) {
    const from = current.state;
    const moved = await store.transaction(async (tx) => {
      const result = await transitionWorkOrder(tx, {
        id: current!.id,
        from,
        to: 'cancelled',
        patch: { context: { stop: 'cancelled', stoppedBy: reason.by } },
        decision: { kind: 'skip', conclusion: reason.conclusion, evidence: reason.evidence, next: reason.next, key: reason.key },
      });
      if (result.ok && from === 'escalated') await resolveEscalation(tx.db, current!.id, { resolvedBy: reason.by, resolution: `stopped: ${reason.conclusion}` });
      return result.ok;
    });
    if (moved) {
      if (from === 'escalated') {
        try {
          await github.rest.issues.removeLabel({ ...splitRepository(order.repository), issue_number: order.issueNumber, name: NEEDS_HUMAN_LABEL });
        } catch (error) {
          if (httpStatus(error) !== 404) log(`Cannot remove the ${NEEDS_HUMAN_LABEL} label: ${(error as Error).message}`);
        }
      }
      await updateStatusComment(store, github, order.id, reason.conclusion, log);
      await syncWorkOrderCheck(store, github, order.id, log);
      return from;
    }
    current = await getWorkOrder(store.db, order.id);
  }
  return null;
}
