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
  /**
   * How the class was found: absent when the tool's own words say it; `step` when it was inferred from the name
   * of the unit of work that failed (the CI step, npm script, Gradle task, Maven goal…) because nothing in its
   * output said more.
   */
  basis?: 'step';
  /** The log lines this failure was read from, in order (kept short by the engine). */
  evidence: EvidenceLine[];
}

/** A name of a unit of work (a CI step, a script, a build-tool task) as the log prints it. */
export interface UnitName {
  /** What kind of unit: `step` (a CI runner's step or command), `npm-script`, `gradle-task`, `make-target`, … */
  kind: string;
  /** The name or command as printed. */
  name: string;
  /** The command it ran, when the log prints it beside a name that may say little (`npm run ci` → `eslint .`). */
  command?: string;
  /** The tool that reported it (`npm`, `gradle`, `maven`, `github-actions`, …). */
  tool: string;
  /** The line that names it. */
  evidence: EvidenceLine;
}

/** A finding the runner printed as an annotation with a location (`##[error]x.go:3:1: msg`, `::error file=…`). */
export interface LocatedFinding {
  /** `warning` findings count only when nothing else in their unit explains its failure (the tool failed on them). */
  level: 'error' | 'warning';
  file: string;
  line: number;
  column?: number;
  message: string;
  /** The tool named by the annotation's title, when it has one. */
  title?: string;
  evidence: EvidenceLine;
}

/**
 * A unit of work that failed (a CI step, a Travis command, a whole job), with the lines it spans and the names of
 * the units that failed inside it, innermost and latest first. The engine infers a class from those names only
 * when no failure found by a tool's parser lies within the span.
 */
export interface FailedUnit {
  start: number;
  end: number;
  /** Units that failed inside it (scripts, tasks, goals, targets, hooks), in log order. */
  inner: UnitName[];
  /**
   * The script last started inside it (`> app@1.0.0 lint`), when npm ≥ 7 printed nothing when it failed: the
   * unit that was running when it failed, weighed after the failed inner units and before the unit itself.
   */
  running?: UnitName;
  /** The unit itself (the step's command, the Travis command), when the log names it. */
  outer: UnitName | null;
  /** The line that says it failed. */
  evidence: EvidenceLine;
  /** The first line inside it that says a service refused its credentials or permissions (401, 403, denied…). */
  refused?: EvidenceLine;
  /** Runner annotations with a location printed inside it. */
  findings: LocatedFinding[];
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
