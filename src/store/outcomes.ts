import { sql, type Selectable } from 'kysely';
import type { FailureClass } from '../classify/taxonomy.ts';
import { json, type JsonObject } from './json.ts';
import { withTransaction } from './scope.ts';
import type { Executor, OutcomeVectorsTable } from './tables.ts';

/**
 * One attempt at a work order. `failureClass` is the primary class of the attempt's last red CI run (null when
 * CI was never red), so "success after test_fail" is countable; `cycles` counts refinement cycles used.
 */
export interface OutcomeInput {
  workOrderId: number;
  attempt: number;
  model: string;
  complexity?: number | null;
  complexityBand: string;
  cycles: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  durationMs: number;
  success: boolean;
  failureClass?: FailureClass | null;
  errorContext?: JsonObject;
  flaky?: boolean;
}

/** A recorded outcome vector. */
export interface Outcome extends Required<Omit<OutcomeInput, 'complexity' | 'failureClass'>> {
  id: number;
  complexity: number | null;
  failureClass: FailureClass | null;
  createdAt: Date;
}

function toOutcome(row: Selectable<OutcomeVectorsTable>): Outcome {
  return {
    id: row.id,
    workOrderId: row.work_order_id,
    attempt: row.attempt,
    model: row.model,
    complexity: row.complexity,
    complexityBand: row.complexity_band,
    cycles: row.cycles,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costUsd: row.cost_usd,
    durationMs: row.duration_ms,
    success: row.success,
    failureClass: row.failure_class,
    errorContext: row.error_context,
    flaky: row.flaky,
    createdAt: row.created_at,
  };
}

/**
 * Records an attempt's outcome once per (work order, attempt) and adds it to `pattern_confidence` in the same
 * transaction, so the statistics count each attempt exactly once however often a step is redone.
 */
export async function recordOutcome(db: Executor, input: OutcomeInput): Promise<{ recorded: boolean; outcome: Outcome }> {
  return withTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('outcome_vectors')
      .values({
        work_order_id: input.workOrderId,
        attempt: input.attempt,
        model: input.model,
        complexity: input.complexity ?? null,
        complexity_band: input.complexityBand,
        cycles: input.cycles,
        input_tokens: input.inputTokens,
        output_tokens: input.outputTokens,
        cost_usd: input.costUsd,
        duration_ms: input.durationMs,
        success: input.success,
        failure_class: input.failureClass ?? null,
        error_context: json(input.errorContext ?? {}),
        flaky: input.flaky ?? false,
      })
      .onConflict((oc) => oc.columns(['work_order_id', 'attempt']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const existing = await trx
        .selectFrom('outcome_vectors')
        .selectAll()
        .where('work_order_id', '=', input.workOrderId)
        .where('attempt', '=', input.attempt)
        .executeTakeFirstOrThrow();
      return { recorded: false, outcome: toOutcome(existing) };
    }
    await trx
      .insertInto('pattern_confidence')
      .values({
        model: row.model,
        complexity_band: row.complexity_band,
        failure_class: row.failure_class,
        samples: 1,
        successes: row.success ? 1 : 0,
        total_cost_usd: row.cost_usd,
        total_cycles: row.cycles,
      })
      .onConflict((oc) =>
        oc.columns(['model', 'complexity_band', 'failure_class']).doUpdateSet({
          samples: sql<number>`pattern_confidence.samples + 1` as unknown as number,
          successes: sql<number>`pattern_confidence.successes + excluded.successes` as unknown as number,
          total_cost_usd: sql<number>`pattern_confidence.total_cost_usd + excluded.total_cost_usd` as unknown as number,
          total_cycles: sql<number>`pattern_confidence.total_cycles + excluded.total_cycles` as unknown as number,
          updated_at: sql<Date>`now()` as unknown as Date,
        }),
      )
      .execute();
    return { recorded: true, outcome: toOutcome(row) };
  });
}

/** Outcomes of a work order, by attempt. */
export async function listOutcomes(db: Executor, workOrderId: number): Promise<Outcome[]> {
  const rows = await db.selectFrom('outcome_vectors').selectAll().where('work_order_id', '=', workOrderId).orderBy('attempt').execute();
  return rows.map(toOutcome);
}
