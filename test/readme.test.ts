import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARSERS } from '../src/classify/index.ts';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const CLASSIFIER_DOC = readFileSync(join(ROOT, 'docs', 'classifier.md'), 'utf8');

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

  it('docs/classifier.md holds the parser table exactly as `npm run parsers` prints it from the registry', () => {
    const r = spawnSync(process.execPath, ['scripts/parsers-table.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(CLASSIFIER_DOC).toContain(r.stdout.trim());
    for (const p of PARSERS) expect(CLASSIFIER_DOC, p.name).toContain(`[\`${p.name}\`](${p.url})`);
  });

  it('links every document it sends a reader to, and each exists', () => {
    const links = [...README.matchAll(/\]\((docs\/[^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
    expect(new Set(links).size).toBeGreaterThanOrEqual(6);
    for (const link of links) expect(() => readFileSync(join(ROOT, link)), link).not.toThrow();
  });
});
