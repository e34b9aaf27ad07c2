import type { FailureClass } from '../../src/classify/index.ts';
import type { JsonObject, OutcomeInput, WorkOrder } from '../../src/store/index.ts';
import type { ProposeResult, TokenUsage } from '../model/index.ts';
import { contextPatch, readContext, type AttemptRecord } from './work-order-context.ts';

/**
 * One attempt at a work order: a model from its routing (or a person's retry) until CI is green or a person is
 * asked. Kept in the work order's context and summed at each model call, so the outcome vector of the attempt is
 * exact however often a step is redone.
 */
export type { AttemptRecord } from './work-order-context.ts';

/** A call's size when the work order has made none to measure (about a short prompt and a medium answer). */
const DEFAULT_CALL = { inputTokens: 6000, outputTokens: 2000 };

/** What the next model call will likely use: the last call's size, else a stated default. */
export function nextCallEstimate(attempt: AttemptRecord): TokenUsage {
  return { ...(attempt.lastCall ?? DEFAULT_CALL), reported: true };
}

/** The attempt in progress (the first one when none was recorded). */
export function currentAttempt(order: WorkOrder): AttemptRecord {
  const stored = readContext(order).attempt;
  if (stored) return stored;
  return { number: 1, model: order.model ?? '', startedAt: order.createdAt.toISOString(), startCycle: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, lastCall: null };
}

/** The attempt after a model call. */
export function withCall(attempt: AttemptRecord, result: Pick<ProposeResult, 'usage' | 'costUsd'>): AttemptRecord {
  return {
    ...attempt,
    inputTokens: attempt.inputTokens + result.usage.inputTokens,
    outputTokens: attempt.outputTokens + result.usage.outputTokens,
    costUsd: attempt.costUsd + result.costUsd,
    lastCall: { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens },
  };
}

/**
 * The next attempt, with `model`. `cycle` is the work order's cycle its first change leaves it at: its own
 * refinement cycles are counted from there, so an attempt green at its first change records 0 cycles (a hand-over
 * after a red CI makes that change as cycle `order.cycle + 1`; a new proposal, as cycle `order.cycle`).
 */
export function nextAttempt(previous: AttemptRecord, model: string, cycle: number, now = new Date()): AttemptRecord {
  return { number: previous.number + 1, model, startedAt: now.toISOString(), startCycle: cycle, inputTokens: 0, outputTokens: 0, costUsd: 0, lastCall: previous.lastCall };
}

/** The attempt as context to store. */
export function attemptContext(attempt: AttemptRecord): JsonObject {
  return contextPatch({ attempt });
}

/** The outcome vector of the attempt in progress. */
export function attemptOutcome(
  order: WorkOrder,
  end: { success: boolean; flaky?: boolean; failureClass?: FailureClass | null; errorContext?: JsonObject },
  now = new Date(),
): OutcomeInput {
  const attempt = currentAttempt(order);
  return {
    workOrderId: order.id,
    attempt: attempt.number,
    model: attempt.model || (order.model ?? 'unrouted'),
    complexity: order.complexity,
    complexityBand: order.complexityBand ?? '0',
    cycles: Math.max(0, order.cycle - attempt.startCycle),
    inputTokens: attempt.inputTokens,
    outputTokens: attempt.outputTokens,
    costUsd: attempt.costUsd,
    durationMs: Math.max(0, now.getTime() - Date.parse(attempt.startedAt)),
    success: end.success,
    failureClass: end.failureClass ?? null,
    ...(end.errorContext ? { errorContext: end.errorContext } : {}),
    flaky: end.flaky ?? false,
  };
}
