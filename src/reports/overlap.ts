import { primaryOf, rankOf, type Classification, type Failure } from '../classify/index.ts';
import { sameTestName } from './naming.ts';

/** What mergeReported needs of an input: its classification, and whether it is a test report. */
export interface MergeableInput {
  classification: Classification;
  report?: unknown;
}

/**
 * Shows a failure that both a test report and a log show once: the same test (its name compared without
 * separators, case or file extensions, since reporters join names differently) or the same file and line. The
 * log's copy stays, with its evidence and the assertion's place; it takes from the report what it lacks, and the
 * report's class when that explains more. Inputs come back in order, the originals untouched.
 */
export function mergeReported<T extends MergeableInput>(inputs: readonly T[]): T[] {
  const logFailures: Failure[] = [];
  const copies = inputs.map((input) => {
    if (input.report) return input;
    const failures = input.classification.failures.map((f) => ({ ...f }));
    logFailures.push(...failures);
    return { ...input, classification: { ...input.classification, failures } };
  });
  if (logFailures.length === 0) return [...inputs];
  const byTest = new Map<string, Failure>();
  const byPlace = new Map<string, Failure>();
  for (const f of logFailures) {
    if (f.test) byTest.set(sameTestName(f.test), f);
    if (f.file && f.line !== undefined) byPlace.set(`${f.file}:${f.line}`, f);
  }
  const merged = copies.map((input) => {
    if (!input.report) return input;
    const kept = input.classification.failures.filter((r) => {
      const log = (r.test ? byTest.get(sameTestName(r.test)) : undefined) ?? (r.file && r.line !== undefined ? byPlace.get(`${r.file}:${r.line}`) : undefined);
      if (!log) return true;
      if (rankOf(r.class) < rankOf(log.class)) {
        log.class = r.class;
        if (r.package) log.package = r.package;
      }
      log.test ??= r.test;
      if (!log.file && r.file) {
        log.file = r.file;
        if (r.line !== undefined) log.line = r.line;
      }
      return false;
    });
    return { ...input, classification: { ...input.classification, failures: kept, primary: primaryOf(kept.map((f) => f.class)) } };
  });
  // A log's failure may have taken a report's class: its primary class follows.
  return merged.map((input) => {
    if (input.report) return input;
    const c = input.classification;
    return { ...input, classification: { ...c, primary: primaryOf([...(c.primary ? [c.primary] : []), ...c.failures.map((f) => f.class)]) } };
  });
}
