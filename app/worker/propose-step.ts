import { monthScope, orderScope, releaseBudget, reserveBudget, settleBudget, type JsonObject, type WorkOrder } from '../../src/store/index.ts';
import { pathsToRead, validateEdits } from '../edits/index.ts';
import { branchName } from '../github/branch-name.ts';
import { commitChanges } from '../github/commit-changes.ts';
import { readSnapshot } from '../github/read-tree.ts';
import { splitRepository, type GitHub, type RepoRef } from '../github/repo-ref.ts';
import { buildProposalPrompt, costUsd, PROPOSAL_SYSTEM_PROMPT } from '../model/index.ts';
import { gatherContext, readMissing } from './gather-context.ts';
import { renderPullRequestBody } from './render-pull-request-body.ts';
import { orderConfig } from './route-step.ts';
import { moveAndComplete, type WorkerDeps, type WorkJob } from './worker-deps.ts';

/** The most output a proposal may use; also what the budget reserves for it. */
export const MAX_OUTPUT_TOKENS = 8192;

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
  const fail = async (kind: 'proposal' | 'budget', conclusion: string, evidence: JsonObject, next: string, stop = 'failed') => {
    await moveAndComplete(store, job, { id: order.id, from: 'proposing', to: 'failed', patch: { context: { stop } }, decision: { kind, conclusion, evidence, next } });
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
  if (!model) return fail('proposal', `Model "${order.model}" is no longer in the work order's configuration`, {}, 'Label the issue again');
  const baseSha = String(order.context.baseSha);
  const snapshot = await readSnapshot(github, repo, baseSha);
  const context = await gatherContext(github, repo, snapshot, order.files);
  const prompt = buildProposalPrompt({
    title: order.title,
    body: order.body,
    acceptanceCriteria: order.acceptanceCriteria.map((text) => ({ text, checked: false })),
    files: context.files,
    tree: context.tree,
  });

  // Reserve what the call could cost at most: its input at about four characters a token, and a full output.
  const estimate = Math.max(costUsd({ inputTokens: Math.ceil((prompt.length + PROPOSAL_SYSTEM_PROMPT.length) / 4), outputTokens: MAX_OUTPUT_TOKENS, reported: true }, model), 0.000001);
  const reservation = await reserveBudget(store.db, {
    amountUsd: estimate,
    workOrderId: order.id,
    purpose: `model:${model.name}`,
    limits: [
      { scope: orderScope(order.id), limitUsd: config.budget.per_order },
      { scope: monthScope(order.repository, new Date()), limitUsd: config.budget.per_month },
    ],
  });
  if (!reservation.ok) {
    return fail(
      'budget',
      `Budget exhausted: "${reservation.scope}" has $${reservation.committedUsd} of $${reservation.limitUsd} committed, and the call may cost $${reservation.requestedUsd}`,
      reservation as unknown as JsonObject,
      'Raise "budget" in .github/punchlist.yml or wait for next month, then label the issue again',
      'budget_exceeded',
    );
  }
  let result;
  try {
    result = await deps.models.propose({ model, system: PROPOSAL_SYSTEM_PROMPT, prompt, maxOutputTokens: MAX_OUTPUT_TOKENS });
  } catch (error) {
    await releaseBudget(store.db, reservation.reservationId);
    throw error;
  }
  await settleBudget(store.db, reservation.reservationId, result.costUsd);
  const callEvidence = { model: result.model, usage: result.usage, costUsd: result.costUsd, calls: result.calls } as unknown as JsonObject;
  if (!result.ok) {
    return fail('proposal', `No change from "${model.name}": ${result.message}`, { ...callEvidence, kind: result.kind }, 'Label the issue again to retry, or route it to another model');
  }

  const files = new Map(context.files.map((f) => [f.path, f.content]));
  await readMissing(github, repo, snapshot, pathsToRead(result.answer.edits), files);
  const validation = validateEdits(result.answer.edits, { files, config });
  const refused = validation.refused.map((r) => ({ path: r.edit.path, code: r.code, reason: r.reason }));
  if (validation.changes.length === 0) {
    return fail('proposal', `No change to commit: ${validation.refused.length} of ${result.answer.edits.length} edits refused, the rest change nothing`, { ...callEvidence, refused }, 'Clarify the issue and label it again');
  }

  const headSha = await commitChanges(github, repo, {
    branch,
    parentSha: snapshot.commitSha,
    baseTreeSha: snapshot.treeSha,
    baseFiles: snapshot.files,
    changes: validation.changes,
    message: `${order.title}\n\n${result.answer.summary}\n\nPunchlist work order ${order.id} for #${order.issueNumber}, by ${model.name}.`,
  });
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
      evidence: { ...callEvidence, summary: result.answer.summary, files: validation.changes.map((c) => c.path), refused, headSha },
      next: 'Wait for the pull request\'s CI',
    },
  });
  return `Opened pull request #${pr.number}.`;
}
