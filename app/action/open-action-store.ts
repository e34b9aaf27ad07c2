import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.ts';
import type { RunnerEnv } from './action-inputs.ts';
import { unpackSeed } from './seed-data-dir.ts';
import { chooseStoreRoot } from './store-dir.ts';

/** The store of one run, and whether it outlives the run. */
export interface ActionStore {
  store: Store;
  /** True on PostgreSQL (DATABASE_URL); false on a PGlite store that is deleted when the run ends. */
  lasting: boolean;
  close(): Promise<void>;
}

/** How the throw-away PGlite store starts. */
export interface ThrowawayOptions {
  /**
   * A gzipped tar of a PGlite data directory made by the build (initialised, migrated, the queue installed), unpacked
   * instead of running initdb; null or missing runs initdb as a fresh store does. Migrations still run at open: a
   * seed from an older build is brought to this code's schema version.
   */
  seed?: string | null;
  /**
   * A directory the launcher made and is unpacking the seed into (`pgdata/` inside it), used instead of `seed`;
   * `ready` settles when the seed is in place, rejecting when it could not be. The directory is removed on close.
   */
  prepared?: PreparedStoreDir | null;
  /** Told when the seed could not be used and the store was initialised instead. */
  warn?: (message: string) => void;
  /** Where to put a store directory when none is prepared (default: chooseStoreRoot). */
  root?: string;
  /** PGlite's WebAssembly, compiled meanwhile by the App's process (run-main.ts); null lets PGlite load its own. */
  wasmModule?: Promise<WebAssembly.Module> | null;
}

/** A store directory made by another process (app/action-main.ts) and the seed's unpacking into it. */
export interface PreparedStoreDir {
  dataDir: string;
  ready: Promise<void>;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Opens PostgreSQL at `databaseUrl`, else PGlite in a fresh directory (chooseStoreRoot: memory when there is room,
 * else RUNNER_TEMP, which the runner empties after the job anyway), started from the build's seed when there is one,
 * with small shared buffers and the queue's throw-away mode; the directory is removed on close.
 */
export async function openActionStore(
  databaseUrl: string | null,
  env: RunnerEnv,
  open: (options: StoreOptions) => Promise<Store> = openStore,
  throwaway: ThrowawayOptions = {},
): Promise<ActionStore> {
  if (databaseUrl !== null) {
    const store = await open({ databaseUrl });
    return { store, lasting: true, close: () => store.close() };
  }
  const prepared = throwaway.prepared ?? null;
  const seed = throwaway.seed && existsSync(throwaway.seed) ? throwaway.seed : null;
  const dataDir = prepared?.dataDir ?? mkdtempSync(join(throwaway.root ?? chooseStoreRoot(env), 'punchlist-app-'));
  const pgdata = join(dataDir, 'pgdata');
  // One process uses the store and deletes it: the queue goes without the upkeep a shared store needs.
  const fresh = () => open({ dataDir, pgliteSmallMemory: true, throwaway: true, pgliteWasmModule: throwaway.wasmModule ?? undefined });
  let store: Store;
  try {
    const seeded = prepared !== null ? prepared.ready.then(() => pgdata) : seed !== null ? unpackSeed(seed, pgdata).then(() => seed) : null;
    if (seeded === null) store = await fresh();
    else {
      try {
        await seeded;
        store = await fresh();
      } catch (error) {
        // A damaged seed must not cost the run: initialise a store as without one.
        throwaway.warn?.(`Cannot start the store from ${seed ?? 'the seed'} (${message(error)}); initialising one instead`);
        rmSync(pgdata, { recursive: true, force: true });
        store = await fresh();
      }
    }
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    store,
    lasting: false,
    async close() {
      try {
        await store.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
