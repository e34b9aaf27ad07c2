import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_MANIFEST, SEED_TARBALL, unpackSeed, type SeedManifest } from '../../app/action/seed-data-dir.ts';
import { CODE_SCHEMA_VERSION, migrate, openStore } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/open-database.ts';

const DIST = join(import.meta.dirname, '..', '..', 'dist');

describe("the embedded store's seed shipped beside dist/app.js", () => {
  let dataDir: string | undefined;
  afterEach(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  });

  it("is at this code's schema version (rebuild with npm run build when a migration is added)", () => {
    const manifest = JSON.parse(readFileSync(join(DIST, SEED_MANIFEST), 'utf8')) as SeedManifest;
    expect(manifest.schemaVersion).toBe(CODE_SCHEMA_VERSION);
  });

  it('unpacks to a database at that version, which opens as a store with nothing to migrate', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'punchlist-seed-test-'));
    await unpackSeed(join(DIST, SEED_TARBALL), join(dataDir, 'pgdata'));
    const opened = await openDatabase({ dataDir, pgliteSmallMemory: true });
    try {
      const { rows } = await sql<{ version: number }>`select max(version)::int as version from punchlist_migrations`.execute(opened.db);
      expect(rows[0]!.version).toBe(CODE_SCHEMA_VERSION);
      expect(await migrate(opened.db)).toEqual({ ok: true, version: CODE_SCHEMA_VERSION, applied: [] });
      const { rows: boss } = await sql<{ n: number }>`select count(*)::int as n from information_schema.schemata where schema_name = 'pgboss'`.execute(opened.db);
      expect(boss[0]!.n).toBe(1);
    } finally {
      await opened.close();
    }
    const store = await openStore({ dataDir, pgliteSmallMemory: true });
    await store.close();
  }, 60_000);
});
