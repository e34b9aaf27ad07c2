import type { FileChange } from '../edits/index.ts';
import { httpStatus, type GitHub, type RepoRef } from './repo-ref.ts';
import type { TreeFile } from './read-tree.ts';

/** What to commit and where. */
export interface CommitRequest {
  branch: string;
  parentSha: string;
  baseTreeSha: string;
  /** The parent's files, so an edited file keeps its mode (an executable stays executable). */
  baseFiles: readonly TreeFile[];
  changes: readonly FileChange[];
  message: string;
}

/**
 * Commits the changes on `branch` through the Git Data API (blobs, tree, commit, ref), creating the branch or
 * moving it there: a retried step rewrites its own branch rather than failing on it. Returns the commit's sha.
 */
export async function commitChanges(github: GitHub, repo: RepoRef, request: CommitRequest): Promise<string> {
  const modes = new Map(request.baseFiles.map((f) => [f.path, f.mode]));
  const entries: { path: string; mode: '100644' | '100755'; type: 'blob'; sha: string | null }[] = [];
  for (const change of request.changes) {
    const mode = modes.get(change.path) === '100755' ? '100755' : '100644';
    if ('deleted' in change) {
      entries.push({ path: change.path, mode, type: 'blob', sha: null });
      continue;
    }
    const { data: blob } = await github.rest.git.createBlob({ ...repo, content: Buffer.from(change.content, 'utf8').toString('base64'), encoding: 'base64' });
    entries.push({ path: change.path, mode, type: 'blob', sha: blob.sha });
  }
  const { data: tree } = await github.rest.git.createTree({ ...repo, base_tree: request.baseTreeSha, tree: entries });
  const { data: commit } = await github.rest.git.createCommit({ ...repo, message: request.message, tree: tree.sha, parents: [request.parentSha] });
  try {
    await github.rest.git.createRef({ ...repo, ref: `refs/heads/${request.branch}`, sha: commit.sha });
  } catch (error) {
    // 422 "Reference already exists": an earlier run of this step got this far before it stopped.
    if (httpStatus(error) !== 422) throw error;
    await github.rest.git.updateRef({ ...repo, ref: `heads/${request.branch}`, sha: commit.sha, force: true });
  }
  return commit.sha;
}
