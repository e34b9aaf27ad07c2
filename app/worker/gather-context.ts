import { readRepoFile } from '../github/read-file.ts';
import type { RepoSnapshot } from '../github/read-tree.ts';
import type { GitHub, RepoRef } from '../github/repo-ref.ts';
import { rankRelatedFiles } from './related-files.ts';

/** How much of the repository a prompt may carry: about 25k tokens of files and a listing of the tree. */
export const CONTEXT_BUDGET = { fileChars: 100_000, treePaths: 400 } as const;

/** At most this many related files join the named ones: they are guesses, and each costs input tokens. */
export const MAX_RELATED_FILES = 8;

/** How far down the ranking to look for related files that fit, so a tree of large files costs few reads. */
const MAX_RELATED_CANDIDATES = MAX_RELATED_FILES * 4;

/** Files and tree for the prompt, and what did not fit (for the decision log). */
export interface GatheredContext {
  /** The named files first, then the related ones, in the order the prompt shows them. */
  files: { path: string; content: string }[];
  tree: string[];
  /** Which of `files` are there because they looked related, not because the issue named them, and why. */
  related: { path: string; reason: string }[];
  left: { path: string; reason: 'not_in_repository' | 'over_budget' | 'related_over_budget' }[];
}

/** What reading files into the prompt has gathered so far, and the characters it used. */
interface Reading {
  sizes: Map<string, number>;
  files: GatheredContext['files'];
  related: GatheredContext['related'];
  left: GatheredContext['left'];
  used: number;
}

/** Reads the named files that exist, smallest first so as many fit as possible. */
async function readNamed(github: GitHub, repo: RepoRef, snapshot: RepoSnapshot, named: readonly string[], reading: Reading): Promise<void> {
  const present = named.filter((p) => (reading.sizes.has(p) ? true : (reading.left.push({ path: p, reason: 'not_in_repository' }), false)));
  present.sort((a, b) => (reading.sizes.get(a) ?? 0) - (reading.sizes.get(b) ?? 0));
  for (const path of present) {
    if (reading.used + (reading.sizes.get(path) ?? 0) > CONTEXT_BUDGET.fileChars) {
      reading.left.push({ path, reason: 'over_budget' });
      continue;
    }
    const content = await readRepoFile(github, repo, path, snapshot.commitSha);
    if (content === null) continue;
    reading.files.push({ path, content });
    reading.used += content.length;
  }
}

/** Reads the most related files by rank, each only if it fits in what the budget has left. */
async function readRelated(github: GitHub, repo: RepoRef, snapshot: RepoSnapshot, named: readonly string[], issueText: string, reading: Reading): Promise<void> {
  const ranked = rankRelatedFiles({ tree: snapshot.files, issueText, named }).slice(0, MAX_RELATED_CANDIDATES);
  for (const candidate of ranked) {
    if (reading.related.length >= MAX_RELATED_FILES) break;
    if (reading.used + (reading.sizes.get(candidate.path) ?? 0) > CONTEXT_BUDGET.fileChars) {
      reading.left.push({ path: candidate.path, reason: 'related_over_budget' });
      continue;
    }
    const content = await readRepoFile(github, repo, candidate.path, snapshot.commitSha);
    if (content === null) continue;
    reading.files.push({ path: candidate.path, content });
    reading.related.push({ path: candidate.path, reason: candidate.reason });
    reading.used += content.length;
  }
}

/**
 * Reads the files the issue names at the pinned commit within the character budget; then, given the issue's
 * visible title and body, the files most related to it while the budget lasts. The tree lists what else exists.
 */
export async function gatherContext(github: GitHub, repo: RepoRef, snapshot: RepoSnapshot, named: readonly string[], issueText?: string): Promise<GatheredContext> {
  const reading: Reading = { sizes: new Map(snapshot.files.map((f) => [f.path, f.size])), files: [], related: [], left: [], used: 0 };
  await readNamed(github, repo, snapshot, named, reading);
  if (issueText !== undefined) await readRelated(github, repo, snapshot, named, issueText, reading);
  const shown = new Set(reading.files.map((f) => f.path));
  const tree = snapshot.files.map((f) => f.path).filter((p) => !shown.has(p)).slice(0, CONTEXT_BUDGET.treePaths);
  return { files: reading.files, tree, related: reading.related, left: reading.left };
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
