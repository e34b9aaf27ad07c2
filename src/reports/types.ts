import type { Failure } from '../classify/index.ts';

/** What one test suite of a report counted: every test case once, by its outcome. */
export interface SuiteCounts {
  /** The suite's name as the report gives it (a file, a class, a package, a describe block). */
  name: string;
  passed: number;
  /** Failed and errored test cases together (JUnit tells them apart; people act on both alike). */
  failed: number;
  skipped: number;
}

/** A test report read into failures and counts: kept apart from `Classification`, whose shape is fixed. */
export interface TestReport {
  /** The runner the report names (`vitest`, `jest`, `pytest`, `mocha`, `go`), else `junit` or `ctrf`. */
  tool: string;
  suites: SuiteCounts[];
  /** One failure per failed or errored test case (`test_fail`, or the class its text shows). */
  failures: Failure[];
  /** Failures beyond the kept maximum. */
  omitted: number;
  /** One line per problem with the report itself (malformed XML or JSON); what was read before it still counts. */
  warnings: string[];
}
