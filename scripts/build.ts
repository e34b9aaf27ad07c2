// Bundles the entries into dist/ with esbuild. `--out DIR` builds elsewhere (the staleness check).
import { build, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { packSeed, SEED_MANIFEST, SEED_TARBALL, unpackSeed, type SeedManifest } from '../app/action/seed-data-dir.ts';
import { CODE_SCHEMA_VERSION, openStore } from '../src/store/index.ts';
import { compileScanWasm, SCAN_WASM_TS, SCAN_WAT } from './build-wasm.ts';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

const outIndex = process.argv.indexOf('--out');
const outdir = outIndex > 0 ? process.argv[outIndex + 1]! : 'dist';

// The keyword scanner's WebAssembly, compiled from its text into the sources it is bundled from; a build elsewhere
// (the staleness check) only checks that the committed module is what the text compiles to.
{
  const wasm = await compileScanWasm();
  const current = existsSync(SCAN_WASM_TS) ? readFileSync(SCAN_WASM_TS, 'utf8') : '';
  if (current !== wasm && outdir === 'dist') writeFileSync(SCAN_WASM_TS, wasm);
  else if (current !== wasm) {
    console.error(`${SCAN_WASM_TS} is not what ${SCAN_WAT} compiles to: run "npm run build" and commit it`);
    process.exit(1);
  }
}

/** Entries: output name → source. An entry whose source does not exist yet is skipped. */
const ENTRIES: Record<string, string> = {
  cli: 'src/cli/main.ts',
  index: 'src/action/index.ts',
  // The Action's GitHub client behind a proxy, loaded by dist/index.js only there (src/action/github-proxy.ts).
  'github-proxy': 'src/action/github-proxy.ts',
  // The App's Actions mode: its small entry (what the runner starts), the store process that entry starts in a child
  // node, and the App's handling code, which the entry imports once the child is spawned (see APP_HANDLE).
  app: 'app/action-main.ts',
  'app-store': 'app/action/store-server-main.ts',
  'app-store-serve': 'app/action/store-server.ts',
  'app-handle': 'app/action/run-event.ts',
};

/**
 * app/action-main.ts imports the handling code (run-event.ts, most of the App) only after it has started what can
 * run meanwhile: the store process. Bundled into one file, that code would be parsed before the entry runs a line
 * (~200 ms), so the import is kept out: it loads dist/app-handle.js.
 */
const APP_HANDLE: Plugin = {
  name: 'app-handle',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\/action\/run-event\.ts$/ }, (args) =>
      args.importer.endsWith(join('app', 'action-main.ts')) ? { path: './app-handle.js', external: true } : undefined,
    );
    // Likewise the store process's entry loads PGlite's code (dist/app-store-serve.js) once the seed is unpacking.
    pluginBuild.onResolve({ filter: /^\.\/store-server\.ts$/ }, (args) =>
      args.importer.endsWith(join('app', 'action', 'store-server-main.ts')) ? { path: './app-store-serve.js', external: true } : undefined,
    );
    // The Action's client behind a proxy (src/action/github-proxy.ts) is its own bundle, loaded only behind one.
    pluginBuild.onResolve({ filter: /^\.\/github-proxy\.ts$/ }, (args) =>
      args.importer.endsWith(join('src', 'action', 'github-client.ts')) ? { path: './github-proxy.js', external: true } : undefined,
    );
  },
};

/**
 * `@actions/core` imports its OIDC client (for `getIDToken`, which the Action never calls) and with it
 * `@actions/http-client` and undici, whose evaluation at start-up alone costs ~29 MB of resident memory. Those modules
 * only define classes and functions, so they are declared free of side effects: the bundler then leaves them out
 * unless something the Action uses reaches them (calling `getIDToken` would bring them back, whole and working).
 */
const UNUSED_TOOLKIT_CLIENT: Plugin = {
  name: 'unused-toolkit-client',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^(\.\/oidc-utils\.js|@actions\/http-client(\/.*)?)$/ }, async (args) => {
      if (args.pluginData === 'unused-toolkit-client' || !/[\\/]@actions[\\/]core[\\/]/.test(args.importer)) return undefined;
      const resolved = await pluginBuild.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'unused-toolkit-client' });
      return resolved.errors.length > 0 ? undefined : { path: resolved.path, sideEffects: false };
    });
  },
};

const entryPoints = Object.entries(ENTRIES)
  .filter(([, src]) => existsSync(src))
  .map(([out, src]) => ({ out, in: src }));

/** What every bundle is built with. */
const COMMON = {
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: false,
  legalComments: 'linked',
  logLevel: 'warning',
  plugins: [APP_HANDLE, UNUSED_TOOLKIT_CLIENT],
  define: { PUNCHLIST_VERSION: JSON.stringify(version) },
  // CommonJS dependencies inside an ESM bundle still call require().
  banner: {
    // A small young generation keeps the CLI's peak memory flat on huge logs (it allocates short-lived line
    // strings at a high rate; V8 otherwise grows the nursery to tens of megabytes). Applies when run as the
    // package's bin; `node dist/cli.js` runs with Node's defaults.
    js: "#!/usr/bin/env -S node --max-semi-space-size=1\nimport { createRequire as __punchlistCreateRequire } from 'node:module';\nconst require = __punchlistCreateRequire(import.meta.url);",
  },
} satisfies Parameters<typeof build>[0];

/** The App's Actions-mode bundles, whose start every workflow run pays for (docs/architecture.md). */
const ACTIONS_APP = new Set(['app', 'app-store', 'app-store-serve', 'app-handle']);

// Smaller bundles parse faster at every cold start; the CLI's and the Action's identifiers stay readable for stack
// traces.
await build({ ...COMMON, entryPoints: entryPoints.filter((e) => !ACTIONS_APP.has(e.out)), minifyWhitespace: true, minifySyntax: true });
// The App in Actions mode has its identifiers shortened too: its 4.4 MB handling bundle becomes 3.5 MB and loads
// ~70 ms sooner. It reports faults as one-line messages (app/action/run-event.ts), never stack traces.
const actionsApp = entryPoints.filter((e) => ACTIONS_APP.has(e.out));
if (actionsApp.length > 0) await build({ ...COMMON, entryPoints: actionsApp, minify: true });
// PGlite loads its WebAssembly and file-system image from beside the module that imports it
// (`new URL('./pglite.wasm', import.meta.url)`); bundled, that module is dist/app-store-serve.js (or dist/app-handle.js,
// when the store opens in the App's process), so they are copied next to them.
const PGLITE_FILES = ['pglite.wasm', 'pglite.data', 'initdb.wasm'];
if (entryPoints.some((e) => e.out === 'app-store')) {
  const pgliteDist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (const file of PGLITE_FILES) copyFileSync(join(pgliteDist, file), join(outdir, file));
}

/** What the seed follows from: PGlite's and pg-boss's versions, the migrations, the queue's set-up and the tarball's format. */
function seedKey(): string {
  const hash = createHash('sha256').update('seed recipe 2\n');
  const require = createRequire(import.meta.url);
  for (const pkg of ['@electric-sql/pglite', 'pg-boss']) {
    const { version: v } = JSON.parse(readFileSync(join(dirname(require.resolve(pkg)), '..', 'package.json'), 'utf8')) as { version: string };
    hash.update(`${pkg}@${v}\n`);
  }
  const sources = [...readdirSync('src/store/migrations').sort().map((f) => join('src/store/migrations', f)), 'src/store/queue.ts', 'src/store/store.ts', 'app/action/seed-data-dir.ts'];
  for (const file of sources) hash.update(`${file}\n`).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Makes a data directory PGlite has opened and closed as small as a run can use: drops the template databases (a
 * run uses `postgres` and never creates a database) and starts a fresh WAL segment with a checkpoint, so nothing
 * before it is needed. Returns the WAL segment the directory needs; the others are left out of the tarball.
 */
async function slimDataDir(pgdata: string): Promise<string> {
  const pglite = new PGlite(pgdata);
  try {
    for (const template of ['template0', 'template1']) {
      await pglite.exec(`alter database ${template} with is_template false`);
      await pglite.exec(`drop database ${template}`);
    }
    await pglite.query('select pg_switch_wal()');
    await pglite.exec('checkpoint');
    const { rows } = await pglite.query<{ segment: string }>('select pg_walfile_name(pg_current_wal_lsn()) as segment');
    return rows[0]!.segment;
  } finally {
    await pglite.close();
  }
}

/**
 * The App action's embedded store, made once here instead of by initdb on every run (~3 s and ~1 GB): a PGlite
 * data directory opened as the action opens it (migrated, queue installed), slimmed (slimDataDir: 42 MB in 1,100
 * files becomes 10 MB in ~500, 1.1 MB gzipped), packed as dist/app-pgdata.tgz with a manifest of its schema version,
 * and checked by opening it as a run does. PostgreSQL's files carry a random system identifier and timestamps, so the
 * tarball is not reproducible byte for byte: while its inputs (seedKey) are unchanged, the committed one is reused.
 */
async function buildSeed(out: string): Promise<void> {
  const key = seedKey();
  const committed = (file: string) => join('dist', file);
  if (existsSync(committed(SEED_TARBALL)) && existsSync(committed(SEED_MANIFEST))) {
    const manifest = JSON.parse(readFileSync(committed(SEED_MANIFEST), 'utf8')) as SeedManifest;
    if (manifest.key === key && manifest.schemaVersion === CODE_SCHEMA_VERSION) {
      if (resolve(out) !== resolve('dist')) for (const file of [SEED_TARBALL, SEED_MANIFEST]) copyFileSync(committed(file), join(out, file));
      return;
    }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'punchlist-seed-'));
  const check = mkdtempSync(join(tmpdir(), 'punchlist-seed-check-'));
  // The queue's graceful stop waits on unref'd timers: with nothing else pending, Node would exit mid-close.
  const keepAlive = setInterval(() => {}, 1_000);
  try {
    const store = await openStore({ dataDir, pgliteSmallMemory: true });
    await store.close();
    const pgdata = join(dataDir, 'pgdata');
    const segment = await slimDataDir(pgdata);
    const tar = packSeed(pgdata, (name) => /^pg_wal\/[0-9A-F]{24}$/.test(name) && name !== `pg_wal/${segment}`);
    const tarball = join(out, SEED_TARBALL);
    writeFileSync(tarball, gzipSync(tar, { level: 9 }));
    // The seed must open as the action opens it: unpacked, migrated (nothing to do) and the queue started.
    unpackSeed(tarball, join(check, 'pgdata'));
    const reopened = await openStore({ dataDir: check, pgliteSmallMemory: true });
    await reopened.close();
    const manifest: SeedManifest = { schemaVersion: CODE_SCHEMA_VERSION, key };
    writeFileSync(join(out, SEED_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  } finally {
    clearInterval(keepAlive);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(check, { recursive: true, force: true });
  }
}
if (entryPoints.some((e) => e.out === 'app-store')) await buildSeed(outdir);
// The CLI is package.json's `bin`: it must be executable in a fresh checkout.
if (existsSync(join(outdir, 'cli.js'))) chmodSync(join(outdir, 'cli.js'), 0o755);
console.log(`built ${entryPoints.map((e) => join(outdir, `${e.out}.js`)).join(', ')}`);
