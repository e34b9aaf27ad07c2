import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { Classifier, classifyText } from '../../src/classify/index.ts';
import { readInput } from '../../src/io/read-input.ts';
import { FIXTURES } from '../helpers/golden.ts';

// A file is read through one reused buffer (src/io/source.ts ChunkPool): the classifier must keep nothing that
// points into a chunk once it has read it. Real failures are placed across the 1 MiB read boundaries, with the
// lines a parser asks to have replayed (ESLint's file header, go's `=== RUN`) on the far side of a boundary.
const dir = mkdtempSync(join(tmpdir(), 'punchlist-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function logWithFailuresAcrossChunks(): string {
  const failures = ['eslint/stylish', 'go/test-verbose-subtests', 'tsc/pretty-color', 'pytest/failures-errors-long'].map((f) =>
    readFileSync(join(FIXTURES, `${f}.log`), 'utf8'),
  );
  const noise = (i: number): string => `2026-11-25T18:51:05.${String(i).padStart(7, '0')}Z  ✓ src/module${i % 97}/feature.test.ts (${i % 40} tests)\n`;
  const parts: string[] = [];
  let bytes = 0;
  let i = 0;
  const add = (s: string): void => {
    parts.push(s);
    bytes += Buffer.byteLength(s);
  };
  for (const block of failures) {
    // End the noise a few hundred bytes before the next MiB, so the block's first lines straddle the boundary.
    const boundary = (Math.floor(bytes / (1 << 20)) + 1) * (1 << 20) - 300;
    while (bytes < boundary) add(noise(i++));
    add(block.endsWith('\n') ? block : `${block}\n`);
  }
  return parts.join('');
}

describe('a file read in reused chunks classifies as the same text given whole', () => {
  it('matches classifyText on a multi-megabyte log with failures across read boundaries', async () => {
    const text = logWithFailuresAcrossChunks();
    const path = join(dir, 'across.log');
    writeFileSync(path, text);
    const read = await readInput(path, Readable.from([]), {});
    const whole = classifyText(text);
    expect(whole.failures.length).toBeGreaterThan(0);
    expect(read.inputs[0]!.classification).toEqual(whole);
  });

  it('the classifier keeps no view of a Buffer its caller overwrites (a Buffer\'s slice is a view, not a copy)', () => {
    const text = Buffer.from(logWithFailuresAcrossChunks());
    const reused = Buffer.alloc(4099);
    const c = new Classifier();
    for (let i = 0; i < text.length; i += reused.length) {
      const n = text.copy(reused, 0, i, Math.min(i + reused.length, text.length));
      c.pushBytes(reused.subarray(0, n));
      reused.fill(0x78);
    }
    expect(c.end()).toEqual(classifyText(text.toString('utf8')));
  });
});
