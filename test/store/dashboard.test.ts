import { beforeAll, describe, expect, it } from 'vitest';
import {
  countWorkOrdersByState,
  failuresByWeek,
  getWorkOrderTimeline,
  listDashboardRepositories,
  listDashboardWorkOrders,
  monthBudgets,
  NEEDS_PERSON,
  routingTable,
  spendByDay,
  spendByMonth,
  topFingerprints,
  wilsonInterval,
} from '../../src/store/dashboard/index.ts';
import { listDecisions, WORK_ORDER_STATES, type Store } from '../../src/store/index.ts';
import { API, MINI, seedDashboard, SONNET, WEB, type Seeded } from '../helpers/dashboard-seed.ts';
import { describeEngines, useFreshStore } from './engines.ts';

describe('wilsonInterval()', () => {
  it.each([
    [0, 10, 0, 0.2775],
    [10, 10, 0.7225, 1],
    [5, 10, 0.2366, 0.7634],
  ])('%i of %i lies in [%f, %f]', (s, n, low, high) => {
    const i = wilsonInterval(s, n);
    expect(i.low).toBeCloseTo(low, 3);
    expect(i.high).toBeCloseTo(high, 3);
  });
  it('is the whole range with no samples', () => expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 }));
});

describeEngines('dashboard queries', (engine) => {
  let store: Store;
  let seeded: Seeded;
  useFreshStore(engine, (s) => (store = s));
  beforeAll(async () => {
    seeded = await seedDashboard(store, { extraQueued: 12 });
  }, 120_000);

  it('lists work orders waiting for a person first, then newest first', async () => {
    const page = await listDashboardWorkOrders(store.db, { access: null, pageSize: 200 });
    expect(page.total).toBe(seeded.total);
    const urgent = page.rows.filter((r) => NEEDS_PERSON.includes(r.state)).length;
    expect(page.rows.slice(0, urgent).every((r) => NEEDS_PERSON.includes(r.state))).toBe(true);
    const rest = page.rows.slice(urgent).map((r) => r.id);
    expect(rest).toEqual([...rest].sort((a, b) => b - a));
    const escalated = page.rows.find((r) => r.state === 'escalated')!;
    expect(escalated.spentUsd).toBeCloseTo(seeded.byState.escalated.spentUsd, 6);
    expect(escalated.modelCalls).toBe(1);
  });

  it('pages without gaps or repeats across the two groups', async () => {
    const all = (await listDashboardWorkOrders(store.db, { access: null, pageSize: 200 })).rows.map((r) => r.id);
    const paged: number[] = [];
    for (let page = 1; page <= 5; page++) paged.push(...(await listDashboardWorkOrders(store.db, { access: null, pageSize: 7, page })).rows.map((r) => r.id));
    expect(paged).toEqual(all.slice(0, 35));
  });

  it('filters by state and repository', async () => {
    const escalated = await listDashboardWorkOrders(store.db, { access: null, states: ['escalated', 'queued'] });
    expect(new Set(escalated.rows.map((r) => r.state))).toEqual(new Set(['escalated', 'queued']));
    expect(escalated.rows[0]!.state).toBe('escalated');
    const web = await listDashboardWorkOrders(store.db, { access: null, repository: WEB, pageSize: 200 });
    expect(web.total).toBe(seeded.perRepository[WEB]);
    expect(web.rows.every((r) => r.repository === WEB)).toBe(true);
    const counts = await countWorkOrdersByState(store.db, null);
    for (const state of WORK_ORDER_STATES) expect(counts.get(state)).toBeGreaterThan(0);
  });

  it('shows nothing of a repository outside the reader\'s access', async () => {
    const page = await listDashboardWorkOrders(store.db, { access: [WEB], pageSize: 200 });
    expect(page.rows.every((r) => r.repository === WEB)).toBe(true);
    expect(await listDashboardRepositories(store.db, [WEB])).toEqual([WEB]);
    expect(await listDashboardRepositories(store.db, null)).toEqual([API, WEB]);
    expect((await listDashboardWorkOrders(store.db, { access: [] })).total).toBe(0);
    const apiOrder = Object.values(seeded.byState).find((o) => o.repository === API)!;
    expect(await getWorkOrderTimeline(store.db, apiOrder.id, [WEB])).toBeNull();
    expect((await spendByMonth(store.db, { access: [WEB] })).every((r) => r.repository === WEB)).toBe(true);
    expect((await routingTable(store.db, [API])).reduce((s, r) => s + r.samples, 0)).toBeLessThan((await routingTable(store.db, null)).reduce((s, r) => s + r.samples, 0));
  });

  it("gives one work order's timeline: decisions, CI runs with failures, money", async () => {
    const { id } = seeded.byState.escalated;
    const timeline = (await getWorkOrderTimeline(store.db, id, null))!;
    expect(timeline.decisions.map((d) => d.conclusion)).toEqual((await listDecisions(store.db, id)).map((d) => d.conclusion));
    expect(timeline.ciRuns).toHaveLength(1);
    expect(timeline.ciRuns[0]!.failures.map((f) => f.class)).toEqual(['test_fail', 'compile_error']);
    expect(timeline.money.settledUsd).toBeCloseTo(seeded.byState.escalated.spentUsd, 6);
    expect(timeline.money.modelCalls).toBe(1);
    expect(timeline.escalations).toHaveLength(1);
  });

  it('sums spend per day, month, repository and model, against the month budgets', async () => {
    const monthly = await spendByMonth(store.db, { access: null });
    for (const [repository, models] of Object.entries(seeded.spend)) {
      for (const [model, usd] of Object.entries(models)) {
        expect(monthly.filter((r) => r.repository === repository && r.model === model).reduce((s, r) => s + r.usd, 0)).toBeCloseTo(usd, 6);
      }
    }
    const daily = await spendByDay(store.db, { access: null });
    expect(daily.reduce((s, r) => s + r.usd, 0)).toBeCloseTo(monthly.reduce((s, r) => s + r.usd, 0), 6);
    const budgets = await monthBudgets(store.db, { access: null });
    expect(budgets.map((b) => b.repository).sort()).toEqual([API, WEB]);
    expect(budgets.every((b) => b.limitUsd === 20)).toBe(true);
  });

  it('gives routing statistics per model and band with intervals', async () => {
    const rows = await routingTable(store.db, null);
    for (const model of [MINI, SONNET]) {
      const mine = rows.filter((r) => r.model === model);
      expect(mine.reduce((s, r) => s + r.samples, 0)).toBe(seeded.attempts[model]!.samples);
      expect(mine.reduce((s, r) => s + r.successes, 0)).toBe(seeded.attempts[model]!.successes);
      for (const r of mine) expect(r.successInterval.low).toBeLessThanOrEqual(r.successRate);
    }
  });

  it('counts red CI runs by class and the most frequent fingerprints', async () => {
    const weeks = await failuresByWeek(store.db, { access: null });
    expect(weeks.reduce((s, w) => s + w.runs, 0)).toBe(2);
    expect(weeks.every((w) => w.failureClass === 'compile_error')).toBe(true);
    const top = await topFingerprints(store.db, { access: null });
    expect(top[0]!.occurrences).toBe(2);
    expect(top.map((f) => f.fingerprint)).toContain('test_fail|src/app.test.ts||adds numbers');
  });
});
