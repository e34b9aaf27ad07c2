import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The bundled Action, run as the runner runs it: `node dist/index.js` with INPUT_* and GITHUB_* set.
 * PUNCHLIST_ACTION_BUNDLE points the tests at another build (`node scripts/build.ts --out DIR`) before dist/ is rebuilt.
 */
export const ACTION = process.env.PUNCHLIST_ACTION_BUNDLE ?? join(import.meta.dirname, '..', '..', 'dist', 'index.js');

export interface RunnerRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** Parses the runner's GITHUB_OUTPUT file (`name<<delimiter` … `delimiter` blocks). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

/** Runs dist/index.js in a fresh workspace with the given inputs, event payload and API URL. */
export function runAction(opts: {
  inputs: Record<string, string>;
  event: unknown;
  eventName: string;
  apiUrl: string;
  files?: Record<string, string | Uint8Array>;
  sha?: string;
  /** More of the runner's environment (`GITHUB_RUN_ATTEMPT`, `RUNNER_NAME`…). */
  env?: Record<string, string>;
}): Promise<RunnerRun> {
  const workspace = mkdtempSync(join(tmpdir(), 'punchlist-ws-'));
  const runnerTemp = mkdtempSync(join(tmpdir(), 'punchlist-runner-'));
  for (const [name, content] of Object.entries(opts.files ?? {})) {
    mkdirSync(dirname(join(workspace, name)), { recursive: true });
    writeFileSync(join(workspace, name), content);
  }
  const eventPath = join(runnerTemp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(opts.event));
  const outputPath = join(runnerTemp, 'output');
  const summaryPath = join(runnerTemp, 'summary.md');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: opts.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_SHA: opts.sha ?? '0000000000000000000000000000000000000001',
    GITHUB_EVENT_NAME: opts.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: workspace,
    GITHUB_WORKFLOW_REF: 'Codertocat/Hello-World/.github/workflows/ci.yml@refs/heads/main',
    GITHUB_RUN_ID: '42',
    GITHUB_JOB: 'test',
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: runnerTemp,
    'INPUT_GITHUB-TOKEN': 'ghs_standintoken',
    'INPUT_CHECK-NAME': 'punchlist',
    'INPUT_MAX-ANNOTATIONS': '1000',
  };
  Object.assign(env, opts.env);
  for (const [k, v] of Object.entries(opts.inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ACTION], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout,
        stderr,
        outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
        summary: readFileSync(summaryPath, 'utf8'),
        workspace,
      }),
    );
  });
}
