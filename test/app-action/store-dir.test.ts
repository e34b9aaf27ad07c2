import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseStoreRoot, MIN_TMPFS_FREE_BYTES, tmpfsFreeBytes, TMPFS_DIR } from '../../app/action/store-dir.ts';

describe("chooseStoreRoot: where the run's throw-away store lives", () => {
  const runnerTemp = '/home/runner/work/_temp';

  it('takes /dev/shm when it is a tmpfs with room', () => {
    expect(chooseStoreRoot({ RUNNER_TEMP: runnerTemp }, () => MIN_TMPFS_FREE_BYTES)).toBe(TMPFS_DIR);
  });

  it("keeps to RUNNER_TEMP when /dev/shm is small (a container's 64 MB), missing or not a tmpfs", () => {
    expect(chooseStoreRoot({ RUNNER_TEMP: runnerTemp }, () => 64 * 1024 * 1024)).toBe(runnerTemp);
    expect(chooseStoreRoot({ RUNNER_TEMP: runnerTemp }, () => null)).toBe(runnerTemp);
  });

  it("falls back to the OS's temporary directory without RUNNER_TEMP", () => {
    expect(chooseStoreRoot({ RUNNER_TEMP: ' ' }, () => null)).toBe(tmpdir());
  });

  it('takes PUNCHLIST_APP_STORE_ROOT over any of them', () => {
    expect(chooseStoreRoot({ RUNNER_TEMP: runnerTemp, PUNCHLIST_APP_STORE_ROOT: '/srv/punchlist' }, () => MIN_TMPFS_FREE_BYTES)).toBe('/srv/punchlist');
  });
});

describe('tmpfsFreeBytes', () => {
  it('is null for a directory that does not exist', () => {
    expect(tmpfsFreeBytes(join(tmpdir(), 'punchlist-no-such-dir', 'x'))).toBeNull();
  });

  it.skipIf(process.platform !== 'linux')('is a number exactly when the directory is a tmpfs (by /proc/mounts)', () => {
    const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((line) => line.split(' '));
    const shmIsTmpfs = mounts.some(([, dir, type]) => dir === TMPFS_DIR && type === 'tmpfs');
    const free = tmpfsFreeBytes(TMPFS_DIR);
    expect(free !== null).toBe(shmIsTmpfs);
    if (free !== null) expect(free).toBeGreaterThan(0);
    // /proc is never a tmpfs.
    expect(tmpfsFreeBytes('/proc')).toBeNull();
  });
});
