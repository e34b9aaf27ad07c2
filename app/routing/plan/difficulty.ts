// What a red result says about the next cycle. One latent difficulty per work order explains why models fail
// together (work that defeats a strong model mostly defeats the others): a model of ability a solves work of
// difficulty d with probability Φ(a − d), with d ~ Normal(0, σ²) over the installation's work. A model's ability
// follows from its first-attempt success rate p (Φ(a / √(1 + σ²)) = p), and after the models of a set A were red,
// the chance of model m is E[Φ(a_m − d) | every x in A failed], by quadrature over d. σ is fitted to the
// installation's own record of cycles after a red result (maximum likelihood on a grid); with no such record it is
// 1, a moderate correlation. The result is the prior of each "after red" situation, refined by its own record.

/** The difficulty spread used before any cycle after a red result is recorded. */
export const DEFAULT_SPREAD = 1;
/** The spreads the fit chooses among. */
export const SPREADS = [0.5, 1, 1.5, 2, 3, 4] as const;

const GRID = 21;
const Z = Array.from({ length: GRID }, (_, g) => -4 + (8 * g) / (GRID - 1));
const W = (() => {
  const w = Z.map((z) => Math.exp(-0.5 * z * z));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
})();

/** The standard normal distribution function (Abramowitz–Stegun 7.1.26 on erf: error below 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** The standard normal quantile (Acklam's rational approximation: relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** The ability of a model whose first attempts succeed with probability p, at difficulty spread σ. */
export function ability(p: number, spread: number): number {
  const clamped = Math.min(0.995, Math.max(0.005, p));
  return Math.sqrt(1 + spread * spread) * normalQuantile(clamped);
}

/**
 * P(model of ability `a` succeeds | every model of the abilities `red` failed), at difficulty spread σ.
 * With `red` empty this is the first-attempt rate the ability came from.
 */
export function successAfterRed(a: number, red: readonly number[], spread: number): number {
  let num = 0;
  let den = 0;
  for (let g = 0; g < GRID; g++) {
    const dg = spread * (Z[g] as number);
    let w = W[g] as number;
    for (const x of red) w *= 1 - normalCdf(x - dg);
    den += w;
    num += w * normalCdf(a - dg);
  }
  return den > 0 ? num / den : 0;
}

/** Recorded cycles of one model after the models of `red` (indices; empty for first attempts) were red. */
export interface SituationRecord {
  model: number;
  red: readonly number[];
  trials: number;
  successes: number;
}

/** The fitted latent model: the difficulty spread, and each model's ability at it. */
export interface LatentFit {
  spread: number;
  abilities: number[];
}

/** The ability prior: Normal(0, 1.5²), so a model with no record is an even chance, and one record moves it little. */
const ABILITY_SD = 1.5;

/** The probability the latent model gives to one record's cycle. */
export function predictedRate(abilities: readonly number[], model: number, red: readonly number[], spread: number): number {
  const a = abilities[model] as number;
  if (red.length === 0) return normalCdf(a / Math.sqrt(1 + spread * spread));
  return successAfterRed(a, red.map((i) => abilities[i] as number), spread);
}

function logLikelihood(records: readonly SituationRecord[], abilities: readonly number[], spread: number): number {
  let log = 0;
  for (const r of records) {
    const p = Math.min(0.999, Math.max(0.001, predictedRate(abilities, r.model, r.red, spread)));
    log += r.successes * Math.log(p) + (r.trials - r.successes) * Math.log(1 - p);
  }
  return log;
}

/**
 * Fits the latent model to the installation's record: for each spread of SPREADS, each model's ability by
 * coordinate ascent (golden-section search on the posterior with the ability prior), using every cycle, first or
 * after red, so a model that only ever runs after cheaper ones still has its ability measured; then the spread
 * whose fit is most likely. With no record, abilities 0 (even chances) at DEFAULT_SPREAD.
 */
export function fitLatent(models: number, records: readonly SituationRecord[]): LatentFit {
  const used = records.filter((r) => r.trials > 0);
  if (used.length === 0) return { spread: DEFAULT_SPREAD, abilities: new Array<number>(models).fill(0) };
  const involving = Array.from({ length: models }, (_, m) => used.filter((r) => r.model === m || r.red.includes(m)));
  let best: LatentFit = { spread: DEFAULT_SPREAD, abilities: new Array<number>(models).fill(0) };
  let bestLog = Number.NEGATIVE_INFINITY;
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (const spread of SPREADS) {
    const abilities = new Array<number>(models).fill(0);
    for (let round = 0; round < 2; round++) {
      for (let m = 0; m < models; m++) {
        const mine = involving[m] as SituationRecord[];
        if (mine.length === 0) continue;
        const objective = (a: number) => {
          abilities[m] = a;
          return logLikelihood(mine, abilities, spread) - (a * a) / (2 * ABILITY_SD * ABILITY_SD);
        };
        let lo = -5;
        let hi = 5;
        let x1 = hi - ratio * (hi - lo);
        let x2 = lo + ratio * (hi - lo);
        let f1 = objective(x1);
        let f2 = objective(x2);
        for (let i = 0; i < 14; i++) {
          if (f1 < f2) {
            lo = x1;
            x1 = x2;
            f1 = f2;
            x2 = lo + ratio * (hi - lo);
            f2 = objective(x2);
          } else {
            hi = x2;
            x2 = x1;
            f2 = f1;
            x1 = hi - ratio * (hi - lo);
            f1 = objective(x1);
          }
        }
        abilities[m] = (lo + hi) / 2;
      }
    }
    const log = logLikelihood(used, abilities, spread) - abilities.reduce((sum, a) => sum + (a * a) / (2 * ABILITY_SD * ABILITY_SD), 0);
    if (log > bestLog) {
      bestLog = log;
      best = { spread, abilities: [...abilities] };
    }
  }
  return best;
}
