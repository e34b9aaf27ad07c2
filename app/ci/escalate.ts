import type { FailureClass } from '../../src/classify/index.ts';
import { getWorkOrderSpend, openEscalation, recordOutcome, transitionWorkOrder, type Json, type JsonObject, type Scope, type WorkOrder, type WorkOrderState } from '../../src/store/index.ts';
import type { RoutingPlan } from '../routing/index.ts';
import { attemptContext, attemptOutcome, currentAttempt, type AttemptRecord } from '../worker/attempt.ts';
import { planForPerson } from '../worker/learned-routing.ts';
import { contextPatch, orderConfig, readContext } from '../worker/work-order-context.ts';
import type { WorkJob } from '../worker/worker-deps.ts';
import { fingerprints, type CiFailure } from './ci-failure.ts';
import type { EscalationTrigger } from './decide-ci.ts';
import { escalationOptions, optionsJson, renderEscalationComment, type CycleRecord } from './escalation.ts';

/** The cycles recorded so far. */
export function cycleRecords(order: WorkOrder): CycleRecord[] {
  return readContext(order).cycles ?? [];
}

/** What an escalation needs to say. */
export interface EscalationFacts {
  trigger: EscalationTrigger;
  reason: string;
  primary: FailureClass | null;
  failures: readonly CiFailure[];
  cycles: readonly CycleRecord[];
  /** The attempt as it stands (with the call just made, if any). */
  attempt?: AttemptRecord;
  /** More context to merge into the work order. */
  context?: JsonObject;
  evidence?: JsonObject;
  /**
   * The learned plan whose estimates the options quote (the one that said stop); without one they are planned here
   * from where the work order stands (strategy `learned` with history; otherwise the options quote no plan).
   */
  plan?: RoutingPlan | null;
  /** Failures left out of the decision, one markdown bullet each (app/ci/flakiness.ts describeSetAside). */
  setAside?: readonly string[];
}

/**
 * Hands the work order to a person in one transaction: the move to `escalated` with its `escalation` decision,
 * the escalation row with its options, the attempt's outcome, and the job that posts the comment and the label.
 * `before` moves (pr_open → ci_running) come first in the same transaction. Returns false when another step
 * moved the work order first (nothing is written then).
 */
export async function escalate(tx: Scope, order: WorkOrder, from: WorkOrderState, facts: EscalationFacts): Promise<boolean> {
  const config = orderConfig(order);
  const attempt = facts.attempt ?? currentAttempt(order);
  const spend = await getWorkOrderSpend(tx.db, order.id);
  const plan = facts.plan ?? (await planForPerson(tx.db, order, config, { tried: facts.cycles.map((c) => c.model), spentUsd: spend.spentUsd }));
  const options = await escalationOptions(tx.db, order, config, attempt, facts.primary, facts.trigger, plan);
  const comment = renderEscalationComment({
    order,
    trigger: facts.trigger,
    reason: facts.reason,
    cycles: facts.cycles,
    failures: facts.failures,
    spentUsd: spend.spentUsd,
    budgetUsd: config.budget.per_order,
    options,
    ...(facts.setAside ? { setAside: facts.setAside } : {}),
  });
  const moved = await transitionWorkOrder(tx, {
    id: order.id,
    from,
    to: 'escalated',
    patch: {
      failureClass: facts.primary,
      // The failures stay with the work order: a person's `/punchlist retry` feeds them to the model.
      context: { ...facts.context, ...attemptContext(attempt), ...contextPatch({ cycles: [...facts.cycles], pendingFailures: [...facts.failures], escalationComment: comment }) },
    },
    decision: {
      kind: 'escalation',
      conclusion: `Escalated to a person: ${facts.reason}`,
      evidence: { trigger: facts.trigger, options: optionsJson(options), ...facts.evidence, ...(plan ? { plan: plan as unknown as Json } : {}) },
      next: `Wait for a person to reply ${options.map((o) => `"${o.reply}"`).join(', ')}`,
      failureClass: facts.primary,
    },
    enqueue: {},
  });
  if (!moved.ok) return false;
  await openEscalation(tx.db, { workOrderId: order.id, failureClass: facts.primary, reason: facts.reason, options: optionsJson(options) });
  await recordOutcome(
    tx.db,
    attemptOutcome({ ...order, context: { ...order.context, ...attemptContext(attempt) } }, {
      success: false,
      failureClass: facts.primary,
      errorContext: { trigger: facts.trigger, fingerprints: fingerprints(facts.failures) },
    }),
  );
  return true;
}

/** Completes the job inside the transaction, or throws when its claim lapsed (another worker has it). */
export async function completeIn(tx: Scope, job: WorkJob): Promise<void> {
  if (!(await tx.queue.complete(tx.db, job))) throw new Error(`Cannot complete job ${job.id}: its claim lapsed`);
}
