// The App's process in Actions mode, bundled to dist/app-run.js and started by the launcher (app/action-main.ts,
// dist/app.js) with `--liftoff-only`. Thin entry: the runner's process becomes the injected dependencies of runEvent.
// It stays small: the handling code (run-event.ts) is bundled apart, to dist/app-handle.js (scripts/build.ts), and
// imported once what can run meanwhile has started.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PreparedStoreDir } from './open-action-store.ts';
import { readDatabaseUrl } from './runner-env.ts';
import { SEED_TARBALL } from './seed-data-dir.ts';
import { STORE_DIR_ENV, type SeedMessage } from './store-dir.ts';

/**
 * The store directory the launcher is unpacking the seed into, and when it is done (its one message on the IPC
 * channel); null when this process was started without one (then it unpacks the seed itself). Called before anything
 * awaits, so the message cannot arrive before the listener.
 */
function preparedStoreDir(env: NodeJS.ProcessEnv): PreparedStoreDir | null {
  const dataDir = env[STORE_DIR_ENV];
  if (!dataDir || !process.send) return null;
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (message: unknown): void => {
      process.off('disconnect', onDisconnect);
      // The channel has said all it will: let it go, so it does not keep this process alive.
      process.disconnect();
      const seed = message as Partial<SeedMessage> | null;
      if (seed?.seed === 'ready') resolve();
      else reject(new Error(seed?.seed === 'failed' && typeof seed.message === 'string' ? seed.message : `unexpected message from the launcher: ${JSON.stringify(message)}`));
    };
    const onDisconnect = (): void => {
      process.off('message', onMessage);
      reject(new Error('the launcher went away before the seed was unpacked'));
    };
    process.once('message', onMessage);
    process.once('disconnect', onDisconnect);
  });
  // Settled either way before the store is opened; a rejection is handled there.
  ready.catch(() => {});
  return { dataDir, ready };
}

/** WebAssembly's compile, which TypeScript's es2024 library (no DOM) leaves undeclared. */
const wasmApi = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }).WebAssembly;

/**
 * PGlite's WebAssembly beside this bundle (scripts/build.ts copies it there), compiled from now on: V8 compiles on
 * background threads while this thread parses and loads the App's code, so PGlite instantiates a ready module
 * instead of compiling it when the store opens (~60 ms of its start, which this thread only waited on). Read
 * synchronously (~5 ms) so the compiling starts before the App's code is parsed. Null on PostgreSQL, or run from
 * the sources (PGlite then loads its own).
 */
function compilePgliteWasm(env: NodeJS.ProcessEnv): Promise<WebAssembly.Module> | null {
  const wasm = new URL('./pglite.wasm', import.meta.url);
  if (readDatabaseUrl(env) !== null || !existsSync(wasm)) return null;
  let compiled: Promise<WebAssembly.Module>;
  try {
    compiled = wasmApi.compile(readFileSync(wasm));
  } catch (error) {
    compiled = Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  // Awaited when the store opens, which falls back to PGlite's own loading on a failure.
  compiled.catch(() => {});
  return compiled;
}

const prepared = preparedStoreDir(process.env);
const wasmModule = compilePgliteWasm(process.env);
// The handling code is loaded after the listener is in place (it is most of the bundle).
const [{ runEvent }, { createActionLog }] = await Promise.all([import('./run-event.ts'), import('./workflow-commands.ts')]);

/** How long the process may linger after the run (a library's idle timer or socket) before it is ended. */
const EXIT_GRACE_MS = 2_000;

const code = await runEvent({
  env: process.env,
  readFile: (path) => readFileSync(path, 'utf8'),
  log: createActionLog((text) => process.stdout.write(text)),
  // Beside this bundle, made by scripts/build.ts: the embedded store already initialised and migrated.
  seed: fileURLToPath(new URL(`./${SEED_TARBALL}`, import.meta.url)),
  prepared,
  wasmModule,
});
process.exitCode = code;
// The step must end when the run does: the timer is unref'd, so it fires only if something else keeps the process up.
setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
