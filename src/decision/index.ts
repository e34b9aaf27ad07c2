export { decide, describeMark, nextStepFor, type Decision, type MarkedClassification, type NextStep } from './decide.ts';
export {
  MARK_KINDS,
  markFailures,
  sameFailureKey,
  withMarks,
  type AttemptRecord,
  type BaseRecord,
  type FailureMark,
  type History,
  type MarkedFailure,
  type MarkKind,
  type RecordedFailure,
  type RecoveredTest,
} from './marks.ts';
