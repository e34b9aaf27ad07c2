import { recordOutcome, updateWorkOrder, type JsonObject, type WorkOrder } from '../../src/store/index.ts';
import { pathsToRead, validateEdits } from '../edits/index.ts';
import { branchName } from '../github/branch-name.ts';
import { createCommit, moveBranch } from '../github/commit-changes.ts';
import { readSnapshot } from '../github/read-tree.ts';
import { splitRepository, type GitHub, type RepoRef } from '../github/repo-ref.ts';
import { attemptContext, attemptOutcome, currentAttempt, withCall } from './attempt.ts';
import { gatherContext, readMissing } from './gather-context.ts';
import { callEvidence, proposeWithinBudget, workOrderPrompt } from './model-call.ts';
import { renderPullRequestBody } from './render-pull-request-body.ts';
import { orderConfig } from './route-step.ts';
import { moveAndComplete, type WorkerDeps, type WorkJob } from './worker-deps.ts';

export { MAX_OUTPUT_TOKENS } from './model-call.ts';

async function existingPullRequest(github: GitHub, repo: RepoRef, branch: string): Promise<{ number: number; html_url: string; head: { sha: string } } | null> {
  const { data } = await github.rest.pulls.list({ ...repo, head: `${repo.owner}:${branch}`, state: 'all' });
  return data[0] ?? null;
}

/**
 * Step `proposing → pr_open`: context, budget, the model (outside any transaction), edit validation, a commit
 * through the Git Data API and the pull request. Every way it can end is a decision; none throws but faults.
 */
export async function proposeStep(order: WorkOrder, job: WorkJob, deps: WorkerDeps): Promise<string> {
  const { store } = deps;
  const config = orderConfig(order);
  const github = await deps.github(order.installationId);
  const repo = splitRepository(order.repository);
  const branch = branchName(order.issueNumber, order.title);
  let attempt = currentAttempt(order);
  // The attempt's model failed to produce a change: the work order ends, and the attempt's outcome says why.
  const fail = async (conclusion: string, evidence: JsonObject, next: string, failure: JsonObject) => {
    await moveAndComplete(
      store,
      job,
      { id: order.id, from: 'proposing', to: 'failed', patch: { context: { stop: 'failed', ...attemptContext(attempt) } }, decision: { kind: 'proposal', conclusion, evidence, next } },
      async (tx) => {
        await recordOutcome(tx.db, attemptOutcome({ ...order, context: { ...order.context, ...attemptContext(attempt) } }, { success: false, errorContext: { stage: 'proposal', ...failure } }));
      },
    );
    return conclusion;
  };

  // A run that stopped after opening the pull request must not open a second one.
  const open = await existingPullRequest(github, repo, branch);
  if (open) {
    await moveAndComplete(store, job, {
      id: order.id,
      from: 'proposing',
      to: 'pr_open',
      patch: { branch, prNumber: open.number, headSha: open.head.sha, context: { pullRequestUrl: open.html_url } },
      decision: { kind: 'proposal', conclusion: `Pull request #${open.number} already exists for ${branch}`, evidence: { branch }, next: 'Wait for CI' },
    });
    return `Pull request #${open.number} is open.`;
  }

  const model = config.models.find((m) => m.name === order.model);
  if (!model) return fail(`Model "${order.model}" is no longer in the work order's configuration`, {}, 'Label the issue again', { kind: 'not_configured' });
  const baseSha = String(order.context.baseSha);
  const snapshot = await readSnapshot(github, repo, baseSha);
  const context = await gatherContext(github, repo, snapshot, order.files, `${order.title}\n${order.body}`);
  const prompt = workOrderPrompt(order, context);

  const call = await proposeWithinBudget(deps, order, config, model, prompt);
  if (!call.ok) {
    // No model was called and no pull request exists: the work order ends here, with what to change.
    await moveAndComplete(store, job, {
      id: order.id,
      from: 'proposing',
      to: 'budget_exceeded',
      patch: { context: { stop: 'budget_exceeded' } },
      decision: { kind: 'budget', conclusion: call.conclusion, evidence: call.evidence, next: 'Raise "budget" in .github/punchlist.yml or wait for next month, then label the issue again' },
    });
    return call.conclusion;
  }
  const result = call.result;
  attempt = withCall(attempt, result);
  await updateWorkOrder(store, order.id, { context: attemptContext(attempt) });
  const evidence = callEvidence(result);
  if (!result.ok) {
    return fail(`No change from "${model.name}": ${result.message}`, { ...evidence, kind: result.kind }, 'Label the issue again to retry, or route it to another model', { kind: result.kind });
  }

  const files = new Map(context.files.map((f) => [f.path, f.content]));
  await readMissing(github, repo, snapshot, pathsToRead(result.answer.edits), files);
  const validation = validateEdits(result.answer.edits, { files, config });
  const refused = validation.refused.map((r) => ({ path: r.edit.path, code: r.code, reason: r.reason }));
  if (validation.changes.length === 0) {
    return fail(
      `No change to commit: ${validation.refused.length} of ${result.answer.edits.length} edits refused, the rest change nothing`,
      { ...evidence, refused },
      'Clarify the issue and label it again',
      { kind: 'no_change' },
    );
  }

  const headSha = await createCommit(github, repo, {
    parentSha: snapshot.commitSha,
    baseTreeSha: snapshot.treeSha,
    baseFiles: snapshot.files,
    changes: validation.changes,
    message: `${order.title}\n\n${result.answer.summary}\n\nPunchlist work order ${order.id} for #${order.issueNumber}, by ${model.name}.`,
  });
  const changedFiles = validation.changes.map((c) => c.path);
  // Known before the branch moves, so the push it causes is recognised as the App's own.
  await updateWorkOrder(store, order.id, { context: { pendingHead: headSha, changedFiles } });
  await moveBranch(github, repo, branch, headSha, { force: true });
  const body = renderPullRequestBody({
    issueNumber: order.issueNumber,
    summary: result.answer.summary,
    acceptanceCriteria: order.acceptanceCriteria,
    changes: validation.changes,
    refused: validation.refused,
    model: model.name,
    complexity: { score: order.complexity ?? 0, band: Number(order.complexityBand ?? 0) },
    costUsd: result.costUsd,
    routingReason: String(order.context.routingReason ?? ''),
    workOrderId: order.id,
  });
  const defaultBranch = String(order.context.defaultBranch ?? 'main');
  const { data: pr } = await github.rest.pulls.create({ ...repo, title: order.title, head: branch, base: defaultBranch, body });
  await moveAndComplete(store, job, {
    id: order.id,
    from: 'proposing',
    to: 'pr_open',
    patch: { branch, prNumber: pr.number, headSha, context: { pullRequestUrl: pr.html_url } },
    decision: {
      kind: 'proposal',
      conclusion: `Opened pull request #${pr.number} on ${branch}: ${validation.changes.length} file(s) changed by "${model.name}"`,
      evidence: { ...evidence, summary: result.answer.summary, files: changedFiles, refused, headSha, context: { related: context.related, left: context.left } as unknown as JsonObject },
      next: 'Wait for the pull request\'s CI',
    },
  });
  return `Opened pull request #${pr.number}.`;
}
