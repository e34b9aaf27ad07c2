import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unpackSeed } from './seed-data-dir.ts';
import { STORE_DIR_ENV, STORE_SOCKET_DIR_ENV, usableSocketDir, type SeedMessage, type StoreMessage } from './store-dir.ts';

// PGlite is PostgreSQL compiled to a 9 MB WebAssembly module. V8 runs its functions on baseline (Liftoff) code, then
// recompiles the hot ones with its optimising compiler in the background, which for PostgreSQL's huge functions
// takes ~500 MB of memory (the App peaked at ~760 MB with it, ~270 MB without) and, on two cores, delays the start,
// for a run of a few hundred queries that never earns it back. Only a command-line flag turns that off
// (`v8.setFlagsFromString` at run time has no effect on it), and the runner starts `node dist/app.js` with none: so
// the store runs in a child node with the flag (store-server-main.ts), which also lets it start on the other core
// while this process loads the App's code. That node also runs without V8's helper threads (`--single-threaded`):
// garbage collection and compilation stay on its one thread, so it does not take the core the App's process loads
// its code on (alternated with `--liftoff-only` alone, 6–8 runs each on the 2-core test machine: the start's median
// 1,011 and 1,004 ms against 1,042 and 1,042 ms).
export const STORE_PROCESS_FLAGS = ['--liftoff-only', '--single-threaded'];

/** Node's exit code for a command-line option it does not know (`node: bad option`). */
const BAD_OPTION_EXIT = 9;

/** How long the store process may take to end once told, before it is killed. */
const STOP_GRACE_MS = 3_000;

/** The store process of one run. */
export interface StoreProcess {
  /** The store's connection string once it is served; rejects when the process could not serve it. */
  readonly ready: Promise<{ url: string; warning: string | null }>;
  /** Ends the process (closing the store) and removes the store's directory. */
  stop(): Promise<void>;
  /** Kills the process and removes the directory at once (a signal is ending this process). */
  kill(): void;
}

/** Where and how to start it. */
export interface StoreProcessOptions {
  /** The store process's entry (dist/app-store.js, or app/action/store-server-main.ts from the sources). */
  entry: string;
  /** The directory under which the store's own is made (chooseStoreRoot). */
  root: string;
  /** The build's seed (dist/app-pgdata.tgz), unpacked here while the store process starts; null when there is none. */
  seed: string | null;
  env: NodeJS.ProcessEnv;
  /** Node's command-line flags for it (default STORE_PROCESS_FLAGS). */
  flags?: string[];
  spawn?: typeof nodeSpawn;
}

/**
 * Sends the seed's news. A process that has already gone (one that refused the flags) cannot take it; its exit says
 * what happens next, so the failed send is not an error of its own.
 */
function tell(child: ChildProcess, news: SeedMessage): void {
  if (child.connected) child.send(news, () => {});
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes the run's store directory and starts the store process on it (its socket in the same directory, private to
 * this user, or in one of the system's temporary directory when that path would not do for a socket), then unpacks the
 * seed into it while that node starts (~50 ms here, when this process has nothing else to do yet; the store process
 * would spend them on its way to serving) and tells it. A node that refuses the flags gets the process without them,
 * at the memory cost above.
 */
export function startStoreProcess(options: StoreProcessOptions): StoreProcess {
  const spawn = options.spawn ?? nodeSpawn;
  const dir = mkdtempSync(join(options.root, 'punchlist-app-'));
  let socketDir: string | null;
  try {
    socketDir = usableSocketDir(dir) ? null : mkdtempSync(join(usableSocketDir(tmpdir()) ? tmpdir() : '/tmp', 'punchlist-sock-'));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const env = { ...options.env, [STORE_DIR_ENV]: dir, ...(socketDir ? { [STORE_SOCKET_DIR_ENV]: socketDir } : {}) };
  let child: ChildProcess | null = null;
  /** What the store process is told about the seed, once known (a process started again is told too). */
  let seedMessage: SeedMessage | null = null;
  let exited: Promise<void> = Promise.resolve();
  let settle: { resolve: (value: { url: string; warning: string | null }) => void; reject: (error: Error) => void } | null = null;
  const ready = new Promise<{ url: string; warning: string | null }>((resolve, reject) => (settle = { resolve, reject }));
  // Awaited by the store's opening; a rejection there is handled (the store opens in this process instead).
  ready.catch(() => {});

  const removeDirs = (): void => {
    rmSync(dir, { recursive: true, force: true });
    if (socketDir) rmSync(socketDir, { recursive: true, force: true });
  };

  function start(flags: string[]): void {
    const started = spawn(process.execPath, [...flags, options.entry], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env });
    child = started;
    // A process started again (without the flags) is told what the first was.
    if (seedMessage !== null) tell(started, seedMessage);
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    started.once('message', (raw: unknown) => {
      const reply = raw as Partial<StoreMessage> | null;
      if (reply?.store === 'ready' && typeof reply.url === 'string') settle?.resolve({ url: reply.url, warning: typeof reply.warning === 'string' ? reply.warning : null });
      else settle?.reject(new Error(reply?.store === 'failed' && typeof reply.message === 'string' ? reply.message : `unexpected message: ${JSON.stringify(raw)}`));
    });
    started.once('error', (error) => settle?.reject(new Error(`cannot start the store's process: ${message(error)}`)));
    started.once('exit', (code, signal) => {
      if (code === BAD_OPTION_EXIT && flags.length > 0) start([]);
      else settle?.reject(new Error(`the store's process ended (${signal ?? `exit code ${code}`}) before it served the store`));
    });
  }
  start(options.flags ?? STORE_PROCESS_FLAGS);
  if (options.seed === null || !existsSync(options.seed)) seedMessage = { seed: 'none' };
  else {
    try {
      unpackSeed(options.seed, join(dir, 'pgdata'));
      seedMessage = { seed: 'ready' };
    } catch (error) {
      seedMessage = { seed: 'failed', message: message(error) };
    }
  }
  // Sent now, while this process has nothing else to do (it loads the App's code next, for ~0.5 s, during which it
  // reads no message). Node holds a message that arrives before the store process listens for it (a test starts
  // listening 300 ms late).
  const current = child as ChildProcess | null;
  if (current !== null) tell(current, seedMessage);

  return {
    ready,
    async stop() {
      const running = child;
      if (running !== null && running.exitCode === null && running.signalCode === null) {
        // Closing the channel tells it to close the store and exit; a process that does not is killed.
        if (running.connected) running.disconnect();
        else running.kill('SIGTERM');
        const timer = setTimeout(() => running.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      removeDirs();
    },
    kill() {
      child?.kill('SIGKILL');
      removeDirs();
    },
  };
}
