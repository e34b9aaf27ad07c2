import { OutcomeStatistics } from './outcome-statistics.ts';
import { planWorkOrder, type PlanCandidate, type PlanSettings } from './plan-work-order.ts';
import { seededRandom, type Random } from './random.ts';

/** Recorded results of models on tasks: every model attempted every task once, on its own. */
export interface ReplayMatrix {
  models: readonly string[];
  tasks: readonly { id: string; repository: string }[];
  /** Per model (same order as `models`), per task: 1 when the hidden tests passed. */
  resolved: readonly Uint8Array[];
  /** Per model, per task: what the attempt cost, USD. */
  costUsd: readonly Float64Array[];
}

/** How to replay. */
export interface ReplayOptions {
  /** Models of the pool, by name; the order does not matter. */
  pool: readonly string[];
  /** Blended price per million tokens of each pool model (the App's price table), for untried models' cost prior. */
  prices: ReadonlyMap<string, number>;
  /** How often CI passes a change the hidden tests reject, 0–1. */
  ciFalseAccept: number;
  /** Random task orders (each with its own CI draws and exploration). */
  orders: number;
  seed: number;
  /** The learned policy's settings; `allowRefine` is forced off (the data has one attempt per model and task). */
  settings: Omit<PlanSettings, 'allowRefine'>;
}

/** One policy's result over the orders. */
export interface ReplayRow {
  policy: string;
  /** Mean over the orders of the share of tasks the hidden tests accept, in %. */
  successPct: number;
  /** The 2.5th and 97.5th percentiles of that share over the orders, in %. */
  successInterval: { low: number; high: number };
  /** Mean over the orders of the money spent on all tasks, USD. */
  totalCostUsd: number;
  /** totalCostUsd / mean successes. */
  costPerSuccessUsd: number;
  /** The models of a fixed policy, in the order it tries them (for the hindsight cascade, which one won). */
  sequence?: string[];
}

/** The replay's result for one pool and CI rate. */
export interface ReplayResult {
  rows: ReplayRow[];
  /** Names of the best single model and the hindsight cascade, for the goal check. */
  bestSingle: string;
  bestCascade: string[];
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo);
}

function summarise(policy: string, perOrder: { successes: number; cost: number }[], tasks: number, sequence?: string[]): ReplayRow {
  const shares = perOrder.map((o) => (100 * o.successes) / tasks).sort((a, b) => a - b);
  const meanSuccesses = perOrder.reduce((s, o) => s + o.successes, 0) / perOrder.length;
  const meanCost = perOrder.reduce((s, o) => s + o.cost, 0) / perOrder.length;
  return {
    policy,
    successPct: (100 * meanSuccesses) / tasks,
    successInterval: { low: percentile(shares, 0.025), high: percentile(shares, 0.975) },
    totalCostUsd: meanCost,
    costPerSuccessUsd: meanSuccesses > 0 ? meanCost / meanSuccesses : Number.POSITIVE_INFINITY,
    ...(sequence ? { sequence } : {}),
  };
}

function shuffled(n: number, random: Random): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order;
}

/** Every ordered sequence of distinct pool indices, 1 to `depth` long. */
function sequences(n: number, depth: number): number[][] {
  const out: number[][] = [];
  const walk = (prefix: number[]) => {
    if (prefix.length > 0) out.push(prefix);
    if (prefix.length === depth) return;
    for (let m = 0; m < n; m++) if (!prefix.includes(m)) walk([...prefix, m]);
  };
  walk([]);
  return out;
}

/**
 * Replays the matrix through the App's routing policy and through the fixed policies it is measured against.
 * Every policy sees the same CI: after an attempt the hidden tests reject, CI passes it anyway with probability
 * `ciFalseAccept` (one draw per order, task and model, shared by all policies), which ends the work order
 * unsolved; an attempt the hidden tests accept is green. A red CI lets a cascade go on. A later attempt is taken
 * to be that model's own independent first attempt (the data has nothing else): conservative, since a real
 * refinement cycle sees the failure. The learned policy starts each order knowing nothing and records each
 * attempt as the App records it: the model, the repository, the models red before it, green or not (what CI
 * said, not what the hidden tests said), and the cost.
 */
export function replayRouting(matrix: ReplayMatrix, options: ReplayOptions): ReplayResult {
  const pool = options.pool.map((name) => {
    const i = matrix.models.indexOf(name);
    if (i < 0) throw new Error(`Cannot replay: the data has no model "${name}"`);
    return i;
  });
  if (pool.length === 0) throw new Error('Cannot replay: the pool is empty');
  const n = pool.length;
  const T = matrix.tasks.length;
  const resolved = pool.map((i) => matrix.resolved[i] as Uint8Array);
  const cost = pool.map((i) => matrix.costUsd[i] as Float64Array);
  const names = pool.map((i) => matrix.models[i] as string);
  const f = options.ciFalseAccept;
  const depth = Math.min(n, options.settings.maxCycles + 1);

  // CI draws: one per order × task × model, the same for every policy (common random numbers).
  const falseAccept: Uint8Array[] = [];
  for (let o = 0; o < options.orders; o++) {
    const random = seededRandom(options.seed * 7919 + o * 104729 + 1);
    const draws = new Uint8Array(T * n);
    for (let i = 0; i < T * n; i++) draws[i] = random() < f ? 1 : 0;
    falseAccept.push(draws);
  }

  const runFixed = (seq: readonly number[]) =>
    falseAccept.map((draws) => {
      let successes = 0;
      let spent = 0;
      for (let t = 0; t < T; t++) {
        for (const m of seq) {
          spent += (cost[m] as Float64Array)[t] as number;
          if ((resolved[m] as Uint8Array)[t]) {
            successes++;
            break;
          }
          if (draws[t * n + m]) break;
        }
      }
      return { successes, cost: spent };
    });

  const rows: ReplayRow[] = [];
  const singles = names.map((name, m) => summarise(name, runFixed([m]), T, [name]));
  rows.push(...singles);
  const price = (m: number) => options.prices.get(names[m] as string) ?? Number.POSITIVE_INFINITY;
  const byPrice = names.map((_, m) => m).sort((a, b) => price(a) - price(b));
  rows.push({ ...summarise('cheapest', runFixed([byPrice[0] as number]), T, [names[byPrice[0] as number] as string]) });
  rows.push(summarise('price-order', runFixed(byPrice.slice(0, depth)), T, byPrice.slice(0, depth).map((m) => names[m] as string)));
  const best = [...singles].sort((a, b) => b.successPct - a.successPct || a.costPerSuccessUsd - b.costPerSuccessUsd)[0] as ReplayRow;
  rows.push({ ...best, policy: 'best-single' });

  // The best fixed cascade in hindsight: the lowest cost per success among those that solve at least as much as the
  // best single model (without that floor the cheapest model alone would always win).
  let bestCascade: ReplayRow | null = null;
  let mostSuccess: ReplayRow | null = null;
  for (const seq of sequences(n, depth)) {
    const row = summarise('best-cascade', runFixed(seq), T, seq.map((m) => names[m] as string));
    if (mostSuccess === null || row.successPct > mostSuccess.successPct) mostSuccess = row;
    if (row.successPct + 1e-9 >= best.successPct && (bestCascade === null || row.costPerSuccessUsd < bestCascade.costPerSuccessUsd)) bestCascade = row;
  }
  rows.push((bestCascade ?? mostSuccess) as ReplayRow);

  // The oracle: for each task the cheapest model that solves it (no CI, no wasted attempt).
  let oracleSuccesses = 0;
  let oracleCost = 0;
  for (let t = 0; t < T; t++) {
    let cheapest = Number.POSITIVE_INFINITY;
    for (let m = 0; m < n; m++) if ((resolved[m] as Uint8Array)[t] && ((cost[m] as Float64Array)[t] as number) < cheapest) cheapest = (cost[m] as Float64Array)[t] as number;
    if (Number.isFinite(cheapest)) {
      oracleSuccesses++;
      oracleCost += cheapest;
    }
  }
  rows.push(summarise('oracle', falseAccept.map(() => ({ successes: oracleSuccesses, cost: oracleCost })), T));

  rows.push(summarise('learned', falseAccept.map((draws, o) => learnOneOrder(o, draws)), T));
  return { rows, bestSingle: best.sequence?.[0] ?? best.policy, bestCascade: ((bestCascade ?? mostSuccess) as ReplayRow).sequence ?? [] };

  function learnOneOrder(o: number, draws: Uint8Array): { successes: number; cost: number } {
    const random = seededRandom(options.seed * 31337 + o * 7 + 3);
    const order = shuffled(T, random);
    const statistics = new OutcomeStatistics();
    const candidates: PlanCandidate[] = names.map((name, m) => ({ name, blendedPerMtok: price(m) }));
    const settings: PlanSettings = { ...options.settings, allowRefine: false };
    const index = new Map(names.map((name, m) => [name, m]));
    let successes = 0;
    let spent = 0;
    for (const t of order) {
      const task = matrix.tasks[t] as { id: string; repository: string };
      const tried: string[] = [];
      let orderSpent = 0;
      for (;;) {
        const plan = planWorkOrder({ candidates, band: '1', repository: task.repository, statistics, settings, random, tried, spentUsd: orderSpent, detail: false });
        if (plan.next === null) break;
        const m = index.get(plan.next.model) as number;
        const paid = (cost[m] as Float64Array)[t] as number;
        orderSpent += paid;
        const solved = (resolved[m] as Uint8Array)[t] === 1;
        const green = solved || draws[t * n + m] === 1;
        statistics.addAttempt({ model: plan.next.model, complexityBand: '1', repository: task.repository, after: tried, cycles: 0, success: green, costUsd: paid });
        if (green) {
          if (solved) successes++;
          break;
        }
        tried.push(plan.next.model);
      }
      spent += orderSpent;
    }
    return { successes, cost: spent };
  }
}
