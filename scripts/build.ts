// Bundles the entries into dist/ with esbuild. `--out DIR` builds elsewhere (the staleness check).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SEED_MANIFEST, SEED_TARBALL, type SeedManifest } from '../app/action/seed-data-dir.ts';
import { CODE_SCHEMA_VERSION, openStore } from '../src/store/index.ts';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

const outIndex = process.argv.indexOf('--out');
const outdir = outIndex > 0 ? process.argv[outIndex + 1]! : 'dist';

/** Entries: output name → source. An entry whose source does not exist yet is skipped. */
const ENTRIES: Record<string, string> = {
  cli: 'src/cli/main.ts',
  index: 'src/action/index.ts',
  app: 'app/action-main.ts',
};

const entryPoints = Object.entries(ENTRIES)
  .filter(([, src]) => existsSync(src))
  .map(([out, src]) => ({ out, in: src }));

await build({
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  // Smaller bundles parse faster at every cold start; identifiers stay readable for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: false,
  legalComments: 'linked',
  logLevel: 'warning',
  define: { PUNCHLIST_VERSION: JSON.stringify(version) },
  // CommonJS dependencies inside an ESM bundle still call require().
  banner: {
    // A small young generation keeps the CLI's peak memory flat on huge logs (it allocates short-lived line
    // strings at a high rate; V8 otherwise grows the nursery to tens of megabytes). Applies when run as the
    // package's bin; `node dist/cli.js` runs with Node's defaults.
    js: "#!/usr/bin/env -S node --max-semi-space-size=1\nimport { createRequire as __punchlistCreateRequire } from 'node:module';\nconst require = __punchlistCreateRequire(import.meta.url);",
  },
});
// PGlite loads its WebAssembly and file-system image from beside the module that imports it
// (`new URL('./pglite.wasm', import.meta.url)`); bundled, that module is dist/app.js, so they are copied next to it.
const PGLITE_FILES = ['pglite.wasm', 'pglite.data', 'initdb.wasm'];
if (entryPoints.some((e) => e.out === 'app')) {
  const pgliteDist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (const file of PGLITE_FILES) copyFileSync(join(pgliteDist, file), join(outdir, file));
}

/** What the seed's content follows from: PGlite's and pg-boss's versions, the migrations and the queue's set-up. */
function seedKey(): string {
  const hash = createHash('sha256').update('seed recipe 1\n');
  const require = createRequire(import.meta.url);
  for (const pkg of ['@electric-sql/pglite', 'pg-boss']) {
    const { version: v } = JSON.parse(readFileSync(join(dirname(require.resolve(pkg)), '..', 'package.json'), 'utf8')) as { version: string };
    hash.update(`${pkg}@${v}\n`);
  }
  const sources = [...readdirSync('src/store/migrations').sort().map((f) => join('src/store/migrations', f)), 'src/store/queue.ts', 'src/store/store.ts'];
  for (const file of sources) hash.update(`${file}\n`).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/** A ustar archive of `dir`'s directories and regular files, in name order, with zero times and owners. */
function packTar(dir: string): Buffer {
  const parts: Buffer[] = [];
  const header = (name: string, size: number, type: '0' | '5'): Buffer => {
    if (Buffer.byteLength(name) > 100) throw new Error(`Cannot pack "${name}": longer than 100 bytes`);
    const block = Buffer.alloc(512);
    block.write(name, 0);
    block.write(type === '5' ? '0000700\0' : '0000600\0', 100);
    block.write('0000000\0', 108);
    block.write('0000000\0', 116);
    block.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
    block.write('00000000000\0', 136);
    block.write('        ', 148);
    block.write(type, 156);
    block.write('ustar\0' + '00', 257);
    const sum = block.reduce((a, b) => a + b, 0);
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    return block;
  };
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        parts.push(header(`${name}/`, 0, '5'));
        walk(name);
      } else if (entry.isFile() && entry.name !== 'postmaster.pid') {
        const content = readFileSync(join(dir, name));
        parts.push(header(name, content.length, '0'), content, Buffer.alloc((512 - (content.length % 512)) % 512));
      }
    }
  };
  walk('');
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/**
 * The App action's embedded store, made once here instead of by initdb on every run (~3 s and ~1 GB): a PGlite
 * data directory opened as the action opens it (migrated, queue installed), packed as dist/app-pgdata.tgz with a
 * manifest of its schema version. PostgreSQL's files carry a random system identifier and timestamps, so the
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
  // The queue's graceful stop waits on unref'd timers: with nothing else pending, Node would exit mid-close.
  const keepAlive = setInterval(() => {}, 1_000);
  try {
    const store = await openStore({ dataDir, pgliteSmallMemory: true });
    await store.close();
    const tar = packTar(join(dataDir, 'pgdata'));
    writeFileSync(join(out, SEED_TARBALL), gzipSync(tar, { level: 9 }));
    const manifest: SeedManifest = { schemaVersion: CODE_SCHEMA_VERSION, key };
    writeFileSync(join(out, SEED_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  } finally {
    clearInterval(keepAlive);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
if (entryPoints.some((e) => e.out === 'app')) await buildSeed(outdir);
// The CLI is package.json's `bin`: it must be executable in a fresh checkout.
if (existsSync(join(outdir, 'cli.js'))) chmodSync(join(outdir, 'cli.js'), 0o755);
console.log(`built ${entryPoints.map((e) => join(outdir, `${e.out}.js`)).join(', ')}`);
