import { describe, expect, it } from 'vitest';
import { decodeUtf8, LineSplitter, MAX_LINE_BYTES } from '../../src/classify/lines.ts';

function split(chunks: (string | Uint8Array)[]): string[] {
  const out: string[] = [];
  const dec = new TextDecoder();
  const s = new LineSplitter((b, start, end) => out.push(dec.decode(b.subarray(start, end))));
  for (const c of chunks) s.push(typeof c === 'string' ? new TextEncoder().encode(c) : c);
  s.end();
  return out;
}

describe('LineSplitter', () => {
  it.each([
    ['LF', ['a\nb\n'], ['a', 'b']],
    ['CRLF', ['a\r\nb\r\n'], ['a', 'b']],
    ['a lone CR stays for the cleaner', ['50%\r100%\n'], ['50%\r100%']],
    ['no final newline', ['a\nb'], ['a', 'b']],
    ['a line across chunks', ['ab', 'cd\ne', 'f'], ['abcd', 'ef']],
    ['CRLF split between chunks', ['a\r', '\nb'], ['a', 'b']],
    ['empty lines', ['\n\n'], ['', '']],
    ['empty input', [], []],
  ])('%s', (_name, chunks, lines) => {
    expect(split(chunks)).toEqual(lines);
  });

  it('cuts a line longer than MAX_LINE_BYTES and keeps the next line intact', () => {
    const long = 'x'.repeat(MAX_LINE_BYTES * 3);
    const out = split([long.slice(0, 100_000), long.slice(100_000), '\nnext\n']);
    expect(out).toHaveLength(2);
    expect(out[0]).toHaveLength(MAX_LINE_BYTES);
    expect(out[1]).toBe('next');
  });

  it('cuts a long line inside one chunk too', () => {
    const out = split([`${'y'.repeat(MAX_LINE_BYTES + 10)}\nz`]);
    expect(out.map((l) => l.length)).toEqual([MAX_LINE_BYTES, 1]);
  });
});

describe('decodeUtf8', () => {
  // The classifier used TextDecoder; decodeUtf8 must read every byte range exactly as it did.
  const reference = new TextDecoder('utf-8');

  it('reads any bytes as TextDecoder does, a leading BOM and invalid sequences included', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    // Bytes drawn to hit every UTF-8 case: ASCII, continuation bytes, lead bytes of 2, 3 and 4 (and invalid 5+)
    // byte sequences, truncated sequences, surrogates and overlongs, and BOMs at and after the start.
    const pick = (): number => {
      const r = next();
      if (r < 0.3) return Math.floor(next() * 128);
      if (r < 0.55) return 0x80 + Math.floor(next() * 64);
      if (r < 0.95) return 0xc0 + Math.floor(next() * 64);
      return [0xef, 0xbb, 0xbf, 0xed, 0xa0, 0xf4, 0x90, 0xc0, 0xe0][Math.floor(next() * 9)]!;
    };
    for (let t = 0; t < 20000; t++) {
      const bytes = Uint8Array.from({ length: 5 + Math.floor(next() * 16) }, pick);
      if (next() < 0.2) bytes.set([0xef, 0xbb, 0xbf], 2);
      const start = Math.floor(next() * 3);
      const end = start + Math.floor(next() * (bytes.length - start + 1));
      expect(decodeUtf8(bytes, start, end)).toBe(reference.decode(bytes.subarray(start, end)));
    }
  });

  it('drops only a BOM that begins the range', () => {
    const bytes = new TextEncoder().encode('x\ufeffok \ufeff');
    expect(decodeUtf8(bytes, 1, bytes.length)).toBe('ok \ufeff');
    expect(decodeUtf8(bytes, 0, bytes.length)).toBe('x\ufeffok \ufeff');
  });
});
