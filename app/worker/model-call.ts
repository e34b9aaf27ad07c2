import { monthScope, orderScope, releaseBudget, reserveBudget, settleBudget, updateWorkOrder, type JsonObject, type WorkOrder } from '../../src/store/index.ts';
import type { ModelConfig, PunchlistConfig } from '../config/index.ts';
import { buildProposalPrompt, costUsd, PROPOSAL_SYSTEM_PROMPT, type ProposeResult } from '../model/index.ts';
import type { GatheredContext } from './gather-context.ts';
import { checkLane } from './lane.ts';
import type { WorkerDeps } from './worker-deps.ts';

/** The most output a proposal may use; also what the budget reserves for it. */
export const MAX_OUTPUT_TOKENS = 8192;

/** A model call made within the budget, or the budget scope that could not pay for it. */
export type BudgetedCall =
  | { ok: true; result: ProposeResult }
  | { ok: false; conclusion: string; evidence: JsonObject };

/**
 * The prompt of a work order: its issue and criteria, the gathered files and tree, and on a cycle its failures and
 * the failures set aside (not the change's to fix: the model is told to leave them, so it does not chase them).
 */
export function workOrderPrompt(order: WorkOrder, context: Pick<GatheredContext, 'files' | 'tree'>, failures?: readonly string[], setAside?: readonly string[]): string {
  const prompt = buildProposalPrompt({
    title: order.title,
    body: order.body,
    acceptanceCriteria: order.acceptanceCriteria.map((text) => ({ text, checked: false })),
    files: context.files,
    tree: context.tree,
    ...(failures ? { failures } : {}),
  });
  if (!setAside || setAside.length === 0) return prompt;
  return [
    prompt,
    '',
    '## These failures are set aside: they are not this change\'s to fix (known flaky, already failing on the base branch, or quarantined); do not change code for them',
    ...setAside,
  ].join('\n');
}

/** What a call with `prompt` may cost at most: its input at about four characters a token, and a full output. */
export function worstCaseUsd(prompt: string, model: ModelConfig): number {
  return Math.max(costUsd({ inputTokens: Math.ceil((prompt.length + PROPOSAL_SYSTEM_PROMPT.length) / 4), outputTokens: MAX_OUTPUT_TOKENS, reported: true }, model), 0.000001);
}

/**
 * Reserves the worst case against the work order's and the month's budget, calls the model (outside any
 * transaction), and settles the reservation with the real cost in the same transaction that stores what `record`
 * makes of the answer in the work order's context: once the answer is paid for it is kept, so a retried step
 * reuses it (one call, one charge). A fault releases the reservation and throws.
 */
export async function proposeWithinBudget(
  deps: WorkerDeps,
  order: WorkOrder,
  config: PunchlistConfig,
  model: ModelConfig,
  prompt: string,
  record: (result: ProposeResult) => JsonObject,
): Promise<BudgetedCall> {
  const { store } = deps;
  const reservation = await reserveBudget(store.db, {
    amountUsd: worstCaseUsd(prompt, model),
    workOrderId: order.id,
    purpose: `model:${model.name}`,
    limits: [
      { scope: orderScope(order.id), limitUsd: config.budget.per_order },
      { scope: monthScope(order.repository, new Date()), limitUsd: config.budget.per_month },
    ],
  });
  if (!reservation.ok) {
    return {
      ok: false,
      conclusion: `Budget exhausted: "${reservation.scope}" has $${reservation.committedUsd} of $${reservation.limitUsd} committed, and the call may cost $${reservation.requestedUsd}`,
      evidence: reservation as unknown as JsonObject,
    };
  }
  let result: ProposeResult;
  try {
    // A step whose lane another process took over asks the model nothing more (app/worker/lane.ts).
    checkLane();
    result = await deps.models.propose({ model, system: PROPOSAL_SYSTEM_PROMPT, prompt, maxOutputTokens: MAX_OUTPUT_TOKENS, timeoutMs: config.model_timeout_seconds * 1000 });
  } catch (error) {
    await releaseBudget(store.db, reservation.reservationId);
    throw error;
  }
  await store.transaction(async (tx) => {
    await settleBudget(tx.db, reservation.reservationId, result.costUsd);
    await updateWorkOrder(tx, order.id, { context: record(result) });
  });
  return { ok: true, result };
}

/** What a call cost and how it went, for a decision's evidence. */
export function callEvidence(result: ProposeResult): JsonObject {
  return { model: result.model, usage: result.usage, costUsd: result.costUsd, calls: result.calls } as unknown as JsonObject;
}
