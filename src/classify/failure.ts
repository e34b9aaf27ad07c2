import type { FailureClass } from './taxonomy.ts';

/** One log line a failure was read from: its 1-based number in the input and its cleaned text. */
export interface EvidenceLine {
  line: number;
  text: string;
}

/**
 * What a parser reports: only what the log shows. `file` is as printed (the engine makes it
 * repository-relative); positions are 1-based.
 */
export interface FailureDraft {
  class: FailureClass;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  tool?: string;
  code?: string;
  test?: string;
  package?: string;
  /** The log lines this failure was read from, in order (kept short by the engine). */
  evidence: EvidenceLine[];
}

/** A classified failure, as every reporter receives it. */
export type Failure = FailureDraft;

/** The outcome of classifying one log. */
export interface Classification {
  /** The class that explains the job's failure, or null when the log shows a passing run. */
  primary: FailureClass | null;
  failures: Failure[];
  /** Failures found beyond the kept maximum (they still count towards `primary`). */
  omitted: number;
  /** Evidence that the job itself failed (runner error line, non-zero exit), even without a classified failure. */
  jobFailed: EvidenceLine | null;
  /** Number of lines read. */
  lines: number;
}
