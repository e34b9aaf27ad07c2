import { describe, expect, it } from 'vitest';
import { isGithubTimestamp, keywordScanner, timestampSkip } from '../../src/classify/keywords.ts';
import { JsMemoKeys, LineMemo, type MemoKeys, wasmMemoKeys } from '../../src/classify/memo.ts';
import { prng } from '../helpers/prng.ts';

// The memo's keys in WebAssembly (src/classify/memo.wat) against the JavaScript keys they replace (`JsMemoKeys`):
// for the same lines looked up in the same order, the same answers (the slot found, the slot given, or not kept),
// whether the line is copied into the module's memory or read where it lies in the scanner's memory. Lines are drawn
// from small pools so that they are found again, fall in the same sets and push each other out; they are of every
// length around the word, block and MAX_KEY boundaries, with and without GitHub timestamps, whole or with a byte off.

const SLOTS = 1024;
const TS = '2026-11-25T18:51:05.7197140Z ';
const enc = new TextEncoder();

// A memory standing for the scanner's: one page, as scan.wat's module has at least.
function scanMemory(): { buffer: ArrayBuffer } {
  const api = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number }) => { buffer: ArrayBuffer } } }).WebAssembly;
  return new api.Memory({ initial: 1 });
}

// A line: a GitHub timestamp (maybe with one byte changed) or none, then text of some length.
function line(rand: (n: number) => number): Uint8Array {
  const text = new Uint8Array(rand(8) === 0 ? 250 + rand(12) : rand(70));
  // Few byte values, so that lines of a pool share words; any byte now and then.
  for (let k = 0; k < text.length; k++) text[k] = rand(10) === 0 ? rand(256) : 97 + rand(3);
  const kind = rand(4);
  if (kind === 0) return text;
  const stamp = enc.encode(TS);
  if (kind === 1) stamp[rand(29)] = rand(3) === 0 ? rand(256) : 48 + rand(10);
  const out = new Uint8Array(29 + text.length);
  out.set(stamp);
  out.set(text, 29);
  return out;
}

describe('the memo keys in WebAssembly', () => {
  it('load here', () => {
    expect(new LineMemo(1, 1).keysIn).toBe('webassembly');
    expect(new LineMemo(1, 1, null, false).keysIn).toBe('javascript');
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`answer as the JavaScript keys do, copied or read in place (seed ${seed})`, () => {
      const rand = prng(seed);
      const memory = scanMemory();
      const js: MemoKeys = new JsMemoKeys();
      const copied = wasmMemoKeys(memory)!;
      const inPlace = wasmMemoKeys(memory)!;
      const mem = new Uint8Array(memory.buffer);
      // Pools of 40 to 3,000 lines: from all found again to most pushed out.
      const pool = Array.from({ length: [40, 300, 3000][seed % 3]! }, () => line(rand));
      const answers = new Map<string, number>();
      for (let i = 0; i < 20000; i++) {
        const bytes = pool[rand(pool.length)]!;
        // The line inside a buffer, with other bytes around it (the line's own end and what follows are not its key).
        const before = rand(5);
        const buffer = new Uint8Array(before + bytes.length + 1 + rand(5));
        for (let k = 0; k < buffer.length; k++) buffer[k] = rand(256);
        buffer.set(bytes, before);
        const start = before;
        const end = before + bytes.length;
        const from = timestampSkip(buffer, start, end);
        // The line where the scanner's region would hold it: anywhere, and garbage after it.
        const at = rand(60000);
        mem.set(buffer.subarray(start), at);
        const keep = rand(3) === 0 ? rand(SLOTS) : -1;
        const want = js.find(buffer, start, from, end, keep, -1);
        expect(copied.find(buffer, start, from, end, keep, -1), `line ${i}`).toBe(want);
        expect(inPlace.find(buffer, start, from, end, keep, at), `line ${i}`).toBe(want);
        const kind = want < 0 ? 'no' : want < SLOTS ? 'found' : 'given';
        answers.set(kind, (answers.get(kind) ?? 0) + 1);
      }
      // Each kind of answer was given, many times.
      for (const kind of ['no', 'found', 'given']) expect(answers.get(kind)).toBeGreaterThan(20);
    });
  }

  it('read a timestamp as isGithubTimestamp does, with every byte value at every position', () => {
    const memory = scanMemory();
    const mem = new Uint8Array(memory.buffer);
    const copied = wasmMemoKeys(memory)!;
    const inPlace = wasmMemoKeys(memory)!;
    const bytes = enc.encode(`${TS}Run npm test`);
    const end = bytes.length;
    for (let k = 0; k < 29; k++) {
      for (let b = 0; b < 256; b++) {
        const line = bytes.slice();
        line[k] = b;
        const from = timestampSkip(line, 0, end);
        if (from === 0) continue;
        mem.set(line, 1000);
        const stamp = isGithubTimestamp(line, 0, end);
        // A line not kept is -1; a line kept is found or given a slot.
        expect(copied.find(line, 0, from, end, -1, -1) >= 0, `byte ${k} = ${b}`).toBe(stamp);
        expect(inPlace.find(line, 0, from, end, -1, 1000) >= 0, `byte ${k} = ${b}`).toBe(stamp);
      }
    }
  });

  it('keep no line longer than MAX_KEY past its timestamp, nor a timestamp with nothing after it', () => {
    const memory = scanMemory();
    const keys = wasmMemoKeys(memory)!;
    const js: MemoKeys = new JsMemoKeys();
    for (const text of ['x'.repeat(255), 'x'.repeat(256), 'x'.repeat(257), '']) {
      for (const stamp of ['', TS]) {
        const bytes = enc.encode(stamp + text);
        new Uint8Array(memory.buffer).set(bytes, 0);
        // Read from its first byte, or from past the timestamp's place (as the caller says), whatever timestampSkip says.
        for (const from of stamp === '' ? [0] : [0, 29]) {
          const want = js.find(bytes, 0, from, bytes.length, -1, -1);
          expect(want >= 0, `${stamp}+${text.length} from ${from}`).toBe(bytes.length - from <= 256 && (from === 0 || text !== ''));
          expect(keys.find(bytes, 0, from, bytes.length, -1, -1), `${stamp}+${text.length} from ${from}`).toBe(want);
          expect(keys.find(bytes, 0, from, bytes.length, -1, 0), `${stamp}+${text.length} from ${from}`).toBe(want < SLOTS ? want : want - SLOTS);
        }
      }
    }
  });
});

describe("the scanner's region", () => {
  it('is where the last scanLines copied the lines it walked, and nowhere after lineBits', () => {
    const scanner = keywordScanner([['FAIL']]);
    expect(scanner.walksIn).toBe('webassembly');
    const bytes = enc.encode(`x\n${TS}--- FAIL: TestX\nok\nmore\n`);
    const start = 2;
    const stop = bytes.length - 5;
    const hits = new Int32Array(16);
    const starts = new Int32Array(16);
    const lines = new Int32Array(1);
    scanner.scanLines(bytes, start, stop, hits, lines, starts);
    const mem = new Uint8Array((scanner.memory as { buffer: ArrayBuffer }).buffer);
    const at = scanner.regionAddress(bytes, start, stop);
    expect(at).toBeGreaterThanOrEqual(0);
    expect([...mem.subarray(at, at + (stop - start))]).toEqual([...bytes.subarray(start, stop)]);
    expect(scanner.regionAddress(bytes, start + 3, stop - 1)).toBe(at + 3);
    // Outside the range walked, or another buffer: not there.
    expect(scanner.regionAddress(bytes, start - 1, stop)).toBe(-1);
    expect(scanner.regionAddress(bytes, start, stop + 1)).toBe(-1);
    expect(scanner.regionAddress(bytes.slice(), start, stop)).toBe(-1);
    scanner.lineBits(bytes, start, stop);
    expect(scanner.regionAddress(bytes, start, stop)).toBe(-1);
    expect(keywordScanner([['FAIL']], { wasm: false }).regionAddress(bytes, start, stop)).toBe(-1);
  });
});
