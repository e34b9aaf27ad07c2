// Bundles the entries into dist/ with esbuild. `--out DIR` builds elsewhere (the staleness check).
import { build } from 'esbuild';
import { chmodSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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
// The CLI is package.json's `bin`: it must be executable in a fresh checkout.
if (existsSync(join(outdir, 'cli.js'))) chmodSync(join(outdir, 'cli.js'), 0o755);
console.log(`built ${entryPoints.map((e) => join(outdir, `${e.out}.js`)).join(', ')}`);
