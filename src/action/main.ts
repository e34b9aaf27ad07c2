import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { runAction } from './run-action.ts';

declare const PUNCHLIST_VERSION: string | undefined;

// Thin entry: the runner's process becomes injected dependencies; only here is @actions/core called. index.ts calls
// run() when the runner starts dist/index.js; @github/local-action imports this file and calls run() itself, with
// its own stand-in for @actions/core.
function readEvent(): unknown {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
}

/** Runs the Action in this process and sets its exit code: the command's for `run:`, else 0 unless misconfigured. */
export async function run(): Promise<void> {
  try {
    process.exitCode = await runAction({
      env: process.env,
      cwd: process.cwd(),
      version: typeof PUNCHLIST_VERSION === 'string' ? PUNCHLIST_VERSION : 'dev',
      getInput: (name) => core.getInput(name),
      setOutput: (name, value) => core.setOutput(name, value),
      info: (m) => core.info(m),
      warning: (m) => core.warning(m),
      error: (m, props) => core.error(m, props),
      notice: (m, props) => core.notice(m, props),
      writeSummary: async (md) => {
        await core.summary.addRaw(md).write();
      },
      readEvent,
      writeFile: (path, data) => writeFile(path, data),
      // Loaded when the first request is made: see github-client.ts.
      github: async (token) => (await import('./github-client.ts')).createGitHubClient(token, process.env),
      echo: (chunk) => process.stdout.write(chunk),
      stdin: process.stdin,
    });
  } catch (e) {
    core.setFailed(`Punchlist failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
