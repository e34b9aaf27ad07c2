// The store suite runs once per engine: PGlite in a temporary directory, and PostgreSQL at DATABASE_URL (else the
// local default) in a fresh schema per file. Without a PostgreSQL server the PostgreSQL leg is skipped with a
// notice, except under CI, where its absence is a failing test: CI must run both legs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.ts';

/** The PostgreSQL the suite uses. */
export const POSTGRES_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** True when a PostgreSQL server answers at `url` within two seconds. */
export async function postgresAnswers(url = POSTGRES_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const postgresUp = await postgresAnswers(POSTGRES_URL);

/** A place for one store that the test owns, and its removal. */
export interface Fresh {
  options: StoreOptions;
  cleanup(): Promise<void>;
}

/** One engine of the suite. */
export interface TestEngine {
  name: 'pglite' | 'postgres';
  /** A new, empty location for a store: a temporary directory, or a new schema. */
  fresh(): Fresh;
}

const pglite: TestEngine = {
  name: 'pglite',
  fresh() {
    const dataDir = mkdtempSync(join(tmpdir(), 'punchlist-store-'));
    return { options: { dataDir }, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
};

let counter = 0;
const postgres: TestEngine = {
  name: 'postgres',
  fresh() {
    const schema = `pl_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
    return {
      options: { databaseUrl: POSTGRES_URL, schema, bossSchema: `${schema}_boss`, poolMax: 12 },
      async cleanup() {
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        try {
          await client.query(`drop schema if exists ${schema} cascade`);
          await client.query(`drop schema if exists ${schema}_boss cascade`);
        } finally {
          await client.end();
        }
      },
    };
  },
};

let noticeGiven = false;

/** Declares `body` once per available engine, and accounts for a missing PostgreSQL. */
export function describeEngines(title: string, body: (engine: TestEngine) => void): void {
  describe(`${title} [pglite]`, () => body(pglite));
  if (postgresUp) {
    describe(`${title} [postgres]`, () => body(postgres));
  } else if (process.env.CI) {
    describe(`${title} [postgres]`, () => {
      it('has a PostgreSQL server to run on', () => {
        throw new Error(`No PostgreSQL answered at ${redact(POSTGRES_URL)}: CI must run the store suite on both engines`);
      });
    });
  } else if (!noticeGiven) {
    noticeGiven = true;
    console.warn(`PostgreSQL leg SKIPPED: no server answered at ${redact(POSTGRES_URL)} (set DATABASE_URL to run it)`);
  }
}

/**
 * Opens a store in a fresh place before the block's tests and closes and removes it after them; `use` receives
 * the store (and where it lives) for the tests to read. `options` adds to the place's own (queues, intervals).
 */
export function useFreshStore(engine: TestEngine, use: (store: Store, fresh: Fresh) => void, options: Partial<StoreOptions> = {}): void {
  let fresh: Fresh | undefined;
  let store: Store | undefined;
  beforeAll(async () => {
    fresh = engine.fresh();
    store = await openStore({ ...fresh.options, ...options });
    use(store, fresh);
  });
  afterAll(async () => {
    try {
      await store?.close();
    } finally {
      await fresh?.cleanup();
    }
  });
}
