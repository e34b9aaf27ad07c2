import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.ts';
import type { RunnerEnv } from './action-inputs.ts';
import { unpackSeed } from './seed-data-dir.ts';

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
  /** Told when the seed could not be used and the store was initialised instead. */
  warn?: (message: string) => void;
}

/**
 * Opens PostgreSQL at `databaseUrl`, else PGlite in a fresh directory under RUNNER_TEMP (which the runner empties
 * after the job anyway), started from the build's seed when there is one and with small shared buffers; the
 * directory is removed on close.
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
  const root = env.RUNNER_TEMP?.trim() || tmpdir();
  const seed = throwaway.seed && existsSync(throwaway.seed) ? throwaway.seed : null;
  let dataDir = mkdtempSync(join(root, 'punchlist-app-'));
  let store: Store;
  try {
    if (seed === null) store = await open({ dataDir, pgliteSmallMemory: true });
    else {
      try {
        await unpackSeed(seed, join(dataDir, 'pgdata'));
        store = await open({ dataDir, pgliteSmallMemory: true });
      } catch (error) {
        // A damaged seed must not cost the run: initialise a store as without one.
        throwaway.warn?.(`Cannot start the store from ${seed} (${error instanceof Error ? error.message : String(error)}); initialising one instead`);
        rmSync(dataDir, { recursive: true, force: true });
        dataDir = mkdtempSync(join(root, 'punchlist-app-'));
        store = await open({ dataDir, pgliteSmallMemory: true });
      }
    }
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const opened = dataDir;
  return {
    store,
    lasting: false,
    async close() {
      try {
        await store.close();
      } finally {
        rmSync(opened, { recursive: true, force: true });
      }
    },
  };
}
