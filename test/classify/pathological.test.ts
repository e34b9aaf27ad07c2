import { describe, expect, it } from 'vitest';
import { PARSERS, type LineContext } from '../../src/classify/index.ts';

// Lines of 1 MB built to make a backtracking regular expression take super-linear time: long runs of the
// characters that path, number and message patterns repeat over, around each parser's own keywords.
// (The engine cuts lines at 64 KiB; the parsers are fed directly so their patterns see the full megabyte.)
const MB = 1 << 20;
const FILLERS = ['a', ' ', '1', 'a:', 'a/', '(1,', ':1:1', 'a.', '\t', 'x=', '> ', '[', '=-'];
const fill = (f: string): string => f.repeat(Math.ceil(MB / f.length)).slice(0, MB);

function pathologicalLines(keywords: readonly string[]): string[] {
  const lines: string[] = [];
  const kws = keywords.length > 0 ? keywords.slice(0, 3) : [''];
  for (const filler of FILLERS) {
    const body = fill(filler);
    for (const k of kws) {
      lines.push(`${k}${body}`, `${body}${k}`, `${body.slice(0, MB / 2)}${k}${body.slice(0, MB / 2)}`);
    }
  }
  return lines;
}

describe('no parser backtracks super-linearly on 1 MB lines', () => {
  it.each(PARSERS.map((p) => [p.name, p] as const))('%s', (_name, def) => {
    const failures: unknown[] = [];
    const parser = def.create({ emit: (f) => failures.push(f), jobFailed: () => {} });
    let n = 0;
    const started = process.hrtime.bigint();
    for (const line of pathologicalLines(def.keywords ?? [])) {
      const ctx: LineContext = { n: ++n, marker: null, props: null };
      def.trigger.test(line);
      parser.feed(line, ctx);
      // Whatever state it is in now, the next lines must be cheap too.
      parser.feed(line, { ...ctx, n: ++n });
    }
    parser.end();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // Linear work here is a few hundred milliseconds; quadratic work on 1 MB would take hours.
    expect(seconds, `${def.name} took ${seconds.toFixed(1)} s`).toBeLessThan(20);
  }, 120_000);
});
