import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const DIR = join(import.meta.dirname, '..', '.github', 'workflows');
interface Workflow {
  on: { push?: { tags?: string[] } };
  permissions?: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; steps: { name?: string; run?: string }[] }>;
}
const read = (name: string) => parse(readFileSync(join(DIR, name), 'utf8')) as Workflow;

describe('the repository\'s own workflows', () => {
  it.each(readdirSync(DIR).filter((f) => f.endsWith('.yml')))('%s is valid YAML with jobs that run on ubuntu', (name) => {
    const wf = read(name);
    expect(Object.keys(wf.jobs).length).toBeGreaterThan(0);
    for (const job of Object.values(wf.jobs)) expect(job['runs-on']).toBe('ubuntu-latest');
  });

  it('release: a version tag runs the tests, publishes the release and moves the major tag', () => {
    const wf = read('release.yml');
    expect(wf.on.push?.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
    expect(wf.permissions).toEqual({ contents: 'write' });
    const steps = wf.jobs.release!.steps;
    const runs = steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm test');
    expect(runs).toContain('gh release create "$GITHUB_REF_NAME" --verify-tag');
    expect(runs).toMatch(/major="\$\{GITHUB_REF_NAME%%\.\*\}"/);
    expect(runs).toContain('git push -f origin "refs/tags/$major"');
    // The major tag is derived by the step's own shell line: run it in bash on real tag names.
    const derive = steps.find((s) => s.name === 'Move the major tag')!.run!.split('\n')[0]!;
    for (const [tag, major] of [['v1.2.3', 'v1'], ['v10.0.1', 'v10']]) {
      const r = spawnSync('bash', ['-c', `${derive}; printf %s "$major"`], { env: { GITHUB_REF_NAME: tag!, PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
      expect(r.stdout).toBe(major);
    }
  });

  it('the action runs on Node 24, as GitHub runs JavaScript actions', () => {
    const action = parse(readFileSync(join(import.meta.dirname, '..', 'action.yml'), 'utf8')) as { runs: { using: string; main: string } };
    expect(action.runs).toMatchObject({ using: 'node24', main: 'dist/index.js' });
  });
});
