import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_SMALL_MEMORY_SETTINGS } from '../../src/store/pglite-memory.ts';
import { servePglite } from '../../src/store/pglite-server.ts';
import { SOCKET_FILE, socketUrl } from './store-dir.ts';

// The App's throw-away store in Actions mode, run in a process of its own (app/action/store-server-main.ts, started
// by app/action-main.ts with `--liftoff-only`): PGlite in a fresh directory, started from the build's seed, and served
// as a PostgreSQL server on a Unix socket to the App's process, which meanwhile loads its code on the other core.

/** A store being served. */
export interface ServedStore {
  /** The connection string of the socket (`socket:DIR?db=postgres`). */
  url: string;
  /** Why the seed could not be used and the store was initialised instead; null when the seed served. */
  warning: string | null;
  close(): Promise<void>;
}

/** Where one store is made and served. */
export interface ServeStoreOptions {
  /** The store's directory (its data goes in `pgdata/` inside it); made by the caller, removed by it. */
  dir: string;
  /** The directory of the socket (the store's own unless its path would be too long for a socket). */
  socketDir: string;
  /**
   * The build's seed (dist/app-pgdata.tgz) being unpacked into `dir/pgdata` by the App's process (unpackSeed), settled
   * once it is in place or failed, and its name for a warning; null initialises a store instead (initdb, ~3 s).
   */
  seed: { name: string; unpacked: Promise<void> } | null;
  /** PGlite's WebAssembly being compiled meanwhile; null or failed lets PGlite load its own. */
  wasmModule?: Promise<WebAssembly.Module> | null;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function precompiled(module: Promise<WebAssembly.Module> | null | undefined): Promise<WebAssembly.Module | null> {
  try {
    return (await module) ?? null;
  } catch {
    return null;
  }
}

/** PGlite on the data directory `pgdata` (an empty or missing one is initialised). */
async function openPglite(pgdata: string, wasm: WebAssembly.Module | null): Promise<PGlite> {
  const pglite = new PGlite(pgdata, {
    startParams: [...PGlite.defaultStartParams, ...PGLITE_SMALL_MEMORY_SETTINGS],
    ...(wasm ? { pgliteWasmModule: wasm } : {}),
  });
  await pglite.waitReady;
  return pglite;
}

/**
 * Waits for the seed's unpacking into `dir/pgdata`, opens PGlite on it (a seed that cannot be unpacked or opened is
 * replaced by a fresh store, with a warning: a damaged seed must not cost the run) and serves it on `socketDir`'s
 * socket.
 */
export async function serveStore(options: ServeStoreOptions): Promise<ServedStore> {
  const url = socketUrl(options.socketDir);
  const pgdata = join(options.dir, 'pgdata');
  // Both were started by the caller and run meanwhile: the compile on V8's threads, the unpacking in the App's process.
  const wasm = await precompiled(options.wasmModule);
  let warning: string | null = null;
  let pglite: PGlite;
  if (options.seed === null) pglite = await openPglite(pgdata, wasm);
  else {
    try {
      await options.seed.unpacked;
      pglite = await openPglite(pgdata, wasm);
    } catch (error) {
      warning = `Cannot start the store from ${options.seed.name} (${message(error)}); initialising one instead`;
      rmSync(pgdata, { recursive: true, force: true });
      pglite = await openPglite(pgdata, wasm);
    }
  }
  let server;
  try {
    server = await servePglite(pglite, join(options.socketDir, SOCKET_FILE));
  } catch (error) {
    await pglite.close().catch(() => {});
    throw error;
  }
  return {
    url,
    warning,
    async close() {
      try {
        await server.close();
      } finally {
        await pglite.close();
      }
    },
  };
}
