import type { FileChange } from '../edits/index.ts';
import { httpStatus, type GitHub, type RepoRef } from './repo-ref.ts';
import type { TreeFile } from './read-tree.ts';

/** What to commit. */
export interface CommitRequest {
  parentSha: string;
  baseTreeSha: string;
  /** The parent's files, so an edited file keeps its mode (an executable stays executable). */
  baseFiles: readonly TreeFile[];
  changes: readonly FileChange[];
  message: string;
}

/**
 * Writes the changes as a commit through the Git Data API (tree, commit) and returns its sha; no ref moves. The
 * files' text goes inline in the tree request: GitHub paces writes about one a second per installation, so a blob
 * request per file would make every change slower by a second a file.
 */
export async function createCommit(github: GitHub, repo: RepoRef, request: CommitRequest): Promise<string> {
  const modes = new Map(request.baseFiles.map((f) => [f.path, f.mode]));
  const entries: ({ path: string; mode: '100644' | '100755'; type: 'blob' } & ({ sha: null } | { content: string }))[] = [];
  for (const change of request.changes) {
    const mode = modes.get(change.path) === '100755' ? '100755' : '100644';
    entries.push('deleted' in change ? { path: change.path, mode, type: 'blob', sha: null } : { path: change.path, mode, type: 'blob', content: change.content });
  }
  const { data: tree } = await github.rest.git.createTree({ ...repo, base_tree: request.baseTreeSha, tree: entries });
  const { data: commit } = await github.rest.git.createCommit({ ...repo, message: request.message, tree: tree.sha, parents: [request.parentSha] });
  return commit.sha;
}

/**
 * Points a new branch at `sha`, or moves an existing one there: the first proposal rewrites its own branch when a
 * retried step finds it (`force`); a refinement only fast-forwards, so a person's push is never overwritten.
 * Returns false when the branch moved on without us (GitHub's 422 "Update is not a fast forward").
 */
export async function moveBranch(github: GitHub, repo: RepoRef, branch: string, sha: string, options: { force: boolean }): Promise<boolean> {
  try {
    await github.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
    return true;
  } catch (error) {
    // 422 "Reference already exists": an earlier run of this step, or an earlier cycle, made it.
    if (httpStatus(error) !== 422) throw error;
  }
  try {
    await github.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha, force: options.force });
    return true;
  } catch (error) {
    if (httpStatus(error) === 422 && !options.force) return false;
    throw error;
  }
}
