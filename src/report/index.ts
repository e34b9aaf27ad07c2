export { decisionAnnotation, MAX_ANNOTATIONS_PER_REQUEST, planCheckRun, toAnnotation, type CheckAnnotation, type CheckRunPlan } from './check-run.ts';
export { testCountsMarkdown, type ClassifiedJob, type ReportCounts } from './job.ts';
export { failuresOutput, failureToJson, MAX_FAILURES_OUTPUT_CHARS, toJson, type ClassificationJson, type FailureJson } from './json.ts';
export { toMarkdown } from './markdown.ts';
export { toSarif, type ClassifiedLog } from './sarif.ts';
export { toText, toTextByInput, type TextInput, type TextOptions } from './text.ts';
export { annotationMessage, annotationTitle, toWorkflowCommands } from './workflow-commands.ts';
