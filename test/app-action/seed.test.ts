import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../src/store/tables.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { openActionStore } from '../../app/action/open-action-store.ts';
import { serveStore } from '../../app/action/store-server.ts';
import { packSeed, SEED_MANIFEST, SEED_TARBALL, unpackSeed, type SeedManifest } from '../../app/action/seed-data-dir.ts';
import { CODE_SCHEMA_VERSION, migrate, openStore } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { DIST_DIR as DIST } from './run-app-action.ts';

/** The schema version a store's database records. */
async function schemaVersion(db: Kysely<Tables>): Promise<number> {
  const { rows } = await sql<{ version: number }>`select max(version)::int as version from punchlist_migrations`.execute(db);
  return rows[0]!.version;
}

/** A PostgreSQL WAL segment's length. */
const WAL_SEGMENT_BYTES = 16 * 1024 * 1024;

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
    unpackSeed(join(DIST, SEED_TARBALL), join(dataDir, 'pgdata'));
    const opened = await openDatabase({ dataDir, pgliteSmallMemory: true });
    try {
      expect(await schemaVersion(opened.db)).toBe(CODE_SCHEMA_VERSION);
      expect(await migrate(opened.db)).toEqual({ ok: true, version: CODE_SCHEMA_VERSION, applied: [] });
      const { rows: boss } = await sql<{ n: number }>`select count(*)::int as n from information_schema.schemata where schema_name = 'pgboss'`.execute(opened.db);
      expect(boss[0]!.n).toBe(1);
    } finally {
      await opened.close();
    }
    const store = await openStore({ dataDir, pgliteSmallMemory: true });
    await store.close();
  }, 60_000);

  it('holds one database and one WAL segment, whose unwritten 16 MB are left out of the tarball', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'punchlist-seed-test-'));
    const pgdata = join(dataDir, 'pgdata');
    unpackSeed(join(DIST, SEED_TARBALL), pgdata);
    expect(readdirSync(join(pgdata, 'base'))).toHaveLength(1);
    const segments = readdirSync(join(pgdata, 'pg_wal')).filter((name) => /^[0-9A-F]{24}$/.test(name));
    expect(segments).toHaveLength(1);
    expect(statSync(join(pgdata, 'pg_wal', segments[0]!)).size).toBe(WAL_SEGMENT_BYTES);
    expect(statSync(join(DIST, SEED_TARBALL)).size).toBeLessThan(4 * 1024 * 1024);
  });

  it('is served by the store process from the seed, and the App opens it over the socket at its schema version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'punchlist-seed-test-'));
    dataDir = dir;
    const seed = join(DIST, SEED_TARBALL);
    const served = await serveStore({ dir, socketDir: dir, seed: { name: seed, unpacked: Promise.resolve().then(() => unpackSeed(seed, join(dir, 'pgdata'))) } });
    const warnings: string[] = [];
    try {
      expect(served.warning).toBeNull();
      const opened = await openActionStore(null, {}, undefined, { server: { ready: Promise.resolve(served) }, warn: (m) => warnings.push(m) });
      try {
        expect(opened.lasting).toBe(false);
        expect(await schemaVersion(opened.store.db)).toBe(CODE_SCHEMA_VERSION);
      } finally {
        await opened.close();
      }
    } finally {
      await served.close();
    }
    expect(warnings).toEqual([]);
  }, 60_000);

  it('is replaced by a fresh store, migrated over the socket, with one warning, when the seed cannot be unpacked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'punchlist-seed-test-'));
    dataDir = dir;
    const damaged = join(dir, 'damaged.tgz');
    writeFileSync(damaged, gzipSync(Buffer.from('not a tar archive, though it is gzipped'.repeat(20))));
    const served = await serveStore({ dir, socketDir: dir, seed: { name: damaged, unpacked: Promise.resolve().then(() => unpackSeed(damaged, join(dir, 'pgdata'))) } });
    try {
      expect(served.warning).toMatch(/^Cannot start the store from .*damaged\.tgz \(.+\); initialising one instead$/);
      const opened = await openActionStore(null, {}, undefined, { server: { ready: Promise.resolve(served) } });
      try {
        expect(await schemaVersion(opened.store.db)).toBe(CODE_SCHEMA_VERSION);
      } finally {
        await opened.close();
      }
    } finally {
      await served.close();
    }
  }, 120_000);

  it('opens in the App\'s own process from the seed, with one warning, when the store process could not serve it', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'punchlist-seed-test-'));
    const warnings: string[] = [];
    const server = { ready: Promise.reject(new Error("the store's process ended (exit code 1) before it served the store")) };
    const opened = await openActionStore(null, {}, undefined, { server, seed: join(DIST, SEED_TARBALL), root: dataDir, warn: (m) => warnings.push(m) });
    try {
      expect(warnings).toEqual(["Cannot use the store's own process (the store's process ended (exit code 1) before it served the store); opening the store in this one"]);
      expect(await schemaVersion(opened.store.db)).toBe(CODE_SCHEMA_VERSION);
    } finally {
      await opened.close();
    }
    // Its directory went with it.
    expect(readdirSync(dataDir)).toEqual([]);
  }, 60_000);
});

describe('packSeed and unpackSeed: the seed tarball', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("leave a file's trailing zero bytes out of the tarball and give them back, byte for byte", async () => {
    dir = mkdtempSync(join(tmpdir(), 'punchlist-pack-test-'));
    const source = join(dir, 'source');
    const files: Record<string, Buffer> = {
      'PG_VERSION': Buffer.from('18\n'),
      'pg_wal/000000010000000000000002': Buffer.concat([Buffer.from([1, 2, 3, 0, 4]), Buffer.alloc(1_000_000)]),
      'pg_wal/000000010000000000000003': Buffer.alloc(1_000_000, 7),
      'base/5/zeros': Buffer.alloc(8192),
      'base/5/empty': Buffer.alloc(0),
    };
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(source, name, '..'), { recursive: true });
      writeFileSync(join(source, name), content);
    }
    const tar = packSeed(source, (name) => name === 'pg_wal/000000010000000000000003');
    // The 1 MB and 8 KB runs of zeros are not in it, nor the file left out.
    expect(tar.length).toBeLessThan(20 * 512);
    const tarball = join(dir, 'seed.tgz');
    writeFileSync(tarball, gzipSync(tar));
    const target = join(dir, 'target');
    unpackSeed(tarball, target);
    for (const [name, content] of Object.entries(files)) {
      if (name.endsWith('0003')) expect(() => statSync(join(target, name))).toThrow(/ENOENT/);
      else expect(readFileSync(join(target, name)).equals(content), name).toBe(true);
    }
  });

  it('refuses a tarball whose size record is shorter than the content it follows', async () => {
    dir = mkdtempSync(join(tmpdir(), 'punchlist-pack-test-'));
    const source = join(dir, 'source');
    mkdirSync(source);
    writeFileSync(join(source, 'file'), Buffer.concat([Buffer.from('data'), Buffer.alloc(100)]));
    const tar = packSeed(source);
    // The pax record says 104; make it 1 (same length, so the record stays well-formed).
    const at = tar.indexOf('PUNCHLIST.size=104');
    expect(at).toBeGreaterThan(0);
    tar.write('PUNCHLIST.size=001', at);
    const bad = join(dir, 'bad.tgz');
    writeFileSync(bad, gzipSync(tar));
    expect(() => unpackSeed(bad, join(bad, '..', 'target'))).toThrow(/^Cannot unpack .*bad\.tgz: bad size of "file"$/);
  });
});
