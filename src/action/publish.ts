import type { CheckRunPlan } from '../report/index.ts';
import { describeRequestError, type GitHubClient } from './github.ts';

/** How publishing the check run went: its URL, or why it could not be written (so the caller falls back). */
export type PublishResult =
  | { ok: true; url: string; requests: number }
  | { ok: false; forbidden: boolean; reason: string };

/**
 * Creates the check run with the first batch of annotations, then appends the other batches with updates
 * (GitHub appends annotations on each update). Errors come back as values: reporting never hides the result.
 */
export async function publishCheckRun(
  gh: GitHubClient,
  target: { owner: string; repo: string; headSha: string; name: string },
  plan: CheckRunPlan,
): Promise<PublishResult> {
  const output = (batch: number) => ({
    title: plan.title,
    summary: plan.summary,
    ...(plan.batches[batch] ? { annotations: plan.batches[batch] } : {}),
  });
  let requests = 0;
  try {
    const created = await gh.request('POST /repos/{owner}/{repo}/check-runs', {
      owner: target.owner,
      repo: target.repo,
      name: target.name,
      head_sha: target.headSha,
      status: 'completed',
      conclusion: plan.conclusion,
      completed_at: new Date().toISOString(),
      output: output(0),
    });
    requests++;
    for (let b = 1; b < plan.batches.length; b++) {
      await gh.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { owner: target.owner, repo: target.repo, check_run_id: created.data.id, output: output(b) });
      requests++;
    }
    return { ok: true, url: created.data.html_url ?? '', requests };
  } catch (e) {
    const status = (e as { status?: number }).status;
    // A fork's pull request runs with a read-only token: the Checks API answers 403 ("Resource not accessible
    // by integration"); a missing app or repository is 404.
    return {
      ok: false,
      forbidden: status === 403 || status === 404,
      reason: `${describeRequestError(e)}${requests > 0 ? ` (after ${requests} successful request${requests === 1 ? '' : 's'})` : ''}`,
    };
  }
}
