import { describe, expect, it } from 'vitest';
import type { ModelConfig, PunchlistConfig } from '../../app/config/index.ts';
import { routeWorkOrder, type RoutingInput } from '../../app/routing/index.ts';
import { betaInterval95, nextModelAfterRed, OutcomeStatistics, planWorkOrder, seededRandom, type PlanSettings, type Random } from '../../app/routing/plan/index.ts';

const SETTINGS: PlanSettings = { explore: 0, escalateOnRed: true, allowRefine: false, maxCycles: 3, budgetUsd: 5, successWorthUsd: 3 };

/** A synthetic world: each model succeeds on its own with a fixed chance, at a fixed cost. */
const WORLD = {
  cheap: { p: 0.6, cost: 0.01, price: 0.3 },
  strong: { p: 0.9, cost: 1, price: 5 },
  junk: { p: 0.05, cost: 0.5, price: 2 },
} as const;
type Name = keyof typeof WORLD;
const CANDIDATES = (Object.keys(WORLD) as Name[]).map((name) => ({ name, blendedPerMtok: WORLD[name].price }));

/** Runs `orders` work orders through the policy, recording each attempt as the App does. */
function learn(orders: number, settings: PlanSettings, random: Random, statistics = new OutcomeStatistics()): OutcomeStatistics {
  for (let i = 0; i < orders; i++) {
    const tried: string[] = [];
    let spent = 0;
    for (;;) {
      const plan = planWorkOrder({ candidates: CANDIDATES, band: '1', repository: i % 2 ? 'acme/a' : 'acme/b', statistics, settings, random, tried, spentUsd: spent, detail: false });
      if (plan.next === null) break;
      const model = WORLD[plan.next.model as Name];
      const success = random() < model.p;
      spent += model.cost;
      statistics.addAttempt({ model: plan.next.model, complexityBand: '1', repository: i % 2 ? 'acme/a' : 'acme/b', after: tried, cycles: 0, success, costUsd: model.cost });
      if (success) break;
      tried.push(plan.next.model);
    }
  }
  return statistics;
}

describe('planWorkOrder()', () => {
  it('converges on the known best plan (cheap, then strong on red, then a person) with a fixed seed', () => {
    const statistics = learn(400, { ...SETTINGS, explore: 0.2 }, seededRandom(7));
    const plan = planWorkOrder({ candidates: CANDIDATES, band: '1', repository: 'acme/a', statistics, settings: SETTINGS });
    expect(plan.steps.map((s) => s.model)).toEqual(['cheap', 'strong']);
    expect(plan.explored).toBe(false);
    const first = plan.options.find((o) => o.model === 'cheap');
    expect(first?.successMean).toBeCloseTo(0.6, 1);
    expect(first?.successInterval?.low).toBeLessThan(0.6);
    expect(first?.successInterval?.high).toBeGreaterThan(0.6);
    expect(first?.expectedCostUsd).toBeCloseTo(0.01, 3);
    expect(first?.costPerSuccessUsd).toBeCloseTo(0.01 / (first?.successMean ?? 1), 6);
    // Independent successes: 0.6 + 0.4 × 0.9 = 0.96 for 0.01 + 0.4 × 1.
    expect(plan.outlook.successProbability).toBeGreaterThan(0.9);
    expect(plan.outlook.expectedCostUsd).toBeGreaterThan(0.3);
    expect(plan.outlook.expectedCostUsd).toBeLessThan(0.5);
    expect(plan.reason).toMatch(/^Plan on the posterior means: "cheap" \(\d+\.\d %, \$0\.01\) → "strong" \(\d+\.\d %, \$1\.00\), then a person; expected/);

    // After the cheap model's red CI, the next cycle is the strong model; after both, a person.
    const afterCheap = planWorkOrder({ candidates: CANDIDATES, band: '1', repository: 'acme/a', statistics, settings: SETTINGS, tried: ['cheap'], spentUsd: 0.01 });
    expect(afterCheap.next).toMatchObject({ model: 'strong', kind: 'escalate' });
    const afterBoth = planWorkOrder({ candidates: CANDIDATES, band: '1', repository: 'acme/a', statistics, settings: SETTINGS, tried: ['cheap', 'strong'], spentUsd: 1.01 });
    expect(afterBoth.next).toBeNull();
    expect(afterBoth.reason).toMatch(/^Stop and ask a person: the best further cycle, "junk" .* more than a success is worth \(\$3\.00\)$/);
  });

  it('never explores when exploration is off: no random number is drawn, and the plan follows the means', () => {
    const statistics = learn(60, { ...SETTINGS, explore: 0.5 }, seededRandom(3));
    const throwing: Random = () => {
      throw new Error('drew a random number');
    };
    const plans = [0, 1, 2].map(() => planWorkOrder({ candidates: CANDIDATES, band: '1', repository: 'acme/a', statistics, settings: SETTINGS, random: throwing }));
    expect(new Set(plans.map((p) => JSON.stringify(p))).size).toBe(1);
    expect(plans[0]?.explored).toBe(false);
    expect(plans[0]?.options.every((o) => o.successUsed === o.successMean)).toBe(true);
  });

  it('explores with Thompson draws when asked, reproducibly for a seed', () => {
    const statistics = learn(10, SETTINGS, seededRandom(1));
    const draw = (seed: number) => planWorkOrder({ candidates: CANDIDATES, band: '1', repository: null, statistics, settings: { ...SETTINGS, explore: 1 }, random: seededRandom(seed) });
    expect(draw(5)).toEqual(draw(5));
    const firsts = new Set(Array.from({ length: 40 }, (_, seed) => draw(seed).next?.model));
    expect(firsts.size).toBeGreaterThan(1);
    expect(draw(5).explored).toBe(true);
  });

  it('never explores, nor plans, a model whose expected cost would break the budget', () => {
    const statistics = new OutcomeStatistics();
    // "gold" always succeeds but costs $4 an attempt; the work order has $5 and has spent $2.
    for (let i = 0; i < 3; i++) statistics.addAttempt({ model: 'gold', complexityBand: '1', repository: 'acme/a', after: [], cycles: 0, success: true, costUsd: 4 });
    for (let i = 0; i < 3; i++) statistics.addAttempt({ model: 'tin', complexityBand: '1', repository: 'acme/a', after: [], cycles: 0, success: i === 0, costUsd: 0.01 });
    const candidates = [{ name: 'gold', blendedPerMtok: 10 }, { name: 'tin', blendedPerMtok: 0.1 }];
    const random = seededRandom(11);
    for (let i = 0; i < 200; i++) {
      const plan = planWorkOrder({ candidates, band: '1', repository: 'acme/a', statistics, settings: { ...SETTINGS, explore: 1, successWorthUsd: 100 }, random, tried: ['tin'], spentUsd: 2 });
      expect(plan.steps.map((s) => s.model)).not.toContain('gold');
    }
    const plan = planWorkOrder({ candidates, band: '1', repository: 'acme/a', statistics, settings: { ...SETTINGS, successWorthUsd: 100 }, tried: ['tin'], spentUsd: 2 });
    expect(plan.options.find((o) => o.model === 'gold')).toMatchObject({ withinBudget: false });
    expect(plan.next).toBeNull();
    expect(plan.reason).toBe('Stop and ask a person: no further cycle fits the budget');
  });

  it('lets a repository with little history borrow from the installation, and one with much keep its own', () => {
    const statistics = new OutcomeStatistics();
    const add = (repository: string, success: boolean) => statistics.addAttempt({ model: 'm', complexityBand: '1', repository, after: [], cycles: 0, success, costUsd: 0.1 });
    for (let i = 0; i < 100; i++) add('acme/big', i % 10 < 8);
    for (let i = 0; i < 40; i++) add('acme/hard', i % 10 < 2);
    add('acme/new', false);
    const mean = (repository: string) => planWorkOrder({ candidates: [{ name: 'm', blendedPerMtok: 1 }], band: '1', repository, statistics, settings: SETTINGS }).options[0]?.successMean ?? 0;
    expect(mean('acme/big')).toBeGreaterThan(0.75);
    expect(mean('acme/hard')).toBeLessThan(0.3);
    // One red attempt of its own against 140 elsewhere (62 % green): near the installation, a little lower.
    expect(mean('acme/new')).toBeGreaterThan(0.5);
    expect(mean('acme/new')).toBeLessThan(0.62);
  });

  it('checks its settings', () => {
    expect(() => planWorkOrder({ candidates: CANDIDATES, band: '1', repository: null, statistics: new OutcomeStatistics(), settings: { ...SETTINGS, explore: 2 } })).toThrow('Cannot plan: "explore" must be a number from 0 to 1, not 2');
    expect(() => planWorkOrder({ candidates: CANDIDATES, band: '1', repository: null, statistics: new OutcomeStatistics(), settings: { ...SETTINGS, explore: 0.5 } })).toThrow('Cannot plan: exploring needs a random source');
  });
});

describe('betaInterval95()', () => {
  it.each([
    [1, 1, 0.025, 0.975],
    [10, 10, 0.2886, 0.7114],
    [2, 8, 0.0281, 0.4822],
  ])('Beta(%f, %f) gives [%f, %f]', (alpha, beta, low, high) => {
    const i = betaInterval95({ alpha, beta });
    expect(i.low).toBeCloseTo(low, 3);
    expect(i.high).toBeCloseTo(high, 3);
  });
});

const model = (name: string, tier: 1 | 2 | 3, input: number, output: number): ModelConfig => ({ name, provider: 'openai', tier, input_per_mtok: input, output_per_mtok: output });
const MINI = model('cheap', 1, 0.2, 0.8);
const BIG = model('strong', 3, 3, 15);
const JUNK = model('junk', 1, 1, 4);
const routingConfig = (strategy: PunchlistConfig['routing']['strategy'], escalate = true): Pick<PunchlistConfig, 'routing' | 'max_cycles' | 'budget'> => ({
  routing: { strategy, escalate_on_red: escalate, explore: false, worth_per_success: 3 },
  max_cycles: 3,
  budget: { per_order: 5, per_month: 200 },
});

describe('nextModelAfterRed()', () => {
  const history = learn(300, { ...SETTINGS, explore: 0.2 }, seededRandom(7));
  // Refinement cycles recorded in this world never help (a red model stays red), and a refinement of the cheap
  // model costs more than its first cycle (it reads the failures).
  for (let i = 0; i < 20; i++) {
    history.addAttempt({ model: 'cheap', complexityBand: '1', repository: 'acme/a', after: [], cycles: 1, success: false, costUsd: 0.4 });
    history.addAttempt({ model: 'strong', complexityBand: '1', repository: 'acme/a', after: ['cheap'], cycles: 1, success: false, costUsd: 2 });
  }
  const request = { models: [BIG, JUNK, MINI], band: '1', repository: 'acme/a', tried: ['cheap'], spentUsd: 0.01 };

  it.each([
    ['learned, with history: the plan\'s next model', 'learned', true, history, ['strong', 'escalate']],
    ['learned, without history: the next cheapest', 'learned', true, new OutcomeStatistics(), ['junk', 'escalate']],
    ['cheapest: the next cheapest not yet tried', 'cheapest', true, history, ['junk', 'escalate']],
    ['fixed: the same model', 'fixed', true, history, ['cheap', 'refine']],
    ['escalate_on_red off: the same model', 'learned', false, history, ['cheap', 'refine']],
  ] as const)('%s', (_, strategy, escalate, statistics, [name, kind]) => {
    const next = nextModelAfterRed(request, { config: routingConfig(strategy, escalate), statistics });
    expect([next.model?.name, next.kind]).toEqual([name, kind]);
    expect(next.plan === null).toBe(!(strategy === 'learned' && escalate && statistics === history));
  });

  it('stops when the plan says a further cycle is not worth it, with the estimates for the escalation comment', () => {
    const next = nextModelAfterRed({ ...request, tried: ['cheap', 'strong'], spentUsd: 1.01 }, { config: routingConfig('learned'), statistics: history });
    expect(next.model).toBeNull();
    expect(next.kind).toBe('stop');
    expect(next.plan?.options.map((o) => [o.model, o.kind]).sort()).toEqual([['junk', 'escalate'], ['strong', 'refine']]);
    expect(next.plan?.options[0]?.successInterval).not.toBeNull();
  });
});

describe('routeWorkOrder() with learned routing', () => {
  const SIMPLE: RoutingInput = { title: 'Add a --verbose flag', body: 'Print each file as it is read.', acceptanceCriteria: [], files: [] };

  it('takes the plan\'s first model, with the plan in the decision, when history exists', async () => {
    const statistics = new OutcomeStatistics();
    // The cheap model fails here; the strong one succeeds: the plan goes straight to the strong model.
    for (let i = 0; i < 30; i++) {
      statistics.addAttempt({ model: 'cheap', complexityBand: '1', repository: 'acme/a', after: [], cycles: 0, success: false, costUsd: 0.01 });
      statistics.addAttempt({ model: 'strong', complexityBand: '1', repository: 'acme/a', after: ['cheap'], cycles: 0, success: true, costUsd: 0.5 });
    }
    const routed = await routeWorkOrder(SIMPLE, [BIG, MINI], undefined, { repository: 'acme/a' }, { config: routingConfig('learned'), statistics });
    expect(routed.ok && [routed.model.name, routed.rule]).toEqual(['strong', 'learned_plan']);
    expect(routed.ok && routed.inputs.plan?.steps[0]?.model).toBe('strong');
    expect(routed.ok && routed.reason).toMatch(/^Routed to "strong" \(tier 3\) for complexity band 1 \(score \d of 10\) by the learned plan\. Plan on the posterior means: "strong"/);
  });

  it.each([
    ['no history', 'learned', new OutcomeStatistics()],
    ['strategy cheapest', 'cheapest', learn(50, SETTINGS, seededRandom(2))],
    ['strategy fixed', 'fixed', learn(50, SETTINGS, seededRandom(2))],
  ] as const)('routes as it always did with %s', async (_, strategy, statistics) => {
    const routed = await routeWorkOrder(SIMPLE, [BIG, MINI], undefined, { repository: 'acme/a' }, { config: routingConfig(strategy), statistics });
    expect(routed.ok && [routed.model.name, routed.rule]).toEqual(['cheap', 'cheapest_covering']);
  });
});
