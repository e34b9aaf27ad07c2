// The App's store process in Actions mode, bundled to dist/app-store.js and started by the App's process
// (app/action-main.ts, dist/app.js) with `--liftoff-only`. Thin entry: it serves the run's throw-away store
// (store-server.ts) on a Unix socket, says so on the IPC channel, and ends when that channel closes. The App's
// process unpacks the seed meanwhile and says when it is in place; here PGlite's WebAssembly is compiled on V8's
// threads while PGlite's code, bundled apart (dist/app-store-serve.js, scripts/build.ts), loads.
import { existsSync, readFileSync } from 'node:fs';
import { STORE_DIR_ENV, STORE_SOCKET_DIR_ENV, type SeedMessage, type StoreMessage } from './store-dir.ts';
import type { ServedStore } from './store-server.ts';

/** WebAssembly's compile, which TypeScript's es2024 library (no DOM) leaves undeclared. */
const wasmApi = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }).WebAssembly;

/**
 * PGlite's WebAssembly beside this bundle (scripts/build.ts copies it there), compiled on V8's background threads
 * while this thread loads PGlite's code; null run from the sources (PGlite then loads its own).
 */
function compilePgliteWasm(): Promise<WebAssembly.Module> | null {
  const wasm = new URL('./pglite.wasm', import.meta.url);
  if (!existsSync(wasm)) return null;
  let compiled: Promise<WebAssembly.Module>;
  try {
    compiled = wasmApi.compile(readFileSync(wasm));
  } catch (error) {
    compiled = Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  // Awaited when PGlite starts, which falls back to its own loading on a failure.
  compiled.catch(() => {});
  return compiled;
}

const send = (message: StoreMessage): void => void process.send?.(message);
const dir = process.env[STORE_DIR_ENV];
if (!dir || !process.send) {
  process.stderr.write(`punchlist: dist/app-store.js is started by dist/app.js (${STORE_DIR_ENV} and an IPC channel), not on its own\n`);
  process.exit(2);
}
/** The App's process's word on the seed: its first message. */
const seedMessage = new Promise<SeedMessage>((resolve, reject) => {
  process.once('message', (message: SeedMessage) => resolve(message));
  process.once('disconnect', () => reject(new Error('the App went away')));
});
seedMessage.catch(() => {});
const wasmModule = compilePgliteWasm();

let served: ServedStore | null = null;
// The App's process closes the channel when it is done with the store, or by dying: either way the store goes.
process.once('disconnect', () => {
  void (served?.close() ?? Promise.resolve())
    .catch(() => {})
    .finally(() => process.exit());
});
try {
  const { serveStore } = await import('./store-server.ts');
  const told = await seedMessage;
  const unpacked = told.seed === 'ready' ? Promise.resolve() : Promise.reject(new Error(told.seed === 'failed' ? told.message : 'no seed'));
  unpacked.catch(() => {});
  const seed = told.seed === 'none' ? null : { name: 'the seed', unpacked };
  served = await serveStore({ dir, socketDir: process.env[STORE_SOCKET_DIR_ENV] || dir, seed, wasmModule });
  send({ store: 'ready', url: served.url, warning: served.warning });
} catch (error) {
  process.exitCode = 1;
  // The channel is closed once the reason is sent, which ends this process (above).
  const failed: StoreMessage = { store: 'failed', message: error instanceof Error ? error.message : String(error) };
  process.send(failed, () => process.disconnect());
}
