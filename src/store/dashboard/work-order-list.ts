import { sql } from 'kysely';
import type { FailureClass } from '../../classify/taxonomy.ts';
import type { Executor } from '../tables.ts';
import type { WorkOrderState } from '../work-order-states.ts';
import { canRead, type RepositoryAccess } from './access.ts';

/** States where the work waits for a person: listed first. */
export const NEEDS_PERSON: readonly WorkOrderState[] = ['escalated', 'budget_exceeded', 'failed'];

/** Which work orders to list. */
export interface WorkOrderListFilter {
  access: RepositoryAccess;
  states?: readonly WorkOrderState[] | undefined;
  repository?: string | undefined;
  /** 1-based. */
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** One row of the work orders table. */
export interface WorkOrderListRow {
  id: number;
  repository: string;
  issueNumber: number;
  title: string;
  state: WorkOrderState;
  model: string | null;
  cycle: number;
  failureClass: FailureClass | null;
  prNumber: number | null;
  pullRequestUrl: string | null;
  /** Settled model spend. */
  spentUsd: number;
  /** Ledger entries for model calls (reserved, settled or released). */
  modelCalls: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A page of work orders, people's first, then newest first. */
export interface WorkOrderPage {
  rows: WorkOrderListRow[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

/** Largest page the dashboard asks for. */
export const MAX_PAGE_SIZE = 200;

/**
 * Work orders the reader may see, filtered by state and repository: those waiting for a person first, each group
 * newest first, one page of them. The two groups are read separately so each is a walk down an index (the primary
 * key, or `work_orders (repository, id)` of migration 6) rather than a sort of the whole table.
 */
export async function listDashboardWorkOrders(db: Executor, filter: WorkOrderListFilter): Promise<WorkOrderPage> {
  const pageSize = Math.min(Math.max(1, Math.trunc(filter.pageSize ?? 50)), MAX_PAGE_SIZE);
  const page = Math.max(1, Math.trunc(filter.page ?? 1));
  const wanted = filter.states && filter.states.length > 0 ? filter.states : null;
  // Each group is a list of states, or `null` for "every state not waiting for a person".
  const urgentStates = NEEDS_PERSON.filter((s) => wanted === null || wanted.includes(s));
  const otherStates = wanted === null ? null : wanted.filter((s) => !NEEDS_PERSON.includes(s));

  const group = (states: readonly WorkOrderState[] | null) => {
    let q = db.selectFrom('work_orders as w').where(canRead('w.repository', filter.access));
    if (filter.repository !== undefined) q = q.where('w.repository', '=', filter.repository);
    return states === null ? q.where('w.state', 'not in', NEEDS_PERSON) : q.where('w.state', 'in', states);
  };
  const empty = (states: readonly WorkOrderState[] | null) => states !== null && states.length === 0;
  const count = async (states: readonly WorkOrderState[] | null) =>
    empty(states) ? 0 : (await group(states).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  const [urgentTotal, otherTotal] = await Promise.all([count(urgentStates), count(otherStates)]);
  const total = urgentTotal + otherTotal;
  const offset = (page - 1) * pageSize;

  const pick = async (states: readonly WorkOrderState[] | null, skip: number, take: number) =>
    take <= 0 || empty(states)
      ? []
      : group(states)
          .select(['w.id', 'w.repository', 'w.issue_number', 'w.title', 'w.state', 'w.model', 'w.cycle', 'w.failure_class', 'w.pr_number', 'w.created_at', 'w.updated_at'])
          .select(sql<string | null>`w.context->>'pullRequestUrl'`.as('pull_request_url'))
          .orderBy('w.id', 'desc')
          .offset(skip)
          .limit(take)
          .execute();
  const fromUrgent = await pick(urgentStates, offset, Math.min(pageSize, urgentTotal - offset));
  const fromOthers = await pick(otherStates, Math.max(0, offset - urgentTotal), pageSize - fromUrgent.length);
  const rows = [...fromUrgent, ...fromOthers];

  const ids = rows.map((r) => r.id);
  const money = ids.length
    ? await db
        .selectFrom('budgets')
        .select('work_order_id')
        .select(sql<number>`coalesce(sum(actual_usd) filter (where status = 'settled'), 0)`.as('spent'))
        .select(sql<number>`(count(*) filter (where purpose like 'model:%'))::int`.as('calls'))
        .where('work_order_id', 'in', ids)
        .groupBy('work_order_id')
        .execute()
    : [];
  const byId = new Map(money.map((m) => [m.work_order_id, m]));
  return {
    rows: rows.map((r) => ({
      id: r.id,
      repository: r.repository,
      issueNumber: r.issue_number,
      title: r.title,
      state: r.state,
      model: r.model,
      cycle: r.cycle,
      failureClass: r.failure_class,
      prNumber: r.pr_number,
      pullRequestUrl: r.pull_request_url,
      spentUsd: byId.get(r.id)?.spent ?? 0,
      modelCalls: byId.get(r.id)?.calls ?? 0,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    })),
    total,
    page,
    pageSize,
    pages: Math.max(1, Math.ceil(total / pageSize)),
  };
}

/** How many work orders the reader may see are in each state. */
export async function countWorkOrdersByState(db: Executor, access: RepositoryAccess, repository?: string): Promise<Map<WorkOrderState, number>> {
  let q = db.selectFrom('work_orders as w').select('w.state').select(sql<number>`count(*)::int`.as('n')).where(canRead('w.repository', access)).groupBy('w.state');
  if (repository !== undefined) q = q.where('w.repository', '=', repository);
  return new Map((await q.execute()).map((r) => [r.state, r.n]));
}

/** The repositories the store has work orders for that the reader may see, sorted. */
export async function listDashboardRepositories(db: Executor, access: RepositoryAccess): Promise<string[]> {
  // A loose index scan (one probe per repository) over `work_orders (repository, id)`: a few ms at any table size.
  const rows = await sql<{ repository: string }>`
    with recursive r as (
      (select repository from work_orders where ${canRead('repository', access)} order by repository limit 1)
      union all
      select (select w.repository from work_orders w where w.repository > r.repository and ${canRead('w.repository', access)} order by w.repository limit 1)
      from r where r.repository is not null
    )
    select repository from r where repository is not null`.execute(db);
  return rows.rows.map((r) => r.repository);
}
