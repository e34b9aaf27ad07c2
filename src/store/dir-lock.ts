import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// PGlite is PostgreSQL in one process with no postmaster to keep a second process out: two processes on one data
// directory would corrupt it. A pid file does that job; a pid that no longer runs (a crash, SIGKILL) is taken over.

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data directory for this process; the returned function gives it back. Throws when another live process holds it. */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'punchlist.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (holder !== process.pid && Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new Error(`Cannot open the store in "${dir}": process ${holder} has it open (PGlite serves one process; set DATABASE_URL to share a PostgreSQL)`);
      }
      if (holder === process.pid) {
        throw new Error(`Cannot open the store in "${dir}" twice in one process: close the first store`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Cannot lock "${dir}": its pid file keeps reappearing`);
}
