import { CONFIG_PATH, type PunchlistConfig } from '../config/config-schema.ts';
import type { Edit } from '../model/answer-schema.ts';
import { checkRepoPath, type PathProblem } from './check-repo-path.ts';
import { createPathPolicy, type PolicyRefusal } from './path-policy.ts';

/** Why an edit was refused. */
export type RefusalCode =
  | PathProblem
  | PolicyRefusal['code']
  | 'directory' // the path is a directory of the tree, or has a file of the tree as a directory
  | 'too_many_edits' // the answer has more edits than `limits.max_edits`: all of them are refused
  | 'file_too_large' // the file would be larger than `limits.max_file_bytes`
  | 'change_too_large' // the change would upload more than `limits.max_total_bytes`: all of it is refused
  | 'missing_file'
  | 'search_not_found'
  | 'search_ambiguous';

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

/** The configuration keys validation reads. */
export type EditConfig = Pick<PunchlistConfig, 'deny_paths' | 'allow_workflows' | 'allow_config_edit' | 'limits'>;

/** The repository as the edits see it: its tree, and the current contents of (at least) every file `pathsToRead` names. */
export interface EditContext {
  /** Current file contents by repository path; a path absent here is treated as absent from the repository. */
  files: ReadonlyMap<string, string>;
  /** Every file path of the tree the edits apply to: what tells a directory from a file. */
  tree: readonly { path: string }[];
  config: EditConfig;
}

/** The paths whose current content validation needs: every valid path an edit names that the policy lets it write. */
export function pathsToRead(edits: readonly Edit[], config: Pick<EditConfig, 'deny_paths' | 'allow_workflows' | 'allow_config_edit'>): string[] {
  const policy = createPathPolicy(config);
  const paths = new Set<string>();
  for (const e of edits) {
    const checked = checkRepoPath(e.path);
    // A refused path is never read: its edit is refused before its content matters, and a denied file stays unread.
    if (checked.ok && policy(checked.path) === null) paths.add(checked.path);
  }
  return [...paths];
}

function occurrences(haystack: string, needle: string): number {
  // Overlapping matches count: "aa" occurs twice in "aaa", and either could be the one the model meant.
  let count = 0;
  for (let i = haystack.indexOf(needle); i !== -1 && count < 2; i = haystack.indexOf(needle, i + 1)) count++;
  return count;
}

/** The directories of a set of file paths: every proper prefix. */
function directoriesOf(paths: Iterable<string>): Set<string> {
  const directories = new Set<string>();
  for (const path of paths) {
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) directories.add(path.slice(0, slash));
  }
  return directories;
}

/** The first proper prefix of `path` in `files`: a file the path would need as a directory. */
function fileAncestor(path: string, files: ReadonlySet<string>): string | null {
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
    if (files.has(path.slice(0, slash))) return path.slice(0, slash);
  }
  return null;
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Validates the model's edits against the repository rules, its tree and its current files, applying them in
 * order (a later edit sees an earlier one's result). An edit may not name a directory (through the Git Data API a
 * blob there replaces the whole directory, past every other rule) or put a file under a file. Limits: more than
 * `limits.max_edits` edits, or a change over `limits.max_total_bytes`, refuses the whole answer (a part of a
 * runaway answer is not what anyone asked for); a file over `limits.max_file_bytes` refuses that edit. Refused
 * edits are reported, never thrown, and change nothing.
 */
export function validateEdits(edits: readonly Edit[], context: EditContext): EditValidation {
  const limits = context.config.limits;
  if (edits.length > limits.max_edits) {
    const reason = `The answer has ${edits.length} edits, and "limits.max_edits" in ${CONFIG_PATH} allows ${limits.max_edits}`;
    return { accepted: [], refused: edits.map((edit, index) => ({ index, edit, code: 'too_many_edits', reason })), changes: [] };
  }
  const policy = createPathPolicy(context.config);
  // Files of the tree and files this answer creates; a deleted file stays in, so a path under it is still refused.
  const files = new Set(context.tree.map((f) => f.path));
  const directories = directoriesOf(files);
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
    if (directories.has(path)) return refuse('directory', `"${path}" is a directory in the repository; an edit changes one file, never a directory`);
    const under = fileAncestor(path, files);
    if (under !== null) return refuse('directory', `"${path}" would need "${under}", a file, to be a directory`);
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
    if (after !== null && bytes(after) > limits.max_file_bytes) {
      return refuse('file_too_large', `"${path}" would be ${bytes(after)} bytes, and "limits.max_file_bytes" in ${CONFIG_PATH} allows ${limits.max_file_bytes}`);
    }
    if (!working.has(path)) order.push(path);
    working.set(path, after);
    // From now on a later edit may neither replace this file's directories with a file nor put a file under it.
    for (const directory of directoriesOf([path])) directories.add(directory);
    if (after !== null) files.add(path);
    accepted.push({ index, edit: { ...edit, path } });
  });
  const changes: FileChange[] = [];
  for (const path of order) {
    const after = working.get(path) ?? null;
    const original = context.files.get(path) ?? null;
    if (after === original) continue;
    changes.push(after === null ? { path, deleted: true } : { path, content: after });
  }
  const total = changes.reduce((sum, c) => sum + ('content' in c ? bytes(c.content) : 0), 0);
  if (total > limits.max_total_bytes) {
    const reason = `The change would upload ${total} bytes, and "limits.max_total_bytes" in ${CONFIG_PATH} allows ${limits.max_total_bytes}`;
    return { accepted: [], refused: [...refused, ...accepted.map(({ index, edit }) => ({ index, edit, code: 'change_too_large' as const, reason }))].sort((a, b) => a.index - b.index), changes: [] };
  }
  return { accepted, refused, changes };
}
