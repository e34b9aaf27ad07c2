import type { ModelConfig } from '../config/config-schema.ts';
import type { ComplexityBand } from './score-complexity.ts';

/** What past attempts of one model at one complexity band achieved (the store's `successByModelAndBand`). */
export interface ModelBandStat {
  model: string;
  band: ComplexityBand;
  samples: number;
  successes: number;
  successRate: number;
  meanCostUsd: number;
}

/** What the advisor is asked: the band to route, the models routing may choose from, and where the work is. */
export interface AdviceRequest {
  band: ComplexityBand;
  /** Models whose tier covers the required tier; a recommendation outside them is ignored. */
  candidates: readonly ModelConfig[];
  /** The work order's `owner/name`, so an advisor may learn from that repository alone; absent: all repositories. */
  repository?: string;
}

/** Learned advice: the statistics consulted, and optionally one candidate to prefer over the cheapest. */
export interface PatternAdvice {
  /** The name of the advisor, for the decision log (`none` for the default). */
  source: string;
  stats: ModelBandStat[];
  recommendation: { model: string; reason: string } | null;
}

/**
 * The seam where learned pattern confidence steers routing. An implementation reads the outcome statistics,
 * decides how many samples it trusts, and may recommend a candidate; routing records the advice either way.
 */
export interface PatternAdvisor {
  advise(request: AdviceRequest): Promise<PatternAdvice>;
}

/** The advice of an advisor that has learned nothing yet. */
export const NO_ADVICE: PatternAdvice = Object.freeze({ source: 'none', stats: [], recommendation: null });

/** The default advisor: no statistics, no recommendation, so routing falls back to tier and price. */
export const noAdvice: PatternAdvisor = {
  advise: () => Promise.resolve({ ...NO_ADVICE, stats: [] }),
};
