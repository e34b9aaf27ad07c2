import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkOrder, listDecisions, listOutcomes, listWorkOrders, openStore, recordOutcome, transitionWorkOrder, type Store } from '../../src/store/index.ts';
import { routingOutcomeGroups } from '../../src/store/patterns.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { startScriptedModelServer, type RecordedRequest, type ScriptedReply, type ScriptedServer } from '../helpers/scripted-model-server.ts';
import { eventually, startApp, type AppProcess } from './app-process.ts';
import { CI_CONFIG_YAML, CI_FILES, isRefinement, LOGS, workflowRunCompleted } from './ci-fixtures.ts';
import { INSTALLATION_ID, labeledPayload, REPO } from './fixtures.ts';

// Learned routing (issue 14) in the App: with recorded history saying the cheap model is worth a first try and the
// strong one wins after it fails, the routing decision carries the plan, a red CI after the cheap model's change
// hands the next cycle to the strong model as a new attempt, and each attempt's outcome is recorded with its model.

const REPOSITORY = `${REPO.owner}/${REPO.repo}`;
const STORY = { number: 61, title: 'Route the sum fix', body: 'src/sum.js returns the wrong result.' };
const BUGGY = 'export function sum(a, b) {\n  return a - b;\n}\n';

// Learned, and never exploring: the plan is the one the posterior means give, so the story is the same every run.
const CONFIG = CI_CONFIG_YAML.replace('routing: { strategy: fixed }', 'routing: { strategy: learned, explore: 0 }');

const usedModel = (r: RecordedRequest) => String((r.body as { model?: unknown }).model ?? '');

/** The cheap model only documents the bug; the strong one fixes it. */
function reply(request: RecordedRequest): ScriptedReply {
  if (usedModel(request) === 'scripted-large') return { json: { summary: 'Fix sum.', edits: [{ path: 'src/sum.js', search: 'a - b', replace: 'a + b' }] } };
  return { json: { summary: 'Document sum.', edits: [{ path: 'src/sum.js', content: `// sum\n${BUGGY}` }] } };
}

/**
 * The installation's record at band 1 in this repository: the cheap model green at its first try half the time;
 * when it was red, the strong model, handed the next cycle, was green at once.
 */
async function seedHistory(store: Store): Promise<void> {
  for (let i = 0; i < 8; i++) {
    const created = await createWorkOrder(store, { repository: REPOSITORY, issueNumber: 900 + i, trigger: 'label:punchlist', installationId: INSTALLATION_ID, context: { statusShown: 'cancelled' } });
    const id = created.workOrder!.id;
    // Ended, so the App has nothing to resume for them.
    await transitionWorkOrder(store, { id, from: 'queued', to: 'cancelled' });
    const outcome = (attempt: number, model: string, success: boolean, costUsd: number) =>
      recordOutcome(store.db, { workOrderId: id, attempt, model, complexityBand: '1', cycles: 0, inputTokens: 3000, outputTokens: 800, costUsd, durationMs: 60_000, success });
    const cheapGreen = i % 2 === 0;
    await outcome(1, 'scripted-mini', cheapGreen, 0.002);
    if (!cheapGreen) await outcome(2, 'scripted-large', true, 0.02);
  }
}

describe('learned routing, end to end', () => {
  let github: FakeGitHub;
  let model: ScriptedServer;
  let app: AppProcess;
  let dataDir: string;
  let store: Store | undefined;

  beforeAll(async () => {
    github = await startFakeGitHub({ ...REPO, files: { ...CI_FILES, '.github/punchlist.yml': CONFIG } });
    github.permissions.set('Codertocat', 'admin');
    model = await startScriptedModelServer([], { fallback: reply });
    dataDir = mkdtempSync(join(tmpdir(), 'punchlist-routing-'));
    const seeding = await openStore({ dataDir });
    try {
      await seedHistory(seeding);
    } finally {
      await seeding.close();
    }
    app = await startApp({ githubUrl: github.url, modelBaseUrl: model.baseURL, dataDir });
  }, 90_000);
  afterAll(async () => {
    await store?.close();
    await app?.stop();
    await github?.close();
    await model?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const statusOf = (issue: number) => github.comments.find((c) => c.issueNumber === issue && c.body.includes('**Punchlist** is on it'))?.body ?? '';

  it('a red CI after the cheap model\'s change hands the next cycle to the strong model; each attempt is recorded with its model', async () => {
    expect((await app.deliver('issues', labeledPayload(STORY))).status).toBe(200);
    const pull = await eventually('the pull request', () => github.pulls.find((p) => p.head.startsWith(`punchlist/${STORY.number}-`)), 45_000);
    await eventually('the work order to wait for CI', () => statusOf(STORY.number).includes('pull request open'));
    const first = pull.headSha;
    expect(model.requests.map(usedModel)).toEqual(['scripted-mini']);

    const red = github.ci.complete(first, [{ name: 'test', conclusion: 'failure', log: LOGS.testFail }]);
    expect((await app.deliver('workflow_run', workflowRunCompleted(red))).status).toBe(200);
    const second = await eventually('the strong model\'s fix on the branch', () => (github.headOf(pull.head) !== first ? github.headOf(pull.head) : undefined));
    expect(github.filesAt(pull.head).get('src/sum.js')).toContain('a + b');
    expect(model.requests.map(usedModel)).toEqual(['scripted-mini', 'scripted-large']);
    // The strong model was given the failure, as any refinement cycle is.
    expect(isRefinement(model.requests[1]!)).toBe(true);
    await eventually('the status comment to name the strong model', () => statusOf(STORY.number).includes('| Model | `scripted-large` |') && statusOf(STORY.number).includes('pull request open'));

    const green = github.ci.complete(second!, [{ name: 'test', conclusion: 'success' }]);
    expect((await app.deliver('workflow_run', workflowRunCompleted(green))).status).toBe(200);
    await eventually('success', () => statusOf(STORY.number).includes('| State | succeeded |'));
    expect(github.violations).toEqual([]);
    expect(model.problems).toEqual([]);
  }, 120_000);

  it('recorded the plan in the routing decision, the hand-over in the refinement decision, and one outcome per model', async () => {
    expect(await app.stop()).toBe(0);
    store = await openStore({ dataDir });
    const order = (await listWorkOrders(store.db)).find((o) => o.issueNumber === STORY.number)!;
    expect(order).toMatchObject({ state: 'succeeded', model: 'scripted-large', complexityBand: '1', cycle: 1 });
    const decisions = await listDecisions(store.db, order.id);
    expect(decisions.map((d) => d.kind)).toEqual(['intake', 'routing', 'proposal', 'refinement_cycle', 'proposal', 'outcome']);

    // The routing decision shows the plan and the numbers behind it.
    const routing = decisions[1]!;
    expect(routing.conclusion).toMatch(/^Routed to "scripted-mini" \(tier 1\) .* by the learned plan\. Plan on the posterior means: "scripted-mini" \([\d.]+ %, \$[\d.]+\) → "scripted-large"/);
    const evidence = routing.evidence as { rule: string; inputs: { plan: { steps: { model: string; kind: string }[]; options: Record<string, unknown>[]; explored: boolean } } };
    expect(evidence.rule).toBe('learned_plan');
    expect(evidence.inputs.plan.explored).toBe(false);
    expect(evidence.inputs.plan.steps.slice(0, 2).map((s) => [s.model, s.kind])).toEqual([
      ['scripted-mini', 'first'],
      ['scripted-large', 'escalate'],
    ]);
    const cheap = evidence.inputs.plan.options.find((o) => o.model === 'scripted-mini')!;
    expect(cheap).toMatchObject({ kind: 'first', samples: { repository: 8, installation: 0 }, withinBudget: true });
    expect(cheap.successMean).toBeCloseTo(5 / 10, 1);
    expect(cheap.successInterval).toEqual({ low: expect.any(Number), high: expect.any(Number) });
    expect(cheap.expectedCostUsd).toBeGreaterThan(0);
    expect(cheap.costPerSuccessUsd).toBeGreaterThan(0);

    // The refinement decision says who makes the next cycle, and why: the plan re-drawn after the red result.
    const refinement = decisions[3]!;
    expect(refinement.conclusion).toContain('now from "scripted-large" as a new attempt');
    expect(refinement.evidence).toMatchObject({ nextCycle: { kind: 'escalate', model: 'scripted-large', plan: { next: { model: 'scripted-large', kind: 'escalate' } } } });

    // One outcome row per model: the cheap model's attempt red, the strong one's green at its first change.
    const outcomes = (await listOutcomes(store.db, order.id)).map((o) => ({ attempt: o.attempt, model: o.model, cycles: o.cycles, success: o.success, failureClass: o.failureClass }));
    expect(outcomes).toEqual([
      { attempt: 1, model: 'scripted-mini', cycles: 0, success: false, failureClass: 'test_fail' },
      { attempt: 2, model: 'scripted-large', cycles: 0, success: true, failureClass: 'test_fail' },
    ]);
    // And the statistics routing plans from count them: the strong model after the cheap one, one more green.
    const groups = await routingOutcomeGroups(store.db, { installationId: INSTALLATION_ID });
    expect(groups.find((g) => g.model === 'scripted-large' && g.after.join() === 'scripted-mini')).toMatchObject({ attempts: 5, firstSuccesses: 5, overrides: 0 });
    expect(groups.find((g) => g.model === 'scripted-mini' && g.after.length === 0)).toMatchObject({ attempts: 9, firstSuccesses: 4 });
  }, 60_000);
});
