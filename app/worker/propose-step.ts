import { recordOutcome, type JsonObject } from '../../src/store/index.ts';
import { branchName } from '../github/branch-name.ts';
import { classifyGitHubError, CREATE_ONCE, fitBody } from '../github/github-answer.ts';
import { type GitHub, type RepoRef } from '../github/repo-ref.ts';
import { attemptContext, attemptOutcome, type AttemptRecord } from './attempt.ts';
import { makeChange } from './make-change.ts';
import { renderPullRequestBody } from './render-pull-request-body.ts';
import { retryAdvice } from './retry-advice.ts';
import { contextPatch, readContext } from './work-order-context.ts';
import type { StepContext } from './step-context.ts';
import { moveAndComplete } from './worker-deps.ts';

export { MAX_OUTPUT_TOKENS } from './model-call.ts';

type PullRequest = { number: number; html_url: string; head: { sha: string } };

/** The open pull request of `branch`, if there is one: found before one is created, so a retry never opens two. */
async function openPullRequest(github: GitHub, repo: RepoRef, branch: string): Promise<PullRequest | null> {
  const { data } = await github.rest.pulls.list({ ...repo, head: `${repo.owner}:${branch}`, state: 'open' });
  return data[0] ?? null;
}

/**
 * Opens the pull request, or adopts the one that exists: GitHub may have made it while its answer was lost (a
 * reset connection, a killed process), and answers a second request 422 "A pull request already exists". A body
 * over GitHub's limit is trimmed and sent again.
 */
async function openOrAdopt(github: GitHub, repo: RepoRef, request: { title: string; head: string; base: string; body: string }): Promise<PullRequest> {
  let body = fitBody(request.body);
  for (let tries = 0; ; tries++) {
    try {
      const { data } = await github.rest.pulls.create({ ...repo, ...request, body, ...CREATE_ONCE });
      return data;
    } catch (error) {
      const answer = classifyGitHubError(error);
      // "Already exists", or an answer lost on the way: GitHub may have opened it.
      if ((answer.kind === 'already_done' && answer.what === 'pull_request') || answer.kind === 'transient') {
        const open = await openPullRequest(github, repo, request.head);
        if (open) return open;
      }
      // GitHub counts characters its own way; halve what is left until it fits.
      if (answer.kind === 'too_long' && tries < 3) {
        body = fitBody(body, Math.floor(body.length / 2));
        continue;
      }
      throw error;
    }
  }
}

/**
 * Step `proposing → pr_open`: the change (model, validation, commit, branch; app/worker/make-change.ts), then the
 * pull request. Every way it can end is a decision; none throws but faults, and each part may run again.
 */
export async function proposeStep(ctx: StepContext): Promise<string> {
  const { order, job, deps, store, config, github, repo, attempt } = ctx;
  const context = readContext(order);
  const branch = branchName(order.issueNumber, order.title);
  const defaultBranch = context.defaultBranch ?? 'main';
  // The attempt's model failed to produce a change: the work order ends, and the attempt's outcome says why.
  const fail = async (conclusion: string, evidence: JsonObject, next: string, failure: JsonObject, attempt: AttemptRecord) => {
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
  const open = await openPullRequest(github, repo, branch);
  if (open) {
    await moveAndComplete(store, job, {
      id: order.id,
      from: 'proposing',
      to: 'pr_open',
      patch: { branch, prNumber: open.number, headSha: open.head.sha, context: contextPatch({ pullRequestUrl: open.html_url, pendingHead: null }) },
      decision: { kind: 'proposal', conclusion: `Pull request #${open.number} already exists for ${branch}: adopted`, evidence: { branch }, next: 'Wait for CI' },
    });
    return `Pull request #${open.number} is open.`;
  }

  const model = config.models.find((m) => m.name === (attempt.model || order.model));
  if (!model) return fail(`Model "${attempt.model || order.model}" is not in the work order's configuration`, {}, `Add it to .github/punchlist.yml, then ${retryAdvice()}`, { kind: 'not_configured' }, attempt);
  const baseSha = context.baseSha;
  if (!baseSha) throw new Error(`Work order ${order.id} is proposing without a base commit`);

  const change = await makeChange(deps, {
    order,
    config,
    model,
    github,
    repo,
    branch,
    forCycle: 0,
    parentSha: baseSha,
    named: order.files,
    rankText: `${order.title}\n${order.body}`,
    commitMessage: (summary) => `${order.title}\n\n${summary}\n\nPunchlist work order ${order.id} for #${order.issueNumber}, by ${model.name}.`,
  });
  if (!change.ok) {
    switch (change.stage) {
      case 'budget':
        // No model was called and no pull request exists: the work order ends here, with what to change.
        await moveAndComplete(store, job, {
          id: order.id,
          from: 'proposing',
          to: 'budget_exceeded',
          patch: { context: { stop: 'budget_exceeded' } },
          decision: { kind: 'budget', conclusion: change.conclusion, evidence: change.evidence, next: `Raise "budget" in .github/punchlist.yml or wait for next month, then ${retryAdvice()}` },
        });
        return change.conclusion;
      case 'model':
        return fail(change.conclusion, change.evidence, `${retryAdvice()} to ask again, or route it to another model with \`/punchlist retry --model NAME\``, { kind: change.kind }, change.attempt);
      case 'no_change':
        return fail(change.conclusion, change.evidence, `Clarify the issue, then ${retryAdvice()}`, { kind: 'no_change' }, change.attempt);
      case 'branch_moved':
        return fail(
          `${branch} exists with commit ${change.head.slice(0, 7)}, which Punchlist did not make, so it was left alone`,
          change.evidence,
          `Delete or rename the branch ${branch}, then ${retryAdvice()}`,
          { kind: 'branch_taken' },
          change.attempt,
        );
    }
  }

  const body = renderPullRequestBody({
    issueNumber: order.issueNumber,
    summary: change.summary,
    acceptanceCriteria: order.acceptanceCriteria,
    changes: change.changes,
    refused: change.refused.map((r) => ({ path: String(r.path), reason: String(r.reason) })),
    model: model.name,
    complexity: { score: order.complexity ?? 0, band: Number(order.complexityBand ?? 0) },
    costUsd: change.costUsd,
    routingReason: context.routingReason ?? '',
    workOrderId: order.id,
  });
  const pr = await openOrAdopt(github, repo, { title: order.title, head: branch, base: defaultBranch, body });
  const changedFiles = change.changes.map((c) => c.path);
  await moveAndComplete(store, job, {
    id: order.id,
    from: 'proposing',
    to: 'pr_open',
    patch: { branch, prNumber: pr.number, headSha: change.headSha, context: contextPatch({ pullRequestUrl: pr.html_url, changedFiles, attempt: change.attempt, pendingHead: null }) },
    decision: {
      kind: 'proposal',
      conclusion: `Opened pull request #${pr.number} on ${branch}: ${change.changes.length} file(s) changed by "${model.name}"`,
      evidence: change.evidence,
      next: 'Wait for the pull request\'s CI',
    },
  });
  return `Opened pull request #${pr.number}.`;
}
