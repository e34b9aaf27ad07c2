export { failureToJson, toJson, type ClassificationJson, type FailureJson } from './json.ts';
export { toSarif, type ClassifiedLog } from './sarif.ts';
export { toText, type TextOptions } from './text.ts';
export { annotationMessage, annotationTitle, toWorkflowCommands } from './workflow-commands.ts';
