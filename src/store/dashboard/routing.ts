import { successByModelAndBand, type ModelBandStats } from '../patterns.ts';
import type { Executor } from '../tables.ts';
import type { RepositoryAccess } from './access.ts';

/** A proportion's 95 % interval. */
export interface Interval {
  low: number;
  high: number;
}

/** One model × complexity band: its success rate and cost per success, each with a 95 % interval. */
export interface RoutingRow extends ModelBandStats {
  successInterval: Interval;
  /** Total cost over successes; null when nothing succeeded. */
  costPerSuccessUsd: number | null;
  /** Mean cost over the success rate's interval (high cost at the low rate); null when nothing succeeded. */
  costPerSuccessInterval: Interval | null;
}

/** z for a two-sided 95 % interval. */
const Z95 = 1.959964;

/** Wilson's score interval for `successes` out of `samples` (honest at small samples and at 0 % or 100 %). */
export function wilsonInterval(successes: number, samples: number, z = Z95): Interval {
  if (samples <= 0) return { low: 0, high: 1 };
  const p = successes / samples;
  const z2 = z * z;
  const centre = (p + z2 / (2 * samples)) / (1 + z2 / samples);
  const half = (z / (1 + z2 / samples)) * Math.sqrt((p * (1 - p)) / samples + z2 / (4 * samples * samples));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Success rate and cost per success per model × complexity band over the outcomes of repositories the reader may
 * see (read through patterns.ts's own query, one repository at a time when access is limited).
 */
export async function routingTable(db: Executor, access: RepositoryAccess, repository?: string): Promise<RoutingRow[]> {
  let stats: ModelBandStats[];
  if (access === null || repository !== undefined) {
    if (repository !== undefined && access !== null && !access.includes(repository)) return [];
    stats = await successByModelAndBand(db, repository === undefined ? {} : { repository });
  } else {
    stats = merge(await Promise.all(access.map((r) => successByModelAndBand(db, { repository: r }))));
  }
  return stats.map((s) => {
    const successInterval = wilsonInterval(s.successes, s.samples);
    const total = s.meanCostUsd * s.samples;
    return {
      ...s,
      successInterval,
      costPerSuccessUsd: s.successes > 0 ? total / s.successes : null,
      costPerSuccessInterval: s.successes > 0 && successInterval.low > 0 ? { low: s.meanCostUsd / successInterval.high, high: s.meanCostUsd / successInterval.low } : null,
    };
  });
}

function merge(groups: ModelBandStats[][]): ModelBandStats[] {
  const byKey = new Map<string, ModelBandStats>();
  for (const s of groups.flat()) {
    const key = `${s.model}\u0000${s.complexityBand}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...s });
      continue;
    }
    const samples = seen.samples + s.samples;
    seen.meanCostUsd = (seen.meanCostUsd * seen.samples + s.meanCostUsd * s.samples) / samples;
    seen.samples = samples;
    seen.successes += s.successes;
    seen.successRate = seen.successes / samples;
  }
  return [...byKey.values()].sort((a, b) => (a.model === b.model ? (a.complexityBand < b.complexityBand ? -1 : 1) : a.model < b.model ? -1 : 1));
}

