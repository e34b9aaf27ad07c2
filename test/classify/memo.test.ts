import { describe, expect, it } from 'vitest';
import { timestampSkip } from '../../src/classify/keywords.ts';
import { LineMemo } from '../../src/classify/memo.ts';
import { cleanLine } from '../../src/classify/normalize.ts';

const enc = new TextEncoder();
const TS_A = '2026-11-25T18:51:05.7197140Z ';
const TS_B = '2019-01-02T03:04:05.0000000Z ';

// Finds the line's slot as the classifier does: its keyword text from past a GitHub timestamp.
function find(memo: LineMemo, line: string, keep = -1): number {
  const b = enc.encode(`\n${line}\n`);
  const end = b.length - 1;
  return memo.find(b, 1, timestampSkip(b, 1, end), end, keep);
}

describe('LineMemo', () => {
  it('finds a line again by its bytes, whatever the digits of its GitHub timestamp', () => {
    const memo = new LineMemo(1, 4);
    const owners = new Uint32Array(1);
    const slot = find(memo, `${TS_A}Run npm test`);
    expect(slot).toBeGreaterThanOrEqual(0);
    expect(memo.owners(slot, owners)).toBe(false);
    memo.setOwners(slot, Uint32Array.of(9));
    expect(find(memo, `${TS_B}Run npm test`)).toBe(slot);
    expect(memo.owners(slot, owners)).toBe(true);
    expect(owners[0]).toBe(9);
    // Without a timestamp it is another line (the cleaner would read its text from its first byte): nothing known.
    expect(memo.owners(find(memo, 'Run npm test'), owners)).toBe(false);
  });

  it('does not keep a line too long, or one that begins with something only like a timestamp', () => {
    const memo = new LineMemo(1, 4);
    expect(find(memo, `${TS_A}${'x'.repeat(300)}`)).toBe(-1);
    // timestampSkip looks at four bytes; the cleaner wants digits: the two would read this line differently.
    expect(find(memo, 'abcd-ef-ghTij:kl:mn.opqrstuZ Run npm test')).toBe(-1);
  });

  it('keeps owners and triggers until another line takes the slot, and a cleaned line only once it is seen again', () => {
    const memo = new LineMemo(2, 3);
    const line = `${TS_A}--- FAIL: TestX (0.00s)`;
    const slot = find(memo, line);
    const owners = new Uint32Array(2);
    expect(memo.owners(slot, owners)).toBe(false);
    memo.setOwners(slot, Uint32Array.of(5, 1 << 31));
    memo.setTrigger(slot, 2, true);
    memo.setTrigger(slot, 0, false);
    const clean = cleanLine(line);
    memo.setClean(slot, clean);
    expect(memo.clean(slot)).toBeNull();
    expect(find(memo, line)).toBe(slot);
    memo.setClean(slot, clean);
    expect(memo.clean(slot)).toBe(clean);
    expect(memo.owners(slot, owners)).toBe(true);
    expect([...owners]).toEqual([5, 1 << 31 >>> 0]);
    expect([memo.trigger(slot, 0), memo.trigger(slot, 1), memo.trigger(slot, 2)]).toEqual([2, 0, 1]);

    // Another line in the same slot forgets all of it; the slot being read (`keep`) is never taken.
    const probe = new LineMemo(1, 1);
    let other = '';
    for (let i = 0; other === ''; i++) if (find(probe, `line ${i}`) === slot) other = `line ${i}`;
    expect(find(memo, other, slot)).toBe(-1);
    expect(find(memo, line)).toBe(slot);
    expect(memo.clean(slot)).toBe(clean);
    expect(find(memo, other)).toBe(slot);
    expect(memo.clean(slot)).toBeNull();
    expect(memo.owners(slot, owners)).toBe(false);
    expect([memo.trigger(slot, 0), memo.trigger(slot, 2)]).toEqual([0, 0]);
  });
});

// The memo keys a line on its bytes past a GitHub timestamp: that is sound only if the line cleaner reads every line
// the same whatever its timestamp's digits. Checked on lines built from the bytes cleaning reacts to.
describe('cleaning does not depend on the digits of a GitHub timestamp', () => {
  const parts = ['\r', '\t', '\x1b[31m', '\x1b]8;;x\x07', '^[[1m', '##[error]', '##[group]', '::error file=a.ts,line=3::', '\uFEFF', ' ',
    '2024-01-01T00:00:00Z ', 'job\tstep\t', '[INFO] ', 'web-1  | ', 'x', 'Error: ', '%0A', ''];
  it('for lines of every mix of them', () => {
    let seed = 7;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % parts.length;
    for (let i = 0; i < 3000; i++) {
      let rest = '';
      const n = 1 + (i % 6);
      for (let k = 0; k < n; k++) rest += parts[next()]!;
      expect(cleanLine(`${TS_B}${rest}`), JSON.stringify(rest)).toEqual(cleanLine(`${TS_A}${rest}`));
    }
  });
});
