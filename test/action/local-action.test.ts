import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';

// The Action run as Action authors run one on their machine: `npx local-action . src/action/main.ts .env`
// (@github/local-action), which imports the entry's `run()` with its own stand-ins for @actions/core and
// @actions/github, inputs and GITHUB_* from the .env file. The README shows the same command.

const ROOT = join(import.meta.dirname, '..', '..');

describe('npx local-action . src/action/main.ts .env', () => {
  let github: FakeGitHub;
  let dir: string;
  beforeAll(async () => {
    github = await startFakeGitHub({ owner: 'Codertocat', repo: 'Hello-World', defaultBranch: 'main', files: {} });
    dir = mkdtempSync(join(tmpdir(), 'punchlist-local-action-'));
  });
  afterAll(async () => {
    await github.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the Action\'s run() on a sample log: outputs, annotations and a check run', async () => {
    // The example the README shows, as it is; only the API is pointed at the stand-in.
    const envFile = join('examples', 'local-action.env');
    const run = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      // local-action's GitHub stand-in reads GITHUB_API_URL when it loads, before the .env file: it comes from here.
      const child = spawn(join(ROOT, 'node_modules', '.bin', 'local-action'), ['.', 'src/action/main.ts', envFile], {
        cwd: ROOT,
        env: { PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? dir, GITHUB_API_URL: github.url, RUNNER_TEMP: dir, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain('::set-output name=primary-class::compile_error');
    expect(run.out).toContain('::set-output name=failure-count::3');
    const created = github.requests.filter((r) => r.operationId === 'checks/create');
    expect(created).toHaveLength(1);
    const body = created[0]!.body as { name: string; conclusion: string; output: { annotations: { path: string; start_line: number; annotation_level: string }[] } };
    expect(body).toMatchObject({ name: 'punchlist', conclusion: 'failure' });
    expect(body.output.annotations.filter((a) => a.annotation_level === 'failure').map((a) => `${a.path}:${a.start_line}`)).toEqual(['src/cart.ts:5', 'src/cart.ts:10', 'src/cart.test.ts:6']);
    expect(github.violations).toEqual([]);
    // The check run was published: no fallback to workflow commands.
    expect(run.out).not.toContain('::warning::');
  }, 60_000);
});
