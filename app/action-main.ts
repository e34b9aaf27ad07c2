// `uses: OWNER/punchlist/app@v1` (app/action.yml), bundled to dist/app.js: the App for one workflow run, with no
// server. Thin entry: the runner's process becomes the injected dependencies of runEvent.
import { spawn } from 'node:child_process';

// PGlite is PostgreSQL compiled to a 9 MB WebAssembly module. V8 runs its functions on baseline (Liftoff) code, then
// recompiles the hot ones with its optimising compiler in the background, which for PostgreSQL's huge functions
// takes ~500 MB of memory (the App peaked at ~740 MB with it, ~200 MB without) for a run of a few hundred queries
// that never earns it back. Only a command-line flag turns that off (set at run time, V8 ignores it), and the runner
// starts `node dist/app.js` with none: so this process starts the App in a child node with the flag, passes it the
// same environment and output, forwards the runner's signals, and exits with its code. The handling code is
// imported only in that child (below), so this launcher stays small.
const CHILD_FLAGS = ['--liftoff-only'];

// Set on the child when it runs without the flag (a node that no longer knows it): it handles the event itself.
const PLAIN_CHILD = 'PUNCHLIST_APP_CHILD';
/** Node's exit code for a command-line option it does not know (`node: bad option`). */
const BAD_OPTION_EXIT = 9;

if (!CHILD_FLAGS.every((flag) => process.execArgv.includes(flag)) && process.env[PLAIN_CHILD] !== '1') {
  // Threads enough for the store's ~1,000 files to be written in parallel (seed-data-dir.ts), unless set already.
  const env = { UV_THREADPOOL_SIZE: '16', ...process.env };
  const start = (flags: string[], extra: Record<string, string>): void => {
    const child = spawn(process.execPath, [...process.execArgv, ...flags, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...env, ...extra } });
    const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, forward);
    child.on('error', (error) => {
      process.stdout.write(`::error::Cannot start the App: ${error.message}\n`);
      process.exit(1);
    });
    child.on('exit', (code, signal) => {
      for (const s of ['SIGINT', 'SIGTERM'] as const) process.off(s, forward);
      // A node that refuses the flag fails before running anything: run the App without it, at its old memory cost.
      if (code === BAD_OPTION_EXIT && flags.length > 0) start([], { [PLAIN_CHILD]: '1' });
      else process.exit(code ?? (signal ? 1 : 0));
    });
  };
  start(CHILD_FLAGS, {});
} else {
  const [{ readFileSync }, { fileURLToPath }, { SEED_TARBALL }, { runEvent }, { createActionLog }] = await Promise.all([
    import('node:fs'),
    import('node:url'),
    import('./action/seed-data-dir.ts'),
    import('./action/run-event.ts'),
    import('./action/workflow-commands.ts'),
  ]);

  /** How long the process may linger after the run (a library's idle timer or socket) before it is ended. */
  const EXIT_GRACE_MS = 2_000;

  const code = await runEvent({
    env: process.env,
    readFile: (path) => readFileSync(path, 'utf8'),
    log: createActionLog((text) => process.stdout.write(text)),
    // Beside dist/app.js, made by scripts/build.ts: the embedded store already initialised and migrated.
    seed: fileURLToPath(new URL(`./${SEED_TARBALL}`, import.meta.url)),
  });
  process.exitCode = code;
  // The step must end when the run does: the timer is unref'd, so it fires only if something else keeps the process up.
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
}
