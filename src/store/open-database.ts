import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './dir-lock.ts';
import { PGLITE_SMALL_MEMORY_SETTINGS } from './pglite-memory.ts';
import type { Tables } from './tables.ts';
import { TYPE_PARSERS } from './type-parsers.ts';

/** Which PostgreSQL runs the store. */
export type Engine = 'pglite' | 'postgres';

/** Where the store lives. */
export interface DatabaseOptions {
  /** A PostgreSQL connection string; when absent the store is PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite's directory (default `.punchlist/`); its data goes in `pgdata/` inside it. */
  dataDir?: string | undefined;
  /** PostgreSQL schema for the store's tables (default `public`); tests use a fresh one per run. */
  schema?: string | undefined;
  /** Most PostgreSQL connections this process opens for the store (default 10). */
  poolMax?: number | undefined;
  /**
   * PGlite with 16 MB of shared buffers instead of PostgreSQL's 128 MB, for a small, short-lived store (one
   * workflow run): its WebAssembly memory then stays at PGlite's 128 MB floor instead of growing to ~190 MB.
   */
  pgliteSmallMemory?: boolean | undefined;
}


/** An open database: the query builder and what sits under it. */
export interface OpenDatabase {
  readonly db: Kysely<Tables>;
  readonly engine: Engine;
  readonly schema: string;
  /** The PGlite instance, shared with the job queue; null on PostgreSQL. */
  readonly pglite: PGlite | null;
  readonly databaseUrl: string | null;
  close(): Promise<void>;
}

/** The default PGlite directory (DESIGN.md: `PUNCHLIST_DATA_DIR`, default `.punchlist/`). */
export const DEFAULT_DATA_DIR = '.punchlist';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws unless `name` is a plain lower-case PostgreSQL identifier (it is spliced into connection options). */
export function assertIdentifier(name: string, what: string): void {
  if (!IDENTIFIER.test(name)) throw new Error(`Cannot use "${name}" as ${what}: use lower-case letters, digits and _`);
}

/** The store's location from the environment: `DATABASE_URL`, else PGlite in `PUNCHLIST_DATA_DIR`. */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.PUNCHLIST_DATA_DIR || DEFAULT_DATA_DIR,
  };
}

async function createSchema(db: Kysely<Tables>, schema: string): Promise<void> {
  if (schema === 'public') return;
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (error) {
    // Two processes creating the schema at once: the loser sees a duplicate, which is what it wanted.
    const code = (error as { code?: string }).code;
    if (code !== '42P06' && code !== '23505') throw error;
  }
}

/** Opens PGlite or PostgreSQL with the same type parsing on both; does not migrate. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<OpenDatabase> {
  const schema = options.schema ?? 'public';
  assertIdentifier(schema, 'a schema name');
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolMax ?? 10,
      options: `-c search_path=${schema}`,
      types: { getTypeParser: ((oid: number, format?: string) => TYPE_PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser },
    });
    // An idle client losing its server must not take the process down; the next query reports it.
    pool.on('error', (error) => process.stderr.write(`punchlist store: idle PostgreSQL connection failed: ${error.message}\n`));
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    try {
      await createSchema(db, schema);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return { db, engine: 'postgres', schema, pglite: null, databaseUrl: options.databaseUrl, close: () => db.destroy() };
  }

  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const unlock = lockDataDir(dataDir);
  let pglite: PGlite;
  try {
    const memory = options.pgliteSmallMemory ? { startParams: [...PGlite.defaultStartParams, ...PGLITE_SMALL_MEMORY_SETTINGS] } : {};
    pglite = new PGlite(join(dataDir, 'pgdata'), { parsers: TYPE_PARSERS, ...memory });
    await pglite.waitReady;
  } catch (error) {
    unlock();
    throw error;
  }
  const db = new Kysely<Tables>({ dialect: new PGliteDialect({ pglite }) });
  // PGlite is one session, so setting the search path once holds for every query, the queue's included.
  await createSchema(db, schema);
  await sql`set search_path to ${sql.id(schema)}`.execute(db);
  let closed = false;
  return {
    db,
    engine: 'pglite',
    schema,
    pglite,
    databaseUrl: null,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.destroy();
      } finally {
        unlock();
      }
    },
  };
}
