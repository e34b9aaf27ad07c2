import { describe, expect, it } from 'vitest';
import { isGroupEnd, KEEP_BYTES, KEEP_LINES, LineKeep } from '../../src/classify/keep.ts';
import { keywordScanner } from '../../src/classify/keywords.ts';
import { prng } from '../helpers/prng.ts';

// The keep's count of a region's lines in WebAssembly (scan.wat `keep`, through the scanner's `keepLines`) against
// the JavaScript loop it replaces (`LineKeep.addLines` without a region): for keeps of every state (lines and bytes
// already kept, closing at a group's end or not) given lines [from, to) of regions built to close them every way (full
// of lines, full of bytes, at a group's end: one plain, one after a GitHub timestamp, ones that only look like one),
// the same lines kept with the same numbers and texts, and the keep closed alike.

const enc = new TextEncoder();
const TS = '2026-11-25T18:51:05.7197140Z ';

const LINES = ['', 'x', 'FAIL: x', '##[endgroup]', `${TS}##[endgroup]`, `${TS}##[endgroup] `, `${TS}##[endgroup]\t`, '##[endgroup]\rmore',
  `${TS.replace('1', 'x')}##[endgroup]`, '##[endgrou', `${TS}##[endgroup`, `  ${TS}##[endgroup]`, `${TS}`, `${TS}#`];

function line(rand: (n: number) => number): string {
  const kind = rand(10);
  if (kind < 5) return LINES[rand(LINES.length)]! + (rand(4) === 0 ? '\r' : '');
  if (kind < 9) return `${rand(2) === 0 ? TS : ''}${'abc '.repeat(rand(30))}`;
  // Long lines, to fill a keep's bytes.
  return 'y'.repeat(2000 + rand(9000));
}

const contents = (keep: LineKeep): [number, string][] => Array.from({ length: keep.count }, (_, k) => [keep.lineNumber(k), keep.lineText(k)]);

describe('the keep counted where the region scan left its lines', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`takes the lines addLines takes, and closes alike (seed ${seed})`, () => {
      const rand = prng(seed);
      const scanner = keywordScanner([['FAIL']]);
      expect(scanner.walksIn).toBe('webassembly');
      let closed = 0;
      let groupEnds = 0;
      for (let round = 0; round < 150; round++) {
        // A region of whole lines, at most 64 KB, somewhere in a chunk.
        const lines: string[] = [];
        let size = 0;
        for (;;) {
          const l = line(rand);
          if (size + l.length + 1 > 60000 || lines.length > 300) break;
          lines.push(l);
          size += l.length + 1;
        }
        const before = `skipped ${rand(100)}\n`;
        const chunk = enc.encode(`${before}${lines.join('\n')}\n`);
        const start = enc.encode(before).length;
        const hits = new Int32Array(2 * chunk.length);
        const count = new Int32Array(1);
        const starts = new Int32Array(chunk.length + 1);
        scanner.scanLines(chunk, start, chunk.length, hits, count, starts);
        const n = count[0]!;
        expect(n).toBe(lines.length);
        for (let trial = 0; trial < 10; trial++) {
          const until = rand(3) !== 0;
          const a = new LineKeep();
          const b = new LineKeep();
          a.start(until);
          b.start(until);
          // Lines kept already: none to nearly all, and long ones.
          const held = rand(4) === 0 ? KEEP_LINES - 1 - rand(4) : rand(20);
          const big = new Uint8Array(rand(3) === 0 ? KEEP_BYTES / 8 : 100).fill(98);
          for (let k = 0; k < held; k++) {
            a.add(big, 0, big.length, k + 1, false);
            b.add(big, 0, big.length, k + 1, false);
          }
          const from = rand(n);
          const to = from + rand(n - from + 1);
          a.addLines(chunk, starts, from, to, 1000, true, scanner);
          b.addLines(chunk, starts, from, to, 1000, true);
          expect(a.open, `round ${round} trial ${trial}`).toBe(b.open);
          expect(contents(a), `round ${round} trial ${trial}`).toEqual(contents(b));
          // And the keeps go on alike.
          a.add(big, 0, 1, 5000, false);
          b.add(big, 0, 1, 5000, false);
          expect(contents(a)).toEqual(contents(b));
          if (!b.open) closed++;
          for (let k = from; k < to; k++) if (isGroupEnd(chunk, starts[k]!, starts[k + 1]! - 1)) groupEnds++;
        }
      }
      // The regions closed keeps, and held group ends.
      expect(closed).toBeGreaterThan(100);
      expect(groupEnds).toBeGreaterThan(100);
    });
  }

  it('is not asked of lines another scan has replaced', () => {
    const scanner = keywordScanner([['FAIL']]);
    const chunk = enc.encode('a\nb\nFAIL\nc\n');
    const out = new Int32Array(1);
    const hits = new Int32Array(16);
    const count = new Int32Array(1);
    const starts = new Int32Array(16);
    scanner.scanLines(chunk, 0, chunk.length, hits, count, starts);
    expect(scanner.keepLines(chunk, 0, 0, 4, 0, 0, KEEP_LINES, KEEP_BYTES, false, out)).toBe(8);
    expect(out[0]).toBe(7);
    // Another region's start, more lines than the scan read, another buffer, or a scan since: not at hand.
    expect(scanner.keepLines(chunk, 2, 0, 3, 0, 0, KEEP_LINES, KEEP_BYTES, false, out)).toBe(-1);
    expect(scanner.keepLines(chunk, 0, 0, 5, 0, 0, KEEP_LINES, KEEP_BYTES, false, out)).toBe(-1);
    expect(scanner.keepLines(chunk.slice(), 0, 0, 4, 0, 0, KEEP_LINES, KEEP_BYTES, false, out)).toBe(-1);
    scanner.lineBits(chunk, 0, chunk.length);
    expect(scanner.keepLines(chunk, 0, 0, 4, 0, 0, KEEP_LINES, KEEP_BYTES, false, out)).toBe(-1);
    expect(keywordScanner([['FAIL']], { wasm: false }).keepLines(chunk, 0, 0, 4, 0, 0, KEEP_LINES, KEEP_BYTES, false, out)).toBe(-1);
  });
});
