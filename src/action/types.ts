import type { Classification } from '../classify/index.ts';
import type { TestReport } from '../reports/index.ts';

/** A classified log or test report, named for the person reading the report (a file path, `archive:job`, a job name). */
export interface ClassifiedLogFile {
  name: string;
  /** The log's path, when it is a file in the workspace (SARIF points unlocated failures at it). */
  path?: string;
  classification: Classification;
  /** The failures and counts of a test report. */
  report?: TestReport;
}
