import {
  createWorkOrder,
  monthScope,
  openEscalation,
  orderScope,
  recordDecision,
  recordOutcome,
  reserveBudget,
  settleBudget,
  transitionWorkOrder,
  WORK_ORDER_STATES,
  type DecisionInput,
  type Json,
  type Store,
  type WorkOrderState,
} from '../../src/store/index.ts';

// A store with something of everything the dashboard shows: a work order in every state across two repositories,
// two models, money reserved and settled, attempts for the routing table, red CI runs with failures, and 55 more
// queued work orders so the table has a second page. What it wrote comes back, so tests assert against it.

export const WEB = 'acme/web';
export const API = 'acme/api';
export const MINI = 'gpt-4.1-mini';
export const SONNET = 'claude-sonnet-4-5';
/** A title that would be script if anything were not escaped. */
export const HOSTILE_TITLE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2"> & "quotes"';

/** What the seed wrote. */
export interface Seeded {
  /** The work order in each state. */
  byState: Record<WorkOrderState, { id: number; repository: string; issue: number; spentUsd: number }>;
  /** Settled spend per repository and model. */
  spend: Record<string, Record<string, number>>;
  /** Routing attempts per model: samples and successes. */
  attempts: Record<string, { samples: number; successes: number }>;
  /** Work orders per repository. */
  perRepository: Record<string, number>;
  total: number;
  extraQueued: number;
}

const failure = (cls: string, file: string, test: string, message: string) => ({ class: cls, message, check: 'test', file, line: 12, test, evidence: [`FAIL ${test}`] });

/** Writes the seeded store through the store's own functions, so every row is one the App could have written. */
export async function seedDashboard(store: Store, options: { extraQueued?: number } = {}): Promise<Seeded> {
  const extraQueued = options.extraQueued ?? 55;
  const spend: Seeded['spend'] = {};
  const attempts: Seeded['attempts'] = { [MINI]: { samples: 0, successes: 0 }, [SONNET]: { samples: 0, successes: 0 } };
  const perRepository: Record<string, number> = { [WEB]: 0, [API]: 0 };
  const byState = {} as Seeded['byState'];
  let issue = 100;

  const make = async (repository: string, title: string) => {
    issue++;
    perRepository[repository]!++;
    const made = await createWorkOrder(store, { repository, issueNumber: issue, trigger: 'punchlist', title, installationId: 1 }, { enqueue: false, decision: { kind: 'intake', conclusion: `Took issue ${issue} in`, evidence: { issue } } });
    if (!made.created) throw new Error('seed: work order exists');
    return made.workOrder.id;
  };
  const move = async (id: number, from: WorkOrderState, to: WorkOrderState, decision: Omit<DecisionInput, 'workOrderId'>, patch = {}) => {
    const moved = await transitionWorkOrder(store, { id, from, to, decision, patch });
    if (!moved.ok) throw new Error(`seed: ${from} -> ${to}: ${moved.reason}`);
  };
  const pay = async (id: number, repository: string, model: string, usd: number) => {
    const r = await reserveBudget(store.db, { amountUsd: 1, workOrderId: id, purpose: `model:${model}`, limits: [{ scope: orderScope(id), limitUsd: 5 }, { scope: monthScope(repository, new Date()), limitUsd: 20 }] });
    if (!r.ok) throw new Error('seed: budget');
    await settleBudget(store.db, r.reservationId, usd);
    spend[repository] ??= {};
    spend[repository][model] = (spend[repository][model] ?? 0) + usd;
  };
  const outcome = async (id: number, model: string, band: string, success: boolean, cost: number, failureClass: 'test_fail' | 'compile_error' | null = null) => {
    attempts[model]!.samples++;
    if (success) attempts[model]!.successes++;
    await recordOutcome(store.db, { workOrderId: id, attempt: 1, model, complexityBand: band, cycles: success ? 0 : 1, inputTokens: 1200, outputTokens: 300, costUsd: cost, durationMs: 60_000, success, failureClass, flaky: false });
  };
  // Walks a new work order along the lifecycle to `state`, writing the decisions the App would.
  const walk = async (state: WorkOrderState, repository: string, model: string, usd: number) => {
    const id = await make(repository, state === 'escalated' ? HOSTILE_TITLE : `Fix the ${state} case`);
    const routed = () => move(id, 'queued', 'routed', { kind: 'routing', conclusion: `Routed to "${model}": complexity 0.4`, evidence: { model, rule: 'band' } }, { model, complexityBand: 'low' });
    const proposing = () => move(id, 'routed', 'proposing', { kind: 'proposal', conclusion: `Asking "${model}" for a change`, evidence: { model } });
    const prOpen = async () => {
      await pay(id, repository, model, usd);
      await move(id, 'proposing', 'pr_open', { kind: 'proposal', conclusion: `Opened pull request #${id + 500}`, evidence: { model, costUsd: usd } }, { prNumber: id + 500, headSha: `a${id}`.padEnd(40, '0'), branch: `punchlist/${issue}` });
    };
    const ciRunning = () => move(id, 'pr_open', 'ci_running', { kind: 'proposal', conclusion: 'CI started', evidence: {} });
    const red = (sha: string) => ({ sha, checks: [{ name: 'test', status: 'completed', conclusion: 'failure' }] as Json, failures: [failure('test_fail', 'src/app.test.ts', 'adds numbers', 'expected 3, got 4'), failure('compile_error', 'src/app.ts', '', "TS2322: Type 'string' is not assignable")] as Json });

    if (state === 'queued') return { id, spentUsd: 0 };
    if (state === 'budget_exceeded') {
      await move(id, 'queued', 'budget_exceeded', { kind: 'budget', conclusion: 'Budget exhausted: "month" has $20 of $20 committed', evidence: { scope: 'month' } });
      return { id, spentUsd: 0 };
    }
    await routed();
    if (state === 'routed') return { id, spentUsd: 0 };
    await proposing();
    if (state === 'proposing') return { id, spentUsd: 0 };
    if (state === 'failed') {
      await pay(id, repository, model, usd);
      await move(id, 'proposing', 'failed', { kind: 'proposal', conclusion: `No change from "${model}": the answer did not parse`, evidence: { model } });
      await outcome(id, model, 'low', false, usd);
      return { id, spentUsd: usd };
    }
    await prOpen();
    if (state === 'pr_open') return { id, spentUsd: usd };
    if (state === 'cancelled') {
      await move(id, 'pr_open', 'cancelled', { kind: 'skip', conclusion: 'The pull request was closed by a person', evidence: {} });
      return { id, spentUsd: usd };
    }
    await ciRunning();
    const sha = `a${id}`.padEnd(40, '0');
    if (state === 'ci_running') return { id, spentUsd: usd };
    if (state === 'succeeded') {
      await move(id, 'ci_running', 'succeeded', { kind: 'outcome', conclusion: `CI is green at ${sha.slice(0, 7)}`, evidence: { sha, checks: [{ name: 'test', status: 'completed', conclusion: 'success' }], failures: [] } });
      await outcome(id, model, 'low', true, usd);
      return { id, spentUsd: usd };
    }
    if (state === 'refining') {
      await move(id, 'ci_running', 'refining', { kind: 'refinement_cycle', conclusion: '2 code failures: ask the model to fix them', evidence: red(sha), failureClass: 'compile_error' }, { cycle: 1 });
      return { id, spentUsd: usd };
    }
    // escalated
    await move(id, 'ci_running', 'escalated', { kind: 'escalation', conclusion: 'Escalated to a person: the same failures after a cycle', evidence: red(sha), failureClass: 'compile_error' }, { failureClass: 'compile_error' });
    await openEscalation(store.db, { workOrderId: id, failureClass: 'compile_error', reason: 'the same failures after a cycle', options: [] });
    await outcome(id, model, 'high', false, usd, 'compile_error');
    return { id, spentUsd: usd };
  };

  for (const [i, state] of WORK_ORDER_STATES.entries()) {
    const repository = i % 2 === 0 ? WEB : API;
    const model = i % 3 === 0 ? SONNET : MINI;
    const usd = Math.round((0.1 + i * 0.05) * 100) / 100;
    const done = await walk(state, repository, model, usd);
    byState[state] = { id: done.id, repository, issue, spentUsd: done.spentUsd };
  }
  // A second succeeded attempt for each model, so the routing table has more than one sample.
  for (const model of [MINI, SONNET]) {
    const id = await make(WEB, `Second try with ${model}`);
    await recordDecision(store.db, { workOrderId: id, kind: 'routing', conclusion: `Routed to "${model}"`, evidence: {} });
    await outcome(id, model, 'low', true, 0.2);
  }
  for (let i = 0; i < extraQueued; i++) await make(API, `Queued chore ${i + 1}`);
  const total = Object.values(perRepository).reduce((s, n) => s + n, 0);
  return { byState, spend, attempts, perRepository, total, extraQueued };
}
