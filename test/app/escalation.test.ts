import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationOptions, renderEscalationComment } from '../../app/ci/escalation.ts';
import { storedConfig, type ModelConfig } from '../../app/config/index.ts';
import { blendedPrice, OutcomeStatistics, planSettings, planWorkOrder } from '../../app/routing/index.ts';
import type { AttemptRecord } from '../../app/worker/attempt.ts';
import { openStore, type Store, type WorkOrder } from '../../src/store/index.ts';

const model = (name: string, tier: 1 | 2 | 3, input: number, output: number): ModelConfig => ({ name, provider: 'openai', tier, input_per_mtok: input, output_per_mtok: output });
const CHEAP = model('cheap', 1, 0.4, 1.6);
const STRONG = model('strong', 3, 3, 15);
const OTHER = model('other', 1, 1, 4);
const CONFIG = storedConfig({ models: [CHEAP, STRONG, OTHER], routing: { strategy: 'learned', explore: 0 } });

const ORDER: WorkOrder = {
  id: 7, installationId: 77, repository: 'acme/a', repositoryId: null, issueNumber: 3, trigger: 'label:punchlist', deliveryId: null, state: 'ci_running',
  title: 'Fix it', body: '', author: null, acceptanceCriteria: [], files: [], branch: 'punchlist/3-fix-it', prNumber: 4, headSha: 'a'.repeat(40), commits: [],
  statusCommentId: null, model: 'cheap', complexity: 1, complexityBand: '1', cycle: 0, failureClass: 'test_fail', context: {}, createdAt: new Date(), updatedAt: new Date(),
};
const ATTEMPT: AttemptRecord = { number: 1, model: 'cheap', startedAt: new Date().toISOString(), startCycle: 0, inputTokens: 3000, outputTokens: 800, costUsd: 0.002, lastCall: { inputTokens: 3000, outputTokens: 800 } };

describe('escalation options', () => {
  let dataDir: string;
  let store: Store;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'punchlist-escalation-'));
    store = await openStore({ dataDir });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('quote the learned plan\'s estimates (mean, interval, cost, cost per success) where the plan has them', async () => {
    const statistics = new OutcomeStatistics();
    for (let i = 0; i < 10; i++) {
      statistics.addAttempt({ model: 'cheap', complexityBand: '1', repository: 'acme/a', after: [], cycles: i % 2, success: i % 3 === 0, costUsd: 0.002 });
      statistics.addAttempt({ model: 'strong', complexityBand: '1', repository: 'acme/a', after: ['cheap'], cycles: 0, success: i % 5 !== 0, costUsd: 0.02 });
    }
    // Only the allowed models of the work order are planned: "other" keeps the stated default.
    const plan = planWorkOrder({
      candidates: [CHEAP, STRONG].map((m) => ({ name: m.name, blendedPerMtok: blendedPrice(m) })),
      band: '1',
      repository: 'acme/a',
      statistics,
      settings: { ...planSettings(CONFIG), explore: 0 },
      tried: ['cheap'],
      spentUsd: 0.002,
    });
    const options = await escalationOptions(store.db, ORDER, CONFIG, ATTEMPT, 'test_fail', 'plan', plan);
    expect(options.map((o) => o.reply)).toEqual(['/punchlist retry', '/punchlist retry --model strong', '/punchlist retry --model other', '/punchlist abort']);
    for (const [option, name] of [[options[0]!, 'cheap'], [options[1]!, 'strong']] as const) {
      const estimate = plan.options.find((o) => o.model === name)!;
      expect(option).toMatchObject({ estimatedCostUsd: estimate.expectedCostUsd, estimatedSuccess: estimate.successMean, successInterval: estimate.successInterval, costPerSuccessUsd: estimate.costPerSuccessUsd });
      expect(option.basis).toMatch(/^learned plan: posterior mean \d+ % \(95 % interval \d+ %–\d+ %\) from \d+ attempts? in this repository and 0 in the installation's others$/);
    }
    expect(options[2]).toMatchObject({ estimatedSuccess: 0.3, basis: expect.stringContaining('default for another model') });
    expect(options[2]!.costPerSuccessUsd).toBeCloseTo(options[2]!.estimatedCostUsd / 0.3, 10);

    const comment = renderEscalationComment({ order: ORDER, trigger: 'plan', reason: plan.reason, cycles: [], failures: [], spentUsd: 0.002, budgetUsd: 5, options });
    expect(comment).toContain('the learned routing plan expects no further cycle to be worth its cost');
    expect(comment).toContain('| Reply | What happens | Est. cost | Est. success | Based on | Est. cost per success |');
    const strong = plan.options.find((o) => o.model === 'strong')!;
    const pct = (v: number) => `${Math.round(v * 100)} %`;
    expect(comment).toContain(
      `| \`/punchlist retry --model strong\` | A refinement cycle with \`strong\` (tier 3) | $${strong.expectedCostUsd.toFixed(4)} | ${pct(strong.successMean)} (${pct(strong.successInterval!.low)}–${pct(strong.successInterval!.high)}) |`,
    );
    expect(comment).toMatch(/\| `\/punchlist abort` \| .* \| \$0\.0000 \| — \| nothing more is attempted \| — \|$/);
  });

  it('without a plan, keep the call-size cost and the recorded or default rates', async () => {
    const options = await escalationOptions(store.db, ORDER, CONFIG, ATTEMPT, 'test_fail', 'repeated');
    expect(options.map((o) => [o.reply, o.estimatedSuccess, o.successInterval ?? null])).toEqual([
      ['/punchlist retry', 0.25, null],
      ['/punchlist retry --model strong', 0.5, null],
      ['/punchlist retry --model other', 0.3, null],
      ['/punchlist abort', null, null],
    ]);
    expect(options[1]!.costPerSuccessUsd).toBeCloseTo(options[1]!.estimatedCostUsd / 0.5, 10);
  });
});
