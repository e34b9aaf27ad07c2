import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_LINE_BYTES } from '../../src/classify/lines.ts';

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
