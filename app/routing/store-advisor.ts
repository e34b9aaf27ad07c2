import { successByModelAndBand, type Executor, type ModelBandStats } from '../../src/store/index.ts';
import type { AdviceRequest, ModelBandStat, PatternAdvice, PatternAdvisor } from './pattern-advisor.ts';

// The rule, in one sentence: recommend a model over the cheapest candidate only when both have at least
// `minSamples` recorded attempts at this complexity band and their 95 % Wilson intervals on the success rate do
// not overlap (the model's lower bound is above the cheapest's upper bound). Non-overlap is deliberately strict:
// a wrong recommendation spends more on every later work order, a missed one costs one more escalation, which is
// itself recorded and tightens the intervals. Wilson's interval behaves at 0 % and 100 % and with few samples,
// where the normal approximation claims certainty it does not have.

/** z for a two-sided 95 % interval. */
export const WILSON_Z_95 = 1.96;

/** How much history a recommendation needs. */
export interface AdviceRule {
  /** Recorded attempts each of the two models needs at the band before they are compared. */
  minSamples: number;
}

/** The default rule: five attempts each. */
export const DEFAULT_ADVICE_RULE: AdviceRule = Object.freeze({ minSamples: 5 });

/** Options of the store-backed advisor. */
export interface StoreAdvisorOptions extends Partial<AdviceRule> {
  /** Told when the statistics cannot be read (routing goes on without advice either way). */
  log?: { warn(message: string): void };
}

/** A success rate's interval. */
export interface Interval {
  low: number;
  high: number;
}

/** The 95 % Wilson score interval of `successes` in `samples`; [0, 1] with no samples, since nothing is known. */
export function wilsonInterval(successes: number, samples: number, z = WILSON_Z_95): Interval {
  if (samples <= 0) return { low: 0, high: 1 };
  const rate = successes / samples;
  const z2 = z * z;
  const denominator = 1 + z2 / samples;
  const centre = (rate + z2 / (2 * samples)) / denominator;
  const half = (z * Math.sqrt((rate * (1 - rate)) / samples + z2 / (4 * samples * samples))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** The statistics of each candidate (once per name, cheapest first) at the band; zero samples when it has none. */
export function candidateStats(request: AdviceRequest, history: readonly ModelBandStats[]): ModelBandStat[] {
  const band = String(request.band);
  const names = [...new Set(request.candidates.map((c) => c.name))];
  return names.map((model) => {
    const row = history.find((h) => h.model === model && h.complexityBand === band);
    if (!row) return { model, band: request.band, samples: 0, successes: 0, successRate: 0, meanCostUsd: 0 };
    return { model, band: request.band, samples: row.samples, successes: row.successes, successRate: row.successRate, meanCostUsd: row.meanCostUsd };
  });
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function usd(value: number): string {
  // Cents for ordinary amounts; two significant digits for the fractions of a cent that small models cost.
  return `$${value === 0 || value >= 0.01 ? value.toFixed(2) : Number(value.toPrecision(2)).toString()}`;
}

/** "mini" 1 of 10 (95% Wilson interval 2–40%, mean cost $0.05): the numbers a reason quotes. */
function quoteStat(stat: ModelBandStat): string {
  const { low, high } = wilsonInterval(stat.successes, stat.samples);
  return `"${stat.model}" ${stat.successes} of ${stat.samples} (95% Wilson interval ${Math.round(low * 100)}–${percent(high)}, mean cost ${usd(stat.meanCostUsd)})`;
}

/** Either the model to recommend with its reason, or why none is. */
type Verdict = { model: string; reason: string } | { model: null; why: string };

/** Applies the rule to the candidates' statistics (cheapest first). */
function judge(stats: readonly ModelBandStat[], band: number, rule: AdviceRule): Verdict {
  const [cheapest, ...others] = stats;
  if (cheapest === undefined || others.length === 0) return { model: null, why: 'only one model is allowed, so there is nothing to choose' };
  const needed = `the ${rule.minSamples} attempts needed at band ${band}`;
  if (cheapest.samples < rule.minSamples) return { model: null, why: `"${cheapest.model}", the cheapest, has ${cheapest.samples} of ${needed}` };
  const tried = others.filter((s) => s.samples >= rule.minSamples);
  if (tried.length === 0) {
    return { model: null, why: `no model but the cheapest has ${needed} (${others.map((s) => `"${s.model}": ${s.samples}`).join(', ')})` };
  }
  const ceiling = wilsonInterval(cheapest.successes, cheapest.samples).high;
  const scored = tried.map((stat) => ({ stat, low: wilsonInterval(stat.successes, stat.samples).low }));
  // The best lower bound wins; `scored` is cheapest first and the sort is stable, so a tie keeps the cheaper.
  const best = scored.sort((a, b) => b.low - a.low)[0];
  if (best === undefined || best.low <= ceiling) {
    const runnerUp = best ? `; the best other is ${quoteStat(best.stat)}` : '';
    return { model: null, why: `no model is clearly better than the cheapest, ${quoteStat(cheapest)}${runnerUp}` };
  }
  return {
    model: best.stat.model,
    reason: `${quoteStat(best.stat)} at band ${band} is clearly better than the cheapest, ${quoteStat(cheapest)}: its lower bound ${percent(best.low)} is above the cheapest's upper bound ${percent(ceiling)}`,
  };
}

/**
 * The store advisor's decision, without a database: keeps the candidates' statistics at the requested band and
 * recommends one only under the rule above. `source` names the history read and, with no recommendation, why.
 */
export function adviseFromHistory(request: AdviceRequest, history: readonly ModelBandStats[], rule: AdviceRule = DEFAULT_ADVICE_RULE): PatternAdvice {
  const source = `outcome history of ${request.repository === undefined ? 'all repositories' : `"${request.repository}"`}`;
  const stats = candidateStats(request, history);
  const verdict = judge(stats, request.band, rule);
  if (verdict.model === null) return { source: `${source}: no recommendation, ${verdict.why}`, stats, recommendation: null };
  return { source, stats, recommendation: { model: verdict.model, reason: verdict.reason } };
}

function checkRule(options: StoreAdvisorOptions): AdviceRule {
  const minSamples = options.minSamples ?? DEFAULT_ADVICE_RULE.minSamples;
  if (!Number.isInteger(minSamples) || minSamples < 1) throw new Error(`Cannot create the store advisor: "minSamples" must be a positive integer, not ${String(minSamples)}`);
  return { minSamples };
}

/**
 * A PatternAdvisor that learns from recorded outcomes (`successByModelAndBand`, scoped to the work order's
 * repository when the request names one). It never throws into routing: a store error gives no advice and says why.
 */
export function createStoreAdvisor(store: { readonly db: Executor }, options: StoreAdvisorOptions = {}): PatternAdvisor {
  const rule = checkRule(options);
  return {
    async advise(request) {
      try {
        const history = await successByModelAndBand(store.db, request.repository === undefined ? {} : { repository: request.repository });
        return adviseFromHistory(request, history, rule);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        options.log?.warn(`Routing without learned advice: cannot read the outcome history (${message})`);
        return { source: `outcome history unavailable: ${message}`, stats: [], recommendation: null };
      }
    },
  };
}
