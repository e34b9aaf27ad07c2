import { updateWorkOrder, type JsonObject, type WorkOrder } from '../../src/store/index.ts';
import type { ModelConfig, PunchlistConfig } from '../config/index.ts';
import { describeRefusals, type FileChange, type RefusedEdit } from '../edits/index.ts';
import { createCommit, moveBranch } from '../github/commit-changes.ts';
import { readSnapshot } from '../github/read-tree.ts';
import type { GitHub, RepoRef } from '../github/repo-ref.ts';
import { attemptContext, currentAttempt, withCall, type AttemptRecord } from './attempt.ts';
import { gatherContext, validateAgainstSnapshot } from './gather-context.ts';
import { callEvidence, proposeWithinBudget, workOrderPrompt } from './model-call.ts';
import { contextPatch, readContext, storedAnswer, type StoredProposal } from './work-order-context.ts';
import type { WorkerDeps } from './worker-deps.ts';

/** One change to make: the first proposal (cycle 0) or a refinement cycle's fix. */
export interface ChangeRequest {
  order: WorkOrder;
  config: PunchlistConfig;
  model: ModelConfig;
  github: GitHub;
  repo: RepoRef;
  branch: string;
  /** The cycle this change makes: 0 for the first proposal, else the refinement cycle. */
  forCycle: number;
  /** The commit the change is made on (the base commit, or the branch's head for a refinement). */
  parentSha: string;
  /** Files the model should see first, and the text related files are ranked by. */
  named: readonly string[];
  rankText: string;
  /** Classified failures to fix, for a refinement. */
  failures?: readonly string[];
  /** Failures left out of the request (known flaky, broken on the base branch, quarantined), one line each: named so the model leaves them alone. */
  setAside?: readonly string[];
  commitMessage(summary: string): string;
}

/** How a change ended. Every failure is a value the step turns into a decision. */
export type ChangeResult =
  | { ok: false; stage: 'budget'; conclusion: string; evidence: JsonObject; attempt: AttemptRecord }
  | { ok: false; stage: 'model'; conclusion: string; kind: string; evidence: JsonObject; attempt: AttemptRecord }
  | { ok: false; stage: 'no_change'; conclusion: string; evidence: JsonObject; attempt: AttemptRecord }
  | { ok: false; stage: 'branch_moved'; head: string; sha: string; evidence: JsonObject; attempt: AttemptRecord }
  | { ok: true; headSha: string; summary: string; changes: FileChange[]; refused: JsonObject[]; evidence: JsonObject; attempt: AttemptRecord; costUsd: number };

/**
 * Why an answer left nothing to commit: the refusals, and "the rest change nothing" only when some edits were not
 * refused (they matched the files as they are). Safe to show in a comment (describeRefusals makes it inert).
 */
export function noChangeConclusion(refused: readonly RefusedEdit[], total: number): string {
  if (refused.length === 0) return `No change to commit: ${total === 1 ? 'the one edit changes' : `the ${total} edits change`} nothing`;
  const why = describeRefusals(refused, total);
  return `No change to commit: ${refused.length < total ? `${why}; the rest change nothing` : why}`;
}

/**
 * Makes one change, safe to run again from any point: asks the model (unless this change's answer is stored,
 * which a retry reuses: one call, one charge), validates the edits, commits (unless this change's commit is
 * recorded) and moves the branch (adopting it when it already points there). The proposal and the refinement
 * steps both make their change here.
 */
export async function makeChange(deps: WorkerDeps, request: ChangeRequest): Promise<ChangeResult> {
  const { store } = deps;
  const { order, config, model, github, repo } = request;
  const context = readContext(order);
  let attempt = currentAttempt(order);
  const key = { attempt: attempt.number, forCycle: request.forCycle, parentSha: request.parentSha };
  const same = (p: { attempt: number; forCycle: number; parentSha: string } | null | undefined) =>
    p != null && p.attempt === key.attempt && p.forCycle === key.forCycle && p.parentSha === key.parentSha;
  const snapshot = await readSnapshot(github, repo, request.parentSha);

  let proposal: StoredProposal;
  // What the prompt carried; a reused answer reads the files its edits touch afresh.
  let carried: { path: string; content: string }[] = [];
  if (same(context.proposal) && context.proposal!.model === model.name) {
    proposal = context.proposal!;
  } else {
    const gathered = await gatherContext(github, repo, snapshot, { named: request.named, issueText: request.rankText, config });
    carried = gathered.files;
    const prompt = workOrderPrompt(order, gathered, request.failures ? [...request.failures] : undefined, request.setAside)
    let made: StoredProposal | null = null;
    const call = await proposeWithinBudget(deps, order, config, model, prompt, (result) => {
      attempt = withCall(attempt, result);
      made = {
        ...key,
        model: model.name,
        answer: result.ok ? { ok: true, summary: result.answer.summary, edits: result.answer.edits } : { ok: false, kind: result.kind, message: result.message },
        costUsd: result.costUsd,
        evidence: callEvidence(result),
        related: gathered.related,
        left: gathered.left,
      };
      return { ...attemptContext(attempt), ...contextPatch({ proposal: made }) };
    });
    if (!call.ok) return { ok: false, stage: 'budget', conclusion: call.conclusion, evidence: call.evidence, attempt };
    proposal = made!;
  }
  const evidence = proposal.evidence as JsonObject;
  if (!proposal.answer.ok) {
    return { ok: false, stage: 'model', conclusion: `No change from "${model.name}": ${proposal.answer.message}`, kind: proposal.answer.kind, evidence: { ...evidence, kind: proposal.answer.kind }, attempt };
  }
  const answer = storedAnswer(proposal)!;

  const validation = await validateAgainstSnapshot(github, repo, snapshot, answer.edits, { files: carried }, config);
  const refused = validation.refused.map((r) => ({ path: r.edit.path, code: r.code, reason: r.reason }));
  if (validation.changes.length === 0) {
    return { ok: false, stage: 'no_change', conclusion: noChangeConclusion(validation.refused, answer.edits.length), evidence: { ...evidence, refused }, attempt };
  }

  const changedFiles = validation.changes.map((c) => c.path);
  let headSha: string;
  if (same(context.pendingCommit)) {
    headSha = context.pendingCommit!.sha;
  } else {
    headSha = await createCommit(github, repo, {
      parentSha: snapshot.commitSha,
      baseTreeSha: snapshot.treeSha,
      baseFiles: snapshot.files,
      changes: validation.changes,
      message: request.commitMessage(answer.summary),
    });
    // Recorded before the branch moves: a retry moves the branch to this commit, never to a second one, and the
    // push it causes is recognised as the App's own.
    await updateWorkOrder(store, order.id, {
      context: contextPatch({ pendingCommit: { ...key, sha: headSha, changedFiles }, pendingHead: headSha, ownCommits: [...(context.ownCommits ?? []), headSha] }),
    });
  }
  const own = [...(context.ownCommits ?? []), ...order.commits];
  const moved = await moveBranch(github, repo, request.branch, headSha, request.forCycle === 0 ? { replaceOwn: own } : { from: request.parentSha });
  const done = { ...evidence, summary: answer.summary, files: changedFiles, refused, headSha, context: { related: proposal.related ?? [], left: proposal.left ?? [] } } as JsonObject;
  if (!moved.ok) return { ok: false, stage: 'branch_moved', head: moved.head, sha: headSha, evidence: { ...evidence, unpushed: headSha, head: moved.head }, attempt };
  return { ok: true, headSha, summary: answer.summary, changes: validation.changes, refused, evidence: done, attempt, costUsd: proposal.costUsd };
}
