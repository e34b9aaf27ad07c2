import type { Counts, OutcomeStatistics } from './outcome-statistics.ts';
import type { BetaPosterior } from './beta.ts';

// The priors, and why.
// - A model's first attempt: Beta(1, 1), uniform. Routing claims nothing about a model no one has tried here;
//   one attempt moves the mean by a third, and after the installation's first attempts it is the installation's
//   record, not this prior, that a new repository inherits (below). Jeffreys' Beta(½, ½) was rejected: it piles
//   its mass at 0 and 1, so one red result makes a model look hopeless, and a cascade stops trying it.
// - A cycle after a red result: the latent-difficulty prediction (difficulty.ts) from the models' first-attempt
//   rates, with the weight of SITUATION_STRENGTH attempts. A red result is evidence that the work is hard, for
//   every model, and more so when the model that failed is a strong one; the prediction says by how much.
/** The prior of a model's first attempt at a work order. */
export const FIRST_PRIOR: Readonly<BetaPosterior> = Object.freeze({ alpha: 1, beta: 1 });

// Shrinkage: each level's posterior becomes the next level's prior, but with at most this many attempts' weight,
// so a level's own record takes over once it has about that many attempts. A repository inherits the
// installation's record of the same model in the same situation (after the same red models) as 8 attempts.
/** The most weight, in attempts, the installation's record has in a repository's posterior. */
export const REPOSITORY_STRENGTH = 8;
/** The weight, in attempts, of the latent-difficulty prediction for a situation after a red result. */
export const SITUATION_STRENGTH = 6;
/** The weight, in attempts, of a cost estimate's parent (cost is seen on every attempt, so it is trusted fast). */
export const COST_STRENGTH = 1;

/** How big the installation's work is, in million tokens per attempt, before anything is recorded. */
export const DEFAULT_WORK_MTOK = 0.008;

const NONE: Readonly<Counts> = Object.freeze({ trials: 0, successes: 0, costUsd: 0, overrides: 0 });

function minus(a: Readonly<Counts>, b: Readonly<Counts>): Counts {
  return { trials: Math.max(0, a.trials - b.trials), successes: Math.max(0, a.successes - b.successes), costUsd: Math.max(0, a.costUsd - b.costUsd), overrides: Math.max(0, a.overrides - b.overrides) };
}

function update(parent: BetaPosterior, data: Readonly<Counts>, strength: number): BetaPosterior {
  const weight = Math.min(strength, parent.alpha + parent.beta);
  const mean = parent.alpha / (parent.alpha + parent.beta);
  const successes = Math.min(data.successes, data.trials);
  return { alpha: weight * mean + successes, beta: weight * (1 - mean) + data.trials - successes };
}

/** Where a cell is: the band, the repository (null: the installation), the model and the situation (afterKey). */
export interface CellRef {
  band: string;
  repository: string | null;
  model: string;
  after: string;
}

/** A success posterior with the attempts behind it at each level. */
export interface CellPosterior {
  posterior: BetaPosterior;
  /** Attempts of this model in this situation: in this repository, and in the others of the installation. */
  repositoryTrials: number;
  installationTrials: number;
  overrides: number;
}

/**
 * The posterior of P(green) for a model in a situation, by hierarchical shrinkage: the prior (uniform for a first
 * attempt; after a red result, `predicted` with SITUATION_STRENGTH attempts' weight), then the installation's other
 * repositories in exactly this situation, then this repository with the levels above as at most
 * REPOSITORY_STRENGTH attempts. Each level counts only attempts the next one does not, so none counts twice.
 */
export function successPosterior(stats: OutcomeStatistics, cell: CellRef, predicted?: { rate: number; trials: number }): CellPosterior {
  const { band, repository, model, after } = cell;
  const here = repository === null ? NONE : stats.counts(band, repository, model, after);
  const installation = stats.counts(band, null, model, after);
  const others = minus(installation, here);
  let posterior: BetaPosterior = { ...FIRST_PRIOR };
  if (predicted !== undefined && predicted.trials > 0) {
    // The prediction weighs no more than the model's own record behind it, and at least as much as the uniform prior.
    const weight = Math.max(2, Math.min(SITUATION_STRENGTH, predicted.trials));
    posterior = { alpha: weight * predicted.rate, beta: weight * (1 - predicted.rate) };
  }
  posterior = update(posterior, others, Number.POSITIVE_INFINITY);
  if (repository !== null) posterior = update(posterior, here, REPOSITORY_STRENGTH);
  return { posterior, repositoryTrials: here.trials, installationTrials: others.trials, overrides: installation.overrides };
}

/**
 * The expected cost of one cycle of a model in a situation: the model's price times the installation's typical
 * work size until it is tried, then its own mean cost, then its mean in this situation and repository.
 */
export function expectedCost(stats: OutcomeStatistics, cell: CellRef, priceUsd: number): number {
  const { band, repository, model, after } = cell;
  const all = stats.totals(band, model);
  let cost = priceUsd;
  const step = (data: Readonly<Counts>) => {
    if (data.trials > 0) cost = (COST_STRENGTH * cost + data.costUsd) / (COST_STRENGTH + data.trials);
  };
  step(all);
  step(stats.counts(band, null, model, after));
  if (repository !== null) step(stats.counts(band, repository, model, after));
  return cost;
}
