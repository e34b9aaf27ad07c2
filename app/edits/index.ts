export { checkRepoPath } from './check-repo-path.ts';
export type { PathCheck, PathProblem } from './check-repo-path.ts';
export { createPathPolicy } from './path-policy.ts';
export type { PathPolicy, PolicyRefusal } from './path-policy.ts';
export { pathsToRead, validateEdits } from './validate-edits.ts';
export type { AcceptedEdit, EditContext, EditValidation, FileChange, RefusalCode, RefusedEdit } from './validate-edits.ts';
