import type { PunchlistConfig } from '../config/config-schema.ts';
import { createReadPolicy, pathsToRead, validateEdits, type EditConfig, type EditValidation, type ReadPolicy } from '../edits/index.ts';
import { readRepoFile } from '../github/read-file.ts';
import type { RepoSnapshot } from '../github/read-tree.ts';
import type { GitHub, RepoRef } from '../github/repo-ref.ts';
import type { Edit } from '../model/answer-schema.ts';
import { rankRelatedFiles } from './related-files.ts';

/** How much of the repository a prompt may carry: about 25k tokens of files and a listing of the tree. */
export const CONTEXT_BUDGET = { fileChars: 100_000, treePaths: 400 } as const;

/** At most this many related files join the named ones: they are guesses, and each costs input tokens. */
export const MAX_RELATED_FILES = 8;

/** How far down the ranking to look for related files that fit, so a tree of large files costs few reads. */
const MAX_RELATED_CANDIDATES = MAX_RELATED_FILES * 4;

/** Why a file the issue named, or a related one, is not in the prompt. */
export type LeftReason = 'not_in_repository' | 'over_budget' | 'related_over_budget' | 'denied_path' | 'secret_path';

/** Files and tree for the prompt, and what did not fit (for the decision log). */
export interface GatheredContext {
  /** The named files first, then the related ones, in the order the prompt shows them. */
  files: { path: string; content: string }[];
  tree: string[];
  /** Which of `files` are there because they looked related, not because the issue named them, and why. */
  related: { path: string; reason: string }[];
  left: { path: string; reason: LeftReason }[];
}

/** What the prompt is gathered for: the paths the issue names, its visible text, and the repository's read rules. */
export interface ContextRequest {
  named: readonly string[];
  /** The issue's visible title and body; without it no related files are added. */
  issueText?: string;
  config: Pick<PunchlistConfig, 'deny_paths'>;
}

/** What reading files into the prompt has gathered so far, and the characters it used. */
interface Reading {
  sizes: Map<string, number>;
  readable: ReadPolicy;
  files: GatheredContext['files'];
  related: GatheredContext['related'];
  left: GatheredContext['left'];
  used: number;
}

/** Reads the named files that exist and may be read, smallest first so as many fit as possible. */
async function readNamed(github: GitHub, repo: RepoRef, snapshot: RepoSnapshot, named: readonly string[], reading: Reading): Promise<void> {
  const present: string[] = [];
  for (const path of named) {
    // Naming a file in the issue does not make it readable: `deny_paths` and secret-like paths are never sent.
    const refused = reading.readable(path);
    if (refused) reading.left.push({ path, reason: refused.code });
    else if (!reading.sizes.has(path)) reading.left.push({ path, reason: 'not_in_repository' });
    else present.push(path);
  }
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

/** Reads the most related readable files by rank, each only if it fits in what the budget has left. */
async function readRelated(github: GitHub, repo: RepoRef, readableTree: RepoSnapshot['files'], snapshot: RepoSnapshot, named: readonly string[], issueText: string, reading: Reading): Promise<void> {
  const ranked = rankRelatedFiles({ tree: readableTree, issueText, named }).slice(0, MAX_RELATED_CANDIDATES);
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
 * Files in `deny_paths` and secret-like files are never read, never ranked and never listed: the model can neither
 * see nor change them, so naming them would only invite refused edits.
 */
export async function gatherContext(github: GitHub, repo: RepoRef, snapshot: RepoSnapshot, request: ContextRequest): Promise<GatheredContext> {
  const readable = createReadPolicy(request.config);
  const readableTree = snapshot.files.filter((f) => readable(f.path) === null);
  const reading: Reading = { sizes: new Map(readableTree.map((f) => [f.path, f.size])), readable, files: [], related: [], left: [], used: 0 };
  await readNamed(github, repo, snapshot, request.named, reading);
  if (request.issueText !== undefined) await readRelated(github, repo, readableTree, snapshot, request.named, request.issueText, reading);
  const shown = new Set(reading.files.map((f) => f.path));
  const tree = readableTree.map((f) => f.path).filter((p) => !shown.has(p)).slice(0, CONTEXT_BUDGET.treePaths);
  return { files: reading.files, tree, related: reading.related, left: reading.left };
}

/**
 * Reads the current content of `paths` that `have` lacks (absent files stay absent). Give it `pathsToRead(edits,
 * config)`, which leaves out every path the rules refuse: a refused edit needs no content, and a denied file stays unread.
 */
export async function readMissing(github: GitHub, repo: RepoRef, snapshot: RepoSnapshot, paths: readonly string[], have: Map<string, string>): Promise<void> {
  const exists = new Set(snapshot.files.map((f) => f.path));
  for (const path of paths) {
    if (have.has(path) || !exists.has(path)) continue;
    const content = await readRepoFile(github, repo, path, snapshot.commitSha);
    if (content !== null) have.set(path, content);
  }
}

/**
 * Validates a model's edits against the repository at `snapshot`: reads what the prompt did not carry of the files
 * the edits may touch (`readMissing`), then applies the repository's rules, its tree and its limits (`validateEdits`).
 */
export async function validateAgainstSnapshot(
  github: GitHub,
  repo: RepoRef,
  snapshot: RepoSnapshot,
  edits: readonly Edit[],
  context: Pick<GatheredContext, 'files'>,
  config: EditConfig,
): Promise<EditValidation> {
  const files = new Map(context.files.map((f) => [f.path, f.content]));
  await readMissing(github, repo, snapshot, pathsToRead(edits, config), files);
  return validateEdits(edits, { files, tree: snapshot.files, config });
}
