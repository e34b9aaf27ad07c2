// `uses: OWNER/punchlist/app@v1` (app/action.yml), bundled to dist/app.js: the App for one workflow run, with no
// server. Thin entry: the runner's process becomes the injected dependencies of runEvent.
import { readFileSync } from 'node:fs';
import { runEvent } from './action/run-event.ts';
import { createActionLog } from './action/workflow-commands.ts';

/** How long the process may linger after the run (a library's idle timer or socket) before it is ended. */
const EXIT_GRACE_MS = 2_000;

const code = await runEvent({
  env: process.env,
  readFile: (path) => readFileSync(path, 'utf8'),
  log: createActionLog((text) => process.stdout.write(text)),
});
process.exitCode = code;
// The step must end when the run does: the timer is unref'd, so it fires only if something else keeps the process up.
setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
