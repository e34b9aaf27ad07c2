import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.ts';
import type { RunnerEnv } from './action-inputs.ts';

/** The store of one run, and whether it outlives the run. */
export interface ActionStore {
  store: Store;
  /** True on PostgreSQL (DATABASE_URL); false on a PGlite store that is deleted when the run ends. */
  lasting: boolean;
  close(): Promise<void>;
}

/**
 * Opens PostgreSQL at `databaseUrl`, else PGlite in a fresh directory under RUNNER_TEMP (which the runner empties
 * after the job anyway); the directory is removed on close.
 */
export async function openActionStore(databaseUrl: string | null, env: RunnerEnv, open: (options: StoreOptions) => Promise<Store> = openStore): Promise<ActionStore> {
  if (databaseUrl !== null) {
    const store = await open({ databaseUrl });
    return { store, lasting: true, close: () => store.close() };
  }
  const dataDir = mkdtempSync(join(env.RUNNER_TEMP?.trim() || tmpdir(), 'punchlist-app-'));
  let store: Store;
  try {
    store = await open({ dataDir });
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
