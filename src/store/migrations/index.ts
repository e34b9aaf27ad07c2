import type { Kysely } from 'kysely';
import { up as initial } from './001-initial.ts';
import { up as budgetExceededState } from './002-budget-exceeded-state.ts';
import { up as budgetTransitionsAndInbox } from './003-budget-transitions-and-inbox.ts';
import { up as retryAndStepLease } from './004-retry-and-step-lease.ts';
import { up as dashboardIndexes } from './005-dashboard-indexes.ts';
import { up as testResults } from './006-test-results.ts';
import { up as quarantineDecision } from './007-quarantine-decision.ts';

/** One forward-only schema step. Versions are consecutive from 1 and never change once released. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

/** Every migration, oldest first. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', up: initial },
  { version: 2, name: 'budget-exceeded-state', up: budgetExceededState },
  { version: 3, name: 'budget-transitions-and-inbox', up: budgetTransitionsAndInbox },
  { version: 4, name: 'retry-and-step-lease', up: retryAndStepLease },
  { version: 5, name: 'dashboard-indexes', up: dashboardIndexes },
  { version: 6, name: 'test-results', up: testResults },
  { version: 7, name: 'quarantine-decision', up: quarantineDecision },
];

/** The schema version this code was written for. */
export const CODE_SCHEMA_VERSION = MIGRATIONS.length;
