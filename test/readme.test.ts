import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARSERS } from '../src/classify/index.ts';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('the README says what the code does', () => {
  it('shows exactly what the sample command prints', () => {
    const shown = /It prints:\n\n```text\n([\s\S]*?)```/.exec(README)?.[1];
    expect(shown, 'README has an "It prints:" text block').toBeDefined();
    const r = spawnSync(process.execPath, ['dist/cli.js', 'classify', 'test/fixtures/samples/github-job.log', '--format', 'text'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(shown);
  });

  it('lists every registered parser', () => {
    for (const p of PARSERS) expect(README, p.name).toContain(`[\`${p.name}\`](${p.url})`);
  });
});
