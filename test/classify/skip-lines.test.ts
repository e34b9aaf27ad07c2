import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Classifier, type Classification } from '../../src/classify/index.ts';
import { FIXTURES } from '../helpers/golden.ts';

// While every parser is idle the classifier reads only the lines the keyword scanner finds, a region of a chunk at
// a time, and passes over the rest without splitting them (Classifier #skip). What it passes over must still
// count (line numbers) and still be replayable (a parser's lookback): ESLint's file header and go's `=== RUN` come
// before the line that wakes their parser. Here they sit right after long runs of noise, across the scanner's
// 64 KiB regions and the chunks' edges, and every way of cutting the input must give the same classification.
const fixture = (name: string): { log: string; files: string[] } => {
  const log = readFileSync(join(FIXTURES, `${name}.log`), 'utf8');
  const expected = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as { expected: { failures: { file?: string }[] } };
  return { log: log.endsWith('\n') ? log : `${log}\n`, files: expected.expected.failures.flatMap((f) => (f.file ? [f.file] : [])) };
};

function noisyLog(blocks: string[]): { text: string; before: number[] } {
  const noise = (i: number): string => `2026-11-25T18:51:05.${String(i).padStart(7, '0')}Z  ✓ src/module${i % 97}/feature.test.ts (${i % 40} tests)\r\n`;
  let text = '';
  let i = 0;
  const before: number[] = [];
  for (const [k, block] of blocks.entries()) {
    // 70, 140, … KiB of noise: the blocks start past one or more region edges, at a different offset each time.
    while (text.length < (k + 1) * 70_000 + k * 911) text += noise(i++);
    before.push(text.split('\n').length - 1);
    text += block;
  }
  return { text: `${text}${noise(i)}`, before };
}

function inChunks(bytes: Uint8Array, size: number): Classification {
  const c = new Classifier({ roots: ['/tmp/jst/lint/', '/tmp/jst/go/'] });
  for (let at = 0; at < bytes.length; at += size) c.pushBytes(bytes.slice(at, at + size));
  return c.end();
}

describe('lines passed over while every parser is idle', () => {
  const eslint = fixture('eslint/stylish');
  const go = fixture('go/test-verbose-subtests');
  const { text, before } = noisyLog([eslint.log, go.log, eslint.log]);
  const bytes = new TextEncoder().encode(text);

  it('still count and are replayed to a parser that looks back, however the input is cut', () => {
    const whole = inChunks(bytes, bytes.length);
    // The header lines were replayed: ESLint's failures carry the files its headers name.
    const files = new Set(whole.failures.map((f) => f.file));
    for (const file of eslint.files) expect(files).toContain(file.replace(/^\/tmp\/jst\/lint\//, ''));
    expect(whole.lines).toBe(text.split('\n').length - 1);
    // Evidence is numbered as in the log: the first ESLint failure's evidence lies inside the first block.
    const first = whole.failures.find((f) => f.tool === 'eslint')!;
    expect(first.evidence[0]!.line).toBeGreaterThan(before[0]!);
    expect(first.evidence[0]!.line).toBeLessThan(before[1]!);
    const lineText = text.split('\n')[first.evidence[0]!.line - 1]!;
    expect(lineText).toContain(first.evidence[0]!.text.trim().slice(0, 20));
    for (const size of [1, 7, 4096, 65_536 + 13, 1 << 20]) expect(inChunks(bytes, size)).toEqual(whole);
  });
});
