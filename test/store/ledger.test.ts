import { Kysely, PostgresDialect, type KyselyPlugin } from 'kysely';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  claimDelivery,
  createDecisionLogger,
  createWorkOrder,
  getBudgetAccount,
  getOpenEscalation,
  getPatternConfidence,
  getWorkOrderSpend,
  listDecisions,
  listOutcomes,
  monthScope,
  openEscalation,
  orderScope,
  recordDecision,
  recordOutcome,
  refinementEffectiveness,
  releaseBudget,
  reserveBudget,
  resolveEscalation,
  settleBudget,
  successByFailureClass,
  successByModelAndBand,
  type OutcomeInput,
  type Store,
  type Tables,
} from '../../src/store/index.ts';
import { describeEngines, useFreshStore } from './engines.ts';

// Makes the next `failures` inserts into decision_logs fail before they reach the database, as a lost connection would.
class FailingInserts implements KyselyPlugin {
  failures: number;
  attempts = 0;
  constructor(failures: number) {
    this.failures = failures;
  }
  transformQuery: KyselyPlugin['transformQuery'] = (args) => {
    if (args.node.kind === 'InsertQueryNode') {
      this.attempts++;
      if (this.failures > 0) {
        this.failures--;
        throw new Error('connection terminated unexpectedly');
      }
    }
    return args.node;
  };
  transformResult: KyselyPlugin['transformResult'] = async (args) => args.result;
}

describeEngines('ledger', (engine) => {
  let store: Store;
  let issue = 0;
  const workOrder = async (repository = 'acme/ledger') => {
    const r = await createWorkOrder(store, { repository, issueNumber: ++issue, trigger: 'label:punchlist' }, { enqueue: false });
    if (!r.created) throw new Error('not created');
    return r.workOrder.id;
  };
  useFreshStore(engine, (s) => (store = s));

  describe('budgets', () => {
    it('50 concurrent $1 reservations against $10: exactly 10 succeed', async () => {
      const limits = [{ scope: 'month:acme/race:2026-11', limitUsd: 10 }];
      const results = await Promise.all(Array.from({ length: 50 }, () => reserveBudget(store.db, { amountUsd: 1, limits })));
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'budget_exhausted' && r.committedUsd === 10)).toBe(true);
      expect(await getBudgetAccount(store.db, limits[0]!.scope)).toEqual({ scope: limits[0]!.scope, limitUsd: 10, reservedUsd: 10, spentUsd: 0, remainingUsd: 0 });
      const rows = await store.db.selectFrom('budgets').select('id').where('scopes', '@>', JSON.stringify([limits[0]!.scope]) as never).execute();
      expect(rows).toHaveLength(10);
    });

    it('settles with the real cost and releases what a failed call held', async () => {
      const id = await workOrder();
      const limits = [{ scope: orderScope(id), limitUsd: 5 }];
      const a = await reserveBudget(store.db, { amountUsd: 2, limits, workOrderId: id, purpose: 'model:m1' });
      const b = await reserveBudget(store.db, { amountUsd: 2, limits, workOrderId: id });
      if (!a.ok || !b.ok) throw new Error('reservations refused');
      expect(await settleBudget(store.db, a.reservationId, 0.75)).toEqual({ ok: true });
      expect(await releaseBudget(store.db, b.reservationId)).toEqual({ ok: true });
      expect(await getBudgetAccount(store.db, orderScope(id))).toMatchObject({ reservedUsd: 0, spentUsd: 0.75, remainingUsd: 4.25 });
      expect(await getWorkOrderSpend(store.db, id)).toEqual({ reservedUsd: 0, spentUsd: 0.75 });
      // A redone step cannot settle or release twice.
      expect(await settleBudget(store.db, a.reservationId, 0.75)).toEqual({ ok: false, reason: 'not_reserved', status: 'settled' });
      expect(await releaseBudget(store.db, b.reservationId)).toEqual({ ok: false, reason: 'not_reserved', status: 'released' });
      expect(await releaseBudget(store.db, 999_999)).toEqual({ ok: false, reason: 'not_reserved', status: null });
    });

    it('holds against every scope or none: an exhausted month leaves the order budget untouched', async () => {
      const id = await workOrder();
      const month = monthScope('acme/tight', new Date('2026-11-15T00:00:00Z'));
      expect(month).toBe('month:acme/tight:2026-11');
      const limits = [{ scope: orderScope(id), limitUsd: 5 }, { scope: month, limitUsd: 1.5 }];
      expect(await reserveBudget(store.db, { amountUsd: 1, limits })).toMatchObject({ ok: true });
      expect(await reserveBudget(store.db, { amountUsd: 1, limits })).toEqual({ ok: false, reason: 'budget_exhausted', scope: month, limitUsd: 1.5, committedUsd: 1, requestedUsd: 1 });
      expect(await getBudgetAccount(store.db, orderScope(id))).toMatchObject({ reservedUsd: 1 });
    });

    it('adds exact decimals: ten reservations of $0.10 fill $1.00', async () => {
      const limits = [{ scope: 'decimals', limitUsd: 1 }];
      for (let i = 0; i < 10; i++) expect(await reserveBudget(store.db, { amountUsd: 0.1, limits })).toMatchObject({ ok: true });
      expect(await reserveBudget(store.db, { amountUsd: 0.000001, limits })).toMatchObject({ ok: false, reason: 'budget_exhausted' });
    });

    it('throws on a nonsensical amount (a bug, not an outcome)', async () => {
      await expect(reserveBudget(store.db, { amountUsd: -1, limits: [{ scope: 's', limitUsd: 1 }] })).rejects.toThrow(/finite amount/);
      await expect(reserveBudget(store.db, { amountUsd: 1, limits: [] })).rejects.toThrow(/without a budget scope/);
    });
  });

  describe('idempotency keys', () => {
    it('claims a delivery id once', async () => {
      expect(await claimDelivery(store.db, 'delivery-x', 'check_suite.completed')).toEqual({ fresh: true });
      expect(await claimDelivery(store.db, 'delivery-x', 'check_suite.completed')).toEqual({ fresh: false });
    });

    it('writes a keyed decision once', async () => {
      const id = await workOrder();
      const entry = { workOrderId: id, kind: 'retry' as const, conclusion: 'Re-run the failed jobs', key: `retry:${id}:run-1` };
      const first = await recordDecision(store.db, entry);
      const again = await recordDecision(store.db, entry);
      expect(again).toEqual({ id: first.id, duplicate: true });
      expect(await listDecisions(store.db, id)).toHaveLength(1);
    });
  });

  describe('decision logger', () => {
    it('retries a failed write and records the decision once', async () => {
      const id = await workOrder();
      const plugin = new FailingInserts(2);
      const reports: string[] = [];
      const logger = createDecisionLogger(store.db.withPlugin(plugin) as Kysely<Tables>, { backoffMs: 1, report: (l) => reports.push(l) });
      const result = await logger.log({ workOrderId: id, kind: 'routing', conclusion: 'Chose m1', evidence: { score: 3 } });
      expect(result).toMatchObject({ ok: true, duplicate: false });
      expect(plugin.attempts).toBe(3);
      expect(reports).toEqual([]);
      expect((await listDecisions(store.db, id)).map((d) => d.conclusion)).toEqual(['Chose m1']);
    });

    it('never throws: after the last attempt it reports the decision on stderr and the work goes on', async () => {
      const id = await workOrder();
      const plugin = new FailingInserts(Infinity);
      const reports: string[] = [];
      const logger = createDecisionLogger(store.db.withPlugin(plugin) as Kysely<Tables>, { attempts: 3, backoffMs: 1, report: (l) => reports.push(l) });
      const result = await logger.log({ workOrderId: id, kind: 'escalation', conclusion: 'Asked a person' });
      expect(result).toEqual({ ok: false, error: 'connection terminated unexpectedly' });
      expect(plugin.attempts).toBe(3);
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatch(/^punchlist: cannot write decision after 3 attempts \(connection terminated unexpectedly\): \{.*"conclusion":"Asked a person"/);
      expect(await listDecisions(store.db, id)).toEqual([]);
    });
  });

  describe('outcomes and patterns', () => {
    const base = { complexityBand: 'low', inputTokens: 1000, outputTokens: 200, durationMs: 60_000 };
    let outcomes: OutcomeInput[];
    beforeAll(async () => {
      const ids = [];
      for (let i = 0; i < 6; i++) ids.push(await workOrder('acme/patterns'));
      const [a, b, c, d, e, f] = ids as [number, number, number, number, number, number];
      outcomes = [
        { ...base, workOrderId: a, attempt: 1, model: 'small', cycles: 0, costUsd: 0.1, success: true },
        { ...base, workOrderId: b, attempt: 1, model: 'small', cycles: 1, costUsd: 0.3, success: true, failureClass: 'test_fail' },
        { ...base, workOrderId: c, attempt: 1, model: 'small', cycles: 3, costUsd: 0.5, success: false, failureClass: 'test_fail' },
        { ...base, workOrderId: d, attempt: 1, model: 'small', cycles: 2, costUsd: 0.4, success: true, failureClass: 'compile_error', complexityBand: 'high' },
        { ...base, workOrderId: e, attempt: 1, model: 'large', cycles: 0, costUsd: 2, success: true, complexityBand: 'high' },
        { ...base, workOrderId: f, attempt: 1, model: 'large', cycles: 1, costUsd: 3, success: false, failureClass: 'lint_error', complexityBand: 'high' },
      ];
      for (const o of outcomes) await recordOutcome(store.db, o);
    });

    it('records an attempt once, however often the step is redone', async () => {
      const again = await recordOutcome(store.db, { ...outcomes[0]!, costUsd: 99 });
      expect(again).toMatchObject({ recorded: false, outcome: { costUsd: 0.1 } });
      expect(await listOutcomes(store.db, outcomes[0]!.workOrderId)).toHaveLength(1);
      expect(await getPatternConfidence(store.db, { model: 'small', complexityBand: 'low', failureClass: null })).toEqual([
        { model: 'small', complexityBand: 'low', failureClass: null, samples: 1, successes: 1, successRate: 1, meanCostUsd: 0.1, meanCycles: 0 },
      ]);
    });

    it('success rate and mean cost by model × complexity band, with sample counts', async () => {
      const rows = await successByModelAndBand(store.db, { repository: 'acme/patterns' });
      expect(rows).toEqual([
        { model: 'large', complexityBand: 'high', samples: 2, successes: 1, successRate: 0.5, meanCostUsd: 2.5 },
        { model: 'small', complexityBand: 'high', samples: 1, successes: 1, successRate: 1, meanCostUsd: 0.4 },
        { model: 'small', complexityBand: 'low', samples: 3, successes: 2, successRate: 2 / 3, meanCostUsd: expect.closeTo(0.3, 9) },
      ]);
    });

    it('success rate by failure class met, with sample counts', async () => {
      expect(await successByFailureClass(store.db, { repository: 'acme/patterns' })).toEqual([
        { failureClass: 'compile_error', samples: 1, successes: 1, successRate: 1, meanCostUsd: 0.4 },
        { failureClass: 'lint_error', samples: 1, successes: 0, successRate: 0, meanCostUsd: 3 },
        { failureClass: 'test_fail', samples: 2, successes: 1, successRate: 0.5, meanCostUsd: 0.4 },
      ]);
      expect(await successByFailureClass(store.db, { repository: 'acme/patterns', model: 'large' })).toHaveLength(1);
    });

    it('refinement effectiveness: P(success) at cycle k among attempts that reached it', async () => {
      expect(await refinementEffectiveness(store.db, { repository: 'acme/patterns' })).toEqual([
        { cycle: 0, reached: 6, succeeded: 2, successRate: 2 / 6, cumulativeSuccessRate: 2 / 6 },
        { cycle: 1, reached: 4, succeeded: 1, successRate: 1 / 4, cumulativeSuccessRate: 3 / 6 },
        { cycle: 2, reached: 2, succeeded: 1, successRate: 1 / 2, cumulativeSuccessRate: 4 / 6 },
        { cycle: 3, reached: 1, succeeded: 0, successRate: 0, cumulativeSuccessRate: 4 / 6 },
      ]);
      expect(await refinementEffectiveness(store.db, { repository: 'nobody/here' })).toEqual([]);
    });
  });

  describe('escalations', () => {
    it('keeps one open escalation per work order until a person resolves it', async () => {
      const id = await workOrder();
      const options = [{ command: '/punchlist retry --model large', estimatedCostUsd: 2.5, successRate: 0.5, samples: 2 }];
      const first = await openEscalation(store.db, { workOrderId: id, failureClass: 'test_fail', reason: 'Same failures twice', options });
      expect(first).toMatchObject({ ok: true, escalation: { options, resolvedBy: null } });
      const second = await openEscalation(store.db, { workOrderId: id, failureClass: 'test_fail', reason: 'again', options: [] });
      expect(second).toMatchObject({ ok: false, reason: 'already_open', escalation: { id: first.escalation.id } });
      expect(await resolveEscalation(store.db, id, { resolvedBy: 'octocat', resolution: 'retry --model large' })).toMatchObject({ ok: true, escalation: { resolvedBy: 'octocat' } });
      expect(await resolveEscalation(store.db, id, { resolvedBy: 'hubot', resolution: 'abort' })).toEqual({ ok: false, reason: 'not_open' });
      expect(await getOpenEscalation(store.db, id)).toBeNull();
      expect(await openEscalation(store.db, { workOrderId: id, failureClass: 'unknown', reason: 'New trouble', options: [] })).toMatchObject({ ok: true });
    });
  });
});

describe('decision logger without a database', () => {
  it('never throws when no server answers at all', async () => {
    // Port 1 refuses connections: every write fails the way a dead server makes it fail.
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 500 }) }) });
    const reports: string[] = [];
    try {
      const logger = createDecisionLogger(db, { attempts: 2, backoffMs: 1, report: (l) => reports.push(l) });
      await expect(logger.log({ kind: 'skip', conclusion: 'Issue closed' })).resolves.toMatchObject({ ok: false });
      expect(reports).toHaveLength(1);
      expect(reports[0]).toContain('"conclusion":"Issue closed"');
    } finally {
      await db.destroy();
    }
  });
});
