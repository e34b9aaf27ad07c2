import { primaryOf, type Classification } from '../classify/index.ts';
import type { TestReport } from './types.ts';

/** A report's failures as a classification, so every reporter shows them like a log's. */
export function reportClassification(r: TestReport): Classification {
  return { primary: primaryOf(r.failures.map((f) => f.class)) ?? (r.omitted > 0 ? 'test_fail' : null), failures: r.failures, omitted: r.omitted, jobFailed: null, lines: 0 };
}
