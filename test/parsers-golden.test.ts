import { describe, expect, it } from 'vitest';
import { PARSERS } from '../src/classify/index.ts';
import { goldenCases, readGolden, runGolden, writeGolden } from './helpers/golden.ts';

// UPDATE_GOLDEN=<parser name> rewrites that parser's expected results (`1` rewrites all): review the diff.
const UPDATE = process.env.UPDATE_GOLDEN;
const updates = (parser: string): boolean => UPDATE === '1' || UPDATE === parser;

describe('every registered parser has golden tests on real tool output', () => {
  it.each(PARSERS.map((p) => p.name))('%s has at least one fixture', (name) => {
    expect(goldenCases(name).length, `test/fixtures/parsers/${name}/ needs a real-tool .log and .json`).toBeGreaterThan(0);
  });
});

const cases = PARSERS.flatMap((p) => goldenCases(p.name));

describe.each(cases)('$parser/$name', (c) => {
  it('classifies the real log exactly as the golden file says', () => {
    const meta = readGolden(c);
    const actual = runGolden(c, meta);
    if (updates(c.parser)) writeGolden(c, meta, actual);
    else expect(actual).toEqual(meta.expected);
  });

  it('every failure keeps the log lines it came from', () => {
    for (const f of runGolden(c, readGolden(c)).failures) {
      expect((f.evidence as number[]).length, JSON.stringify(f)).toBeGreaterThan(0);
    }
  });
});
