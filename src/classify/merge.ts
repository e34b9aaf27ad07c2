import type { Classification } from './failure.ts';
import { primaryOf } from './taxonomy.ts';

/** Combines the classifications of several logs of one job: every failure, and the primary among them. */
export function mergeClassifications(parts: readonly Classification[]): Classification {
  const primaries = parts.flatMap((p) => (p.primary ? [p.primary] : []));
  return {
    primary: primaryOf(primaries),
    failures: parts.flatMap((p) => p.failures),
    omitted: parts.reduce((n, p) => n + p.omitted, 0),
    jobFailed: parts.find((p) => p.jobFailed)?.jobFailed ?? null,
    lines: parts.reduce((n, p) => n + p.lines, 0),
  };
}
