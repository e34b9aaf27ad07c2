import type { PunchlistConfig } from '../config/config-schema.ts';
import type { Edit } from '../model/answer-schema.ts';
import { checkRepoPath, type PathProblem } from './check-repo-path.ts';
import { createPathPolicy, type PolicyRefusal } from './path-policy.ts';

/** Why an edit was refused. */
export type RefusalCode = PathProblem | PolicyRefusal['code'] | 'missing_file' | 'search_not_found' | 'search_ambiguous';

/** An edit the App will not make, with the reason to log and to feed back. */
export interface RefusedEdit {
  /** Position in the model's `edits`. */
  index: number;
  edit: Edit;
  code: RefusalCode;
  /** One line. */
  reason: string;
}

/** An edit the App accepted, its path normalised. */
export interface AcceptedEdit {
  index: number;
  edit: Edit;
}

/** The final state of one file after all accepted edits: what to commit. */
export type FileChange = { path: string; content: string } | { path: string; deleted: true };

/** Accepted and refused edits, and the file changes the accepted ones add up to. */
export interface EditValidation {
  accepted: AcceptedEdit[];
  refused: RefusedEdit[];
  /** One entry per changed file, in order of first edit; files whose content ends up unchanged are left out. */
  changes: FileChange[];
}

/** The repository as the edits see it: the current contents of (at least) every file `pathsToRead` names. */
export interface EditContext {
  /** Current file contents by repository path; a path absent here does not exist. */
  files: ReadonlyMap<string, string>;
  config: Pick<PunchlistConfig, 'deny_paths' | 'allow_workflows'>;
}

/** The paths whose current content validation needs: every valid path an edit names. */
export function pathsToRead(edits: readonly Edit[]): string[] {
  const paths = new Set<string>();
  for (const e of edits) {
    const checked = checkRepoPath(e.path);
    if (checked.ok) paths.add(checked.path);
  }
  return [...paths];
}

function occurrences(haystack: string, needle: string): number {
  // Overlapping matches count: "aa" occurs twice in "aaa", and either could be the one the model meant.
  let count = 0;
  for (let i = haystack.indexOf(needle); i !== -1 && count < 2; i = haystack.indexOf(needle, i + 1)) count++;
  return count;
}

/**
 * Validates the model's edits against the repository rules and the current files, applying them in order (a
 * later edit sees an earlier one's result). Refused edits are reported, never thrown, and change nothing.
 */
export function validateEdits(edits: readonly Edit[], context: EditContext): EditValidation {
  const policy = createPathPolicy(context.config);
  // null marks a file deleted by an earlier edit of this answer.
  const working = new Map<string, string | null>();
  const order: string[] = [];
  const current = (path: string): string | null => (working.has(path) ? (working.get(path) ?? null) : (context.files.get(path) ?? null));
  const accepted: AcceptedEdit[] = [];
  const refused: RefusedEdit[] = [];
  edits.forEach((edit, index) => {
    const refuse = (code: RefusalCode, reason: string) => void refused.push({ index, edit, code, reason });
    const checked = checkRepoPath(edit.path);
    if (!checked.ok) return refuse(checked.code, checked.reason);
    const path = checked.path;
    const denied = policy(path);
    if (denied) return refuse(denied.code, denied.reason);
    const before = current(path);
    let after: string | null;
    if ('content' in edit) after = edit.content;
    else if ('delete' in edit) {
      if (before === null) return refuse('missing_file', `Cannot delete "${path}": it does not exist`);
      after = null;
    } else {
      if (before === null) return refuse('missing_file', `Cannot edit "${path}": it does not exist`);
      const count = edit.search === '' ? 0 : occurrences(before, edit.search);
      if (count === 0) return refuse('search_not_found', `The search text does not occur in "${path}"`);
      if (count > 1) return refuse('search_ambiguous', `The search text occurs more than once in "${path}"`);
      // Slicing, not String.replace: a replacement containing `$&` or `$1` must be written as it is.
      const at = before.indexOf(edit.search);
      after = before.slice(0, at) + edit.replace + before.slice(at + edit.search.length);
    }
    if (!working.has(path)) order.push(path);
    working.set(path, after);
    accepted.push({ index, edit: { ...edit, path } });
  });
  const changes: FileChange[] = [];
  for (const path of order) {
    const after = working.get(path) ?? null;
    const original = context.files.get(path) ?? null;
    if (after === original) continue;
    changes.push(after === null ? { path, deleted: true } : { path, content: after });
  }
  return { accepted, refused, changes };
}
