import type { ModelConfig } from '../config/config-schema.ts';
import { chooseModel, eligibleModels, type RoutingResult } from './choose-model.ts';
import { NO_ADVICE, noAdvice, type PatternAdvisor } from './pattern-advisor.ts';
import { scoreComplexity, type RoutingInput } from './score-complexity.ts';

/** Where the work order comes from, passed on to the advisor; RoutingInput stays the text that is scored. */
export interface RoutingOrigin {
  /** `owner/name`: an advisor may learn from this repository's outcomes alone. */
  repository?: string;
}

/** Scores a work order, asks the advisor (default: none) about the allowed models, and chooses one. */
export async function routeWorkOrder(
  input: RoutingInput,
  models: readonly ModelConfig[],
  advisor: PatternAdvisor = noAdvice,
  origin: RoutingOrigin = {},
): Promise<RoutingResult> {
  const complexity = scoreComplexity(input);
  // With no models there is nothing to advise on; chooseModel says so.
  if (models.length === 0) return chooseModel(models, complexity, NO_ADVICE);
  const { models: candidates } = eligibleModels(models, complexity);
  const advice = await advisor.advise({ band: complexity.band, candidates, ...(origin.repository === undefined ? {} : { repository: origin.repository }) });
  return chooseModel(models, complexity, advice);
}
