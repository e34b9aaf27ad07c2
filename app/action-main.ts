// `uses: OWNER/punchlist/app@v1` (app/action.yml), bundled to dist/app.js: the launcher of the App for one workflow
// run. It stays small (node's built-ins and the seed's unpacker); the App itself is dist/app-run.js
// (app/action/run-main.ts), run in a child node.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDatabaseUrl } from './action/runner-env.ts';
import { SEED_TARBALL, unpackSeed } from './action/seed-data-dir.ts';
import { chooseStoreRoot, STORE_DIR_ENV, type SeedMessage } from './action/store-dir.ts';

// PGlite is PostgreSQL compiled to a 9 MB WebAssembly module. V8 runs its functions on baseline (Liftoff) code, then
// recompiles the hot ones with its optimising compiler in the background, which for PostgreSQL's huge functions
// takes ~500 MB of memory (the App peaked at ~760 MB with it, ~200 MB without) and, on two cores, starts the App
// ~1 s later, for a run of a few hundred queries that never earns it back. Only a command-line flag turns that off
// (`v8.setFlagsFromString` at run time has no effect on it), and the runner starts `node dist/app.js` with none: so
// this process starts the App in a child node with the flag, passes it the same environment and output, forwards
// the runner's signals, and exits with its code.
const CHILD_FLAGS = ['--liftoff-only'];

/** Node's exit code for a command-line option it does not know (`node: bad option`). */
const BAD_OPTION_EXIT = 9;

/** The App's bundle beside this one; run from the sources, its entry. */
function appEntry(): string {
  const bundled = fileURLToPath(new URL('./app-run.js', import.meta.url));
  return existsSync(bundled) ? bundled : fileURLToPath(new URL('./action/run-main.ts', import.meta.url));
}

// Threads enough for the store's ~500 files to be written in parallel, here and in the child, unless set already.
// libuv reads it when the first file operation starts its thread pool, which is below.
process.env.UV_THREADPOOL_SIZE ??= '16';

// Without DATABASE_URL the App runs on a store made from the build's seed. Unpacking it is file-system work that
// does not need the App: it runs here while the child node starts and loads the App's code (on another core), and the
// child is told on the IPC channel when it is done. This process removes the directory after the child exits,
// however the child ends.
const seed = fileURLToPath(new URL(`./${SEED_TARBALL}`, import.meta.url));
const storeDir = readDatabaseUrl(process.env) === null && existsSync(seed) ? mkdtempSync(join(chooseStoreRoot(process.env), 'punchlist-app-')) : null;
/** The unpacking, started once the child is spawned (its synchronous part, reading and inflating, would delay it). */
let unpacked: Promise<SeedMessage> | null = null;

function unpack(dir: string): Promise<SeedMessage> {
  return unpackSeed(seed, join(dir, 'pgdata')).then(
    () => ({ seed: 'ready' }),
    (error: unknown) => ({ seed: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
}

function removeStoreDir(): void {
  if (storeDir !== null) rmSync(storeDir, { recursive: true, force: true });
}

function start(flags: string[]): void {
  const env = storeDir === null ? process.env : { ...process.env, [STORE_DIR_ENV]: storeDir };
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, ...flags, appEntry(), ...process.argv.slice(2)], {
    stdio: storeDir === null ? 'inherit' : ['inherit', 'inherit', 'inherit', 'ipc'],
    env,
  });
  if (storeDir !== null) unpacked ??= unpack(storeDir);
  void unpacked?.then((message) => {
    if (child.connected) child.send(message);
  });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, forward);
  child.on('error', (error) => {
    process.stdout.write(`::error::Cannot start the App: ${error.message}\n`);
    removeStoreDir();
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.off(s, forward);
    // A node that refuses the flag fails before running anything: run the App without it, at its old memory cost.
    if (code === BAD_OPTION_EXIT && flags.length > 0) start([]);
    else {
      removeStoreDir();
      process.exit(code ?? (signal ? 1 : 0));
    }
  });
}

start(CHILD_FLAGS);
