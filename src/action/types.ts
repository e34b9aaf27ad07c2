import type { Classification } from '../classify/index.ts';

/** A classified log, named for the person reading the report (a file path or a job name). */
export interface ClassifiedLogFile {
  name: string;
  /** The log's path, when it is a file in the workspace (SARIF points unlocated failures at it). */
  path?: string;
  classification: Classification;
}
