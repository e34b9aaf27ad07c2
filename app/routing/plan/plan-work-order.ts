import { betaInterval95, betaMean, sampleBeta } from './beta.ts';
import { fitLatent, predictedRate, type LatentFit, type SituationRecord } from './difficulty.ts';
import { afterKey, type OutcomeStatistics } from './outcome-statistics.ts';
import { DEFAULT_WORK_MTOK, expectedCost, successPosterior, type CellPosterior } from './posterior.ts';
import type { Random } from './random.ts';

/** A model the plan may use, with the blended price (USD per million tokens) routing compares models by. */
export interface PlanCandidate {
  name: string;
  blendedPerMtok: number;
}

/** How a plan may go on after a red CI, and what it may spend. */
export interface PlanSettings {
  /** The share of work orders planned from a posterior draw (Thompson sampling); 0 never explores. */
  explore: number;
  /** Whether a red CI may hand the next cycle to another model. */
  escalateOnRed: boolean;
  /** Whether a red CI may be followed by the same model refining (the replay has no data for it, so turns it off). */
  allowRefine: boolean;
  /** Refinement cycles after the first attempt (`max_cycles`). */
  maxCycles: number;
  /** What the work order may spend in all (`budget.per_order`), USD. */
  budgetUsd: number;
  /**
   * What one green work order is worth, USD: a step is worth taking when its expected cost per success is below
   * it. Routing uses the budget per order: what the repository agreed to pay for one work order.
   */
  successWorthUsd: number;
}

/** What the policy is asked: the allowed models, where the work order is, what is known, and how far it has got. */
export interface PlanRequest {
  candidates: readonly PlanCandidate[];
  band: string;
  /** `owner/name`; null plans from the installation's record alone. */
  repository: string | null;
  statistics: OutcomeStatistics;
  settings: PlanSettings;
  /** Needed when `settings.explore` > 0. */
  random?: Random;
  /** The models of the cycles so far, in order (a refinement repeats its model); empty at routing. */
  tried?: readonly string[];
  /** Spent on the work order so far, USD. */
  spentUsd?: number;
  /** Compute the 95 % intervals and the means' plan for the log (default true; the replay skips them). */
  detail?: boolean;
}

/** What a cycle does. */
export type StepKind = 'first' | 'refine' | 'escalate';

/** One cycle of a plan, with the estimates it was planned on. */
export interface PlanStep {
  model: string;
  kind: StepKind;
  /** Posterior mean of P(CI green) for this cycle, given every earlier cycle was red. */
  successMean: number;
  expectedCostUsd: number;
}

/** The estimates behind one option for the next cycle: what the decision log shows and the escalation quotes. */
export interface OptionEstimate {
  model: string;
  kind: StepKind;
  successMean: number;
  /** The central 95 % credible interval (null when `detail` is off). */
  successInterval: { low: number; high: number } | null;
  /** The success rate the decision used: the mean, or the Thompson draw when the plan explored. */
  successUsed: number;
  /** Recorded attempts behind the estimate: this repository's and the installation's other repositories'. */
  samples: { repository: number; installation: number };
  /** Of the installation's attempts in this situation, how many a person chose. */
  overrides: number;
  expectedCostUsd: number;
  /** This cycle's expected cost divided by its success mean. */
  costPerSuccessUsd: number;
  /** The plan that starts with this option and goes on as well as it can (under the means). */
  plan: PlanOutlook;
  /** False when the option's expected cost would break the work order's budget: never chosen, never explored. */
  withinBudget: boolean;
}

/** A plan's expected result from where the work order stands. */
export interface PlanOutlook {
  successProbability: number;
  expectedCostUsd: number;
  /** expectedCostUsd / successProbability (Infinity when it cannot succeed). */
  costPerSuccessUsd: number;
}

/** The policy's answer: the next cycle's model (null: stop and ask a person), the planned cycles, the numbers. */
export interface RoutingPlan {
  next: PlanStep | null;
  /** The cycles planned from here while each is red: next first. */
  steps: PlanStep[];
  /** Every option for the next cycle, best first; stopping is the absence of a step. */
  options: OptionEstimate[];
  /** The plan's expected result (under the means). */
  outlook: PlanOutlook;
  /** True when the plan was drawn from the posterior (exploration). */
  explored: boolean;
  /** One sentence for the decision log. */
  reason: string;
}

interface Outcome {
  value: number;
  success: number;
  cost: number;
  path: PlanStep[];
}

const STOP: Outcome = Object.freeze({ value: 0, success: 0, cost: 0, path: [] }) as Outcome;

/** Checks the settings once, with messages that name the setting. */
function checkSettings(s: PlanSettings): void {
  if (!(s.explore >= 0 && s.explore <= 1)) throw new Error(`Cannot plan: "explore" must be a number from 0 to 1, not ${String(s.explore)}`);
  if (!Number.isInteger(s.maxCycles) || s.maxCycles < 0) throw new Error(`Cannot plan: "maxCycles" must be a whole number of 0 or more, not ${String(s.maxCycles)}`);
  if (!(s.budgetUsd > 0)) throw new Error(`Cannot plan: "budgetUsd" must be positive, not ${String(s.budgetUsd)}`);
  if (!(s.successWorthUsd > 0)) throw new Error(`Cannot plan: "successWorthUsd" must be positive, not ${String(s.successWorthUsd)}`);
}

function usd(v: number): string {
  if (!Number.isFinite(v)) return 'no success expected';
  return `$${v >= 0.01 || v === 0 ? v.toFixed(2) : Number(v.toPrecision(2)).toString()}`;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)} %`;
}

/**
 * Plans a work order's cycles: the model of the next cycle and, for each red CI after it, whether the next cycle
 * refines with the same model, hands over to another, or stops and asks a person. A plan maximises
 * worth × P(green) − expected cost, so it takes a cycle exactly when the cycle's expected cost per additional
 * success is below `successWorthUsd`, and orders the cycles so the whole plan's cost per success is lowest.
 * With probability `explore` the success rates are one draw from their posteriors (Thompson sampling), else their
 * means. Options whose expected cost would take the work order over its budget are never taken. Pure: the same
 * request and the same random numbers give the same plan.
 */
export function planWorkOrder(request: PlanRequest): RoutingPlan {
  const { candidates, band, repository, statistics, settings } = request;
  checkSettings(settings);
  const tried = request.tried ?? [];
  const spent = request.spentUsd ?? 0;
  const detail = request.detail ?? true;
  const names = [...new Set(candidates.map((c) => c.name))];
  const index = new Map(names.map((n, i) => [n, i]));
  const price = names.map((n) => candidates.find((c) => c.name === n)?.blendedPerMtok ?? 0);

  // The installation's work size in million tokens per attempt: recorded cost over recorded price, so an untried
  // model's first estimate is its own price for work of the size this installation sends.
  let paid = 0;
  let priced = 0;
  names.forEach((n, i) => {
    const t = statistics.totals(band, n);
    paid += t.costUsd;
    priced += t.trials * (price[i] as number);
  });
  const workMtok = paid > 0 && priced > 0 ? paid / priced : DEFAULT_WORK_MTOK;

  const explore = settings.explore > 0 && request.random !== undefined && request.random() < settings.explore;
  if (settings.explore > 0 && request.random === undefined) throw new Error('Cannot plan: exploring needs a random source');
  const random = request.random;

  // The latent-difficulty model fitted to the installation: every cell's prior mean (difficulty.ts).
  const latent = latentFit(statistics, band, names);

  // Per (model, set of red models): the posterior, the rate used and the expected cost; computed once per plan.
  interface Cell { post: CellPosterior; mean: number; used: number; cost: number }
  const cells = new Map<number, Cell>();
  const cellOf = (m: number, mask: number): Cell => {
    const k = mask * 64 + m;
    let cell = cells.get(k);
    if (cell === undefined) {
      const red: number[] = [];
      names.forEach((_, i) => {
        if ((mask >> i) & 1) red.push(i);
      });
      const ref = { band, repository, model: names[m] as string, after: afterKey(red.map((i) => names[i] as string)) };
      const post = successPosterior(statistics, ref, { rate: predictedRate(latent.fit.abilities, m, red, latent.fit.spread), trials: latent.trials[m] as number });
      const mean = betaMean(post.posterior);
      const used = explore && random ? sampleBeta(post.posterior, random) : mean;
      cell = { post, mean, used, cost: expectedCost(statistics, ref, workMtok * (price[m] as number)) };
      cells.set(k, cell);
    }
    return cell;
  };

  const lastCycle = settings.maxCycles + 1;
  const W = settings.successWorthUsd;
  const optionsAt = (mask: number, last: number, k: number): { m: number; kind: StepKind; nextMask: number }[] => {
    const out: { m: number; kind: StepKind; nextMask: number }[] = [];
    if (k >= lastCycle) return out;
    for (let m = 0; m < names.length; m++) {
      const isRed = ((mask >> m) & 1) === 1;
      if (k === 0) out.push({ m, kind: 'first', nextMask: mask | (1 << m) });
      else if (m === last && settings.allowRefine) out.push({ m, kind: 'refine', nextMask: mask });
      else if (!isRed && settings.escalateOnRed) out.push({ m, kind: 'escalate', nextMask: mask | (1 << m) });
    }
    return out;
  };

  // Best continuation from a state, under the rates chosen by `rate`: expected worth, success, cost and path.
  const solve = (rate: (c: Cell) => number) => {
    const memo = new Map<string, Outcome>();
    const step = (m: number, kind: StepKind, mask: number, nextMask: number, k: number, paid: number): Outcome | null => {
      const cell = cellOf(m, mask);
      if (paid + cell.cost > settings.budgetUsd + 1e-12) return null;
      const p = rate(cell);
      const rest = best(nextMask, m, k + 1, paid + cell.cost);
      const red = 1 - p;
      return {
        value: p * W - cell.cost + red * rest.value,
        success: p + red * rest.success,
        cost: cell.cost + red * rest.cost,
        path: [{ model: names[m] as string, kind, successMean: cell.mean, expectedCostUsd: cell.cost }, ...rest.path],
      };
    };
    const best = (mask: number, last: number, k: number, paid: number): Outcome => {
      const key = `${mask}:${last}:${k}:${paid.toFixed(9)}`;
      const known = memo.get(key);
      if (known) return known;
      let top: Outcome = STOP;
      for (const o of optionsAt(mask, last, k)) {
        const r = step(o.m, o.kind, mask, o.nextMask, k, paid);
        // Stopping is worth 0; a cycle must be worth more than that, except the first, which routing always makes.
        if (r && (r.value > top.value || (k === 0 && top === STOP))) top = r;
      }
      memo.set(key, top);
      return top;
    };
    return { best, step };
  };

  // Where the work order stands.
  let mask = 0;
  for (const t of tried) {
    const i = index.get(t);
    if (i !== undefined) mask |= 1 << i;
  }
  const lastName = tried[tried.length - 1];
  const last = lastName === undefined ? -1 : (index.get(lastName) ?? -1);
  const k = tried.length;

  const decide = solve((c) => c.used);
  const chosen = decide.best(mask, last, k, spent);
  const report = explore && detail ? solve((c) => c.mean) : decide;

  const options: OptionEstimate[] = optionsAt(mask, last, k).map((o) => {
    const cell = cellOf(o.m, mask);
    const r = report.step(o.m, o.kind, mask, o.nextMask, k, spent);
    const outlook = r ? { successProbability: r.success, expectedCostUsd: r.cost, costPerSuccessUsd: r.success > 0 ? r.cost / r.success : Number.POSITIVE_INFINITY } : { successProbability: 0, expectedCostUsd: cell.cost, costPerSuccessUsd: Number.POSITIVE_INFINITY };
    return {
      model: names[o.m] as string,
      kind: o.kind,
      successMean: cell.mean,
      successInterval: detail ? betaInterval95(cell.post.posterior) : null,
      successUsed: cell.used,
      samples: { repository: cell.post.repositoryTrials, installation: cell.post.installationTrials },
      overrides: cell.post.overrides,
      expectedCostUsd: cell.cost,
      costPerSuccessUsd: cell.mean > 0 ? cell.cost / cell.mean : Number.POSITIVE_INFINITY,
      plan: outlook,
      withinBudget: r !== null,
    };
  });
  const chosenFirst = chosen.path[0];
  const rank = (o: OptionEstimate) => (o.model === chosenFirst?.model && o.kind === chosenFirst.kind ? 0 : 1);
  options.sort((a, b) => rank(a) - rank(b) || a.plan.costPerSuccessUsd - b.plan.costPerSuccessUsd);

  // The outlook is quoted under the means, whichever rates chose the path.
  let success = 0;
  let cost = 0;
  let reach = 1;
  const steps: PlanStep[] = chosen.path;
  for (const s of steps) {
    cost += reach * s.expectedCostUsd;
    success += reach * s.successMean;
    reach *= 1 - s.successMean;
  }
  const outlook: PlanOutlook = { successProbability: success, expectedCostUsd: cost, costPerSuccessUsd: success > 0 ? cost / success : Number.POSITIVE_INFINITY };
  const next = steps[0] ?? null;
  return { next, steps, options, outlook, explored: explore, reason: describe(next, steps, outlook, options, explore, k, W) };
}

// The fitted latent model per statistics × band × models, refitted when the record has grown by half since (or by 10 cycles, early on).
const fits = new WeakMap<OutcomeStatistics, Map<string, { recorded: number; fit: LatentFit; trials: number[] }>>();

/** The most models whose situations are all read when fitting (2^12 sets each); more are fitted on fewer. */
const MAX_FITTED_MODELS = 12;

/**
 * The latent-difficulty model fitted to the installation's cycles at the band (cached; see difficulty.ts), and
 * each model's recorded cycles there.
 */
export function latentFit(statistics: OutcomeStatistics, band: string, names: readonly string[]): { fit: LatentFit; trials: number[] } {
  let byKey = fits.get(statistics);
  if (!byKey) {
    byKey = new Map();
    fits.set(statistics, byKey);
  }
  const key = `${band}\u0000${names.join('\u0000')}`;
  const recorded = statistics.recorded(band);
  const cached = byKey.get(key);
  if (cached && recorded <= cached.recorded * 1.5 + 10) return cached;
  const records: SituationRecord[] = [];
  const n = Math.min(names.length, MAX_FITTED_MODELS);
  for (let m = 0; m < n; m++) {
    for (let mask = 0; mask < 1 << n; mask++) {
      const red = names.flatMap((_, i) => ((mask >> i) & 1 ? [i] : []));
      const c = statistics.counts(band, null, names[m] as string, afterKey(red.map((i) => names[i] as string)));
      if (c.trials > 0) records.push({ model: m, red, trials: c.trials, successes: c.successes });
    }
  }
  const fit = fitLatent(names.length, records);
  const trials = names.map((name) => statistics.totals(band, name).trials);
  const entry = { recorded, fit, trials };
  byKey.set(key, entry);
  return entry;
}

function describe(next: PlanStep | null, steps: readonly PlanStep[], outlook: PlanOutlook, options: readonly OptionEstimate[], explored: boolean, k: number, worth: number): string {
  if (next === null) {
    const fits = options.filter((o) => o.withinBudget);
    if (fits.length === 0) return k === 0 ? 'No allowed model fits the budget per work order' : 'Stop and ask a person: no further cycle fits the budget';
    const best = [...fits].sort((a, b) => a.costPerSuccessUsd - b.costPerSuccessUsd)[0] as OptionEstimate;
    return `Stop and ask a person: the best further cycle, "${best.model}" (${pct(best.successMean)} at ${usd(best.expectedCostUsd)}), costs ${usd(best.costPerSuccessUsd)} per success, more than a success is worth (${usd(worth)})`;
  }
  const chain = steps.map((s) => `"${s.model}"${s.kind === 'refine' ? ' refining' : ''} (${pct(s.successMean)}, ${usd(s.expectedCostUsd)})`).join(' → ');
  const how = explored ? 'drawn from the posteriors (exploring)' : 'on the posterior means';
  return `Plan ${how}: ${chain}, then a person; expected ${pct(outlook.successProbability)} success for ${usd(outlook.expectedCostUsd)}, ${usd(outlook.costPerSuccessUsd)} per success`;
}
