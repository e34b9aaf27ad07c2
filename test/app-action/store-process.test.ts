// The App's store process in Actions mode (app/action/store-process.ts starting dist/app-store.js): the built
// bundle, in a real child node with `--liftoff-only`, reached over its socket with `pg`.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_TARBALL } from '../../app/action/seed-data-dir.ts';
import { startStoreProcess, type StoreProcess } from '../../app/action/store-process.ts';
import { CODE_SCHEMA_VERSION } from '../../src/store/index.ts';
import { DIST_DIR } from './run-app-action.ts';

const ENTRY = join(DIST_DIR, 'app-store.js');
const SEED = join(DIST_DIR, SEED_TARBALL);

let root: string | undefined;
let running: StoreProcess | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

async function schemaVersion(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: number }>('select max(version)::int as version from punchlist_migrations');
    return rows[0]!.version;
  } finally {
    await client.end();
  }
}

describe('the store process of the App in Actions mode', () => {
  it('serves the seed the App unpacked for it, and goes with its directory when stopped', async () => {
    root = mkdtempSync(join(tmpdir(), 'punchlist-store-process-'));
    running = startStoreProcess({ entry: ENTRY, root, seed: SEED, env: process.env });
    // The store's directory, made before the process is told anything.
    expect(readdirSync(root)).toHaveLength(1);
    const { url, warning } = await running.ready;
    expect(warning).toBeNull();
    expect(url).toMatch(new RegExp(`^socket:${root}/punchlist-app-\\w+\\?db=postgres&user=postgres$`));
    expect(await schemaVersion(url)).toBe(CODE_SCHEMA_VERSION);
    await running.stop();
    expect(readdirSync(root)).toEqual([]);
  }, 60_000);

  it('starts again without the flags when node refuses them', async () => {
    root = mkdtempSync(join(tmpdir(), 'punchlist-store-process-'));
    running = startStoreProcess({ entry: ENTRY, root, seed: SEED, env: process.env, flags: ['--no-such-node-flag'] });
    const { url } = await running.ready;
    expect(await schemaVersion(url)).toBe(CODE_SCHEMA_VERSION);
  }, 60_000);

  it('initialises a store, with a warning, when the seed cannot be unpacked', async () => {
    root = mkdtempSync(join(tmpdir(), 'punchlist-store-process-'));
    const damaged = join(root, 'damaged.tgz');
    writeFileSync(damaged, gzipSync(Buffer.alloc(2048, 0x41)));
    running = startStoreProcess({ entry: ENTRY, root, seed: damaged, env: process.env });
    const { url, warning } = await running.ready;
    expect(warning).toMatch(/^Cannot start the store from the seed \(Cannot unpack .*damaged\.tgz: .+\); initialising one instead$/);
    // A fresh store: nothing migrated yet (the App migrates it when it opens it).
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ n: number }>("select count(*)::int as n from information_schema.tables where table_name = 'punchlist_migrations'");
    await client.end();
    expect(rows[0]!.n).toBe(0);
  }, 120_000);

  it('puts the socket in the temporary directory when the store directory would make too long a socket path', async () => {
    root = mkdtempSync(join(tmpdir(), 'punchlist-store-process-'));
    const deep = join(root, 'd'.repeat(90));
    mkdirSync(deep);
    running = startStoreProcess({ entry: ENTRY, root: deep, seed: SEED, env: process.env });
    const { url } = await running.ready;
    const socketDir = /^socket:([^?]+)\?/.exec(url)![1]!;
    expect(socketDir.startsWith(deep)).toBe(false);
    expect(await schemaVersion(url)).toBe(CODE_SCHEMA_VERSION);
    await running.stop();
    expect(existsSync(socketDir)).toBe(false);
    expect(readdirSync(deep)).toEqual([]);
  }, 60_000);

  it("tells the store process about the seed even when it listens only later (the news waits for it)", async () => {
    root = mkdtempSync(join(tmpdir(), 'punchlist-store-process-'));
    // A stand-in for the store process whose listener comes 300 ms after its start, well after the news was sent.
    const late = join(root, 'late.mjs');
    writeFileSync(
      late,
      `setTimeout(() => {
  process.once('message', (news) => process.send({ store: 'ready', url: 'socket:/nowhere?db=postgres&user=postgres', warning: JSON.stringify(news) }));
}, 300);
process.on('disconnect', () => process.exit(0));
`,
    );
    const stores = join(root, 'stores');
    mkdirSync(stores);
    running = startStoreProcess({ entry: late, root: stores, seed: SEED, env: process.env });
    const { warning } = await running.ready;
    expect(warning).toBe(JSON.stringify({ seed: 'ready' }));
    // What it was told is true: the seed is unpacked in the store's directory.
    const [store] = readdirSync(stores);
    expect(existsSync(join(stores, store!, 'pgdata', 'PG_VERSION'))).toBe(true);
  }, 30_000);

  it('rejects with the store process\'s own reason when it cannot serve the store', async () => {
    root = mkdtempSync(join(tmpdir(), 'punchlist-store-process-'));
    // A socket directory no connection string can name (set by hand: the App's process never picks such a one).
    const env = { ...process.env, PUNCHLIST_APP_STORE_SOCKET_DIR: join(root, 'no such dir?') };
    running = startStoreProcess({ entry: ENTRY, root, seed: SEED, env });
    await expect(running.ready).rejects.toThrow(/^Cannot serve the store in .*no such dir\?: use a short path of letters, digits/);
  }, 60_000);

  it('rejects with the reason when the process ends before it serves the store, and kill() removes the directory', async () => {
    root = mkdtempSync(join(tmpdir(), 'punchlist-store-process-'));
    const failing = join(root, 'fails.mjs');
    writeFileSync(failing, 'process.exit(3);\n');
    const stores = join(root, 'stores');
    mkdirSync(stores);
    const failed = startStoreProcess({ entry: failing, root: stores, seed: null, env: process.env });
    await expect(failed.ready).rejects.toThrow(/^the store's process ended \(exit code 3\) before it served the store$/);
    failed.kill();
    expect(readdirSync(stores)).toEqual([]);
  }, 30_000);
});
