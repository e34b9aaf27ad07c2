import type { ModelConfig } from '../config/config-schema.ts';
import { chooseModel, eligibleModels, type RoutingResult } from './choose-model.ts';
import { NO_ADVICE, noAdvice, type PatternAdvisor } from './pattern-advisor.ts';
import { scoreComplexity, type RoutingInput } from './score-complexity.ts';

/** Scores a work order, asks the advisor (default: none) about the allowed models, and chooses one. */
export async function routeWorkOrder(input: RoutingInput, models: readonly ModelConfig[], advisor: PatternAdvisor = noAdvice): Promise<RoutingResult> {
  const complexity = scoreComplexity(input);
  // With no models there is nothing to advise on; chooseModel says so.
  if (models.length === 0) return chooseModel(models, complexity, NO_ADVICE);
  const { models: candidates } = eligibleModels(models, complexity);
  const advice = await advisor.advise({ band: complexity.band, candidates });
  return chooseModel(models, complexity, advice);
}
