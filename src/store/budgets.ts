import { sql } from 'kysely';
import { json } from './json.ts';
import { withTransaction } from './scope.ts';
import type { Executor, ReservationStatus } from './tables.ts';

/** A budget scope and its limit in USD, as the repository's configuration sets it now. */
export interface BudgetLimit {
  scope: string;
  limitUsd: number;
}

/** Money to hold before a model call, against every scope it counts towards. */
export interface ReserveRequest {
  amountUsd: number;
  limits: readonly BudgetLimit[];
  workOrderId?: number | null;
  /** What the money is for, e.g. `model:gpt-4.1-mini`. */
  purpose?: string;
}

/** A reservation, or the scope that could not cover it. */
export type ReserveResult =
  | { ok: true; reservationId: number }
  | { ok: false; reason: 'budget_exhausted'; scope: string; limitUsd: number; committedUsd: number; requestedUsd: number };

/** Settling or releasing: done, or the reservation was not open. */
export type SettleResult = { ok: true } | { ok: false; reason: 'not_reserved'; status: ReservationStatus | null };

/** Limit and running totals of one scope. */
export interface BudgetAccount {
  scope: string;
  limitUsd: number;
  reservedUsd: number;
  spentUsd: number;
  remainingUsd: number;
}

/** The scope of one work order's budget (config `budget.per_order`). */
export function orderScope(workOrderId: number): string {
  return `order:${workOrderId}`;
}

/** The scope of a repository's budget for the UTC month of `at` (config `budget.per_month`). */
export function monthScope(repository: string, at: Date): string {
  return `month:${repository}:${at.toISOString().slice(0, 7)}`;
}

function assertAmount(amount: number, what: string): void {
  if (!Number.isFinite(amount) || amount < 0) throw new Error(`Cannot use ${amount} as ${what}: it must be a finite amount of USD >= 0`);
}

/**
 * Holds `amountUsd` against every scope, or against none. The scopes' rows are locked in a fixed order (so two
 * reservations never deadlock) and checked in SQL with exact numerics, so concurrent reservations can never
 * together pass a limit.
 */
export async function reserveBudget(db: Executor, request: ReserveRequest): Promise<ReserveResult> {
  assertAmount(request.amountUsd, 'a reservation');
  if (request.amountUsd === 0) throw new Error('Cannot reserve 0 USD: reserve the estimated cost of the call');
  const limits = [...new Map(request.limits.map((l) => [l.scope, l])).values()].sort((a, b) => (a.scope < b.scope ? -1 : 1));
  if (limits.length === 0) throw new Error('Cannot reserve without a budget scope');
  limits.forEach((l) => assertAmount(l.limitUsd, `the limit of "${l.scope}"`));
  const amount = request.amountUsd;
  return withTransaction(db, async (trx) => {
    for (const limit of limits) {
      await trx
        .insertInto('budget_accounts')
        .values({ scope: limit.scope, limit_usd: limit.limitUsd })
        .onConflict((oc) => oc.column('scope').doUpdateSet({ limit_usd: (eb) => eb.ref('excluded.limit_usd'), updated_at: sql<Date>`now()` as unknown as Date }))
        .execute();
    }
    const accounts = await trx
      .selectFrom('budget_accounts')
      .select(['scope', 'limit_usd'])
      .select(sql<number>`reserved_usd + spent_usd`.as('committed'))
      .select(sql<boolean>`reserved_usd + spent_usd + cast(${amount} as numeric) <= limit_usd`.as('fits'))
      .where('scope', 'in', limits.map((l) => l.scope))
      .orderBy('scope')
      .forUpdate()
      .execute();
    const short = accounts.find((a) => !a.fits);
    if (short) {
      return { ok: false, reason: 'budget_exhausted', scope: short.scope, limitUsd: short.limit_usd, committedUsd: short.committed, requestedUsd: amount };
    }
    await trx
      .updateTable('budget_accounts')
      .set({ reserved_usd: sql<number>`reserved_usd + cast(${amount} as numeric)` as unknown as number, updated_at: sql<Date>`now()` as unknown as Date })
      .where('scope', 'in', limits.map((l) => l.scope))
      .execute();
    const entry = await trx
      .insertInto('budgets')
      .values({ work_order_id: request.workOrderId ?? null, scopes: json(limits.map((l) => l.scope)), purpose: request.purpose ?? null, amount_usd: amount })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ok: true, reservationId: entry.id };
  });
}

async function close(db: Executor, reservationId: number, status: 'settled' | 'released', actualUsd: number | null): Promise<SettleResult> {
  return withTransaction(db, async (trx) => {
    const entry = await trx
      .updateTable('budgets')
      .set({ status, actual_usd: actualUsd, settled_at: sql<Date>`now()` as unknown as Date })
      .where('id', '=', reservationId)
      .where('status', '=', 'reserved')
      .returning(['scopes', 'amount_usd'])
      .executeTakeFirst();
    if (!entry) {
      const found = await trx.selectFrom('budgets').select('status').where('id', '=', reservationId).executeTakeFirst();
      return { ok: false, reason: 'not_reserved', status: found?.status ?? null };
    }
    for (const scope of [...entry.scopes].sort()) {
      await trx
        .updateTable('budget_accounts')
        .set({
          reserved_usd: sql<number>`reserved_usd - cast(${entry.amount_usd} as numeric)` as unknown as number,
          spent_usd: sql<number>`spent_usd + cast(${actualUsd ?? 0} as numeric)` as unknown as number,
          updated_at: sql<Date>`now()` as unknown as Date,
        })
        .where('scope', '=', scope)
        .execute();
    }
    return { ok: true };
  });
}

/** Replaces a reservation by the real cost of the call (which may exceed it: what was spent is spent). */
export async function settleBudget(db: Executor, reservationId: number, actualUsd: number): Promise<SettleResult> {
  assertAmount(actualUsd, 'a settled cost');
  return close(db, reservationId, 'settled', actualUsd);
}

/** Gives a reservation back in full (the call failed before costing anything). */
export async function releaseBudget(db: Executor, reservationId: number): Promise<SettleResult> {
  return close(db, reservationId, 'released', null);
}

/** Releases reservations left open longer than `olderThanSeconds` (their process died mid-call); returns how many. */
export async function releaseStaleReservations(db: Executor, olderThanSeconds: number): Promise<number> {
  const stale = await db
    .selectFrom('budgets')
    .select('id')
    .where('status', '=', 'reserved')
    .where('created_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanSeconds})`)
    .execute();
  let released = 0;
  for (const { id } of stale) if ((await releaseBudget(db, id)).ok) released++;
  return released;
}

/** Limit and totals of a scope, or null before its first reservation. */
export async function getBudgetAccount(db: Executor, scope: string): Promise<BudgetAccount | null> {
  const row = await db
    .selectFrom('budget_accounts')
    .select(['scope', 'limit_usd', 'reserved_usd', 'spent_usd'])
    .select(sql<number>`limit_usd - reserved_usd - spent_usd`.as('remaining'))
    .where('scope', '=', scope)
    .executeTakeFirst();
  return row ? { scope: row.scope, limitUsd: row.limit_usd, reservedUsd: row.reserved_usd, spentUsd: row.spent_usd, remainingUsd: row.remaining } : null;
}

/** Money held and spent for one work order ("cost so far" in its status comment). */
export async function getWorkOrderSpend(db: Executor, workOrderId: number): Promise<{ reservedUsd: number; spentUsd: number }> {
  const row = await db
    .selectFrom('budgets')
    .select(sql<number>`coalesce(sum(amount_usd) filter (where status = 'reserved'), 0)`.as('reserved'))
    .select(sql<number>`coalesce(sum(actual_usd) filter (where status = 'settled'), 0)`.as('spent'))
    .where('work_order_id', '=', workOrderId)
    .executeTakeFirstOrThrow();
  return { reservedUsd: row.reserved, spentUsd: row.spent };
}
