import type { ModelConfig, PunchlistConfig } from '../../config/config-schema.ts';
import { blendedPrice } from '../choose-model.ts';
import type { OutcomeStatistics } from './outcome-statistics.ts';
import { planWorkOrder, type PlanSettings, type RoutingPlan } from './plan-work-order.ts';
import type { Random } from './random.ts';

/** The policy's settings from a repository's configuration. */
export function planSettings(config: Pick<PunchlistConfig, 'routing' | 'max_cycles' | 'budget'>): PlanSettings {
  return {
    explore: config.routing.explore === false ? 0 : config.routing.explore,
    escalateOnRed: config.routing.escalate_on_red,
    allowRefine: true,
    maxCycles: config.max_cycles,
    budgetUsd: config.budget.per_order,
    successWorthUsd: config.routing.worth_per_success,
  };
}

/** What learned routing needs besides the work order: the configuration, the statistics and a random source. */
export interface LearnedRouting {
  config: Pick<PunchlistConfig, 'routing' | 'max_cycles' | 'budget'>;
  statistics: OutcomeStatistics;
  /** Needed when `routing.explore` is above 0; seed it for a reproducible run. */
  random?: Random;
}

/** True when the installation has recorded outcomes of any of these models at the band. */
export function hasHistory(statistics: OutcomeStatistics, band: string, models: readonly ModelConfig[]): boolean {
  return !statistics.isEmpty(band, models.map((m) => m.name));
}

/** The next cycle after a red CI: the model and what it does, or none (stop and ask a person), and why. */
export interface NextCycle {
  /** null: stop and escalate to a person. */
  model: ModelConfig | null;
  kind: 'refine' | 'escalate' | 'stop';
  reason: string;
  /** The learned plan behind it, with its estimates (null for `cheapest` and `fixed`, or without history). */
  plan: RoutingPlan | null;
}

/** Where a work order stands after a red CI. */
export interface NextCycleRequest {
  /** The models allowed for the work order (those whose tier covers its band), in the config file's order. */
  models: readonly ModelConfig[];
  band: string;
  repository: string;
  /** The model of each cycle so far, first attempt first (a refinement repeats its model). */
  tried: readonly string[];
  /** Spent on the work order so far, USD. */
  spentUsd: number;
}

/**
 * Chooses the model of the next refinement cycle after a red CI. `learned` (with history at the band) follows the
 * plan re-drawn from the statistics: the same model refining, another model, or stop; `cheapest` (and `learned`
 * without history) hands over to the next cheapest allowed model not yet tried, refining with the last one when
 * none is left; `fixed` keeps the routed model for every cycle (as the App always did), and so does
 * `escalate_on_red: false`. The budget and `max_cycles` checks of the refinement step still apply on top of this.
 */
export function nextModelAfterRed(request: NextCycleRequest, learned: LearnedRouting): NextCycle {
  const { models, tried } = request;
  const lastName = tried[tried.length - 1];
  const last = models.find((m) => m.name === lastName) ?? null;
  const refine = (why: string): NextCycle => (last ? { model: last, kind: 'refine', reason: `Refine with "${last.name}": ${why}`, plan: null } : { model: null, kind: 'stop', reason: `Stop: the last model "${String(lastName)}" is no longer configured`, plan: null });
  const routing = learned.config.routing;
  if (!routing.escalate_on_red) return refine('"routing.escalate_on_red" is false');
  if (routing.strategy === 'fixed') return refine('"routing.strategy" is "fixed"');
  const untried = models.filter((m) => !tried.includes(m.name));
  if (routing.strategy === 'learned' && hasHistory(learned.statistics, request.band, models)) {
    const plan = planWorkOrder({
      candidates: models.map((m) => ({ name: m.name, blendedPerMtok: blendedPrice(m) })),
      band: request.band,
      repository: request.repository,
      statistics: learned.statistics,
      settings: planSettings(learned.config),
      ...(learned.random ? { random: learned.random } : {}),
      tried,
      spentUsd: request.spentUsd,
    });
    const next = plan.next;
    if (next === null) return { model: null, kind: 'stop', reason: plan.reason, plan };
    const model = models.find((m) => m.name === next.model) as ModelConfig;
    return { model, kind: next.kind === 'refine' ? 'refine' : 'escalate', reason: plan.reason, plan };
  }
  const next = [...untried].sort((a, b) => blendedPrice(a) - blendedPrice(b))[0];
  if (next === undefined) return refine('every allowed model has been tried');
  return { model: next, kind: 'escalate', reason: `Hand over to "${next.name}", the next cheapest allowed model not yet tried${routing.strategy === 'learned' ? ' (no recorded outcomes at this band yet)' : ''}`, plan: null };
}
