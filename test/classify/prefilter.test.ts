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
