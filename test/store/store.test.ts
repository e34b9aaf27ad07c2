import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { FAILURE_CLASSES } from '../../src/classify/taxonomy.ts';
import {
  CODE_SCHEMA_VERSION,
  TRANSITIONS,
  UNFINISHED_STATES,
  WORK_ORDER_STATES,
  canTransition,
  claimWorkOrderLease,
  clearWorkOrderLeases,
  createWorkOrder,
  isFinalState,
  releaseWorkOrderLease,
  findWorkOrderByCommit,
  findWorkOrderByPullRequest,
  findWorkOrderByBranch,
  listWorkOrdersForIssue,
  getWorkOrder,
  listDecisions,
  listWorkOrders,
  migrate,
  openStore,
  transitionWorkOrder,
  updateWorkOrder,
  type Store,
  type WorkOrderState,
} from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { MIGRATIONS } from '../../src/store/migrations/index.ts';
import { describeEngines, useFreshStore, type Fresh } from './engines.ts';

let issue = 0;
const newIssue = () => ({ repository: 'acme/widgets', issueNumber: ++issue, trigger: 'label:punchlist', title: `Issue ${issue}` });

async function jobCount(store: Store, workOrderId: number): Promise<number> {
  return (await store.queue.jobs('work-order', { data: { workOrderId } })).length;
}

// Walks a work order along legal moves to `state`.
async function at(store: Store, state: WorkOrderState): Promise<number> {
  const created = await createWorkOrder(store, newIssue(), { enqueue: false });
  if (!created.created) throw new Error('not created');
  const path: Record<WorkOrderState, WorkOrderState[]> = {
    queued: [],
    routed: ['routed'],
    proposing: ['routed', 'proposing'],
    pr_open: ['routed', 'proposing', 'pr_open'],
    ci_running: ['routed', 'proposing', 'pr_open', 'ci_running'],
    refining: ['routed', 'proposing', 'pr_open', 'ci_running', 'refining'],
    succeeded: ['routed', 'proposing', 'pr_open', 'ci_running', 'succeeded'],
    escalated: ['escalated'],
    failed: ['failed'],
    cancelled: ['cancelled'],
    budget_exceeded: ['routed', 'proposing', 'budget_exceeded'],
  };
  let from: WorkOrderState = 'queued';
  for (const to of path[state]) {
    const moved = await transitionWorkOrder(store, { id: created.workOrder.id, from, to });
    if (!moved.ok) throw new Error(`cannot walk to ${state}: ${moved.reason}`);
    from = to;
  }
  return created.workOrder.id;
}

const ILLEGAL = WORK_ORDER_STATES.flatMap((from) => WORK_ORDER_STATES.filter((to) => !canTransition(from, to)).map((to) => [from, to] as const));

describeEngines('store', (engine) => {
  let fresh: Fresh;
  let store: Store;
  useFreshStore(engine, (s, f) => ((store = s), (fresh = f)));

  describe('schema', () => {
    it('migrations are idempotent: running them again applies nothing', async () => {
      expect(await migrate(store.db)).toEqual({ ok: true, version: CODE_SCHEMA_VERSION, applied: [] });
    });

    it("reads a database at this code's version without waiting for the migration lock", async () => {
      if (engine.name !== 'postgres') return; // PGlite is one session: there is no other holder to wait for.
      const { options } = fresh;
      const holder = new pg.Client({ connectionString: options.databaseUrl });
      await holder.connect();
      try {
        // Another process holding the lock (a migration under way elsewhere) for the whole call.
        await holder.query(`select pg_advisory_lock(hashtext('punchlist.migrate.' || $1::text))`, [store.schema]);
        const result = await Promise.race([migrate(store.db), new Promise((resolve) => setTimeout(() => resolve('waited on the lock'), 3_000))]);
        expect(result).toEqual({ ok: true, version: CODE_SCHEMA_VERSION, applied: [] });
      } finally {
        await holder.end();
      }
    });

    it('upgrades a database of the first release: rows kept, budget_exceeded reachable, the inbox added', async () => {
      const old = engine.fresh();
      const opened = await openDatabase(old.options);
      try {
        expect(await migrate(opened.db, MIGRATIONS.slice(0, 1))).toEqual({ ok: true, version: 1, applied: [1] });
        await opened.db.insertInto('work_orders').values({ repository: 'acme/old', issue_number: 1, trigger: 'label:punchlist', title: '', body: '' }).execute();
        await opened.db.updateTable('work_orders').set({ state: 'routed' }).execute();
        await expect(sql`update work_orders set state = 'budget_exceeded'`.execute(opened.db)).rejects.toThrow();
        expect(await migrate(opened.db)).toEqual({ ok: true, version: CODE_SCHEMA_VERSION, applied: [2, 3, 4, 5, 6, 7] });
        await opened.db.updateTable('work_orders').set({ state: 'budget_exceeded' }).execute();
        const rows = await opened.db.selectFrom('work_orders').select(['repository', 'state']).execute();
        expect(rows).toEqual([{ repository: 'acme/old', state: 'budget_exceeded' }]);
        expect(await opened.db.selectFrom('webhook_inbox').selectAll().execute()).toEqual([]);
      } finally {
        await opened.close();
        await old.cleanup();
      }
    });

    it('upgrades a database of release 3: a failed or budget-exhausted work order can be started again, leases added', async () => {
      const old = engine.fresh();
      const opened = await openDatabase(old.options);
      try {
        expect(await migrate(opened.db, MIGRATIONS.slice(0, 3))).toEqual({ ok: true, version: 3, applied: [1, 2, 3] });
        await opened.db.insertInto('work_orders').values({ repository: 'acme/old', issue_number: 1, trigger: 'label:punchlist', title: '', body: '' }).execute();
        await opened.db.updateTable('work_orders').set({ state: 'failed' }).execute();
        await expect(sql`update work_orders set state = 'queued'`.execute(opened.db)).rejects.toThrow(/Illegal work order transition/);
        expect(await migrate(opened.db)).toEqual({ ok: true, version: CODE_SCHEMA_VERSION, applied: [4, 5, 6, 7] });
        await opened.db.updateTable('work_orders').set({ state: 'queued' }).execute();
        const rows = await opened.db.selectFrom('work_orders').select(['repository', 'state', 'lease_owner', 'lease_until']).execute();
        expect(rows).toEqual([{ repository: 'acme/old', state: 'queued', lease_owner: null, lease_until: null }]);
      } finally {
        await opened.close();
        await old.cleanup();
      }
    });

    it('refuses a database migrated by newer code, and leaves it alone', async () => {
      await store.db.insertInto('punchlist_migrations').values({ version: CODE_SCHEMA_VERSION + 1, name: 'from the future' }).execute();
      try {
        expect(await migrate(store.db)).toEqual({ ok: false, reason: 'database_newer', databaseVersion: CODE_SCHEMA_VERSION + 1, codeVersion: CODE_SCHEMA_VERSION });
        const versions = await store.db.selectFrom('punchlist_migrations').select('version').orderBy('version').execute();
        expect(versions.map((v) => v.version)).toEqual([...Array(CODE_SCHEMA_VERSION).keys()].map((i) => i + 1).concat(CODE_SCHEMA_VERSION + 1));
      } finally {
        await store.db.deleteFrom('punchlist_migrations').where('version', '>', CODE_SCHEMA_VERSION).execute();
      }
    });

    it('failure_class is the enum of the nine classes, in taxonomy order', async () => {
      const { rows } = await sql<{ label: string }>`select unnest(enum_range(null::failure_class))::text as label`.execute(store.db);
      expect(rows.map((r) => r.label)).toEqual([...FAILURE_CLASSES]);
    });

    it('the database guard knows exactly the transitions the code allows', async () => {
      const rows = await store.db.selectFrom('work_order_transitions').selectAll().execute();
      const inDb = rows.map((r) => `${r.from_state}->${r.to_state}`).sort();
      const inCode = Object.entries(TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}->${to}`)).sort();
      expect(inDb).toEqual(inCode);
    });

    it('int8, numeric and counts come back as numbers', async () => {
      const { rows } = await sql<Record<string, unknown>>`select 9007199254740991::int8 as big, 12.345678::numeric(14,6) as money,
        count(*) as n, sum(1::int8) as total, avg(2::int4) as mean from (values (1), (2)) v(x)`.execute(store.db);
      expect(rows[0]).toEqual({ big: 9007199254740991, money: 12.345678, n: 2, total: 2, mean: 2 });
    });
  });

  describe('creating work orders', () => {
    it('writes the work order, its intake decision and its first job together', async () => {
      const input = { ...newIssue(), installationId: 42, body: 'Fix it', acceptanceCriteria: ['tests pass'], files: ['src/a.ts'] };
      const result = await createWorkOrder(store, input, {
        deliveryId: `delivery-${issue}`,
        event: 'issues.labeled',
        decision: { kind: 'intake', conclusion: 'Labelled by a maintainer', evidence: { sender: 'octocat' } },
      });
      expect(result.created).toBe(true);
      if (!result.created) return;
      expect(result.workOrder).toMatchObject({ state: 'queued', repository: 'acme/widgets', installationId: 42, acceptanceCriteria: ['tests pass'], files: ['src/a.ts'], cycle: 0 });
      const decisions = await listDecisions(store.db, result.workOrder.id);
      expect(decisions.map((d) => [d.kind, d.evidence])).toEqual([['intake', { sender: 'octocat' }]]);
      const jobs = await store.queue.jobs('work-order', { data: { workOrderId: result.workOrder.id } });
      expect(jobs.map((j) => [j.id, j.state])).toEqual([[result.jobId, 'created']]);
    });

    it('a redelivered webhook (same delivery id) writes nothing', async () => {
      const input = newIssue();
      const first = await createWorkOrder(store, input, { deliveryId: `redelivered-${issue}`, decision: { kind: 'intake', conclusion: 'ok' } });
      const again = await createWorkOrder(store, { ...input, title: 'changed' }, { deliveryId: `redelivered-${issue}`, decision: { kind: 'intake', conclusion: 'ok' } });
      expect(first.created).toBe(true);
      expect(again).toMatchObject({ created: false, reason: 'duplicate_delivery', workOrder: { id: first.workOrder?.id, title: input.title } });
      expect(await listDecisions(store.db, first.workOrder!.id)).toHaveLength(1);
      expect(await jobCount(store, first.workOrder!.id)).toBe(1);
    });

    it('(repository, issue, trigger) makes one work order, even from 10 concurrent deliveries', async () => {
      const input = newIssue();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => createWorkOrder(store, input, { deliveryId: `concurrent-${issue}-${i}`, decision: { kind: 'intake', conclusion: 'ok' } })),
      );
      const created = results.filter((r) => r.created);
      expect(created).toHaveLength(1);
      const id = created[0]!.workOrder!.id;
      expect(results.filter((r) => !r.created).every((r) => r.reason === 'duplicate_trigger' && r.workOrder?.id === id)).toBe(true);
      expect(await listDecisions(store.db, id)).toHaveLength(1);
      expect(await jobCount(store, id)).toBe(1);
    });

    it('another trigger on the same issue is another work order', async () => {
      const input = newIssue();
      const a = await createWorkOrder(store, input, { enqueue: false });
      const b = await createWorkOrder(store, { ...input, trigger: 'command:retry' }, { enqueue: false });
      expect(a.created && b.created && a.workOrder.id !== b.workOrder.id).toBe(true);
    });
  });

  describe('transitions', () => {
    it('walks the whole lifecycle with a decision and a job at each step', async () => {
      const created = await createWorkOrder(store, newIssue(), { enqueue: false });
      const id = created.workOrder!.id;
      const steps: [WorkOrderState, WorkOrderState][] = [
        ['queued', 'routed'],
        ['routed', 'proposing'],
        ['proposing', 'pr_open'],
        ['pr_open', 'ci_running'],
        ['ci_running', 'refining'],
        ['refining', 'pr_open'],
        ['pr_open', 'ci_running'],
        ['ci_running', 'succeeded'],
      ];
      for (const [from, to] of steps) {
        const moved = await transitionWorkOrder(store, { id, from, to, decision: { kind: 'routing', conclusion: `${from} -> ${to}` }, enqueue: {} });
        expect(moved).toMatchObject({ ok: true, workOrder: { state: to } });
      }
      expect((await listDecisions(store.db, id)).map((d) => d.conclusion)).toEqual(steps.map(([f, t]) => `${f} -> ${t}`));
      expect(await jobCount(store, id)).toBe(steps.length);
    });

    it.each(WORK_ORDER_STATES)('from %s, refuses every move the table does not allow, and writes nothing', async (from) => {
      const id = await at(store, from);
      const before = await getWorkOrder(store.db, id);
      const decisionsBefore = await listDecisions(store.db, id);
      for (const to of ILLEGAL.filter(([f]) => f === from).map(([, t]) => t)) {
        const result = await transitionWorkOrder(store, { id, from, to, decision: { kind: 'skip', conclusion: 'must not be written' }, enqueue: {} });
        expect(result).toEqual({ ok: false, reason: 'illegal_transition', from, to });
      }
      expect(await getWorkOrder(store.db, id)).toEqual(before);
      expect(await listDecisions(store.db, id)).toEqual(decisionsBefore);
      expect(await jobCount(store, id)).toBe(0);
    });

    it('a failed or budget-exhausted work order starts again as queued; the other ends stay ended', async () => {
      for (const end of ['failed', 'budget_exceeded'] as const) {
        const id = await at(store, end);
        expect(isFinalState(end)).toBe(true);
        expect(await transitionWorkOrder(store, { id, from: end, to: 'queued', decision: { kind: 'retry', conclusion: 'labelled again' }, enqueue: {} })).toMatchObject({ ok: true, workOrder: { state: 'queued' } });
      }
      expect(UNFINISHED_STATES).not.toContain('failed');
      expect(canTransition('succeeded', 'queued')).toBe(false);
      expect(canTransition('cancelled', 'queued')).toBe(false);
    });

    it('the step lease is held by one process at a time, until it is released or lapses', async () => {
      const id = await at(store, 'queued');
      const tries = await Promise.all(['a', 'b', 'c', 'd'].map((owner) => claimWorkOrderLease(store.db, id, owner, 60)));
      expect(tries.filter(Boolean)).toHaveLength(1);
      const holder = ['a', 'b', 'c', 'd'][tries.indexOf(true)]!;
      const other = holder === 'a' ? 'b' : 'a';
      expect(await claimWorkOrderLease(store.db, id, holder, 60)).toBe(true);
      await releaseWorkOrderLease(store.db, id, other);
      expect(await claimWorkOrderLease(store.db, id, other, 60)).toBe(false);
      await releaseWorkOrderLease(store.db, id, holder);
      expect(await claimWorkOrderLease(store.db, id, other, 0)).toBe(true);
      // A lease of no time has lapsed at once: a process that died holding it blocks nobody.
      expect(await claimWorkOrderLease(store.db, id, holder, 60)).toBe(true);
      expect(await clearWorkOrderLeases(store.db)).toBeGreaterThanOrEqual(1);
      expect(await claimWorkOrderLease(store.db, id, other, 60)).toBe(true);
    });

    it('the database itself refuses an illegal move made behind the code', async () => {
      const id = await at(store, 'queued');
      await expect(store.db.updateTable('work_orders').set({ state: 'succeeded' }).where('id', '=', id).execute()).rejects.toThrow(/Illegal work order transition: queued -> succeeded/);
      await expect(store.db.insertInto('work_orders').values({ repository: 'x/y', issue_number: 1, trigger: 't', title: '', body: '', state: 'routed' }).execute()).rejects.toThrow(/starts queued/);
      expect((await getWorkOrder(store.db, id))?.state).toBe('queued');
    });

    it('refuses a move from a state the work order has left (two workers, one step)', async () => {
      const id = await at(store, 'queued');
      const [a, b] = await Promise.all([
        transitionWorkOrder(store, { id, from: 'queued', to: 'routed', decision: { kind: 'routing', conclusion: 'a' } }),
        transitionWorkOrder(store, { id, from: 'queued', to: 'routed', decision: { kind: 'routing', conclusion: 'b' } }),
      ]);
      expect([a.ok, b.ok].sort()).toEqual([false, true]);
      expect([a, b].find((r) => !r.ok)).toEqual({ ok: false, reason: 'stale_state', expected: 'queued', current: 'routed' });
      expect(await listDecisions(store.db, id)).toHaveLength(1);
    });

    it('reports a missing work order', async () => {
      expect(await transitionWorkOrder(store, { id: 987654, from: 'queued', to: 'routed' })).toEqual({ ok: false, reason: 'not_found' });
    });

    it('lists unfinished work orders for a restarted worker', async () => {
      const done = await at(store, 'succeeded');
      const open = await at(store, 'ci_running');
      const unfinished = (await listWorkOrders(store.db, { states: UNFINISHED_STATES })).map((w) => w.id);
      expect(unfinished).toContain(open);
      expect(unfinished).not.toContain(done);
    });
  });

  describe('JSON columns', () => {
    it('merges context patches key by key, never replacing the object', async () => {
      const id = await at(store, 'queued');
      await updateWorkOrder(store, id, { context: { routing: { model: 'm1' } } });
      await transitionWorkOrder(store, { id, from: 'queued', to: 'routed', patch: { context: { budget: 5 } } });
      expect((await getWorkOrder(store.db, id))?.context).toEqual({ routing: { model: 'm1' }, budget: 5 });
    });

    it('keeps every key when 20 steps patch it at once', async () => {
      const id = await at(store, 'queued');
      await Promise.all(Array.from({ length: 20 }, (_, i) => updateWorkOrder(store, id, { context: { [`step${i}`]: i } })));
      const context = (await getWorkOrder(store.db, id))?.context ?? {};
      expect(Object.keys(context).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `step${i}`).sort());
    });

    it('appends each head commit once and finds the work order by any of them', async () => {
      const id = await at(store, 'queued');
      await updateWorkOrder(store, id, { headSha: 'aaa111', prNumber: 7000 + id, branch: `punchlist/${id}-fix` });
      await updateWorkOrder(store, id, { headSha: 'bbb222' });
      const result = await updateWorkOrder(store, id, { headSha: 'bbb222' });
      expect(result).toMatchObject({ ok: true, workOrder: { headSha: 'bbb222', commits: ['aaa111', 'bbb222'] } });
      expect((await findWorkOrderByCommit(store.db, 'acme/widgets', 'aaa111'))?.id).toBe(id);
      expect(await findWorkOrderByCommit(store.db, 'other/repo', 'aaa111')).toBeNull();
      expect((await findWorkOrderByPullRequest(store.db, 'acme/widgets', 7000 + id))?.id).toBe(id);
      expect((await findWorkOrderByBranch(store.db, 'acme/widgets', `punchlist/${id}-fix`))?.id).toBe(id);
      expect(await findWorkOrderByBranch(store.db, 'acme/widgets', 'main')).toBeNull();
      const order = await getWorkOrder(store.db, id);
      expect((await listWorkOrdersForIssue(store.db, 'acme/widgets', order!.issueNumber)).map((o) => o.id)).toEqual([id]);
    });
  });

  // Last, because it closes the shared store.
  it('will not open a database newer than the code', async () => {
    await store.db.insertInto('punchlist_migrations').values({ version: CODE_SCHEMA_VERSION + 1, name: 'from the future' }).execute();
    await store.close();
    await expect(openStore(fresh.options)).rejects.toThrow(`schema version ${CODE_SCHEMA_VERSION + 1}, newer than this code's ${CODE_SCHEMA_VERSION}`);
  });
});
