import type { ModelConfig } from '../config/config-schema.ts';
import { blendedPrice, chooseFromPlan, chooseModel, eligibleModels, type RoutingResult } from './choose-model.ts';
import { NO_ADVICE, noAdvice, type PatternAdvisor } from './pattern-advisor.ts';
import { planWorkOrder } from './plan/plan-work-order.ts';
import { hasHistory, planSettings, type LearnedRouting } from './plan/routing-policy.ts';
import { scoreComplexity, type RoutingInput } from './score-complexity.ts';

/** Where the work order comes from, passed on to the advisor; RoutingInput stays the text that is scored. */
export interface RoutingOrigin {
  /** `owner/name`: an advisor may learn from this repository's outcomes alone. */
  repository?: string;
}

/**
 * Scores a work order, asks the advisor (default: none) about the allowed models, and chooses one. With `learned`
 * (the configuration's `routing`, the installation's outcome statistics) and strategy `learned`, and recorded
 * outcomes of the allowed models at the band, the first model is the learned plan's (the decision carries the
 * plan and its numbers); otherwise (`cheapest`, `fixed`, or no history) routing is as it always was: the cheapest
 * allowed model, which the advisor may move up.
 */
export async function routeWorkOrder(
  input: RoutingInput,
  models: readonly ModelConfig[],
  advisor: PatternAdvisor = noAdvice,
  origin: RoutingOrigin = {},
  learned?: LearnedRouting,
): Promise<RoutingResult> {
  const complexity = scoreComplexity(input);
  // With no models there is nothing to advise on; chooseModel says so.
  if (models.length === 0) return chooseModel(models, complexity, NO_ADVICE);
  const { requiredTier, models: candidates } = eligibleModels(models, complexity);
  const advice = await advisor.advise({ band: complexity.band, candidates, ...(origin.repository === undefined ? {} : { repository: origin.repository }) });
  const strategy = learned?.config.routing.strategy;
  const band = String(complexity.band);
  if (learned && strategy === 'learned' && candidates.length > 0 && hasHistory(learned.statistics, band, candidates)) {
    const plan = planWorkOrder({
      candidates: candidates.map((m) => ({ name: m.name, blendedPerMtok: blendedPrice(m) })),
      band,
      repository: origin.repository ?? null,
      statistics: learned.statistics,
      settings: planSettings(learned.config),
      ...(learned.random ? { random: learned.random } : {}),
    });
    const decided = chooseFromPlan(candidates, complexity, advice, requiredTier, plan);
    if (decided) return decided;
  }
  return chooseModel(models, complexity, advice);
}
