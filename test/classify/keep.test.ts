import { describe, expect, it } from 'vitest';
import { Classifier } from '../../src/classify/index.ts';
import { isGroupEnd, KEEP_BYTES, KEEP_LINES, LineKeep } from '../../src/classify/keep.ts';
import { cleanLine } from '../../src/classify/normalize.ts';
import type { KeptLine, ParserDef } from '../../src/classify/parser.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('LineKeep', () => {
  it('keeps consecutive lines from start() until stop(), full, or clear()', () => {
    const keep = new LineKeep();
    const chunk = bytes('one\ntwo\nthree\n');
    keep.add(chunk, 0, 3, 1, true);
    expect(keep.count).toBe(0);
    keep.start();
    keep.add(chunk, 0, 3, 1, true);
    keep.add(chunk, 4, 7, 2, false);
    keep.stop();
    keep.add(chunk, 8, 13, 3, true);
    expect(keep.count).toBe(2);
    expect([keep.lineText(0), keep.lineNumber(0), keep.lineText(1), keep.lineNumber(1)]).toEqual(['one', 1, 'two', 2]);
    keep.clear();
    expect(keep.count).toBe(0);
  });

  it('closes at KEEP_LINES lines and at KEEP_BYTES bytes', () => {
    const keep = new LineKeep();
    const line = bytes('x');
    keep.start();
    for (let n = 1; n <= KEEP_LINES + 5; n++) keep.add(line, 0, 1, n, false);
    expect(keep.count).toBe(KEEP_LINES);
    expect(keep.open).toBe(false);
    const big = new Uint8Array(KEEP_BYTES / 2 + 1).fill(97);
    keep.start();
    keep.add(big, 0, big.length, 1, false);
    keep.add(big, 0, big.length, 2, false);
    expect(keep.count).toBe(1);
    expect(keep.open).toBe(false);
  });

  it('addLines keeps the lines of a region as add() would one by one: the same lines, numbers and closing line', () => {
    const TS = '2026-11-25T18:51:05.7197140Z ';
    const lines = ['a', '', 'crlf\r', `${TS}timestamped`, 'x'.repeat(300), `${TS}##[endgroup]`, 'after', 'y'];
    const region = bytes(`${lines.join('\n')}\n`);
    const starts = new Int32Array(lines.length + 1);
    for (let k = 0, at = 0; k < lines.length; k++) {
      starts[k] = at;
      at = region.indexOf(10, at) + 1;
      starts[k + 1] = at;
    }
    const lineEndOf = (k: number): number => (region[starts[k + 1]! - 2] === 13 ? starts[k + 1]! - 2 : starts[k + 1]! - 1);
    const contents = (keep: LineKeep): [number, string][] => Array.from({ length: keep.count }, (_, k) => [keep.lineNumber(k), keep.lineText(k)]);
    for (const untilGroupEnd of [false, true]) {
      for (const [from, to] of [[0, 8], [1, 4], [3, 8], [6, 8]] as const) {
        for (const shared of [true, false]) {
          const one = new LineKeep();
          const runs = new LineKeep();
          one.start(untilGroupEnd);
          runs.start(untilGroupEnd);
          one.add(region, 0, 1, 10, shared);
          runs.add(region, 0, 1, 10, shared);
          for (let k = from; k < to; k++) one.add(region, starts[k]!, lineEndOf(k), 11 + k - from, shared);
          runs.addLines(region, starts, from, to, 11, shared);
          const label = `${from}-${to} untilGroupEnd ${untilGroupEnd} shared ${shared}`;
          expect([runs.count, runs.open, contents(runs)], label).toEqual([one.count, one.open, contents(one)]);
          // Split once, then moved out of the chunk: the lines are found again where they now are.
          runs.detach(region);
          expect(contents(runs), label).toEqual(contents(one));
        }
      }
    }
    expect(contents((() => {
      const keep = new LineKeep();
      keep.start(true);
      keep.addLines(region, starts, 0, 8, 1, true);
      return keep;
    })()).map(([, text]) => text)).toEqual(['a', '', 'crlf', `${TS}timestamped`, 'x'.repeat(300), `${TS}##[endgroup]`]);
    // Full mid-run: the lines that fit, then closed.
    const full = new LineKeep();
    full.start();
    for (let n = 1; n < KEEP_LINES - 2; n++) full.add(region, 0, 1, n, true);
    full.addLines(region, starts, 0, 8, 100, true);
    expect([full.count, full.open, full.lineNumber(KEEP_LINES - 1)]).toEqual([KEEP_LINES, false, 102]);
  });

  it('copies the lines it holds as ranges of a chunk before the chunk is reused (detach)', () => {
    const keep = new LineKeep();
    const chunk = bytes('alpha\nbeta\n');
    keep.start();
    keep.add(chunk, 0, 5, 1, true);
    keep.add(chunk, 6, 10, 2, true);
    keep.detach(chunk);
    chunk.fill(120);
    expect([keep.lineText(0), keep.lineText(1)]).toEqual(['alpha', 'beta']);
  });
});

// A parser that asks the engine to keep the lines after `KEEP` and reads them back at `READ`, as the units parser
// keeps a step's script: it is idle in between, so the engine passes over those lines without decoding them.
function keeper(seen: KeptLine[][], untilGroupEnd = false): ParserDef {
  return {
    name: 'keeper',
    description: 'test',
    url: 'https://example.com',
    trigger: /^(?:KEEP|READ)$/,
    keywords: ['KEEP', 'READ'],
    create(sink) {
      return {
        feed(line, ctx) {
          if (line === 'KEEP') sink.keep(untilGroupEnd ? { untilGroupEnd } : undefined);
          else seen.push(sink.kept(ctx.n));
          return false;
        },
        end() {},
      };
    },
  };
}

describe('ParserSink.keep()', () => {
  const TS = '2026-11-25T18:51:05.7197140Z ';
  const noise = (i: number): string => `${TS}noise line ${i} with nothing in it\n`;
  // 100 KiB of noise before the keep (so it starts past a scan region's edge), a few lines kept, the read far later.
  let log = '';
  for (let i = 0; log.length < 100_000; i++) log += noise(i);
  const keptFrom = log.split('\n').length;
  log += `${TS}KEEP\n${TS}\x1b[1mcoloured\x1b[0m\n\n${TS}##[endgroup]\n`;
  // A line with a keyword that wakes no parser: the lines before it are passed over up to it, not to a region's end.
  for (let i = 0; i < 3000; i++) log += i === 5 ? `${TS}KEEPING on\n` : noise(i);
  log += `${TS}READ\n`;
  const input = bytes(log);

  const run = (size: number, untilGroupEnd = false): KeptLine[][] => {
    const seen: KeptLine[][] = [];
    const c = new Classifier({ parsers: [keeper(seen, untilGroupEnd)] });
    // One buffer reused for every chunk, as src/io/source.ts does: kept lines must not point into it.
    const buffer = new Uint8Array(size);
    for (let at = 0; at < input.length; at += size) {
      const part = input.subarray(at, at + size);
      buffer.set(part);
      c.pushBytes(buffer.subarray(0, part.length));
      buffer.fill(0);
    }
    c.end();
    return seen;
  };

  it('gives back the lines after the call, decoded and cleaned, numbered, up to KEEP_LINES, however the input is cut', () => {
    const whole = run(input.length);
    expect(whole).toHaveLength(1);
    const lines = whole[0]!;
    expect(lines).toHaveLength(KEEP_LINES);
    expect(lines.slice(0, 4).map((l) => [l.ctx.n, l.text, l.ctx.marker])).toEqual([
      [keptFrom + 1, 'coloured', null],
      [keptFrom + 2, '', null],
      [keptFrom + 3, '', 'endgroup'],
      [keptFrom + 4, 'noise line 0 with nothing in it', null],
    ]);
    expect(lines.slice(7, 10).map((l) => l.text)).toEqual(['noise line 4 with nothing in it', 'KEEPING on', 'noise line 6 with nothing in it']);
    expect(lines.at(-1)!.ctx.n).toBe(keptFrom + KEEP_LINES);
    for (const size of [1, 13, 4096, 65_536 + 7, 1 << 20]) expect(run(size)).toEqual(whole);
  });

  it('with untilGroupEnd, stops after the first line that is plainly a group end, however the input is cut', () => {
    const whole = run(input.length, true);
    expect(whole[0]!.map((l) => [l.ctx.n, l.text, l.ctx.marker])).toEqual([
      [keptFrom + 1, 'coloured', null],
      [keptFrom + 2, '', null],
      [keptFrom + 3, '', 'endgroup'],
    ]);
    for (const size of [1, 13, 4096, 65_536 + 7]) expect(run(size, true)).toEqual(whole);
  });
});

describe('isGroupEnd', () => {
  const TS = '2026-11-25T18:51:05.7197140Z ';
  const is = (line: string): boolean => {
    const b = bytes(`x${line}y`);
    return isGroupEnd(b, 1, b.length - 1);
  };

  it('is true only where the line cleaner reads a group end for certain', () => {
    for (const line of ['##[endgroup]', `${TS}##[endgroup]`, `${TS}##[endgroup]trailing \x1b[0m text`]) {
      expect(is(line), line).toBe(true);
      expect(cleanLine(line).marker, line).toBe('endgroup');
    }
    // Cleaning could move where these begin (a CR keeps what follows it, a TAB may be gh's columns), or they are
    // not group ends at all: the keep goes on, and the parser reading the kept lines still sees each one's marker.
    for (const line of [`${TS}##[endgroup]\rRun x`, `job\tstep\t${TS}##[endgroup]`, `\x1b[0m##[endgroup]`, `${TS}##[group]Run x`,
      '2026-11-25Tx8:51:05.7197140Z ##[endgroup]', ' ##[endgroup]', '##[endgrou', `${TS}`, '']) {
      expect(is(line), JSON.stringify(line)).toBe(false);
    }
  });
});
