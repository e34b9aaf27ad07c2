// Prints the classifier's accuracy on the development corpus and the external datasets.
// Usage: node scripts/accuracy.ts [corpus|external] [--quiet]
import { CORPUS_DIR, EXTERNAL_DIR, evaluate, report } from '../test/helpers/corpus.ts';

const which = process.argv[2];
const quiet = process.argv.includes('--quiet');
for (const [name, dir, exit] of [['corpus', CORPUS_DIR, true], ['external', EXTERNAL_DIR, false]] as const) {
  if (which && which !== name && !which.startsWith('--')) continue;
  const out = report(name, evaluate(dir, exit));
  console.log(quiet ? out.split('\n')[0] : out);
}
