import { routingOutcomeGroups, type RoutingOutcomeFilter } from '../../../src/store/patterns.ts';
import type { Executor } from '../../../src/store/index.ts';
import { statisticsFromGroups, type OutcomeStatistics } from './outcome-statistics.ts';

/**
 * The outcome statistics of an installation, read from the store's outcome vectors (every repository, so a
 * repository with little history borrows from the others). The replay builds the same OutcomeStatistics attempt
 * by attempt; the policy reads both alike.
 */
export async function loadOutcomeStatistics(db: Executor, filter: RoutingOutcomeFilter = {}): Promise<OutcomeStatistics> {
  return statisticsFromGroups(await routingOutcomeGroups(db, filter));
}
