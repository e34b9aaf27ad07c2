import { readRepoFile } from '../github/read-file.ts';
import type { RepoSnapshot } from '../github/read-tree.ts';
import type { GitHub, RepoRef } from '../github/repo-ref.ts';

/** How much of the repository a prompt may carry: about 25k tokens of files and a listing of the tree. */
export const CONTEXT_BUDGET = { fileChars: 100_000, treePaths: 400 } as const;

/** Files and tree for the prompt, and what did not fit (for the decision log). */
export interface GatheredContext {
  files: { path: string; content: string }[];
  tree: string[];
  left: { path: string; reason: 'not_in_repository' | 'over_budget' }[];
}

/**
 * Reads the files the issue names at the pinned commit, smallest first so as many fit as possible, within the
 * character budget; the tree lists what else exists. Files most related to the issue are a later refinement.
 */
export async function gatherContext(github: GitHub, repo: RepoRef, snapshot: RepoSnapshot, named: readonly string[]): Promise<GatheredContext> {
  const sizes = new Map(snapshot.files.map((f) => [f.path, f.size]));
  const left: GatheredContext['left'] = [];
  const present = named.filter((p) => (sizes.has(p) ? true : (left.push({ path: p, reason: 'not_in_repository' }), false)));
  present.sort((a, b) => (sizes.get(a) ?? 0) - (sizes.get(b) ?? 0));
  const files: GatheredContext['files'] = [];
  let used = 0;
  for (const path of present) {
    if (used + (sizes.get(path) ?? 0) > CONTEXT_BUDGET.fileChars) {
      left.push({ path, reason: 'over_budget' });
      continue;
    }
    const content = await readRepoFile(github, repo, path, snapshot.commitSha);
    if (content === null) continue;
    files.push({ path, content });
    used += content.length;
  }
  const shown = new Set(files.map((f) => f.path));
  const tree = snapshot.files.map((f) => f.path).filter((p) => !shown.has(p)).slice(0, CONTEXT_BUDGET.treePaths);
  return { files, tree, left };
}

/** Reads the current content of paths the edits touch that the prompt did not carry (absent files stay absent). */
export async function readMissing(github: GitHub, repo: RepoRef, snapshot: RepoSnapshot, paths: readonly string[], have: Map<string, string>): Promise<void> {
  const exists = new Set(snapshot.files.map((f) => f.path));
  for (const path of paths) {
    if (have.has(path) || !exists.has(path)) continue;
    const content = await readRepoFile(github, repo, path, snapshot.commitSha);
    if (content !== null) have.set(path, content);
  }
}
