import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm run demo` as a person runs it: the App as a process, GitHub simulated, the scripted model, the repository's
// tests really run. It must reach green with one pull request after one refinement cycle.

const ROOT = join(import.meta.dirname, '..');

describe('npm run demo', () => {
  it('plays one work order to green: issue labelled → pull request → CI red → refinement → CI green', async () => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
    // The scripted model, whatever this machine's environment says.
    const run = await new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, 'scripts', 'demo.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out, err }));
    });
    expect(run.code, `${run.out}\n${run.err}`).toBe(0);
    const lines = run.out.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('Demo result: succeeded; pull requests: 1; CI runs: 2; refinement cycles: 1');
    // It says plainly that GitHub is simulated.
    expect(run.out).toContain('GitHub is SIMULATED');
    // The tests really ran: red with the real assertion, then green.
    expect(run.out).toContain("+ 'make-ci green again'");
    expect(run.out).toMatch(/✔ slugify joins every word with a dash/);
    // The Action's code classified the red run, at the test's file and line.
    expect(run.out).toContain('src/slug.test.js:6:10  slugify joins every word with a dash: AssertionError');
    // The decision log, as the work order's check run shows it.
    const log = run.out.slice(run.out.indexOf('the decision log, one notice per decision'));
    expect([...log.matchAll(/^ {2}\d+\. (\w+):/gm)].map((m) => m[1])).toEqual(['intake', 'routing', 'proposal', 'refinement_cycle', 'proposal', 'outcome']);
    expect(run.out).toContain('| State | succeeded |');
  }, 180_000);
});
