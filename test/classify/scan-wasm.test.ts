import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keywordScanner, type KeywordScanner } from '../../src/classify/keywords.ts';
import { MAX_LINE_BYTES } from '../../src/classify/lines.ts';
import { PARSERS } from '../../src/classify/registry.ts';
import { prng } from '../helpers/prng.ts';

// The WebAssembly walk of `scanLines` (src/classify/scan.wat) against the JavaScript one it replaces: the same lines,
// the same line counts and line starts, and the same owners marked for each line (the tables the two walk, and the
// automaton that marks owners, are built in WebAssembly for one and in JavaScript for the other), on generated regions built to reach every corner of the walk (timestamps that almost are
// one, escapes inside keywords, CRs, anchored keywords at a line's text start, lines shorter than a timestamp) and
// on every log of the parsers' fixtures.

const encoder = new TextEncoder();
const REGION = 64 * 1024;

interface Result {
  count: number;
  lines: number;
  hits: number[];
  starts: number[];
}

function scanAll(scanner: KeywordScanner, bytes: Uint8Array, start: number, end: number): Result {
  const hits = new Int32Array(2 * (end - start) + 2);
  const lines = new Int32Array(1);
  const starts = new Int32Array(end - start + 1);
  const count = scanner.scanLines(bytes, start, end, hits, lines, starts);
  return { count, lines: lines[0]!, hits: [...hits.subarray(0, 2 * count)], starts: [...starts.subarray(0, lines[0]! + 1)] };
}

// Whole-line regions of at most REGION bytes, as the classifier cuts a chunk (a longer line is a region alone).
function regions(bytes: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  const end = bytes.lastIndexOf(10) + 1;
  for (let start = 0; start < end; ) {
    let stop = start + REGION < end ? bytes.lastIndexOf(10, start + REGION - 1) + 1 : end;
    if (stop <= start) stop = bytes.indexOf(10, start) + 1;
    out.push([start, stop]);
    start = stop;
  }
  return out;
}

function expectSame(groups: readonly (readonly string[])[], bytes: Uint8Array, label: string): number {
  const wasm = keywordScanner(groups);
  const js = keywordScanner(groups, { wasm: false });
  expect(wasm.walksIn).toBe('webassembly');
  expect(js.walksIn).toBe('javascript');
  let hits = 0;
  for (const [start, end] of regions(bytes)) {
    const a = scanAll(wasm, bytes, start, end);
    const b = scanAll(js, bytes, start, end);
    expect(a, `${label} [${start}, ${end})`).toEqual(b);
    hits += a.count;
    for (let k = 0; k < a.lines; k++) {
      const from = a.starts[k]!;
      const to = a.starts[k + 1]! - 1;
      expect(ownersOf(wasm, bytes, from, to), `${label} line at ${from}`).toEqual(ownersOf(js, bytes, from, to));
    }
  }
  return hits;
}

function ownersOf(scanner: KeywordScanner, bytes: Uint8Array, start: number, end: number): number[] {
  const out = new Uint32Array(4);
  scanner.ownerBits(bytes, start, end, out);
  return [...out];
}

const TIMESTAMP = '2026-11-25T18:51:05.7197140Z ';

function generated(seed: number, keywords: readonly string[]): Uint8Array {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
  const words = ['ok', 'building', 'src/a.ts', 'x', '  ', 'passed', 'Ünïcödé', '✓', '\t', 'warning', '12:34'];
  // Well-formed escapes, and ones the line cleaner leaves in the text (a CSI holding a control byte or cut short, a
  // parameter after an intermediate, `ESC (`, ESC then a letter it does not take, an OSC that runs on).
  const escapes = ['\x1b[31m', '\x1b[0m', '\x1b]8;;file:///x\x07', '\x1b]0;title\x1b\\', '\x1b', '\x1bM', '\x1b[\x10', '\x1b[1;3', '\x1b[1 2', '\x1b(B', '\x1bc', '\x1b]0;t'];
  const parts: string[] = [];
  const count = 200 + rand(800);
  for (let l = 0; l < count; l++) {
    let line = '';
    const kind = rand(10);
    if (kind < 4) line += TIMESTAMP;
    // Almost a timestamp: one of the four bytes the skip looks at is wrong, or nothing follows it.
    else if (kind === 4) line += TIMESTAMP.replace(pick(['-', 'T', 'Z', ' ']), '_');
    else if (kind === 5) line += TIMESTAMP.slice(0, 20 + rand(10));
    const tokens = rand(8);
    for (let t = 0; t < tokens; t++) {
      const r = rand(10);
      if (r < 3) {
        const k = pick(keywords);
        if (k.startsWith('^')) line += t === 0 ? k.slice(1) : ` ${k.slice(1)}`;
        else if (rand(4) === 0) {
          // A keyword with an escape inside it: only a reading that skips escapes sees it.
          const cut = rand(k.length + 1);
          line += k.slice(0, cut) + pick(escapes) + k.slice(cut);
        } else line += k;
      } else if (r < 5) line += pick(escapes);
      else line += ` ${pick(words)}`;
    }
    if (rand(20) === 0) line += '\r';
    else if (rand(30) === 0) line = `${line}\rprogress ${rand(100)}%`;
    parts.push(line);
  }
  return encoder.encode(`${parts.join('\n')}\n`);
}

describe('scanLines in WebAssembly', () => {
  const parserGroups = PARSERS.map((d) => d.keywords ?? []);
  const parserKeywords = parserGroups.flat();

  it('finds the lines the JavaScript walk finds, with every parser keyword, on generated regions', () => {
    let hits = 0;
    for (let seed = 1; seed <= 60; seed++) hits += expectSame(parserGroups, generated(seed, parserKeywords), `seed ${seed}`);
    // The regions held keywords to find: a walk that found nothing would also agree with nothing.
    expect(hits).toBeGreaterThan(1000);
  });

  it('agrees with small keyword sets, anchored ones and a keyword that is a prefix of another', () => {
    const groups = [['^> ', 'FAIL', 'FAILED '], ['error TS', 'rror'], ['^npm ERR!', 'Z 2'], ['\u2713 ok']];
    const keywords = groups.flat();
    for (let seed = 100; seed <= 140; seed++) expectSame(groups, generated(seed, keywords), `seed ${seed}`);
  });

  it('agrees on edge lines: empty, CR only, a timestamp with nothing after it, exactly 29 and 30 bytes', () => {
    const lines = ['', '\r', TIMESTAMP, `${TIMESTAMP}\r`, `${TIMESTAMP}x`, `${TIMESTAMP}FAIL`, 'FAIL', 'FAI', `${'x'.repeat(28)}FAIL`, '\x1bFAIL', 'FA\x1b[1mIL', '> x'];
    const bytes = encoder.encode(`${lines.join('\n')}\n`);
    expectSame([['FAIL', '^> ']], bytes, 'edge lines');
    // One line at a time, so each is also a region's last (and the line a pair walk has no partner for).
    for (const line of lines) expectSame([['FAIL', '^> ']], encoder.encode(`${line}\n`), JSON.stringify(line));
  });

  it('leaves a region longer than its buffer to JavaScript, with the same result', () => {
    const long = `${'y'.repeat(MAX_LINE_BYTES + 10)} FAIL\nFAIL\n`;
    const bytes = encoder.encode(long);
    const wasm = keywordScanner([['FAIL']]);
    const js = keywordScanner([['FAIL']], { wasm: false });
    expect(scanAll(wasm, bytes, 0, bytes.length)).toEqual(scanAll(js, bytes, 0, bytes.length));
  });

  it('lineBits: a few lines at once, as bits of the lines scanLines finds, in WebAssembly and in JavaScript', () => {
    const wasm = keywordScanner(parserGroups);
    const js = keywordScanner(parserGroups, { wasm: false });
    let set = 0;
    for (let seed = 200; seed <= 230; seed++) {
      const bytes = generated(seed, parserKeywords);
      // Windows of 1 to 40 lines from each line start: lines after the 32nd are not read.
      const starts = [0];
      for (let i = bytes.indexOf(10); i >= 0 && i + 1 < bytes.length; i = bytes.indexOf(10, i + 1)) starts.push(i + 1);
      starts.push(bytes.length);
      for (let k = 0; k + 1 < starts.length; k += 7) {
        const count = 1 + ((k * 13) % 40);
        const end = starts[Math.min(k + count, starts.length - 1)]!;
        const { hits } = scanAll(js, bytes, starts[k]!, end);
        let expected = 0;
        for (let h = 1; h < hits.length; h += 2) if (hits[h]! < 32) expected |= 1 << hits[h]!;
        expect(wasm.lineBits(bytes, starts[k]!, end), `seed ${seed} line ${k}`).toBe(expected);
        expect(js.lineBits(bytes, starts[k]!, end), `seed ${seed} line ${k}`).toBe(expected);
        if (expected !== 0) set++;
      }
    }
    expect(set).toBeGreaterThan(100);
    // A window with a line longer than WebAssembly's buffer is read in JavaScript, cut where the classifier cuts it.
    const long = encoder.encode(`FAIL\n${'y'.repeat(MAX_LINE_BYTES)} FAIL\nx\nFAIL\r\n`);
    expect(keywordScanner([['FAIL']]).lineBits(long, 0, long.length)).toBe(0b1001);
  });

  it('finds the lines the JavaScript walk finds in every parser fixture log', () => {
    const dir = 'test/fixtures/parsers';
    let files = 0;
    for (const d of readdirSync(dir)) {
      for (const f of readdirSync(join(dir, d)).filter((x) => x.endsWith('.log'))) {
        expectSame(parserGroups, readFileSync(join(dir, d, f)), `${d}/${f}`);
        files++;
      }
    }
    expect(files).toBeGreaterThan(100);
  });
});
