// `uses: OWNER/punchlist/app@v1` (app/action.yml), bundled to dist/app.js: the App for one workflow run. Thin entry:
// the runner's process becomes the injected dependencies of runEvent. Without DATABASE_URL the run's store is PGlite,
// served by a child node (dist/app-store.js, app/action/store-server-main.ts; see store-process.ts for why it is
// another process), started first so that it starts PostgreSQL on the other core while this process unpacks the seed
// for it and loads the App's code. That code is bundled apart (dist/app-handle.js, scripts/build.ts) and imported
// after the child is spawned.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readDatabaseUrl } from './action/runner-env.ts';
import { SEED_TARBALL } from './action/seed-data-dir.ts';
import { chooseStoreRoot } from './action/store-dir.ts';
import { startStoreProcess, type StoreProcess } from './action/store-process.ts';

/** The store process's bundle beside this one; run from the sources, its entry. */
function storeEntry(): string {
  const bundled = fileURLToPath(new URL('./app-store.js', import.meta.url));
  return existsSync(bundled) ? bundled : fileURLToPath(new URL('./action/store-server-main.ts', import.meta.url));
}

// Beside this bundle, made by scripts/build.ts: the embedded store already initialised and migrated.
const seed = fileURLToPath(new URL(`./${SEED_TARBALL}`, import.meta.url));
/**
 * The store process, without DATABASE_URL. Not on Windows, whose node cannot give `pg` a Unix socket by directory,
 * nor when it cannot be started here: the store then opens in this process (runEvent, openActionStore), which reports
 * what stops it there.
 */
function startStore(): StoreProcess | null {
  if (readDatabaseUrl(process.env) !== null || process.platform === 'win32') return null;
  try {
    return startStoreProcess({ entry: storeEntry(), root: chooseStoreRoot(process.env), seed, env: process.env });
  } catch {
    return null;
  }
}

const storeProcess = startStore();
// A cancelled step (SIGINT, then SIGTERM) ends the run here; the store goes with it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    storeProcess?.kill();
    process.exit(1);
  });
}

const [{ runEvent }, { createActionLog }] = await Promise.all([import('./action/run-event.ts'), import('./action/workflow-commands.ts')]);

/** How long the process may linger after the run (a library's idle timer or socket) before it is ended. */
const EXIT_GRACE_MS = 2_000;

const code = await runEvent({
  env: process.env,
  readFile: (path) => readFileSync(path, 'utf8'),
  log: createActionLog((text) => process.stdout.write(text)),
  // For a run whose store process could not serve the store, which then runs in this process.
  seed,
  storeProcess,
});
await storeProcess?.stop();
process.exitCode = code;
// The step must end when the run does: the timer is unref'd, so it fires only if something else keeps the process up.
setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
