import { describe, expect, it } from 'vitest';
import { PARSERS, type LineContext, type ParserDef } from '../../src/classify/index.ts';

// Lines of 1 MB built to make a backtracking regular expression take super-linear time: long runs of the
// characters that path, number and message patterns repeat over, around each parser's own keywords.
// (The engine cuts lines at 64 KiB; the parsers are fed directly so their patterns see the full megabyte.)
const MB = 1 << 20;
const FILLERS = ['a', ' ', '1', 'a:', 'a/', '(1,', ':1:1', 'a.', '\t', 'x=', '> ', '[', '=-', '(', ')', 'a (', '"a', "'", '{', '-', '*', '#'];

function pathologicalLines(keywords: readonly string[], size: number): string[] {
  // After each of the first keywords (what lets a line reach the parser and opens its blocks), and around the
  // first one.
  const kws = keywords.length > 0 ? keywords.slice(0, 3) : [''];
  return FILLERS.flatMap((filler) => {
    const body = filler.repeat(Math.ceil(size / filler.length)).slice(0, size);
    const half = body.slice(0, size / 2);
    return [...kws.map((k) => `${k}${body}`), `${half}${kws[0]}${half}`];
  });
}

/** Feeds every line twice (whatever state the first leaves, the next must be cheap too); the slowest line's time. */
function slowestLine(def: ParserDef, size: number): { seconds: number; line: string } {
  const parser = def.create({ emit: () => {}, jobFailed: () => {}, unitFailed: () => {}, keep: () => {}, stopKeeping: () => {}, kept: () => [], forget: () => {} });
  let n = 0;
  let worst = { seconds: 0, line: '' };
  for (const line of pathologicalLines(def.keywords ?? [], size)) {
    const started = process.hrtime.bigint();
    const ctx: LineContext = { n: ++n, marker: null, props: null };
    def.trigger.test(line);
    parser.feed(line, ctx);
    parser.feed(line, { ...ctx, n: ++n });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (seconds > worst.seconds) worst = { seconds, line: `${line.slice(0, 12)}…${line.slice(size / 2 - 6, size / 2 + 12)}…` };
  }
  parser.end();
  return worst;
}

describe('no parser backtracks super-linearly on 1 MB lines', () => {
  it.each(PARSERS.map((p) => [p.name, p] as const))('%s', (_name, def) => {
    // First at 64 KiB, where quadratic work already takes seconds: fail there rather than hang for hours at 1 MB.
    const small = slowestLine(def, 64 * 1024);
    expect(small.seconds, `${def.name}: ${small.seconds.toFixed(1)} s on a 64 KiB line like ${JSON.stringify(small.line)}`).toBeLessThan(1);
    // Linear work on 1 MB is tens of milliseconds.
    const large = slowestLine(def, MB);
    expect(large.seconds, `${def.name}: ${large.seconds.toFixed(1)} s on a 1 MB line like ${JSON.stringify(large.line)}`).toBeLessThan(5);
  }, 120_000);
});
