import { runCli } from './run.ts';

declare const PUNCHLIST_VERSION: string | undefined;

// Thin entry: the process becomes injected dependencies; a bug prints one line, not a stack trace.
const version = typeof PUNCHLIST_VERSION === 'string' ? PUNCHLIST_VERSION : 'dev';
runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  cwd: process.cwd(),
  env: process.env,
  version,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`punchlist: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
