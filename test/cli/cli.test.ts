import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { beforeAll, describe, expect, it } from 'vitest';

// The bundled CLI, run as users run it (`npx punchlist` resolves to dist/cli.js through package.json's bin).
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const TSC_LOG = join(import.meta.dirname, '..', 'fixtures', 'parsers', 'tsc', 'plain-module-null-types.log');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const ARCHIVE = join(FIXTURES, 'archives', 'logs_1234567890.zip');
const REPORTS = join(FIXTURES, 'reports');
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

  it('says when a class was inferred from the failed step\'s name, in JSON and in text', () => {
    const log = 'checking licence headers\nmake: *** [Makefile:2: lint] Error 1\n';
    expect(JSON.parse(run(['classify', '--format', 'json'], log).stdout).failures).toEqual([
      { class: 'lint_error', message: 'make target "lint" failed; its name says "lint": make: *** [Makefile:2: lint] Error 1', tool: 'make', basis: 'step' },
    ]);
    expect(run(['classify', '--format', 'text'], log).stdout).toContain("[make, inferred from the step's name]");
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
    ['invalid UTF-8', Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0x0a, 0xf0, 0x28, 0x8c, 0xbc])],
    ['a 50 MB single line', Buffer.alloc(50 * 1024 * 1024, 'x')],
  ])('%s gives an empty result', (_name, input) => {
    const r = run(['classify', '--format', 'json'], input);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ primary: null, failures: [] });
  });
});

describe('compressed input is read as what it is, by its bytes', () => {
  it('decompresses a gzip\'d log, from a file of any name or from stdin', () => {
    const plain = run(['classify', TSC_LOG, '--format', 'json']).stdout;
    const gz = join(dir, 'build.txt');
    writeFileSync(gz, gzipSync(readFileSync(TSC_LOG)));
    expect(run(['classify', gz, '--format', 'json']).stdout).toBe(plain);
    expect(run(['classify', '--format', 'json'], gzipSync(readFileSync(TSC_LOG))).stdout).toBe(plain);
  });

  it('says a corrupt gzip is unreadable, in one line', () => {
    const r = run(['classify', '--format', 'json'], Buffer.concat([gzipSync(readFileSync(TSC_LOG)).subarray(0, 40), Buffer.alloc(64, 7)]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^punchlist: Cannot read "-": the gzip data is corrupt \(.+\)\n$/);
  });

  it('classifies each job of a GitHub log archive: the job file, else its steps in order, each named by its step', () => {
    const out = JSON.parse(run(['classify', ARCHIVE, '--format', 'json']).stdout);
    expect(Object.keys(out)).toEqual(['primary', 'failures']);
    expect(out.primary).toBe('compile_error');
    expect(out.failures.map((f: { class: string; tool?: string; basis?: string }) => [f.class, f.tool, f.basis ?? null])).toEqual([
      ['test_fail', 'node-test', null], // unit: its job file (its step file, the same log, is not read again)
      ['compile_error', 'tsc', null], // check: step 1
      ['lint_error', 'eslint', null], // check: step 2
      ['test_fail', 'vitest', null], // check: step 3
      ['lint_error', 'punchlist', 'step'], // style: only its step's name, "Lint", says what failed
    ]);
  });

  it('heads each input that has failures with its file, and each job of an archive with archive:job', () => {
    const r = run(['classify', ARCHIVE, TSC_LOG, '--format', 'text']);
    expect(r.code).toBe(0);
    const headings = r.stdout.split('\n').filter((l) => l.startsWith('── '));
    expect(headings).toEqual([`── ${ARCHIVE}:unit ──`, `── ${ARCHIVE}:check ──`, `── ${ARCHIVE}:style ──`, `── ${TSC_LOG} ──`]);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('10 failures · primary: dependency_missing');
  });

  it('reads a log archive from stdin too', () => {
    const out = JSON.parse(run(['classify', '-', '--format', 'json'], readFileSync(ARCHIVE)).stdout);
    expect(out.failures).toHaveLength(5);
  });

  it.each([
    ['binary data', Buffer.from(Array.from({ length: 1 << 16 }, (_, i) => (i * 7919) % 256)), 'binary data'],
    ['xz data', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0, 1]), 'xz-compressed data'],
  ])('gives %s an empty result with a one-line note', (_name, input, what) => {
    const r = run(['classify', '--format', 'json'], input);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ primary: null, failures: [] });
    expect(r.stderr).toBe(`punchlist: "-" is ${what}, not a log, gzip'd log, log archive or test report: nothing classified\n`);
  });
});

describe('test reports among the files', () => {
  it('reads JUnit XML and CTRF JSON by their content and keeps the JSON shape', () => {
    const out = JSON.parse(run(['classify', join(REPORTS, 'vitest-junit.xml'), '--format', 'json']).stdout);
    expect(Object.keys(out)).toEqual(['primary', 'failures']);
    expect(out.primary).toBe('timeout');
    expect(out.failures[0]).toEqual({
      class: 'test_fail',
      message: 'expected NaN to be 6 // Object.is equality',
      file: 'src/cart.test.ts',
      line: 6,
      column: 60,
      tool: 'vitest',
      test: 'cart > subtotal multiplies quantities',
    });
    const renamed = join(dir, 'results.txt');
    writeFileSync(renamed, readFileSync(join(REPORTS, 'jest-ctrf.json')));
    expect(JSON.parse(run(['classify', renamed, '--format', 'json']).stdout).failures).toHaveLength(3);
  });

  it('lists a failure that a log and a report both show once', () => {
    const both = JSON.parse(run(['classify', join(REPORTS, 'jest.log'), join(REPORTS, 'jest-junit.xml'), '--format', 'json']).stdout);
    const log = JSON.parse(run(['classify', join(REPORTS, 'jest.log'), '--format', 'json']).stdout);
    // The log's copies stay (with the assertion's place); the report adds what the log lacked: the suite's name.
    expect(both.failures).toHaveLength(log.failures.length);
    expect(both).toEqual({ ...log, failures: log.failures.map((f: { package?: string }) => (f.package === 'shipping-rates' ? { ...f, test: '__tests__/shipping.test.js' } : f)) });
  });

  it('prints passed / failed / skipped per suite in text', () => {
    const r = run(['classify', join(REPORTS, 'vitest-junit.xml'), '--format', 'text']);
    expect(r.stdout).toContain('Tests (' + join(REPORTS, 'vitest-junit.xml') + '): 1 passed · 3 failed · 1 skipped\n  src/cart.test.ts  1 passed · 2 failed · 1 skipped\n  src/tax.test.ts  0 passed · 1 failed · 0 skipped\n');
  });

  it('warns in one line about a malformed report and counts the rest', () => {
    const xml = readFileSync(join(REPORTS, 'mocha-junit.xml'), 'utf8');
    const cut = join(dir, 'cut.xml');
    writeFileSync(cut, xml.slice(0, xml.indexOf('<testsuite name="with a database"')));
    const r = run(['classify', cut, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^punchlist: "${cut}": malformed JUnit XML: .+\\n$`));
    expect(JSON.parse(r.stdout).failures).toHaveLength(1);
  });
});
