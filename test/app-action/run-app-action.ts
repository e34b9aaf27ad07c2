import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The bundles' directory: dist/, or PUNCHLIST_DIST_DIR to try a build made with `node scripts/build.ts --out DIR`. */
export const DIST_DIR = process.env.PUNCHLIST_DIST_DIR || join(import.meta.dirname, '..', '..', 'dist');

/** The bundled App action, run as the runner runs it: `node dist/app.js` with INPUT_* and GITHUB_* set. */
export const APP_ACTION = join(DIST_DIR, 'app.js');

/** What a run of the action left behind. */
export interface AppActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** How to run it: the event file's text (or a payload to write as JSON), the API to call, and inputs by name. */
export interface AppActionOptions {
  event: unknown;
  /** Written verbatim instead of `event` (a malformed file). */
  eventText?: string;
  apiUrl: string;
  inputs: Record<string, string>;
  runId?: string;
  /** Where the throw-away store goes (PUNCHLIST_APP_STORE_ROOT); unset lets the action choose. */
  storeRoot?: string;
  /** Sends SIGTERM to the action once its output contains this. */
  terminateOn?: string;
  /** Called once when the action's output first contains `text` (to look at what it has made by then). */
  whenOutput?: { text: string; then: () => void };
}

/** Runs dist/app.js in a fresh RUNNER_TEMP with an `issues` event, the runner's environment and the given inputs. */
export function runAppAction(options: AppActionOptions): Promise<AppActionRun> {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'punchlist-app-runner-'));
  const eventPath = join(runnerTemp, 'event.json');
  writeFileSync(eventPath, options.eventText ?? JSON.stringify(options.event));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_EVENT_NAME: 'issues',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_RUN_ID: options.runId ?? String(Date.now()),
    GITHUB_JOB: 'punchlist',
    RUNNER_TEMP: runnerTemp,
    ...(options.storeRoot ? { PUNCHLIST_APP_STORE_ROOT: options.storeRoot } : {}),
  };
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [APP_ACTION], { cwd: runnerTemp, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let whenOutput = options.whenOutput;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (whenOutput && stdout.includes(whenOutput.text)) {
        whenOutput.then();
        whenOutput = undefined;
      }
      if (options.terminateOn !== undefined && stdout.includes(options.terminateOn)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(runnerTemp, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}
