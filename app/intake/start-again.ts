import { claimDelivery, RETRYABLE_STATES, transitionWorkOrder, type Store, type WorkOrder } from '../../src/store/index.ts';
import type { PunchlistConfig } from '../config/index.ts';
import { attemptContext, currentAttempt, nextAttempt } from '../worker/attempt.ts';
import { contextPatch } from '../worker/work-order-context.ts';

/** Who starts a work order again, and how. */
export interface StartAgainRequest {
  by: string;
  /** `label` (the trigger label added again) or `command` (`/punchlist retry`). */
  via: 'label' | 'command';
  deliveryId: string;
  /** The repository's configuration as it is now: a raised budget or a new model counts. */
  config: PunchlistConfig;
  /** A model a person chose (`/punchlist retry --model NAME`); otherwise routing chooses again. */
  model?: string | null;
}

/** True when a person may start this work order again (it failed, or its budget was spent). */
export function canStartAgain(order: WorkOrder): boolean {
  return RETRYABLE_STATES.includes(order.state);
}

/**
 * Starts a failed or budget-exhausted work order again as a new attempt of the same work order: back to `queued`
 * with a `retry` decision, the configuration read again, and what the last attempt left half-done (its stored
 * answer, its recorded commit) set aside, so the new attempt asks the model afresh. The delivery is claimed in the
 * same transaction, so a redelivered webhook starts nothing twice. False when the delivery was seen or the work
 * order moved meanwhile.
 */
export async function startAgain(store: Store, order: WorkOrder, request: StartAgainRequest): Promise<boolean> {
  const previous = currentAttempt(order);
  const attempt = nextAttempt(previous, request.model ?? '', order.cycle);
  const how = request.via === 'label' ? `added the "${request.config.label}" label again` : `replied \`/punchlist retry${request.model ? ` --model ${request.model}` : ''}\``;
  return store.transaction(async (tx) => {
    if (!(await claimDelivery(tx.db, request.deliveryId, request.via === 'label' ? 'issues.labeled' : 'issue_comment.created')).fresh) return false;
    const moved = await transitionWorkOrder(tx, {
      id: order.id,
      from: order.state,
      to: 'queued',
      patch: {
        context: {
          ...attemptContext(attempt),
          ...contextPatch({
            config: request.config,
            proposal: null,
            pendingCommit: null,
            pendingHead: null,
            ci: {},
            cycleLimit: order.cycle + request.config.max_cycles,
            stop: null,
            pinnedModel: request.model ?? null,
          }),
        },
      },
      decision: {
        kind: 'retry',
        conclusion: `@${request.by} ${how}: attempt ${attempt.number} of work order ${order.id} starts (it had ended ${order.state})`,
        // `override`: a person chose the model; the statistics count the attempt as such (src/store/patterns.ts).
        evidence: { by: request.by, via: request.via, from: order.state, attempt: attempt.number, deliveryId: request.deliveryId, model: request.model ?? null, override: Boolean(request.model) },
        next: request.model ? `Ask "${request.model}" for a change` : 'Route it to a model again',
      },
      enqueue: {},
    });
    return moved.ok;
  });
}
