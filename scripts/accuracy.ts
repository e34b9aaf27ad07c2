// Prints the classifier's accuracy on the development corpus and the external datasets, side by side per dataset
// and per class, then every case that missed. Usage: node scripts/accuracy.ts [corpus|external] [--quiet]
// Exits 1 when there is nothing to measure (no ../shared/ beside the project), rather than printing 100 % of 0.
import { breakdown, CORPUS_DIR, caseIds, EXTERNAL_DIR, evaluate, report } from '../test/helpers/corpus.ts';

const which = process.argv[2];
const quiet = process.argv.includes('--quiet');
const sets = (
  [
    ['corpus', CORPUS_DIR, true],
    ['external', EXTERNAL_DIR, false],
  ] as const
).filter(([name]) => !which || which.startsWith('--') || which === name);

const measured = sets
  .filter(([name, dir]) => {
    if (caseIds(dir).length > 0) return true;
    console.error(`${name}: nothing to measure, no labelled cases at ${dir}`);
    return false;
  })
  .map(([name, dir, exit]) => ({ name, m: evaluate(dir, exit) }));
if (measured.length === 0) process.exit(1);

console.log(breakdown(measured));
console.log('');
for (const { name, m } of measured) {
  const out = report(name, m);
  console.log(quiet ? out.split('\n')[0] : out);
}
