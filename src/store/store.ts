import { sql } from 'kysely';
import { FAILURE_CLASSES } from '../classify/taxonomy.ts';
import { createDecisionLogger, type DecisionLogger } from './decisions.ts';
import { migrate } from './migrate.ts';
import { databaseOptionsFromEnv, openDatabase, type DatabaseOptions, type Engine } from './open-database.ts';
import { startQueue, type QueueOptions } from './queue.ts';
import { inTransaction, type Scope } from './scope.ts';

/** Where the store lives and how its queue behaves. */
export interface StoreOptions extends DatabaseOptions, QueueOptions {}

/** The open store: a scope on the whole database, plus transactions and a decision logger that never throws. */
export interface Store extends Scope {
  readonly engine: Engine;
  readonly schema: string;
  /** Runs `fn` in one transaction; every operation given `tx`, and every job it sends, commits or rolls back together. */
  transaction<T>(fn: (tx: Scope) => Promise<T>): Promise<T>;
  /** Decision log writes that retry, then report on stderr, and never throw. */
  readonly decisions: DecisionLogger;
  /** Stops the queue's workers and closes the database. */
  close(): Promise<void>;
}

/** Opens the store from the environment (DATABASE_URL, else PGlite in PUNCHLIST_DATA_DIR), migrating it first. */
export async function openStoreFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  return openStore(databaseOptionsFromEnv(env));
}

/**
 * Opens the database, runs the migrations, checks the schema agrees with the code and starts the queue.
 * Refuses (throws) a database migrated by newer code: running old code against it could corrupt it.
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const opened = await openDatabase(options);
  try {
    const result = await migrate(opened.db);
    if (!result.ok) {
      throw new Error(
        `Cannot open the store: the database is at schema version ${result.databaseVersion}, newer than this code's ${result.codeVersion}; run the newer Punchlist or restore a backup`,
      );
    }
    const labels = await sql<{ label: string }>`select unnest(enum_range(null::failure_class))::text as label`.execute(opened.db);
    const missing = FAILURE_CLASSES.filter((c) => !labels.rows.some((r) => r.label === c));
    if (missing.length) throw new Error(`Cannot open the store: failure_class lacks ${missing.map((c) => `"${c}"`).join(', ')}; add a migration`);
  } catch (error) {
    await opened.close();
    throw error;
  }
  const bossSchema = options.bossSchema ?? (opened.schema === 'public' ? 'pgboss' : `${opened.schema}_pgboss`);
  let queue;
  try {
    queue = await startQueue(opened, { ...options, bossSchema });
  } catch (error) {
    await opened.close();
    throw error;
  }
  const scope: Scope = { db: opened.db, queue };
  let closing: Promise<void> | null = null;
  return {
    ...scope,
    engine: opened.engine,
    schema: opened.schema,
    decisions: createDecisionLogger(opened.db),
    transaction: (fn) => inTransaction(scope, fn),
    close() {
      closing ??= (async () => {
        try {
          await queue.stop();
        } finally {
          await opened.close();
        }
      })();
      return closing;
    },
  };
}
