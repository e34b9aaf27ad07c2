import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../app/config/index.ts';
import {
  blendedPrice,
  chooseModel,
  findRiskKeywords,
  NO_ADVICE,
  routeWorkOrder,
  scoreComplexity,
  type AdviceRequest,
  type PatternAdvisor,
  type RoutingInput,
} from '../../app/routing/index.ts';

const model = (name: string, tier: 1 | 2 | 3, input: number, output: number, provider: 'openai' | 'anthropic' = 'openai'): ModelConfig => ({
  name,
  provider,
  tier,
  input_per_mtok: input,
  output_per_mtok: output,
});

const MINI = model('mini', 1, 0.4, 1.6);
const LOCAL = model('local', 1, 0, 0);
const MID = model('mid', 2, 1, 4);
const MID_CHEAP_IN = model('mid-b', 2, 0.5, 8); // blended 2.375 vs mid's 1.75
const SONNET = model('sonnet', 3, 3, 15, 'anthropic');
const OPUS = model('opus', 3, 15, 75, 'anthropic');

function order(over: Partial<RoutingInput> = {}): RoutingInput {
  return { title: 'Add a --verbose flag', body: 'Print each file as it is read.', acceptanceCriteria: [], files: [], ...over };
}

const criteria = (n: number) => Array.from({ length: n }, (_, i) => ({ text: `criterion ${i}` }));
const files = (n: number, size: number | null = 1_000) => Array.from({ length: n }, (_, i) => ({ path: `src/f${i}.ts`, size }));

describe('scoreComplexity()', () => {
  it.each([
    ['a one-line issue', order(), 0, 1],
    ['three criteria', order({ acceptanceCriteria: criteria(3) }), 1, 1],
    ['six criteria and two files', order({ acceptanceCriteria: criteria(6), files: files(2) }), 3, 2],
    ['five files of 25 kB', order({ files: files(5, 25_000) }), 4, 2],
    ['a long issue naming many large files', order({ body: 'x'.repeat(6_000), acceptanceCriteria: criteria(6), files: files(5, 30_000) }), 8, 3],
    ['files of unknown size count as files only', order({ files: files(2, null) }), 1, 1],
  ])('scores %s', (_, input, score, band) => {
    const c = scoreComplexity(input);
    expect({ score: c.score, band: c.band }).toEqual({ score, band });
  });

  it('keeps every input with the points it gave', () => {
    const c = scoreComplexity(order({ title: 'Fix the auth schema migration', acceptanceCriteria: criteria(3), files: files(2, 60_000) }));
    expect(c.factors).toEqual([
      { name: 'criteria', value: 3, points: 1 },
      { name: 'files', value: 2, points: 1 },
      { name: 'text_size', value: 'Fix the auth schema migration\nPrint each file as it is read.'.length, points: 0 },
      { name: 'file_size', value: 120_000, points: 2 },
      { name: 'risk', value: 3, points: 2 },
    ]);
    expect(c.score).toBe(6);
    expect(c.band).toBe(3);
    expect(c.risks.map((r) => r.kind)).toEqual(['auth', 'data_migration', 'schema']);
  });
});

describe('findRiskKeywords()', () => {
  it.each([
    ['Fix the XSS in the comment form', ['security']],
    ['Add OAuth login', ['auth']],
    ['Write a migration for the users table', ['data_migration']],
    ['Change the database schema', ['schema']],
    ['Refund payments twice', ['payment']],
    ['A race condition in the cache', ['concurrency']],
    ['Avoid SQL injection in search', ['security']],
  ])('finds the risk in %j', (text, kinds) => {
    expect([...new Set(findRiskKeywords(text).map((r) => r.kind))]).toEqual(kinds);
  });

  it('lists each distinct word once, lower-cased, with its kind', () => {
    expect(findRiskKeywords('Add OAuth login; oauth only')).toEqual([
      { kind: 'auth', word: 'oauth' },
      { kind: 'auth', word: 'login' },
    ]);
  });

  it.each([
    'Rename the authority column header label',
    'Use dependency injection for the logger',
    'Run actions/checkout before the build',
    'Improve the README wording',
  ])('finds none in %j', (text) => {
    expect(findRiskKeywords(text)).toEqual([]);
  });
});

describe('chooseModel()', () => {
  const band = (b: 1 | 2 | 3, risky = false) => ({ ...scoreComplexity(order({ title: risky ? 'Fix auth' : 'x' })), band: b, score: b * 3 - 2 });

  it.each([
    ['band 1: the cheapest of all', [SONNET, MID, MINI], band(1), 'mini', 'cheapest_covering'],
    ['band 1: a free local model beats a paid one', [MINI, LOCAL], band(1), 'local', 'cheapest_covering'],
    ['band 2: tier 1 does not cover it', [MINI, MID, SONNET], band(2), 'mid', 'cheapest_covering'],
    ['band 2: cheaper by blended price, not by input price', [MID_CHEAP_IN, MID], band(2), 'mid', 'cheapest_covering'],
    ['band 2: a tier 3 model covers it when it is cheapest', [model('cheap3', 3, 0.1, 0.1), MID], band(2), 'cheap3', 'cheapest_covering'],
    ['band 3: the cheapest top-tier model', [OPUS, MINI, SONNET], band(3), 'sonnet', 'cheapest_covering'],
    ['a risk keyword demands the top tier even at band 1', [MINI, MID, SONNET, OPUS], band(1, true), 'sonnet', 'risk_top_tier'],
    ['the top tier is the top configured one', [MINI, MID], band(1, true), 'mid', 'risk_top_tier'],
    ['band 3 with no tier 3 model: the cheapest of the highest tier', [MINI, MID], band(3), 'mid', 'highest_available'],
  ])('%s', (_, models, complexity, expected, rule) => {
    const d = chooseModel(models, complexity, NO_ADVICE);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.model.name).toBe(expected);
    expect(d.rule).toBe(rule);
  });

  it('breaks a price tie by the lower tier, then by the order of the config', () => {
    const a = model('a', 3, 1, 1);
    const b = model('b', 2, 1, 1);
    const c = model('c', 2, 1, 1);
    const d = chooseModel([a, b, c], band(2), NO_ADVICE);
    expect(d.ok && d.inputs.candidates.map((m) => m.name)).toEqual(['b', 'c', 'a']);
  });

  it('records its inputs and says why in one sentence', () => {
    const complexity = band(2);
    const d = chooseModel([MINI, MID, SONNET], complexity, NO_ADVICE);
    expect(d).toEqual({
      ok: true,
      model: MID,
      rule: 'cheapest_covering',
      inputs: {
        complexity,
        requiredTier: 2,
        candidates: [
          { name: 'mid', provider: 'openai', tier: 2, blendedPerMtok: 1.75 },
          { name: 'sonnet', provider: 'anthropic', tier: 3, blendedPerMtok: 6 },
        ],
        advice: NO_ADVICE,
      },
      reason: 'Routed to "mid" (tier 2), the cheapest configured model whose tier covers complexity band 2 (score 4 of 10).',
    });
  });

  it('names the risk keywords in its reason', () => {
    const d = chooseModel([MINI, SONNET], scoreComplexity(order({ title: 'Add a schema migration' })), NO_ADVICE);
    expect(d.ok && d.reason).toBe('Routed to "sonnet" (tier 3), the cheapest top-tier model, because the issue names risk keywords ("migration", "schema").');
  });

  it('says clearly that no models are configured, instead of inventing one', () => {
    const d = chooseModel([], band(1), NO_ADVICE);
    expect(d).toMatchObject({ ok: false, kind: 'no_models', message: 'No models are configured: add at least one under "models" in .github/punchlist.yml, with its provider, tier and price.' });
  });

  it('follows advice for an allowed model and says so', () => {
    const advice = { source: 'pattern confidence', stats: [], recommendation: { model: 'sonnet', reason: '"mid" succeeded 2 of 10 times at band 2' } };
    const d = chooseModel([MINI, MID, SONNET], band(2), advice);
    expect(d.ok && d.model.name).toBe('sonnet');
    expect(d.ok && d.rule).toBe('pattern_advice');
    expect(d.ok && d.reason).toBe('Routed to "sonnet" (tier 3) on the advice of pattern confidence for complexity band 2 (score 4 of 10): "mid" succeeded 2 of 10 times at band 2.');
  });

  it.each([
    ['a model whose tier does not cover the band', 'mini'],
    ['a model that is not configured', 'gpt-9'],
  ])('ignores advice for %s', (_, recommended) => {
    const d = chooseModel([MINI, MID, SONNET], band(2), { source: 'x', stats: [], recommendation: { model: recommended, reason: 'r' } });
    expect(d.ok && d.model.name).toBe('mid');
    expect(d.ok && d.rule).toBe('cheapest_covering');
  });
});

describe('blendedPrice()', () => {
  it('weighs input three times as much as output', () => {
    expect(blendedPrice(MINI)).toBeCloseTo(0.4 * 0.75 + 1.6 * 0.25);
  });
});

describe('routeWorkOrder()', () => {
  it('asks the advisor about the allowed models only, and keeps its advice in the decision', async () => {
    const asked: AdviceRequest[] = [];
    const stats = [{ model: 'sonnet', band: 2 as const, samples: 12, successes: 11, successRate: 11 / 12, meanCostUsd: 0.4 }];
    const advisor: PatternAdvisor = {
      advise: (request) => {
        asked.push(request);
        return Promise.resolve({ source: 'test', stats, recommendation: null });
      },
    };
    const d = await routeWorkOrder(order({ acceptanceCriteria: criteria(6), files: files(2) }), [MINI, MID, SONNET], advisor);
    expect(asked).toEqual([{ band: 2, candidates: [MID, SONNET] }]);
    expect(d.ok && d.model.name).toBe('mid');
    expect(d.ok && d.inputs.advice).toEqual({ source: 'test', stats, recommendation: null });
  });

  it('defaults to no advice', async () => {
    const d = await routeWorkOrder(order(), [MID, MINI]);
    expect(d.ok && d.inputs.advice).toEqual({ source: 'none', stats: [], recommendation: null });
    expect(d.ok && d.model.name).toBe('mini');
  });

  it('does not consult the advisor when no model is configured', async () => {
    const advisor: PatternAdvisor = { advise: () => Promise.reject(new Error('must not be asked')) };
    const d = await routeWorkOrder(order(), [], advisor);
    expect(d.ok).toBe(false);
  });
});
