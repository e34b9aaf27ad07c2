import { describe, expect, it } from 'vitest';
import { isGithubTimestamp, timestampSkip } from '../../src/classify/keywords.ts';

// The definition, byte by byte: `d` a digit, every other byte itself, and more after the 29 bytes.
const SHAPE = 'dddd-dd-ddTdd:dd:dd.dddddddZ ';
function reference(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start <= SHAPE.length) return false;
  for (let k = 0; k < SHAPE.length; k++) {
    const b = bytes[start + k]!;
    if (SHAPE[k] === 'd' ? b < 48 || b > 57 : b !== SHAPE.charCodeAt(k)) return false;
  }
  return true;
}

const enc = new TextEncoder();

describe('isGithubTimestamp', () => {
  it('accepts a GitHub timestamp with text after it, and not one that ends the line', () => {
    const line = enc.encode('2026-11-25T18:51:05.7197140Z Run npm test');
    expect(isGithubTimestamp(line, 0, line.length)).toBe(true);
    expect(isGithubTimestamp(line, 0, 29)).toBe(false);
    expect(timestampSkip(line, 0, line.length)).toBe(29);
  });

  it('agrees with the byte-by-byte definition for every byte value at every position', () => {
    const base = enc.encode('x2026-11-25T18:51:05.7197140Z text');
    let accepted = 0;
    for (let at = 1; at < base.length; at++) {
      for (let b = 0; b < 256; b++) {
        const bytes = base.slice();
        bytes[at] = b;
        const got = isGithubTimestamp(bytes, 1, bytes.length);
        expect(got, `byte ${b} at ${at}`).toBe(reference(bytes, 1, bytes.length));
        if (got) accepted++;
      }
    }
    // Each of the 21 digits takes ten values, each of the 8 other bytes one, the 4 bytes of text after it any.
    expect(accepted).toBe(21 * 10 + 8 * 1 + 4 * 256);
  });

  it('agrees with the definition on lines that are only partly like a timestamp', () => {
    const lines = ['2026-11-25T18:51:05.7197140Z', '2026-11-25 18:51:05.7197140Z x', '2026-11-25T18:51:05,7197140Z x', '  2026-11-25T18:51:05.7197140Z x', '9999-99-99T99:99:99.9999999Z !', '0000-00-00T00:00:00.0000000Z\t'];
    for (const text of lines) {
      const bytes = enc.encode(text);
      expect(isGithubTimestamp(bytes, 0, bytes.length), text).toBe(reference(bytes, 0, bytes.length));
    }
  });
});
