import { describe, expect, it } from 'vitest';
import { keywordScanner } from '../../src/classify/keywords.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const has = (keywords: string[], line: string): boolean => {
  const b = bytes(line);
  return keywordScanner([keywords]).scan(b, 0, b.length);
};

describe('keywordScanner()', () => {
  it.each([
    [['error TS'], 'src/a.ts(1,2): error TS2322: x', true],
    [['error TS'], 'src/a.ts(1,2): Error TS2322: x', false],
    [['error TS'], 'no keyword here', false],
    [['FAIL', 'AIL '], 'x FAIL y', true],
    [['abcd', 'bc'], 'xabcx', true],
    [['abcd', 'bcx'], 'abcx', true],
    [['●'], '  ● suite › test', true],
    [['✖'], '  ● suite › test', false],
    [['error TS'], '\x1b[91merror\x1b[0m\x1b[90m TS2307: \x1b[0mCannot', true],
    [['error TS'], 'err\x1b[1mor TS', true],
    [['[ERROR]'], '\x1b[1;31m[ERROR]\x1b[m Failed', true],
    [['src/a.ts'], 'src/\x1b]8;;file:///x\x07a.ts', true],
    [['src/a.ts'], 'src/\x1b]8;;file:///x\x1b\\a.ts', true],
    [['Process completed'], '2026-11-25T18:51:05.7359010Z ##[error]Process completed with exit code 2.', true],
  ])('%j in %j → %s', (keywords, line, expected) => {
    expect(has(keywords, line)).toBe(expected);
  });

  it('scans only the given range', () => {
    const b = bytes('error TS1\nplain line');
    expect(keywordScanner([['error TS']]).scan(b, 10, b.length)).toBe(false);
    expect(keywordScanner([['error TS']]).scan(b, 0, 9)).toBe(true);
  });

  it('matches every line when a group has no keywords', () => {
    expect(has([], 'anything')).toBe(true);
  });

  it.each([
    ['both groups', 'x FAIL y error TS1', [1, 1, 0]],
    ['the group of a keyword inside another', 'xerror TSx', [1, 0, 0]],
    ['a suffix keyword reached by a failure link', 'abcdTS', [0, 0, 1]],
    ['no group', 'nothing here', [0, 0, 0]],
    ['through colour codes', '\x1b[31mFA\x1b[0mIL', [0, 1, 0]],
  ])('owners(): %s', (_name, line, expected) => {
    const scanner = keywordScanner([['error TS', 'rror'], ['FAIL'], ['dTS']]);
    const b = bytes(line);
    const out = new Uint8Array(3);
    scanner.owners(b, 0, b.length, out);
    expect([...out]).toEqual(expected);
  });

  it('owners() marks a group without keywords on every line', () => {
    const out = new Uint8Array(2);
    keywordScanner([['FAIL'], []]).owners(bytes('plain'), 0, 5, out);
    expect([...out]).toEqual([0, 1]);
  });
});

describe('anchored keywords (`^…`) count only where the line\'s text begins', () => {
  it.each<[string, boolean]>([
    ['> app@1.0.0 lint', true],
    ['    at Object.<anonymous> (node_modules/x/index.js:3:9)', false],
    ['x > y', false],
    ['>', false],
  ])('%s', (line, found) => {
    expect(has(['^> '], line)).toBe(found);
  });

  it('marks the owner at the anchor it is given (past a timestamp), beside the free keywords of other groups', () => {
    const line = bytes('2026-12-06T03:00:00.0000000Z > app@1.0.0 lint error TS');
    const out = new Uint8Array(2);
    keywordScanner([['^> '], ['error TS']]).owners(line, 0, line.length, out, 29);
    expect([...out]).toEqual([1, 1]);
    const none = new Uint8Array(2);
    keywordScanner([['^> '], ['nothing']]).owners(line, 0, line.length, none, 0);
    expect([...none]).toEqual([0, 0]);
  });
});
