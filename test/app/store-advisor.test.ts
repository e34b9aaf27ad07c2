import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../app/config/index.ts';
import { adviseFromHistory, createStoreAdvisor, routeWorkOrder, wilsonInterval, type AdviceRequest, type RoutingInput } from '../../app/routing/index.ts';
import { loadOutcomeStatistics } from '../../app/routing/plan/index.ts';
import { createWorkOrder, openStore, recordDecision, recordOutcome, type Executor, type ModelBandStats, type Store } from '../../src/store/index.ts';
import { routingOutcomeGroups } from '../../src/store/patterns.ts';

const model = (name: string, tier: 1 | 2 | 3, input: number, output: number): ModelConfig => ({ name, provider: 'openai', tier, input_per_mtok: input, output_per_mtok: output });

const MINI = model('mini', 1, 0.4, 1.6);
const MID = model('mid', 2, 1, 4);
const BIG = model('big', 3, 3, 15);

/** A history row at band 1 unless told otherwise. */
function row(modelName: string, successes: number, samples: number, meanCostUsd = 0.1, complexityBand = '1'): ModelBandStats {
  return { model: modelName, complexityBand, samples, successes, successRate: successes / samples, meanCostUsd };
}

const request = (candidates: ModelConfig[] = [MINI, MID, BIG], band: 1 | 2 | 3 = 1): AdviceRequest => ({ band, candidates });

describe('wilsonInterval()', () => {
  it.each([
    [9, 10, 0.5958, 0.9821],
    [5, 5, 0.5655, 1],
    [0, 5, 0, 0.4345],
  ])('%i of %i gives [%f, %f]', (successes, samples, low, high) => {
    const interval = wilsonInterval(successes, samples);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it('knows nothing without samples', () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });
});

describe('adviseFromHistory()', () => {
  it.each([
    ['the cheapest has too few attempts', [row('mini', 0, 4), row('big', 9, 9)], /"mini", the cheapest, has 4 of the 5 attempts needed at band 1/],
    ['no other model has enough attempts', [row('mini', 0, 9), row('big', 4, 4)], /no model but the cheapest has the 5 attempts needed at band 1 \("mid": 0, "big": 4\)/],
    ['the others tie with the cheapest', [row('mini', 5, 10), row('mid', 5, 10), row('big', 5, 10)], /no model is clearly better than the cheapest, "mini" 5 of 10/],
    ['better, but the intervals overlap', [row('mini', 4, 10), row('big', 7, 10)], /no model is clearly better .*; the best other is "big" 7 of 10 \(95% Wilson interval 40–89%/],
    ['the better record is at another band', [row('mini', 0, 10), row('big', 10, 10, 0.5, '2')], /no model but the cheapest has/],
  ])('keeps the cheapest when %s', (_, history, why) => {
    const advice = adviseFromHistory(request(), history);
    expect(advice.recommendation).toBeNull();
    expect(advice.source).toMatch(/^outcome history of all repositories: no recommendation, /);
    expect(advice.source).toMatch(why);
  });

  it('says there is nothing to choose with one candidate', () => {
    const advice = adviseFromHistory(request([BIG]), [row('big', 0, 20)]);
    expect(advice).toMatchObject({ recommendation: null, source: 'outcome history of all repositories: no recommendation, only one model is allowed, so there is nothing to choose' });
  });

  it('recommends a clearly better model with its numbers, and keeps only the candidates at the band', () => {
    const history = [row('mini', 1, 10, 0.05), row('big', 9, 10, 0.5), row('big', 0, 10, 0.5, '3'), row('retired', 10, 10)];
    const advice = adviseFromHistory({ ...request(), repository: 'acme/tools' }, history);
    expect(advice.source).toBe('outcome history of "acme/tools"');
    expect(advice.recommendation).toEqual({
      model: 'big',
      reason:
        '"big" 9 of 10 (95% Wilson interval 60–98%, mean cost $0.50) at band 1 is clearly better than the cheapest, ' +
        '"mini" 1 of 10 (95% Wilson interval 2–40%, mean cost $0.05): its lower bound 60% is above the cheapest\'s upper bound 40%',
    });
    expect(advice.stats).toEqual([
      { model: 'mini', band: 1, samples: 10, successes: 1, successRate: 0.1, meanCostUsd: 0.05 },
      { model: 'mid', band: 1, samples: 0, successes: 0, successRate: 0, meanCostUsd: 0 },
      { model: 'big', band: 1, samples: 10, successes: 9, successRate: 0.9, meanCostUsd: 0.5 },
    ]);
  });

  it('prefers the highest lower bound among clearly better models, and the cheaper of two equal ones', () => {
    expect(adviseFromHistory(request(), [row('mini', 0, 10), row('mid', 7, 10), row('big', 10, 10)]).recommendation?.model).toBe('big');
    expect(adviseFromHistory(request(), [row('mini', 0, 10), row('mid', 10, 10), row('big', 10, 10)]).recommendation?.model).toBe('mid');
  });

  it('honours a stricter minimum', () => {
    const history = [row('mini', 0, 6), row('big', 6, 6)];
    expect(adviseFromHistory(request(), history).recommendation?.model).toBe('big');
    expect(adviseFromHistory(request(), history, { minSamples: 7 }).recommendation).toBeNull();
  });
});

describe('createStoreAdvisor()', () => {
  it('refuses a minimum that is not a positive integer', () => {
    expect(() => createStoreAdvisor({ db: {} as Executor }, { minSamples: 0 })).toThrow('Cannot create the store advisor: "minSamples" must be a positive integer, not 0');
  });
});

describe('createStoreAdvisor() against a store', () => {
  const REPOSITORY = 'acme/learning';
  const SIMPLE: RoutingInput = { title: 'Add a --verbose flag', body: 'Print each file as it is read.', acceptanceCriteria: [], files: [] };
  let dataDir: string;
  let store: Store;
  let issue = 0;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'punchlist-advisor-'));
    store = await openStore({ dataDir });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** One finished work order at band 1 in `repository`, attempted once by `modelName`. */
  async function attempt(modelName: string, success: boolean, repository = REPOSITORY): Promise<void> {
    const created = await createWorkOrder(store, { repository, issueNumber: ++issue, trigger: 'punchlist' });
    if (!created.workOrder) throw new Error('the work order was not created');
    await recordOutcome(store.db, {
      workOrderId: created.workOrder.id,
      attempt: 1,
      model: modelName,
      complexityBand: '1',
      cycles: success ? 0 : 3,
      inputTokens: 4000,
      outputTokens: 1000,
      costUsd: modelName === 'big' ? 0.03 : 0.002,
      durationMs: 60_000,
      success,
    });
  }

  it('routes to the cheapest until enough outcomes are recorded, then to the model that has done better', async () => {
    const advisor = createStoreAdvisor(store);
    const route = () => routeWorkOrder(SIMPLE, [BIG, MINI], advisor, { repository: REPOSITORY });
    for (let i = 0; i < 4; i++) {
      await attempt('mini', false);
      await attempt('big', true);
    }
    const before = await route();
    expect(before.ok && [before.model.name, before.rule]).toEqual(['mini', 'cheapest_covering']);
    expect(before.ok && before.inputs.advice.source).toBe('outcome history of "acme/learning": no recommendation, "mini", the cheapest, has 4 of the 5 attempts needed at band 1');

    await attempt('mini', false);
    await attempt('big', true);
    const after = await route();
    expect(after.ok && [after.model.name, after.rule]).toEqual(['big', 'pattern_advice']);
    expect(after.ok && after.reason).toContain('on the advice of outcome history of "acme/learning" for complexity band 1 (score 0 of 10): "big" 5 of 5 (95% Wilson interval 57–100%');
    expect(after.ok && after.inputs.advice.stats.map((s) => [s.model, s.successes, s.samples])).toEqual([
      ['mini', 0, 5],
      ['big', 5, 5],
    ]);

    // Another repository has no history of its own; without a repository all of them count.
    const elsewhere = await routeWorkOrder(SIMPLE, [BIG, MINI], advisor, { repository: 'acme/elsewhere' });
    expect(elsewhere.ok && elsewhere.model.name).toBe('mini');
    const anywhere = await routeWorkOrder(SIMPLE, [BIG, MINI], advisor);
    expect(anywhere.ok && [anywhere.model.name, anywhere.inputs.advice.source]).toEqual(['big', 'outcome history of all repositories']);
  });

  it('groups outcomes for the learned policy: the models red before, refinement cycles, and a person\'s --model', async () => {
    const installationId = 77;
    const order = async (repository: string) => {
      const created = await createWorkOrder(store, { repository, issueNumber: ++issue, trigger: 'punchlist', installationId });
      if (!created.workOrder) throw new Error('the work order was not created');
      return created.workOrder.id;
    };
    const outcome = (workOrderId: number, attemptNumber: number, modelName: string, cycles: number, success: boolean, costUsd: number) =>
      recordOutcome(store.db, { workOrderId, attempt: attemptNumber, model: modelName, complexityBand: '2', cycles, inputTokens: 1, outputTokens: 1, costUsd, durationMs: 1, success });
    // mini red, then big (handed over by the plan) green after one refinement cycle.
    const a = await order('acme/one');
    await outcome(a, 1, 'mini', 0, false, 0.01);
    await outcome(a, 2, 'big', 1, true, 0.4);
    // mini red, escalated; a person answered `/punchlist retry --model big`, which went green at once.
    const b = await order('acme/two');
    await outcome(b, 1, 'mini', 0, false, 0.02);
    await recordDecision(store.db, { workOrderId: b, kind: 'escalation', conclusion: 'answered', evidence: { command: '/punchlist retry --model big' } });
    await outcome(b, 2, 'big', 0, true, 0.3);

    const groups = await routingOutcomeGroups(store.db, { installationId });
    expect(groups.map((g) => [g.model, g.repository, g.after, g.attempts, g.firstSuccesses, g.refineCycles, g.refineSuccesses, g.overrides])).toEqual([
      ['big', 'acme/one', ['mini'], 1, 0, 1, 1, 0],
      ['big', 'acme/two', ['mini'], 1, 1, 0, 0, 1],
      ['mini', 'acme/one', [], 1, 0, 0, 0, 0],
      ['mini', 'acme/two', [], 1, 0, 0, 0, 0],
    ]);
    expect(groups[0]?.firstCostUsd).toBeCloseTo(0.2, 6);
    expect(groups[0]?.refineCostUsd).toBeCloseTo(0.2, 6);

    const statistics = await loadOutcomeStatistics(store.db, { installationId });
    expect(statistics.counts('2', null, 'big', 'mini')).toEqual({ trials: 2, successes: 1, costUsd: expect.closeTo(0.5, 6), overrides: 1 });
    expect(statistics.counts('2', 'acme/one', 'big', 'big\u0000mini')).toMatchObject({ trials: 1, successes: 1 });
    expect(statistics.counts('2', null, 'mini', '')).toMatchObject({ trials: 2, successes: 0 });
    expect((await loadOutcomeStatistics(store.db, { installationId: 78 })).isEmpty('2', ['mini', 'big'])).toBe(true);
  });

  it('counts a person\'s choice by the decision\'s `override` marker, and never one marked false', async () => {
    const installationId = 79;
    const order = async () => {
      const created = await createWorkOrder(store, { repository: 'acme/three', issueNumber: ++issue, trigger: 'punchlist', installationId });
      return created.workOrder!.id;
    };
    const outcome = (workOrderId: number, attemptNumber: number, modelName: string) =>
      recordOutcome(store.db, { workOrderId, attempt: attemptNumber, model: modelName, complexityBand: '2', cycles: 0, inputTokens: 1, outputTokens: 1, costUsd: 0.1, durationMs: 1, success: true });
    // The marker as the App writes it now: on an escalation's answer, a retry of an ended work order, the routing it pins.
    const c = await order();
    await outcome(c, 1, 'mini');
    await recordDecision(store.db, { workOrderId: c, kind: 'escalation', conclusion: 'answered', evidence: { command: '/punchlist retry --model big', model: 'big', attempt: 2, override: true } });
    await outcome(c, 2, 'big');
    const d = await order();
    await recordDecision(store.db, { workOrderId: d, kind: 'routing', conclusion: 'pinned', evidence: { rule: 'pinned', model: 'big', attempt: 1, override: true } });
    await outcome(d, 1, 'big');
    // A retry that names no model is marked false: the old shape (a `retry` naming model and attempt) does not count then.
    const e = await order();
    await recordDecision(store.db, { workOrderId: e, kind: 'retry', conclusion: 'relabelled', evidence: { model: 'mini', attempt: 1, override: false } });
    await outcome(e, 1, 'mini');
    const groups = await routingOutcomeGroups(store.db, { installationId });
    expect(groups.map((g) => [g.model, g.after, g.attempts, g.overrides])).toEqual([
      ['big', [], 1, 1],
      ['big', ['mini'], 1, 1],
      ['mini', [], 2, 0],
    ]);
  });

  it('leaves out attempts that ended for reasons outside the model\'s work, and keeps the model\'s own failures', async () => {
    const installationId = 80;
    const failedProposal = async (kind: string) => {
      const created = await createWorkOrder(store, { repository: 'acme/four', issueNumber: ++issue, trigger: 'punchlist', installationId });
      await recordOutcome(store.db, { workOrderId: created.workOrder!.id, attempt: 1, model: 'mini', complexityBand: '1', cycles: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, durationMs: 1, success: false, errorContext: { stage: 'proposal', kind } });
    };
    for (const kind of ['provider_error', 'network_error', 'timeout', 'malformed_output', 'no_change']) await failedProposal(kind);
    const groups = await routingOutcomeGroups(store.db, { installationId });
    expect(groups.map((g) => [g.model, g.attempts, g.firstSuccesses])).toEqual([['mini', 2, 0]]);
  });

  it('gives no advice, and says why, when the store cannot be read', async () => {
    const broken: KyselyPlugin = {
      transformQuery: () => {
        throw new Error('connection terminated unexpectedly');
      },
      transformResult: (args) => Promise.resolve(args.result),
    };
    const warnings: string[] = [];
    const advisor = createStoreAdvisor({ db: store.db.withPlugin(broken) }, { log: { warn: (m) => warnings.push(m) } });
    const routed = await routeWorkOrder(SIMPLE, [BIG, MINI], advisor, { repository: REPOSITORY });
    expect(routed.ok && routed.model.name).toBe('mini');
    expect(routed.ok && routed.inputs.advice).toEqual({ source: 'outcome history unavailable: connection terminated unexpectedly', stats: [], recommendation: null });
    expect(warnings).toEqual(['Routing without learned advice: cannot read the outcome history (connection terminated unexpectedly)']);
  });
});
