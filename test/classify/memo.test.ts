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

  it('keeps lines that differ only in a digit or two apart, as a counter makes them', () => {
    // 300 lines, and 1,024 slots: lines that differ in a few bytes must not fall on a few slots and push each other
    // out. Looked up again in order (a line not found is put back, pushing out another), 262 are found; with a hash
    // whose low bits a word's top byte barely reached, and one slot per line, 216 were.
    const memo = new LineMemo(1, 1);
    const lines = Array.from({ length: 300 }, (_, i) => `${TS_A}    backoff_test.go:${100 + (i % 60)}: retrying after ${Math.floor(i / 60)}ms`);
    expect(new Set(lines).size).toBe(300);
    for (const l of lines) memo.setOwners(find(memo, l), Uint32Array.of(1));
    const owners = new Uint32Array(1);
    const kept = lines.filter((l) => memo.owners(find(memo, l), owners)).length;
    expect(kept).toBeGreaterThanOrEqual(250);
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
    expect([memo.trigger(slot, 0), memo.trigger(slot, 2)]).toEqual([2, 1]);
    expect(memo.trigger(slot, 1)).toBe(0);

    // Lines of the same set (two slots side by side): a second one takes the other slot, and both stay; a third takes
    // the slot used less lately, which forgets all it knew; the slot being read (`keep`) is never taken.
    const probe = new LineMemo(1, 1);
    const others: string[] = [];
    for (let i = 0; others.length < 2; i++) if (find(probe, `line ${i}`) >>> 1 === slot >>> 1) others.push(`line ${i}`);
    const [one, two] = others as [string, string];
    expect(find(memo, one, slot)).toBe(slot ^ 1);
    expect(find(memo, line, slot ^ 1)).toBe(slot);
    expect(memo.clean(slot)).toBe(clean);
    // `one` was used less lately than `line`: it gives way.
    expect(find(memo, two)).toBe(slot ^ 1);
    expect(find(memo, line)).toBe(slot);
    expect(memo.clean(slot)).toBe(clean);
    // `two` used last: `line` gives way.
    expect(find(memo, two)).toBe(slot ^ 1);
    expect(find(memo, one)).toBe(slot);
    expect(memo.clean(slot)).toBeNull();
    expect(memo.owners(slot, owners)).toBe(false);
    expect([memo.trigger(slot, 0), memo.trigger(slot, 2)]).toEqual([0, 0]);
    // A line found in the slot being read is not given to the caller.
    expect(find(memo, one, slot)).toBe(-1);
    // When the slot used less lately (`two`'s) is the one being read, the other (`one`'s) gives way.
    expect(find(memo, line, slot ^ 1)).toBe(slot);
    expect(find(memo, two)).toBe(slot ^ 1);
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
