import type { GitHub, RepoRef } from './repo-ref.ts';

/** One file of a commit's tree. */
export interface TreeFile {
  path: string;
  mode: string;
  size: number;
}

/** The commit a branch points at, its tree, and the tree's files. */
export interface RepoSnapshot {
  commitSha: string;
  treeSha: string;
  files: TreeFile[];
  /** GitHub cuts very large trees short; context is then partial, and the decision log says so. */
  truncated: boolean;
}

/** The head commit of `branch` (an id to pin every later read and the new commit's parent to). */
export async function branchHead(github: GitHub, repo: RepoRef, branch: string): Promise<string> {
  const { data } = await github.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
  return data.object.sha;
}

/** Reads the files of a commit through the Git Data API: no clone, one request for the whole tree. */
export async function readSnapshot(github: GitHub, repo: RepoRef, commitSha: string): Promise<RepoSnapshot> {
  const { data: commit } = await github.rest.git.getCommit({ ...repo, commit_sha: commitSha });
  const { data: tree } = await github.rest.git.getTree({ ...repo, tree_sha: commit.tree.sha, recursive: 'true' });
  const files = tree.tree
    .filter((e) => e.type === 'blob' && typeof e.path === 'string')
    .map((e) => ({ path: e.path as string, mode: e.mode ?? '100644', size: e.size ?? 0 }));
  return { commitSha, treeSha: commit.tree.sha, files, truncated: tree.truncated };
}
