export { checkRepoPath } from './check-repo-path.ts';
export type { PathCheck, PathProblem } from './check-repo-path.ts';
export { describeRefusals, groupRefusals, inertText } from './describe-refusals.ts';
export type { RefusalGroup } from './describe-refusals.ts';
export { createPathPolicy, createReadPolicy } from './path-policy.ts';
export type { PathPolicy, PolicyRefusal, ReadPolicy } from './path-policy.ts';
export { matchSecretPath, SECRET_PATH_GLOBS } from './secret-paths.ts';
export { pathsToRead, validateEdits } from './validate-edits.ts';
export type { AcceptedEdit, EditConfig, EditContext, EditValidation, FileChange, RefusalCode, RefusedEdit } from './validate-edits.ts';
