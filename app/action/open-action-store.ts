import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.ts';
import type { RunnerEnv } from './action-inputs.ts';
import { unpackSeed } from './seed-data-dir.ts';
import { chooseStoreRoot } from './store-dir.ts';
import type { StoreProcess } from './store-process.ts';

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
   * The run's store process (store-process.ts), serving PGlite on a socket: used instead of opening PGlite here. One
   * that could not serve the store leaves it to this process, with a warning.
   */
  server?: Pick<StoreProcess, 'ready'> | null;
  /** Told when the store did not start as planned (no store process, a seed that would not open). */
  warn?: (message: string) => void;
  /** Where this process puts the store's directory when it opens the store itself (default: chooseStoreRoot). */
  root?: string;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Opens PostgreSQL at `databaseUrl`, else the throw-away store: the one the run's store process serves, else PGlite in
 * this process, in a fresh directory (chooseStoreRoot: memory when there is room, else RUNNER_TEMP, which the runner
 * empties after the job anyway) started from the build's seed when there is one, with small shared buffers; the
 * directory is removed on close. Either way the queue runs in its throw-away mode.
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
  if (throwaway.server) {
    try {
      const { url, warning } = await throwaway.server.ready;
      if (warning !== null) throwaway.warn?.(warning);
      // One process uses the store and the store process deletes it: the queue goes without a shared store's upkeep.
      const store = await open({ databaseUrl: url, throwaway: true, pgliteServed: true, poolMax: 4 });
      return { store, lasting: false, close: () => store.close() };
    } catch (error) {
      throwaway.warn?.(`Cannot use the store's own process (${message(error)}); opening the store in this one`);
    }
  }
  const seed = throwaway.seed && existsSync(throwaway.seed) ? throwaway.seed : null;
  const dataDir = mkdtempSync(join(throwaway.root ?? chooseStoreRoot(env), 'punchlist-app-'));
  const pgdata = join(dataDir, 'pgdata');
  // One process uses the store and deletes it: the queue goes without the upkeep a shared store needs.
  const fresh = () => open({ dataDir, pgliteSmallMemory: true, throwaway: true });
  let store: Store;
  try {
    if (seed === null) store = await fresh();
    else {
      try {
        unpackSeed(seed, pgdata);
        store = await fresh();
      } catch (error) {
        // A damaged seed must not cost the run: initialise a store as without one.
        throwaway.warn?.(`Cannot start the store from ${seed} (${message(error)}); initialising one instead`);
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
