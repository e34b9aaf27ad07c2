import { Classifier, type ClassifyOptions } from '../classify/index.ts';
import type { GitHubClient } from './github.ts';
import type { ClassifiedLogFile } from './types.ts';

/** Job conclusions that mean the job failed. */
const FAILED = new Set(['failure', 'timed_out']);

/**
 * Downloads the logs of a workflow run's failed jobs (latest attempt) through the REST API and classifies
 * each. Returns the run's head commit too: that is where the report belongs.
 */
export async function classifyWorkflowRun(
  gh: GitHubClient,
  owner: string,
  repo: string,
  runId: number,
  options: ClassifyOptions,
): Promise<{ headSha: string; logs: ClassifiedLogFile[] }> {
  const run = await gh.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { owner, repo, run_id: runId });
  const jobs = await gh.paginate('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', { owner, repo, run_id: runId, filter: 'latest', per_page: 100 });
  const logs: ClassifiedLogFile[] = [];
  for (const job of jobs) {
    if (!job.conclusion || !FAILED.has(job.conclusion)) continue;
    const response = await gh.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', { owner, repo, job_id: job.id });
    const classifier = new Classifier(options);
    const data: unknown = response.data;
    if (typeof data === 'string') classifier.push(data);
    else if (data instanceof ArrayBuffer) classifier.pushBytes(new Uint8Array(data));
    else if (data instanceof Uint8Array) classifier.pushBytes(data);
    // The job failed whatever its log shows: a log with no recognisable cause is "unknown", not green.
    logs.push({ name: job.name, classification: classifier.end(1) });
  }
  return { headSha: run.data.head_sha, logs };
}
