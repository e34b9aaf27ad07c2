import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Classifier, PARSERS, type ParserDef } from '../../src/classify/index.ts';
import { CORPUS_DIR, EXTERNAL_DIR } from '../helpers/corpus.ts';
import { FIXTURES } from '../helpers/golden.ts';

// The keyword prefilter is only an optimisation: skipping the lines that hold no parser's keyword must never
// change a result. Every real log we have is classified twice, with the prefilter and with every parser
// seeing every line, and the two results must be equal.
const everyLine: ParserDef[] = PARSERS.map((p) => ({ ...p, keywords: [] }));

function logs(): [string, string][] {
  const out: [string, string][] = [];
  for (const parser of readdirSync(FIXTURES)) {
    for (const f of readdirSync(join(FIXTURES, parser))) if (f.endsWith('.log')) out.push([`fixtures/${parser}/${f}`, join(FIXTURES, parser, f)]);
  }
  for (const dir of [CORPUS_DIR, EXTERNAL_DIR]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.log')) out.push([f, join(dir, f)]);
  }
  return out;
}

function classify(bytes: Uint8Array, parsers: readonly ParserDef[]) {
  const c = new Classifier({ parsers });
  // Odd-sized chunks, so lines also cross chunk boundaries.
  for (let i = 0; i < bytes.length; i += 4099) c.pushBytes(bytes.subarray(i, i + 4099));
  return c.end();
}

describe('the keyword prefilter never changes a result', () => {
  it('every registered parser declares keywords (else no line can be skipped)', () => {
    expect(PARSERS.filter((p) => !p.keywords?.length).map((p) => p.name)).toEqual([]);
  });

  it.each(logs())('%s', (_name, path) => {
    const bytes = readFileSync(path);
    expect(classify(bytes, PARSERS)).toEqual(classify(bytes, everyLine));
  });
});

// A parser reads its watch keywords' lines only while it says they matter (a step gate holding a failure).
describe('watch keywords', () => {
  const watcher = (fed: string[]): ParserDef => ({
    name: 'watcher',
    description: 'test',
    url: 'https://example.com',
    trigger: /^(?:HOLD|DROP|STEP)/,
    keywords: ['HOLD', 'DROP'],
    watchKeywords: ['STEP'],
    create() {
      let holding = false;
      return {
        feed(text) {
          fed.push(text);
          if (text.startsWith('HOLD')) holding = true;
          if (text === 'DROP' || text.startsWith('STEP')) holding = false;
          return false;
        },
        end() {},
        watching: () => holding,
      };
    },
  });

  it('offers a line that holds only a watch keyword only while the parser is watching, however the input is cut', () => {
    const log = ['STEP 1', 'noise', 'HOLD', 'STEP 2', 'STEP 3', 'HOLD', 'x', 'DROP', 'STEP 4', 'HOLD STEP 5', 'STEP 6'].join('\n');
    const input = new TextEncoder().encode(`${log}\n`);
    for (const size of [1, 5, input.length]) {
      const fed: string[] = [];
      const c = new Classifier({ parsers: [watcher(fed)] });
      for (let i = 0; i < input.length; i += size) c.pushBytes(input.subarray(i, i + size));
      c.end();
      // `HOLD STEP 5` holds one of its own keywords: it is read whatever the parser watches.
      expect(fed).toEqual(['HOLD', 'STEP 2', 'HOLD', 'DROP', 'HOLD STEP 5', 'STEP 6']);
    }
  });
});
