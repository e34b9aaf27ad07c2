import { CONFIG_PATH, type ModelConfig, type Tier } from '../config/config-schema.ts';
import type { PatternAdvice } from './pattern-advisor.ts';
import type { RoutingPlan } from './plan/plan-work-order.ts';
import type { ComplexityScore } from './score-complexity.ts';

// A proposal sends the issue and repository context and gets back edits: about three input tokens per output
// token, so the price that decides "cheapest" weighs input three times as much as output.
/** The weights of input and output price in a model's blended price per million tokens. */
export const PRICE_WEIGHTS = { input: 0.75, output: 0.25 } as const;

/** Which rule picked the model. */
export type RoutingRule = 'cheapest_covering' | 'risk_top_tier' | 'highest_available' | 'pattern_advice' | 'learned_plan';

/** A model routing could choose, with the blended price it was compared by. */
export interface RoutingCandidate {
  name: string;
  provider: ModelConfig['provider'];
  tier: Tier;
  blendedPerMtok: number;
}

/** A `routing` decision: the chosen model, the rule, everything that decided it, and one sentence saying why. */
export interface RoutingDecision {
  ok: true;
  model: ModelConfig;
  rule: RoutingRule;
  inputs: {
    complexity: ComplexityScore;
    /** The lowest tier allowed: the band, or the top configured tier when a risk keyword demands it. */
    requiredTier: Tier;
    /** The models allowed, cheapest first. */
    candidates: RoutingCandidate[];
    advice: PatternAdvice;
    /** The learned plan (strategy `learned` with recorded history): the numbers behind the choice, for the log. */
    plan?: RoutingPlan;
  };
  reason: string;
}

/** Routing could not choose: no model is configured. */
export interface RoutingRefusal {
  ok: false;
  kind: 'no_models';
  message: string;
  inputs: { complexity: ComplexityScore };
}

/** The outcome of routing. */
export type RoutingResult = RoutingDecision | RoutingRefusal;

/** A model's price per million tokens, input and output weighted by PRICE_WEIGHTS. */
export function blendedPrice(model: ModelConfig): number {
  return model.input_per_mtok * PRICE_WEIGHTS.input + model.output_per_mtok * PRICE_WEIGHTS.output;
}

function toCandidate(model: ModelConfig): RoutingCandidate {
  return { name: model.name, provider: model.provider, tier: model.tier, blendedPerMtok: blendedPrice(model) };
}

/** The models routing may choose for a complexity, cheapest first: the tier the rules require, before advice. */
export function eligibleModels(models: readonly ModelConfig[], complexity: ComplexityScore): { requiredTier: Tier; rule: RoutingRule; models: ModelConfig[] } {
  const topTier = models.reduce<Tier>((top, m) => (m.tier > top ? m.tier : top), 1);
  const risky = complexity.risks.length > 0;
  let requiredTier: Tier = risky ? topTier : complexity.band;
  let rule: RoutingRule = risky ? 'risk_top_tier' : 'cheapest_covering';
  if (requiredTier > topTier) {
    requiredTier = topTier;
    rule = 'highest_available';
  }
  // Cheapest first; at equal price the lower tier (it was enough), then the order of the config file.
  const sorted = models
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => m.tier >= requiredTier)
    .sort((a, b) => blendedPrice(a.m) - blendedPrice(b.m) || a.m.tier - b.m.tier || a.i - b.i)
    .map(({ m }) => m);
  return { requiredTier, rule, models: sorted };
}

function quoteList(words: readonly string[]): string {
  return words.map((w) => `"${w}"`).join(', ');
}

/**
 * Chooses the cheapest configured model whose tier covers the complexity band, or the cheapest top-tier model
 * when a risk keyword demands it; advice may pick another allowed model. Pure: same inputs, same decision.
 */
export function chooseModel(models: readonly ModelConfig[], complexity: ComplexityScore, advice: PatternAdvice): RoutingResult {
  if (models.length === 0) {
    return {
      ok: false,
      kind: 'no_models',
      message: `No models are configured: add at least one under "models" in ${CONFIG_PATH}, with its provider, tier and price.`,
      inputs: { complexity },
    };
  }
  const { requiredTier, rule: baseRule, models: allowed } = eligibleModels(models, complexity);
  const advised = advice.recommendation ? allowed.find((m) => m.name === advice.recommendation?.model) : undefined;
  const model = advised ?? allowed[0];
  if (model === undefined) throw new Error('eligibleModels returned no model although models are configured');
  const rule: RoutingRule = advised && advised !== allowed[0] ? 'pattern_advice' : baseRule;
  const chosen = `Routed to "${model.name}" (tier ${model.tier})`;
  const band = `complexity band ${complexity.band} (score ${complexity.score} of 10)`;
  let reason: string;
  switch (rule) {
    case 'pattern_advice':
      reason = `${chosen} on the advice of ${advice.source} for ${band}: ${advice.recommendation?.reason ?? 'no reason given'}.`;
      break;
    case 'risk_top_tier':
      reason = `${chosen}, the cheapest top-tier model, because the issue names risk keywords (${quoteList(complexity.risks.map((r) => r.word))}).`;
      break;
    case 'highest_available':
      reason = `${chosen}: no configured model covers ${band}, so the cheapest of the highest configured tier was chosen.`;
      break;
    default:
      reason = `${chosen}, the cheapest configured model whose tier covers ${band}.`;
  }
  return { ok: true, model, rule, inputs: { complexity, requiredTier, candidates: allowed.map(toCandidate), advice }, reason };
}

/**
 * Routing under strategy `learned` with history: the plan's first model, provided it is one of the allowed models
 * (the tier rules still decide which models are allowed). Null when the plan chose none (nothing fits the budget),
 * so the caller falls back to the cheapest.
 */
export function chooseFromPlan(allowed: readonly ModelConfig[], complexity: ComplexityScore, advice: PatternAdvice, requiredTier: Tier, plan: RoutingPlan): RoutingDecision | null {
  const model = allowed.find((m) => m.name === plan.next?.model);
  if (model === undefined) return null;
  return {
    ok: true,
    model,
    rule: 'learned_plan',
    inputs: { complexity, requiredTier, candidates: allowed.map(toCandidate), advice, plan },
    reason: `Routed to "${model.name}" (tier ${model.tier}) for complexity band ${complexity.band} (score ${complexity.score} of 10) by the learned plan. ${plan.reason}.`,
  };
}
