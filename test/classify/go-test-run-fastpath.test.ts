import { describe, expect, it } from 'vitest';
import {
  blankOutput,
  GO_PACKAGE_RESULT,
  isPackageResult,
  OUTPUT,
  outputFileEnd,
  RESULT,
  resultNameEnd,
  RUN,
  runNameStart,
  skipSpace,
} from '../../src/classify/parsers/go-rust/go-test-run.ts';

// The go test parser reads its hot lines without `exec`; these check that it reads what the regexes would, field
// by field, on lines chosen to sit at the edges of `\s`, `\S`, `\d` and `.`, and on mutations of real lines.

const VERBS: Record<string, string> = { R: 'RUN', C: 'CONT', N: 'NAME', P: 'PAUSE' };

function runByRegex(text: string): { verb: string; name: string } | null {
  const m = RUN.exec(text);
  return m ? { verb: m[1]!, name: m[2]! } : null;
}
function runByHand(text: string): { verb: string; name: string } | null {
  const start = runNameStart(text);
  return start === -1 ? null : { verb: VERBS[text[4]!]!, name: text.slice(start) };
}

function resultByRegex(text: string): { indent: number; status: string; name: string } | null {
  const m = RESULT.exec(text);
  return m ? { indent: m[1]!.length, status: m[2]!, name: m[3]! } : null;
}
// As GoTestRun.feed reads it: the leading white space, then the dashes.
function resultByHand(text: string): { indent: number; status: string; name: string } | null {
  const indent = skipSpace(text, 0);
  const end = text.charCodeAt(indent) === 45 ? resultNameEnd(text, indent) : -1;
  return end === -1 ? null : { indent, status: text.slice(indent + 4, indent + 8), name: text.slice(indent + 10, end) };
}

function outputByRegex(text: string): { indent: number; file: string; blank: boolean } | null {
  const m = OUTPUT.exec(text);
  return m ? { indent: m[1]!.length, file: m[2]!, blank: (m[4] ?? '').trim() === '' } : null;
}
function outputByHand(text: string): { indent: number; file: string; blank: boolean } | null {
  const indent = skipSpace(text, 0);
  const end = outputFileEnd(text, indent);
  return end === -1 ? null : { indent, file: text.slice(indent, end), blank: blankOutput(text, end) };
}

// White space beyond ASCII that `\s` matches, characters it does not that look like it, and line terminators.
const SPACES = ['\t', '\v', '\f', '\r', '\n', ' ', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
const NOT_SPACES = ['\u0085', '\u180e', '\u200b', '\u0000', '\x1b', 'é', '\ud83d\ude00', '\ud800'];

describe('runNameStart() reads `=== RUN` as RUN does', () => {
  const lines = [
    '=== RUN   TestX',
    '=== RUN TestX/sub_test',
    '=== CONT  TestX',
    '=== NAME  TestX',
    '=== PAUSE TestX',
    '=== RUN',
    '=== RUN   ',
    '=== RUN\tTestX',
    '=== RUN\u00a0TestX',
    '=== RUN\u2028TestX',
    '=== RUN\ufeffTestX',
    '=== RUN   TestX ',
    '=== RUN   TestX\t',
    '=== RUN   TestX\u00a0',
    '=== RUN   TestX\r',
    '=== RUN   TestX\n',
    '=== RUN   Test X',
    '=== RUN   TestX\u200b',
    '=== RUN   TestX\u0085',
    '=== RUNTestX',
    '=== RUNS  TestX',
    '=== PAUSED TestX',
    '=== FAIL: TestX (0.00s)',
    '==== RUN   TestX',
    ' === RUN   TestX',
    '===  RUN   TestX',
    '=== run   TestX',
  ];
  it.each(lines.map((l) => [JSON.stringify(l), l]))('%s', (_name, line) => {
    expect(runByHand(line)).toEqual(runByRegex(line));
  });
});

describe('resultNameEnd() reads `--- PASS` as RESULT does', () => {
  const lines = [
    '--- PASS: TestX (0.00s)',
    '--- FAIL: TestX (1.5s)',
    '--- SKIP: TestX (12s)',
    '    --- PASS: TestX/sub (0.00s)',
    '\t--- FAIL: TestX/sub (0.01s)',
    ' \t \u00a0--- FAIL: TestX (0.01s)',
    '\u2028--- FAIL: TestX (0.01s)',
    '\ufeff--- FAIL: TestX (0.01s)',
    '\u200b--- FAIL: TestX (0.01s)',
    '--- FAIL: x (abc)',
    '--- FAIL: x (.5s)',
    '--- FAIL: x (5.s)',
    '--- FAIL: x (5..1s)',
    '--- FAIL: x (5s) ',
    '--- FAIL: x (5s)\r',
    '--- FAIL: x (5s)\n',
    '--- FAIL: x (5 s)',
    '--- FAIL: x (5ms)',
    '--- FAIL: x  (5s)',
    '--- FAIL: x\t(5s)',
    '--- FAIL: x\u00a0(5s)',
    '--- FAIL:  x (5s)',
    '--- FAIL: (5s)',
    '--- FAIL:  (5s)',
    '--- FAIL: x(5s) (5s)',
    '--- FAIL: x (5s) (5s)',
    '--- FAIL: x\u200b (5s)',
    '--- FAIL: \u0085 (5s)',
    '--- FAIL: x (\u0665s)',
    '--- FAIL: x (5s',
    '--- FAIL: x',
    '--- FAIL:',
    '--- FAIL x (5s)',
    '--- fail: x (5s)',
    '---  FAIL: x (5s)',
    '-- FAIL: x (5s)',
    '--- PASSED: x (5s)',
    '--- FAILED: x (5s)',
  ];
  it.each(lines.map((l) => [JSON.stringify(l), l]))('%s', (_name, line) => {
    expect(resultByHand(line)).toEqual(resultByRegex(line));
  });
});

describe('outputFileEnd() and blankOutput() read a test log line as OUTPUT does', () => {
  const lines = [
    '    backoff_test.go:123: some message',
    '        parse_test.go:22: nested message',
    '\tparse_test.go:22: tab',
    ' \t\u00a0 parse_test.go:22: mixed indent',
    '\u2028parse_test.go:22: line separator indent',
    '\ufeffparse_test.go:22: BOM indent',
    '\u200bparse_test.go:22: not white space',
    'parse_test.go:22: not indented',
    '    parse_test.go:22:',
    '    parse_test.go:22: ',
    '    parse_test.go:22:  ',
    '    parse_test.go:22: \t',
    '    parse_test.go:22: \u00a0',
    '    parse_test.go:22: \u3000',
    '    parse_test.go:22:\t',
    '    parse_test.go:22:\u00a0msg',
    '    parse_test.go:22:msg',
    '    parse_test.go:22: msg\r',
    '    parse_test.go:22: msg\rmore',
    '    parse_test.go:22: msg\n',
    '    parse_test.go:22: msg\u2028',
    '    parse_test.go:22: msg\u2029more',
    '    parse_test.go:22: msg\u0085',
    '    parse_test.go:22: msg \u00e9\ud83d\ude00',
    '    parse_test.go:22: \u2028',
    '    testing.go:1465: race detected during execution of test',
    '    my_testing.go:1: x',
    '    testing.go:1:x.go:2: x',
    '    a.go:1:b.go:2: x',
    '    a.go:1: b.go:2: x',
    '    a.go:1:b.go:2:',
    '    a.go:1:b.go:2:\u2028',
    '    a.go:1: x\ra.go:2: y',
    '    .go:1: x',
    '    x.go:: x',
    '    x.go:1 x',
    '    x.go:1:2: x',
    '    x.go:1a: x',
    '    x.go:\u0661: x',
    '    x.gox:1: x',
    '    x.GO:1: x',
    '    x .go:1: x',
    '    x\u00a0y.go:1: x',
    '    x\u200by.go:1: x',
    '    ../a/b/x_test.go:10: x',
    '    C:\\a\\x_test.go:10: x',
    '    ',
    '    x.go',
    '    x.go:1',
    '    x.go:1:',
    '     ',
    '',
  ];
  it.each(lines.map((l) => [JSON.stringify(l), l]))('%s', (_name, line) => {
    expect(outputByHand(line)).toEqual(outputByRegex(line));
  });
});

describe('isPackageResult() answers as GO_PACKAGE_RESULT does', () => {
  const lines = [
    'ok  \tgithub.com/x/y\t0.01s',
    'ok  \tgithub.com/x/y\t(cached)',
    'ok github.com/x/y',
    'ok\u00a0github.com/x/y',
    'ok\u2028github.com/x/y',
    'ok',
    'ok ',
    'ok  \t',
    'ok  \t\u00a0',
    'okay github.com/x/y',
    'ok\u200bx',
    'FAIL',
    'FAIL ',
    'FAIL\tgithub.com/x/y\t0.01s',
    'FAIL\tgithub.com/x/y [build failed]',
    'FAIL\u00a0x',
    'FAILED',
    'FAIL: TestX',
    'PASS',
    'PASS ',
    'PASS\r',
    'PASS src/a.test.js',
    'PASSED',
    'exit status 1',
    'exit status 1 ',
    'exit status',
    'tests/test_x.py::test_y PASSED',
    ' ok  \tx',
    ' PASS',
    '',
  ];
  it.each(lines.map((l) => [JSON.stringify(l), l]))('%s', (_name, line) => {
    expect(isPackageResult(line)).toBe(GO_PACKAGE_RESULT.test(line));
  });
});

describe('white space', () => {
  it('skipSpace() skips what `\\s` matches, for every UTF-16 code unit', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      expect(skipSpace(`${ch}x`, 0) === 1, `U+${c.toString(16)}`).toBe(/\s/.test(ch));
    }
  });

  it('trim() removes what `\\s` matches (blankOutput stands in for `.trim() === ""`)', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      expect(ch.trim() === '', `U+${c.toString(16)}`).toBe(/\s/.test(ch));
    }
  });

  it('skipSpace() stops at the end of the text', () => {
    expect(skipSpace('', 0)).toBe(0);
    expect(skipSpace('  ', 0)).toBe(2);
    expect(skipSpace('  ', 5)).toBe(5);
  });
});

// Mutations of real lines: each of a few thousand lines per seed has one to four pieces inserted, removed or
// replaced, with pieces that sit at the patterns' edges.
describe('mutated lines', () => {
  const SEEDS = [
    '=== RUN   TestX',
    '=== CONT  TestX/sub',
    '=== PAUSE TestX',
    '=== NAME  TestX',
    '--- PASS: TestX (0.00s)',
    '    --- FAIL: TestX/sub (1.25s)',
    '--- SKIP: TestX (0.00s)',
    '    backoff_test.go:123: some message',
    '\tparse_test.go:22:',
    '        testing.go:1465: race detected',
    'ok  \tgithub.com/x/y\t0.01s',
    'FAIL\tgithub.com/x/y\t0.01s',
    'FAIL',
    'PASS',
    'exit status 1',
  ];
  const PIECES = [
    ...SPACES,
    ...NOT_SPACES,
    ':',
    '.',
    '.go',
    '.go:',
    '0',
    '9',
    '12',
    's',
    '(',
    ')',
    '-',
    '--- ',
    '=== ',
    'RUN',
    'PASS',
    'FAIL',
    'SKIP',
    'ok',
    'x',
    'Test',
    ': ',
  ];

  // mulberry32: a small seeded generator, so a failure can be reproduced.
  let state = 0x9e3779b9;
  function random(): number {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

  function mutate(line: string): string {
    let s = line;
    const edits = 1 + Math.floor(random() * 4);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(random() * (s.length + 1));
      const kind = random();
      if (kind < 0.4) s = s.slice(0, at) + pick(PIECES) + s.slice(at);
      else if (kind < 0.7) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(random() * 3));
      else s = s.slice(0, at) + pick(PIECES) + s.slice(at + 1);
    }
    return s;
  }

  const lines = SEEDS.flatMap((seed) => [seed, ...Array.from({ length: 4000 }, () => mutate(seed))]);

  it('keeps some lines that still match, and some that no longer do', () => {
    const matching = lines.filter((l) => RUN.test(l) || RESULT.test(l) || OUTPUT.test(l)).length;
    expect(matching).toBeGreaterThan(lines.length / 10);
    expect(matching).toBeLessThan(lines.length * 0.9);
  });

  it('RUN', () => {
    for (const line of lines) expect(runByHand(line), JSON.stringify(line)).toEqual(runByRegex(line));
  });

  it('RESULT', () => {
    for (const line of lines) expect(resultByHand(line), JSON.stringify(line)).toEqual(resultByRegex(line));
  });

  it('OUTPUT', () => {
    for (const line of lines) expect(outputByHand(line), JSON.stringify(line)).toEqual(outputByRegex(line));
  });

  it('GO_PACKAGE_RESULT', () => {
    for (const line of lines) expect(isPackageResult(line), JSON.stringify(line)).toBe(GO_PACKAGE_RESULT.test(line));
  });
});
