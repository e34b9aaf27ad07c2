import type { FileChange } from '../edits/index.ts';
import { classifyGitHubError } from './github-answer.ts';
import { branchHead, type TreeFile } from './read-tree.ts';
import { httpStatus, type GitHub, type RepoRef } from './repo-ref.ts';

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

/** How a branch came to point at a commit, or the commit it points at instead. */
export type BranchMove = { ok: true; how: 'created' | 'adopted' | 'moved' } | { ok: false; head: string };

/**
 * Points `branch` at `sha`, safely run twice: a branch that already points there is adopted (an earlier run of the
 * step moved it, and its answer was lost); otherwise it moves only from `from`, the commit the App expects there
 * (the head it pushed before, for a refinement), or, with `replaceOwn`, from any commit the App made itself (an
 * earlier attempt's). A branch at anything else belongs to a person now and is left alone: `ok: false`.
 */
export async function moveBranch(github: GitHub, repo: RepoRef, branch: string, sha: string, options: { from?: string | null; replaceOwn?: readonly string[] }): Promise<BranchMove> {
  try {
    await github.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
    return { ok: true, how: 'created' };
  } catch (error) {
    const answer = classifyGitHubError(error);
    if (answer.kind !== 'already_done' || answer.what !== 'reference') throw error;
  }
  const head = await branchHead(github, repo, branch);
  if (head === sha) return { ok: true, how: 'adopted' };
  const own = options.replaceOwn?.includes(head) === true;
  if (head !== options.from && !own) return { ok: false, head };
  try {
    // Only the App's own commits are replaced; from the expected head it is a fast-forward, which GitHub checks too.
    await github.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha, force: own && head !== options.from });
    return { ok: true, how: 'moved' };
  } catch (error) {
    // 422 "Update is not a fast forward": someone pushed between the read and the move.
    if (httpStatus(error) === 422) return { ok: false, head: await branchHead(github, repo, branch) };
    throw error;
  }
}
