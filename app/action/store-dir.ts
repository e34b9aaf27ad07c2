import { accessSync, constants, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { RunnerEnv } from './runner-env.ts';

// Where the throw-away PGlite store of one run lives. Unpacking the seed is ~500 file creations, and PostgreSQL
// creates and rewrites files as it runs: on a memory-backed file system that costs no disk round trips (on this
// project's 2-core test machine, unpacking takes ~0.1 s there against 0.4–1 s on its ext4 disk). The store ends with
// the run and is ~10 MB, so memory is the right place when there is room; else the runner's temporary directory.

/** The directory the launcher (app/action-main.ts) made for the store and is unpacking the seed into. */
export const STORE_DIR_ENV = 'PUNCHLIST_APP_STORE_DIR';

/** Linux's shared-memory file system, a tmpfs on GitHub's hosted runners. */
export const TMPFS_DIR = '/dev/shm';

/**
 * Free space under which the store stays on disk: a container job's /dev/shm is 64 MB by default, and PostgreSQL
 * adds its write-ahead log in 16 MB files.
 */
export const MIN_TMPFS_FREE_BYTES = 512 * 1024 * 1024;

/** Where to put the store instead (a self-hosted runner that would rather keep /dev/shm free). */
export const STORE_ROOT_ENV = 'PUNCHLIST_APP_STORE_ROOT';

/** statfs's type of a tmpfs (linux/magic.h TMPFS_MAGIC). */
const TMPFS_MAGIC = 0x01021994;

/** Free bytes of `dir` when it is a writable tmpfs, else null. */
export function tmpfsFreeBytes(dir: string): number | null {
  try {
    accessSync(dir, constants.W_OK);
    const stats = statfsSync(dir);
    return stats.type === TMPFS_MAGIC ? stats.bavail * stats.bsize : null;
  } catch {
    return null;
  }
}

/**
 * The parent directory of the run's store: PUNCHLIST_APP_STORE_ROOT when set, else /dev/shm when it is a tmpfs with
 * room, else RUNNER_TEMP (else the OS's temporary directory).
 */
export function chooseStoreRoot(env: RunnerEnv, freeBytes: (dir: string) => number | null = tmpfsFreeBytes): string {
  const chosen = env[STORE_ROOT_ENV]?.trim();
  if (chosen) return chosen;
  const free = freeBytes(TMPFS_DIR);
  if (free !== null && free >= MIN_TMPFS_FREE_BYTES) return TMPFS_DIR;
  return env.RUNNER_TEMP?.trim() || tmpdir();
}

/** What the launcher tells the App's process once the seed is in place (over the IPC channel). */
export type SeedMessage = { seed: 'ready' } | { seed: 'failed'; message: string };
