// Runs a store bench on both engines: PGlite in a throw-away data directory, then PostgreSQL (DATABASE_URL, or the
// local test database) in throw-away schemas, dropped afterwards; the PostgreSQL leg is skipped, and said so in one
// line, when no server answers. Shared by bench-store.ts and bench-history.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { StoreOptions } from '../src/store/index.ts';

export const POSTGRES_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The figures of `bench` on each engine that could run, and the line that says why PostgreSQL did not. */
export async function onBothEngines<T>(name: string, bench: (engine: 'pglite' | 'postgres', options: StoreOptions) => Promise<T>): Promise<{ results: T[]; skipped: string | null }> {
  const results: T[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), `punchlist-${name}-`));
  try {
    results.push(await bench('pglite', { dataDir }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (!(await postgresAnswers())) {
    return { results, skipped: `PostgreSQL skipped: no server answered at ${POSTGRES_URL.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}` };
  }
  const schema = `pl_${name.replace(/\W/g, '_')}_${process.pid}`;
  try {
    results.push(await bench('postgres', { databaseUrl: POSTGRES_URL, schema, bossSchema: `${schema}_boss` }));
  } finally {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.query(`drop schema if exists ${schema}_boss cascade`);
    await client.end();
  }
  return { results, skipped: null };
}
