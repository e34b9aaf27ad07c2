import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { beforeAll, describe, expect, it } from 'vitest';

// The bundled CLI, run as users run it (`npx punchlist` resolves to dist/cli.js through package.json's bin).
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const TSC_LOG = join(import.meta.dirname, '..', 'fixtures', 'parsers', 'tsc', 'plain-module-null-types.log');
let dir: string;

function run(args: string[], input?: string | Buffer, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'punchlist-cli-'));
});

describe('punchlist classify', () => {
  it('prints the JSON of DESIGN.md for a file and exits 0', () => {
    const r = run(['classify', TSC_LOG, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['primary', 'failures']);
    expect(out.primary).toBe('dependency_missing');
    expect(out.failures[0]).toEqual({
      class: 'compile_error',
      message: "Cannot find module './missing' or its corresponding type declarations.",
      file: 'src/a.ts',
      line: 1,
      column: 23,
      tool: 'tsc',
      code: 'TS2307',
    });
  });

  it('reads stdin when given no file or "-"', () => {
    const log = readFileSync(TSC_LOG, 'utf8');
    for (const args of [['classify'], ['classify', '-']]) {
      const r = run([...args, '--format', 'json'], log);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).failures).toHaveLength(5);
    }
  });

  it('classifies several files as one job', () => {
    const other = join(dir, 'lint.log');
    writeFileSync(other, 'src/b.ts(2,2): error TS1005: \';\' expected.\n');
    const out = JSON.parse(run(['classify', TSC_LOG, other, '--format', 'json']).stdout);
    expect(out.failures).toHaveLength(6);
    expect(out.primary).toBe('dependency_missing');
  });

  it('prints workflow commands for --format github', () => {
    const r = run(['classify', TSC_LOG, '--format', 'github']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(
      "::error file=src/a.ts,line=1,col=23,title=compile_error (tsc TS2307)::Cannot find module './missing' or its corresponding type declarations.",
    );
  });

  it('prints text grouped by class, without colour when not on a terminal', () => {
    const r = run(['classify', TSC_LOG, '--format', 'text']);
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stdout.indexOf('dependency_missing')).toBeLessThan(r.stdout.indexOf('compile_error'));
    expect(r.stdout).toContain('src/a.ts:3:14  TS2322');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('5 failures · primary: dependency_missing');
  });

  it('writes SARIF 2.1.0 that the official schema accepts', () => {
    const schema = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
    );
    const validate = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    const noFile = join(dir, 'runner.log');
    writeFileSync(noFile, 'error TS5083: Cannot read file \'tsconfig.json\'.\n');
    const sarif = JSON.parse(run(['classify', TSC_LOG, noFile, '--format', 'sarif']).stdout);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0].results).toHaveLength(6);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/a.ts' },
      region: { startLine: 1, startColumn: 23 },
    });
    // A failure with no source file points at the log line that shows it.
    expect(sarif.runs[0].results[5].locations[0].physicalLocation.region).toEqual({ startLine: 1 });
  });

  it('says "unknown" for a failed step with an empty log when told its exit code', () => {
    const out = JSON.parse(run(['classify', '--format', 'json', '--exit-code', '124'], '').stdout);
    expect(out).toEqual({ primary: 'unknown', failures: [] });
  });
});

describe('bad input: a one-line reason or an honest empty result, never a stack trace', () => {
  it.each([
    ['a missing file', ['classify', '/nonexistent/x.log'], 2, /^punchlist: Cannot read "\/nonexistent\/x.log": no such file\n$/],
    ['a directory', ['classify', '/'], 2, /^punchlist: Cannot read "\/": it is a directory\n$/],
    ['an unknown format', ['classify', '--format', 'xml'], 2, /^punchlist: Invalid --format "xml": expected one of json, text, sarif, github/],
    ['an unknown option', ['classify', '--frobnicate'], 2, /^punchlist: Unknown option '--frobnicate'/],
    ['no command', [], 2, /^punchlist: Missing command/],
    ['a bad exit code', ['classify', '--exit-code', 'x'], 2, /^punchlist: Invalid --exit-code "x"/],
  ])('%s', (_name, args, code, stderr) => {
    const r = run(args, '');
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(stderr);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it.each([
    ['empty input', Buffer.alloc(0)],
    ['binary data', Buffer.from(Array.from({ length: 1 << 16 }, (_, i) => (i * 7919) % 256))],
    ['invalid UTF-8', Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0x0a, 0xf0, 0x28, 0x8c, 0xbc])],
    ['a 50 MB single line', Buffer.alloc(50 * 1024 * 1024, 'x')],
  ])('%s gives an empty result', (_name, input) => {
    const r = run(['classify', '--format', 'json'], input);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ primary: null, failures: [] });
  });
});
