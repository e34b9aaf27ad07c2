import { accessSync, constants, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunnerEnv } from './runner-env.ts';

// Where the throw-away PGlite store of one run lives. Unpacking the seed is ~500 file creations, and PostgreSQL
// creates and rewrites files as it runs: on a memory-backed file system that costs no disk round trips (on this
// project's 2-core test machine, unpacking takes ~0.1 s there against 0.4–1 s on its ext4 disk). The store ends with
// the run and is ~10 MB, so memory is the right place when there is room; else the runner's temporary directory.

/** The directory the App's process (app/action-main.ts) made for the store its store process serves. */
export const STORE_DIR_ENV = 'PUNCHLIST_APP_STORE_DIR';

/** The directory of the store's socket, when it is not the store's own (a path too long for a socket). */
export const STORE_SOCKET_DIR_ENV = 'PUNCHLIST_APP_STORE_SOCKET_DIR';

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

/**
 * What the App's process tells the store process about the seed, which it unpacks into the store's directory while
 * the store process's node starts: in place, failed (the store process initialises a store), or none to unpack.
 */
export type SeedMessage = { seed: 'ready' } | { seed: 'failed'; message: string } | { seed: 'none' };

/** What the store process tells the App's process once it serves the store, or cannot (over the IPC channel). */
export type StoreMessage = { store: 'ready'; url: string; warning: string | null } | { store: 'failed'; message: string };

/** The store socket's name inside its directory, as PostgreSQL names it: clients given the directory find it there. */
export const SOCKET_FILE = '.s.PGSQL.5432';

/** The longest socket path Linux takes (sun_path is 108 bytes with its terminating zero). */
export const MAX_SOCKET_PATH = 107;

/** A directory whose socket path fits and reads back from a connection string as it is. */
export function usableSocketDir(dir: string): boolean {
  return /^[\w./-]+$/.test(dir) && Buffer.byteLength(join(dir, SOCKET_FILE)) <= MAX_SOCKET_PATH;
}

/** The connection string `pg` reads as the store's Unix socket directory. */
export function socketUrl(socketDir: string): string {
  if (!usableSocketDir(socketDir)) throw new Error(`Cannot serve the store in ${socketDir}: use a short path of letters, digits, ".", "_", "-" and "/"`);
  return `socket:${socketDir}?db=postgres&user=postgres`;
}
