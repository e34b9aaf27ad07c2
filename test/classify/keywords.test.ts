import { describe, expect, it } from 'vitest';
import { escapeEnd, keywordScanner } from '../../src/classify/keywords.ts';
import { cleanLine } from '../../src/classify/normalize.ts';

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

  // The walk must read a line as the cleaner leaves it: a keyword that cleaning keeps is found, whatever escapes,
  // well-formed or not, sit around it (a malformed CSI is left in the text by cleaning, so its bytes are text too).
  it.each<[string, string]>([
    ['a CSI holding a control byte is no escape', '\x1b[\x10FAIL: x'],
    ['a CSI cut short by the end of the line', 'x FAIL \x1b[1;3'],
    ['a CSI whose parameter follows an intermediate', '\x1b[1 2FAIL'],
    ['ESC then a lowercase letter', '\x1bfFAIL'],
    ['ESC ( (a charset designation)', '\x1b(FAIL'],
    ['an ESC at the end', 'FAIL\x1b'],
    ['an OSC cut by another escape', '\x1b]0;title\x1b[1mFAIL'],
    ['an OSC ended by ESC \\', '\x1b]8;;u\x1b\\FAIL'],
    ['a UTF-8 byte inside a CSI', '\x1b[1éFAIL'],
    ['a well-formed colour around it', '\x1b[31mFA\x1b[0mIL'],
  ])('%s: found where cleaning keeps the keyword', (_name, line) => {
    expect(cleanLine(line).text).toContain('FAIL');
    expect(has(['FAIL'], line)).toBe(true);
    const owners = new Uint8Array(1);
    const b = bytes(line);
    keywordScanner([['FAIL']]).owners(b, 0, b.length, owners);
    expect([...owners]).toEqual([1]);
  });

  it('escapeEnd ends an escape where the cleaner\'s pattern does, or keeps it as text', () => {
    const at = (line: string, i = 0): number => escapeEnd(bytes(line), i, bytes(line).length);
    expect(at('\x1b[1;31mx')).toBe(7);
    expect(at('\x1b[?25hx')).toBe(6);
    expect(at('\x1b]8;;file:///x\x07a')).toBe(15);
    expect(at('\x1b]8;;u\x1b\\a')).toBe(8);
    expect(at('\x1b]0;t\x1b[1m')).toBe(5);
    expect(at('\x1b]0;t')).toBe(5);
    expect(at('\x1bMx')).toBe(2);
    for (const kept of ['\x1b[\x10F', '\x1b[1;3', '\x1b(B', '\x1bc', '\x1b']) expect(at(kept)).toBe(0);
  });

  it('escapeEnd agrees with the cleaner on every escape of a random log line', () => {
    // Random lines from the bytes that matter (ESC, the pattern's class borders, text); the walk's text (escapes
    // removed by escapeEnd) must be what cleaning's ANSI step leaves.
    const alphabet = ['\x1b', '[', ']', '\\', '\x07', '0', '9', ';', '?', ' ', '/', '@', 'm', '~', 'A', 'Z', '_', 'a', '(', '\x10', 'é', 'F'];
    let seed = 11;
    const random = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    for (let k = 0; k < 3000; k++) {
      let line = '';
      for (let n = random(14); n >= 0; n--) line += alphabet[random(alphabet.length)];
      const b = bytes(line);
      let text = '';
      for (let i = 0; i < b.length; ) {
        const after = b[i] === 27 ? escapeEnd(b, i, b.length) : i;
        if (after > i) i = after;
        else text += String.fromCharCode(b[i++]!);
      }
      const expected = Buffer.from(line.replace(/\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g, ''), 'utf8').toString('latin1');
      expect([line, text]).toEqual([line, expected]);
    }
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

// `scanLines` finds, in one pass over a range of whole lines, the lines `scan` matches as the classifier reads each
// line: from past a GitHub timestamp, without a CRLF's CR, and no further than the longest line it reads.
describe('keywordScanner().scanLines()', () => {
  const MAX = 64 * 1024;
  const perLine = (keywords: string[][], text: Uint8Array): { hits: number[]; lines: number } => {
    const scanner = keywordScanner(keywords);
    const hits: number[] = [];
    let lines = 0;
    for (let i = 0; i < text.length; lines++) {
      const lf = text.indexOf(10, i);
      let end = Math.min(lf, i + MAX);
      if (end > i && text[end - 1] === 13) end--;
      const from = end - i > 29 && text[i + 4] === 45 && text[i + 10] === 84 && text[i + 27] === 90 && text[i + 28] === 32 ? i + 29 : i;
      if (scanner.scan(text, from, end)) hits.push(i);
      i = lf + 1;
    }
    return { hits, lines };
  };
  const together = (keywords: string[][], text: Uint8Array): { hits: number[]; lines: number } => {
    const out = new Int32Array(2 * text.length + 2);
    const lines = new Int32Array(1);
    const starts = new Int32Array(text.length + 1);
    const count = keywordScanner(keywords).scanLines(text, 0, text.length, out, lines, starts);
    const hits: number[] = [];
    for (let k = 0; k < count; k++) {
      hits.push(out[2 * k]!);
      // The index given is the line's: as many LFs before it.
      expect(text.subarray(0, out[2 * k]!).filter((b) => b === 10).length).toBe(out[2 * k + 1]);
    }
    // Every line's start, then the range's end.
    const expected = [0, ...[...text.keys()].filter((i) => text[i] === 10 && i + 1 < text.length).map((i) => i + 1), text.length];
    expect([...starts.subarray(0, lines[0]! + 1)]).toEqual(expected);
    return { hits, lines: lines[0]! };
  };
  const TS = '2026-11-25T18:51:05.7197140Z ';
  const lines = [
    'plain line',
    `${TS}##[error]Process completed with exit code 1.`,
    `${TS}nothing here`,
    '',
    `${TS}`.trimEnd(),
    TS,
    `${TS}\r`,
    'error TS2322 at the end\r',
    'err\x1b[1mor TS split by a colour',
    '\x1b[32m✔\x1b[39m compiled, coloured but no keyword',
    'a title \x1b]0;error TS\x07 hidden in an OSC string',
    'FAIL\x1b[0m after a keyword',
    '> anchored at the start',
    `${TS}> anchored past a timestamp`,
    'not > anchored inside',
    `Z error TS${'x'.repeat(10)}`,
    `${'y'.repeat(MAX + 10)}error TS beyond the longest line read`,
    `error TS within a long line${'y'.repeat(MAX + 10)}`,
    `${TS}SC2086 joined to the timestamp's space`,
  ];
  const keywords = [['error TS', 'Process completed', 'FAIL'], ['^> ', ' SC'], ['✔']];

  it('agrees with scan() line by line, in any order of lines', () => {
    for (let round = 0; round < 5; round++) {
      const order = lines.map((l, i) => lines[(i * (round * 2 + 1) + round) % lines.length]!);
      const text = bytes(`${order.join('\n')}\n`);
      const expected = perLine(keywords, text);
      expect(expected.hits.length).toBeGreaterThan(5);
      expect(together(keywords, text)).toEqual(expected);
    }
  });

  // The one walk across lines must end each line where the per-line reading does: lines that are short, empty,
  // nearly a timestamp, end in CR, or whose keyword or ESC falls at every offset of the walk's blocks of four.
  it('agrees with scan() line by line on random lines of keyword fragments, timestamps, escapes and CRs', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const parts = ['error TS', 'error', ' TS', 'FAIL', 'FAI', '> ', '>', ' SC', '✔', '\x1b[1m', '\x1b', '\r', TS, TS.slice(0, 28), 'x', ' ', 'Process completed'];
    for (let round = 0; round < 40; round++) {
      const line = (): string => (rand(2) === 0 ? TS : '') + Array.from({ length: rand(6) }, () => parts[rand(parts.length)]!).join('');
      const lineList = Array.from({ length: 200 }, line);
      const text = bytes(`${lineList.join(rand(2) === 0 ? '\n' : '\r\n')}\n`);
      expect(together(keywords, text)).toEqual(perLine(keywords, text));
    }
  });

  it('counts every line when a group has no keywords', () => {
    const text = bytes('a\n\nb\r\n');
    expect(together([[], ['x']], text)).toEqual({ hits: [0, 2, 3], lines: 3 });
  });

  it('refuses a keyword with a line break', () => {
    expect(() => keywordScanner([['a\nb']])).toThrow(/line break/);
  });
});

// The classifier offers a line to the parsers whose bits are set in (active | owners): ownerBits must name exactly
// the groups owners() marks, past the 32 groups of one word.
describe('keywordScanner().ownerBits()', () => {
  const groups = Array.from({ length: 70 }, (_, g) => (g === 40 ? [] : g % 7 === 0 ? [`^k${g}:`] : [`k${g}:`, `w${g % 5}!`]));
  const scanner = keywordScanner(groups);
  it.each([
    'k3: k33: k64: and w2!',
    'k0: anchored, then k35:',
    '2026-12-06T03:00:00.0000000Z k63: past a timestamp, w4!',
    'k69:\x1b[1mk6\x1b[0m8: coloured',
    'no keyword at all',
  ])('agrees with owners() on %j', (line) => {
    const b = bytes(line);
    const anchor = line.startsWith('2026') ? 29 : 0;
    const marks = new Uint8Array(groups.length);
    scanner.owners(b, 0, b.length, marks, anchor);
    const bits = new Uint32Array(3);
    scanner.ownerBits(b, 0, b.length, bits, anchor);
    const fromBits = Array.from({ length: groups.length }, (_, g) => (bits[g >>> 5]! >>> (g & 31)) & 1);
    expect(fromBits).toEqual([...marks]);
    // Group 40 has no keywords: it owns every line.
    expect(fromBits[40]).toBe(1);
  });
});
