import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, EXTERNAL_DIR, evaluate, pct, report } from './helpers/corpus.ts';

// The labelled corpora live in ../shared/, beside the project; a user's clone has none.
const hasCorpus = existsSync(CORPUS_DIR);
const hasExternal = existsSync(EXTERNAL_DIR);
if (!hasCorpus) console.log(`accuracy: skipped, no labelled corpus at ${CORPUS_DIR}`);
if (!hasExternal) console.log(`accuracy: external figures skipped, no cases at ${EXTERNAL_DIR}`);

describe.runIf(hasCorpus)('accuracy on the development corpus (../shared/corpus)', () => {
  it('reaches ≥ 95 % primary accuracy, ≥ 90 % recall, ≥ 95 % precision and invents nothing on passing logs', () => {
    const m = evaluate(CORPUS_DIR, true);
    console.log(report('corpus', m));
    expect(m.cases).toBeGreaterThan(0);
    expect(pct(m.primaryCorrect, m.cases)).toBeGreaterThanOrEqual(95);
    expect(pct(m.matched, m.labelled)).toBeGreaterThanOrEqual(90);
    expect(pct(m.correct, m.predicted)).toBeGreaterThanOrEqual(95);
    expect(m.inventedOnPassing).toBe(0);
    expect(m.greenOnFailed).toBe(0);
  });
});

describe.runIf(hasExternal)('accuracy on real CI logs from public datasets (../shared/external)', () => {
  // A floor under the measured figure (91.0 % on 2026-12-06), so a change that loses ground is seen; the hidden
  // holdout of the same kinds is what the goal is measured on.
  it('keeps ≥ 85 % primary accuracy and never reads a failed job as green', () => {
    const m = evaluate(EXTERNAL_DIR, false);
    console.log(report('external', m));
    expect(m.cases).toBeGreaterThan(0);
    expect(pct(m.primaryCorrect, m.cases)).toBeGreaterThanOrEqual(85);
    expect(m.greenOnFailed).toBe(0);
  });
});
