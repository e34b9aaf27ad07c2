import { describe, expect, it } from 'vitest';
import type { Failure } from '../../src/classify/index.ts';
import { failuresOutput, failureToJson } from '../../src/report/index.ts';

const failure = (i: number, message = `Type 'string' is not assignable to type 'number' (${i}).`): Failure => ({
  class: 'compile_error',
  message,
  file: `src/f${i}.ts`,
  line: i + 1,
  tool: 'tsc',
  evidence: [{ line: i + 1, text: `src/f${i}.ts(${i + 1},1): error TS2322: ${message}` }],
});

describe('failuresOutput: the failures as JSON, within a size', () => {
  it('is JSON.stringify of them all when they fit', () => {
    const all = Array.from({ length: 30 }, (_, i) => failure(i));
    expect(failuresOutput(all)).toEqual({ json: JSON.stringify(all.map(failureToJson)), count: 30 });
    expect(failuresOutput([])).toEqual({ json: '[]', count: 0 });
  });

  it('holds the first failures, whole, when they do not, and never more characters than asked', () => {
    const all = Array.from({ length: 200 }, (_, i) => failure(i, `${'é'.repeat(300)} ${i}`));
    for (const max of [2, 100, 1_000, 10_000, 40_000]) {
      const { json, count } = failuresOutput(all, max);
      expect(json.length).toBeLessThanOrEqual(max);
      expect(JSON.parse(json)).toEqual(all.slice(0, count).map(failureToJson));
      // The next one would not have fitted.
      expect(JSON.stringify(all.slice(0, count + 1).map(failureToJson)).length).toBeGreaterThan(max);
    }
  });
});
