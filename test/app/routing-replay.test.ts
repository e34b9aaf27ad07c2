import { describe, expect, it } from 'vitest';
import { replayRouting, seededRandom, type ReplayMatrix, type ReplayOptions } from '../../app/routing/plan/index.ts';

// A synthetic matrix (never the real data): each task has a difficulty in [0, 1); a model solves a task when the
// difficulty, blurred by the model's own luck on it, is below its skill. A failure of the cheap model says the task
// is likely hard, as in real results, yet a stronger model does not solve everything a weaker one does.
const MODELS = { cheap: { skill: 0.55, cost: 0.02, price: 0.3 }, mid: { skill: 0.7, cost: 0.1, price: 1 }, strong: { skill: 0.8, cost: 1, price: 8 } } as const;

function syntheticMatrix(tasks: number, seed: number): ReplayMatrix {
  const random = seededRandom(seed);
  const names = Object.keys(MODELS) as (keyof typeof MODELS)[];
  const list = Array.from({ length: tasks }, (_, t) => ({ id: `task-${t}`, repository: `acme/repo-${t % 3}`, difficulty: random() }));
  return {
    models: names,
    tasks: list.map(({ id, repository }) => ({ id, repository })),
    resolved: names.map((n) => Uint8Array.from(list, (t) => (0.7 * t.difficulty + 0.3 * random() < MODELS[n].skill ? 1 : 0))),
    costUsd: names.map((n) => Float64Array.from(list, () => MODELS[n].cost * (0.5 + random()))),
  };
}

const MATRIX = syntheticMatrix(240, 1);
const OPTIONS: ReplayOptions = {
  pool: ['cheap', 'mid', 'strong'],
  prices: new Map(Object.entries(MODELS).map(([n, m]) => [n, m.price])),
  ciFalseAccept: 0.1,
  orders: 6,
  seed: 1,
  settings: { explore: 0.1, escalateOnRed: true, maxCycles: 3, budgetUsd: 5, successWorthUsd: 3 },
};

describe('replayRouting() on a synthetic matrix', () => {
  const result = replayRouting(MATRIX, OPTIONS);
  const row = (policy: string) => {
    const found = result.rows.find((r) => r.policy === policy);
    if (!found) throw new Error(`no row "${policy}"`);
    return found;
  };

  it('reports every policy the benchmark compares', () => {
    expect(result.rows.map((r) => r.policy)).toEqual(['cheap', 'mid', 'strong', 'cheapest', 'price-order', 'best-single', 'best-cascade', 'oracle', 'learned']);
    expect(row('cheapest').sequence).toEqual(['cheap']);
    expect(row('price-order').sequence).toEqual(['cheap', 'mid', 'strong']);
    expect(result.bestSingle).toBe('strong');
    expect(row('best-single')).toMatchObject({ successPct: row('strong').successPct, totalCostUsd: row('strong').totalCostUsd });
  });

  it('finds the oracle: every task some model solves, at the cheapest such model\'s cost', () => {
    const solvable = MATRIX.tasks.filter((_, t) => MATRIX.resolved.some((r) => r[t] === 1)).length;
    expect(row('oracle').successPct).toBeCloseTo((100 * solvable) / MATRIX.tasks.length, 9);
    for (const r of result.rows) expect(r.successPct).toBeLessThanOrEqual(row('oracle').successPct + 1e-9);
    expect(row('oracle').totalCostUsd).toBeLessThan(row('best-cascade').totalCostUsd);
  });

  it('picks the cheapest cascade that solves as much as the best single model', () => {
    const cascade = row('best-cascade');
    expect(cascade.successPct).toBeGreaterThanOrEqual(row('best-single').successPct);
    expect(cascade.costPerSuccessUsd).toBeLessThan(row('best-single').costPerSuccessUsd);
    expect(cascade.sequence?.length).toBeGreaterThan(1);
    expect(cascade.sequence?.at(-1)).toBe('strong');
  });

  it('learns a policy that solves about as much as the best single model for much less per success', () => {
    const learned = row('learned');
    expect(learned.successPct).toBeGreaterThan(row('best-single').successPct - 5);
    expect(learned.costPerSuccessUsd).toBeLessThan(0.7 * row('best-single').costPerSuccessUsd);
    expect(learned.successInterval.low).toBeLessThanOrEqual(learned.successPct);
    expect(learned.successInterval.high).toBeGreaterThanOrEqual(learned.successPct);
  });

  it('is the same for the same seed', () => {
    expect(replayRouting(MATRIX, OPTIONS)).toEqual(result);
  });

  it('lets CI that passes wrong changes cut cascades short', () => {
    const strict = replayRouting(MATRIX, { ...OPTIONS, ciFalseAccept: 0 });
    const lax = replayRouting(MATRIX, { ...OPTIONS, ciFalseAccept: 0.5 });
    const price = (r: typeof strict) => r.rows.find((x) => x.policy === 'price-order')?.successPct ?? 0;
    expect(price(lax)).toBeLessThan(price(strict));
    // A single model never depends on CI.
    expect(lax.rows.find((x) => x.policy === 'strong')?.successPct).toBe(strict.rows.find((x) => x.policy === 'strong')?.successPct);
  });

  it('refuses a pool model the data does not have', () => {
    expect(() => replayRouting(MATRIX, { ...OPTIONS, pool: ['cheap', 'gpt-9'] })).toThrow('Cannot replay: the data has no model "gpt-9"');
  });
});
