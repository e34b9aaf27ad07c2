import { sql } from 'kysely';
import type { FailureClass } from '../classify/taxonomy.ts';
import type { Executor } from './tables.ts';

// Read-only statistics for routing and for estimating escalation options. Every figure carries its sample count:
// a 100 % success rate over one attempt is not evidence, and the caller decides how much to trust it.

/** Which outcomes to count. */
export interface PatternFilter {
  repository?: string;
  model?: string;
  /** Only outcomes recorded at or after this time. */
  since?: Date;
}

/** Success statistics of one group of attempts. */
export interface SuccessStats {
  samples: number;
  successes: number;
  /** successes / samples. */
  successRate: number;
  meanCostUsd: number;
}

/** Statistics per model × complexity band. */
export interface ModelBandStats extends SuccessStats {
  model: string;
  complexityBand: string;
}

/** Statistics per failure class met during the attempt. */
export interface FailureClassStats extends SuccessStats {
  failureClass: FailureClass;
}

/** Refinement effectiveness at cycle k. */
export interface CycleStats {
  cycle: number;
  /** Attempts that reached cycle k (used at least k cycles). */
  reached: number;
  /** Attempts that succeeded exactly at cycle k. */
  succeeded: number;
  /** P(success at cycle k | reached cycle k). */
  successRate: number;
  /** Attempts that succeeded at cycle k or earlier, over all attempts: P(success within k cycles). */
  cumulativeSuccessRate: number;
}

function outcomes(db: Executor, filter: PatternFilter) {
  let query = db.selectFrom('outcome_vectors as o').innerJoin('work_orders as w', 'w.id', 'o.work_order_id');
  if (filter.repository !== undefined) query = query.where('w.repository', '=', filter.repository);
  if (filter.model !== undefined) query = query.where('o.model', '=', filter.model);
  if (filter.since !== undefined) query = query.where('o.created_at', '>=', filter.since);
  return query;
}

const samples = sql<number>`count(*)`;
const successes = sql<number>`count(*) filter (where o.success)`;
const meanCost = sql<number>`avg(o.cost_usd)`;

function stats(row: { samples: number; successes: number; mean_cost: number }): SuccessStats {
  return { samples: row.samples, successes: row.successes, successRate: row.successes / row.samples, meanCostUsd: row.mean_cost };
}

/** Success rate and mean cost per model × complexity band. */
export async function successByModelAndBand(db: Executor, filter: PatternFilter = {}): Promise<ModelBandStats[]> {
  const rows = await outcomes(db, filter)
    .select(['o.model', 'o.complexity_band'])
    .select([samples.as('samples'), successes.as('successes'), meanCost.as('mean_cost')])
    .groupBy(['o.model', 'o.complexity_band'])
    .orderBy('o.model')
    .orderBy('o.complexity_band')
    .execute();
  return rows.map((r) => ({ model: r.model, complexityBand: r.complexity_band, ...stats(r) }));
}

/** Success rate and mean cost per failure class met during the attempt (attempts never red are not counted). */
export async function successByFailureClass(db: Executor, filter: PatternFilter = {}): Promise<FailureClassStats[]> {
  const rows = await outcomes(db, filter)
    .where('o.failure_class', 'is not', null)
    .select('o.failure_class')
    .select([samples.as('samples'), successes.as('successes'), meanCost.as('mean_cost')])
    .groupBy('o.failure_class')
    .orderBy('o.failure_class')
    .execute();
  return rows.map((r) => ({ failureClass: r.failure_class as FailureClass, ...stats(r) }));
}

/** P(success) at each refinement cycle k, from 0 (the first attempt) to the most cycles any attempt used. */
export async function refinementEffectiveness(db: Executor, filter: PatternFilter = {}): Promise<CycleStats[]> {
  const rows = await outcomes(db, filter)
    .select(['o.cycles', 'o.success'])
    .select(samples.as('n'))
    .groupBy(['o.cycles', 'o.success'])
    .execute();
  const total = rows.reduce((sum, r) => sum + r.n, 0);
  const maxCycle = rows.reduce((max, r) => Math.max(max, r.cycles), -1);
  const result: CycleStats[] = [];
  let succeededSoFar = 0;
  for (let k = 0; k <= maxCycle; k++) {
    const reached = rows.filter((r) => r.cycles >= k).reduce((sum, r) => sum + r.n, 0);
    const succeeded = rows.filter((r) => r.cycles === k && r.success).reduce((sum, r) => sum + r.n, 0);
    succeededSoFar += succeeded;
    result.push({ cycle: k, reached, succeeded, successRate: reached ? succeeded / reached : 0, cumulativeSuccessRate: succeededSoFar / total });
  }
  return result;
}

/** One row of `pattern_confidence`. */
export interface PatternConfidence extends SuccessStats {
  model: string;
  complexityBand: string;
  failureClass: FailureClass | null;
  meanCycles: number;
}

/** The running statistics kept per model × complexity band × failure class (null class: never red). */
export async function getPatternConfidence(
  db: Executor,
  filter: { model?: string; complexityBand?: string; failureClass?: FailureClass | null } = {},
): Promise<PatternConfidence[]> {
  let query = db.selectFrom('pattern_confidence').selectAll();
  if (filter.model !== undefined) query = query.where('model', '=', filter.model);
  if (filter.complexityBand !== undefined) query = query.where('complexity_band', '=', filter.complexityBand);
  if (filter.failureClass === null) query = query.where('failure_class', 'is', null);
  else if (filter.failureClass !== undefined) query = query.where('failure_class', '=', filter.failureClass);
  const rows = await query.orderBy('model').orderBy('complexity_band').orderBy('failure_class').execute();
  return rows.map((r) => ({
    model: r.model,
    complexityBand: r.complexity_band,
    failureClass: r.failure_class,
    samples: r.samples,
    successes: r.successes,
    successRate: r.samples ? r.successes / r.samples : 0,
    meanCostUsd: r.samples ? r.total_cost_usd / r.samples : 0,
    meanCycles: r.samples ? r.total_cycles / r.samples : 0,
  }));
}

/** Which outcomes routing learns from: one installation's (absent: every installation the store holds). */
export interface RoutingOutcomeFilter {
  installationId?: number;
  complexityBand?: string;
  since?: Date;
}

/**
 * Recorded attempts of one model at one complexity band in one repository, after the same earlier models, summed.
 * An attempt is one model from its first CI run until green or a person is asked; its first cycle is that model's
 * try after the `after` models' red results, and each later cycle is the same model refining after its own red.
 * An attempt's cost is split evenly over its cycles (only the sum is recorded).
 */
export interface RoutingOutcomeGroup {
  model: string;
  complexityBand: string;
  repository: string;
  /** The models of the work order's earlier attempts (none of which succeeded), distinct and sorted. */
  after: string[];
  attempts: number;
  /** Attempts green at their first CI run. */
  firstSuccesses: number;
  firstCostUsd: number;
  /** Refinement cycles the attempts used after their own red CI, and how many of those attempts then went green. */
  refineCycles: number;
  refineSuccesses: number;
  refineCostUsd: number;
  /** Attempts whose model a person chose (`/punchlist retry --model NAME`). */
  overrides: number;
}

/**
 * Why a proposal can end with no change that says nothing about the model's work: the provider or the network
 * failed, refused the key, rate-limited or timed out, the model was not configured, or the branch was a person's.
 * Such attempts are left out of routing's statistics (a provider outage must not make a model look weak); a
 * malformed, truncated or empty answer is the model's own and counts.
 */
export const NOT_THE_MODELS_FAULT = ['provider_error', 'network_error', 'rate_limited', 'auth_error', 'timeout', 'aborted', 'not_configured', 'branch_taken'] as const;

/**
 * The attempts routing learns from, grouped per model × band × repository × earlier models. A person's choice is
 * read from the decision log: any decision whose evidence says `override: true` with the attempt and its model
 * (a `/punchlist retry --model NAME`, on an escalated or an ended work order, and the routing it pins); decisions
 * written before that marker existed (no `override` key) count in their old shapes: a `retry` decision naming the
 * model and attempt, or an answer to an escalation that named the model. `override: false` is never one.
 */
export async function routingOutcomeGroups(db: Executor, filter: RoutingOutcomeFilter = {}): Promise<RoutingOutcomeGroup[]> {
  const where = [sql`true`];
  if (filter.installationId !== undefined) where.push(sql`w.installation_id = ${filter.installationId}`);
  if (filter.complexityBand !== undefined) where.push(sql`o.complexity_band = ${filter.complexityBand}`);
  if (filter.since !== undefined) where.push(sql`o.created_at >= ${filter.since}`);
  const result = await sql<{
    model: string;
    complexity_band: string;
    repository: string;
    after: string[];
    attempts: number;
    first_successes: number;
    first_cost: number;
    refine_cycles: number;
    refine_successes: number;
    refine_cost: number;
    overrides: number;
  }>`
    with attempts as (
      select o.model, o.complexity_band, w.repository, o.cycles, o.success, o.cost_usd::float8 as cost,
        coalesce((select jsonb_agg(distinct p.model order by p.model) from outcome_vectors p
                  where p.work_order_id = o.work_order_id and p.attempt < o.attempt), '[]'::jsonb) as after,
        exists (select 1 from decision_logs d where d.work_order_id = o.work_order_id and (
          (d.evidence->>'override' = 'true' and d.evidence->>'model' = o.model and d.evidence->>'attempt' = o.attempt::text)
          or (d.evidence->>'override' is null and (
            (d.kind = 'retry' and d.evidence->>'model' = o.model and d.evidence->>'attempt' = o.attempt::text)
            or (d.kind = 'escalation' and o.attempt > 1 and d.evidence->>'command' = '/punchlist retry --model ' || o.model)
          ))
        )) as override
      from outcome_vectors o join work_orders w on w.id = o.work_order_id
      where ${sql.join(where, sql` and `)}
        and not (o.error_context->>'stage' = 'proposal' and coalesce(o.error_context->>'kind', '') in (${sql.join(NOT_THE_MODELS_FAULT.map((k) => sql`${k}`))}))
    )
    select model, complexity_band, repository, after,
      count(*)::int as attempts,
      (count(*) filter (where success and cycles = 0))::int as first_successes,
      coalesce(sum(cost / (cycles + 1)), 0)::float8 as first_cost,
      coalesce(sum(cycles), 0)::int as refine_cycles,
      (count(*) filter (where success and cycles > 0))::int as refine_successes,
      coalesce(sum(cost * cycles / (cycles + 1)), 0)::float8 as refine_cost,
      (count(*) filter (where override))::int as overrides
    from attempts
    group by model, complexity_band, repository, after
    order by model, complexity_band, repository, after`.execute(db);
  return result.rows.map((r) => ({
    model: r.model,
    complexityBand: r.complexity_band,
    repository: r.repository,
    after: r.after,
    attempts: r.attempts,
    firstSuccesses: r.first_successes,
    firstCostUsd: r.first_cost,
    refineCycles: r.refine_cycles,
    refineSuccesses: r.refine_successes,
    refineCostUsd: r.refine_cost,
    overrides: r.overrides,
  }));
}
