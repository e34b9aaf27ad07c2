import type { Executor, WorkOrder } from '../../src/store/index.ts';
import type { ModelConfig, PunchlistConfig } from '../config/index.ts';
import { blendedPrice, hasHistory, loadOutcomeStatistics, OutcomeStatistics, planSettings, planWorkOrder, type LearnedRouting, type RoutingPlan } from '../routing/index.ts';
import { readContext } from './work-order-context.ts';
import type { WorkerDeps } from './worker-deps.ts';

/**
 * What learned routing needs for a work order: its configuration, the installation's recorded outcomes (read only
 * under strategy `learned`: the others never plan) and the worker's random source (Math.random unless injected).
 */
export async function learnedRouting(db: Executor, deps: Pick<WorkerDeps, 'random'>, order: Pick<WorkOrder, 'installationId'>, config: PunchlistConfig): Promise<LearnedRouting> {
  const statistics =
    config.routing.strategy === 'learned'
      ? await loadOutcomeStatistics(db, order.installationId === null ? {} : { installationId: order.installationId })
      : new OutcomeStatistics();
  return { config, statistics, random: deps.random ?? Math.random };
}

/**
 * The models the work order may use, in the configuration's order: those of the tier routing required (kept in
 * the context; a work order routed before it was kept falls back to its complexity band), and `current`.
 */
export function allowedModels(order: Pick<WorkOrder, 'id' | 'context' | 'complexityBand'>, config: Pick<PunchlistConfig, 'models'>, current?: string): ModelConfig[] {
  const required = readContext(order).requiredTier ?? Number(order.complexityBand ?? 1);
  // The model of the attempt in progress stays allowed (a person may have chosen one below the tier).
  const allowed = config.models.filter((m) => m.tier >= required || m.name === current);
  // A configuration re-read by a person's retry may have dropped the top tier: every model is better than none.
  return allowed.length > 0 ? allowed : [...config.models];
}

/**
 * The learned plan's estimates for a person's choice after a red CI (the escalation comment's options): planned
 * from where the work order stands on the posterior means, with a hand-over allowed and one more cycle than the
 * work order has used, so every option carries figures whatever stopped it. Null unless strategy `learned` has
 * recorded outcomes at the band.
 */
export async function planForPerson(
  db: Executor,
  order: Pick<WorkOrder, 'id' | 'context' | 'complexityBand' | 'installationId' | 'repository'>,
  config: PunchlistConfig,
  where: { tried: readonly string[]; spentUsd: number },
): Promise<RoutingPlan | null> {
  if (config.routing.strategy !== 'learned') return null;
  const band = order.complexityBand ?? '1';
  const models = allowedModels(order, config, where.tried.at(-1));
  const { statistics } = await learnedRouting(db, {}, order, config);
  if (!hasHistory(statistics, band, models)) return null;
  return planWorkOrder({
    candidates: models.map((m) => ({ name: m.name, blendedPerMtok: blendedPrice(m) })),
    band,
    repository: order.repository,
    statistics,
    settings: { ...planSettings(config), explore: 0, escalateOnRed: true, maxCycles: Math.max(config.max_cycles, where.tried.length) },
    tried: where.tried,
    spentUsd: where.spentUsd,
  });
}
