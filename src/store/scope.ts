import type { JobQueue } from './queue.ts';
import type { Executor } from './tables.ts';

/**
 * What every store operation runs against: a connection or an open transaction, and the queue. The store is a
 * scope; `store.transaction(fn)` hands `fn` a scope bound to one transaction, so several operations and their
 * jobs commit together.
 */
export interface Scope {
  readonly db: Executor;
  readonly queue: JobQueue;
}

/** Runs `fn` in the scope's transaction, or in a new one when the scope has none. */
export async function inTransaction<T>(scope: Scope, fn: (tx: Scope) => Promise<T>): Promise<T> {
  if (scope.db.isTransaction) return fn(scope);
  return scope.db.transaction().execute((trx) => fn({ db: trx, queue: scope.queue }));
}

/** Runs `fn` in `db`'s transaction, or in a new one when `db` is not a transaction (for operations without jobs). */
export async function withTransaction<T>(db: Executor, fn: (trx: Executor) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}
