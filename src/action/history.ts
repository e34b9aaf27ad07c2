import type { AttemptRecord, BaseRecord, History, RecordedFailure } from '../decision/index.ts';
import { readCheckRunDetails } from '../report/check-run-details.ts';
import { TESTS_COMMENT } from '../report/job.ts';
import { describeRequestError, type GitHubClient } from './github.ts';

/** What to read: this job's earlier attempts (attempt 2 and up) and the base branch (a pull request's). */
export interface HistoryQuery {
  owner: string;
  repo: string;
  /** The check runs' name (`check-name`): only our own are read. */
  checkName: string;
  /** The commit this run reports on: earlier attempts reported on it too. */
  headSha: string;
  attempts?: { runId: number; attempt: number; runnerName?: string };
  baseRef?: string;
}

/** Requests the marks may cost in all: a handful, whatever the history holds. */
export const MAX_HISTORY_REQUESTS = 16;
/** Earlier attempts read, newest first. */
const MAX_ATTEMPTS = 3;
/** Base-branch commits looked at for one with a `punchlist` check run, newest first. */
const MAX_BASE_COMMITS = 5;
/** Check runs of one commit read, and annotation pages (of 100) of one check run. */
const MAX_CHECK_RUNS = 3;
const MAX_ANNOTATION_PAGES = 3;
/** A check run completes a little after the job's step that wrote it; the job's `completed_at` may lag too. */
const WINDOW_SLACK_MS = 2 * 60_000;

/** Thrown when the request budget is spent: what was read so far still counts. */
class BudgetSpent extends Error {
  override name = 'BudgetSpent';
}

interface CheckRunShape {
  id: number;
  status: string;
  conclusion: string | null;
  completed_at: string | null;
  output: { title: string | null; summary: string | null; annotations_count: number };
}

/**
 * Reads, through the REST API, what GitHub keeps about this job's earlier attempts and the base branch: the
 * failures in our `punchlist` check runs (their annotations' `raw_details`). Bounded (MAX_HISTORY_REQUESTS, no
 * retries) and never fatal: a part that cannot be read (403 without `actions: read` / `checks: read`, 404, a rate
 * limit) is left out with a one-line notice.
 */
export async function readHistory(gh: GitHubClient, q: HistoryQuery): Promise<{ history: History; notices: string[]; requests: number }> {
  let requests = 0;
  // One try each: a mark is worth less than the seconds a backoff would cost the job.
  const once = { request: { retries: 0 } };
  const spend = (): void => {
    if (++requests > MAX_HISTORY_REQUESTS) throw new BudgetSpent(`stopped after ${MAX_HISTORY_REQUESTS} requests`);
  };
  const repo = { owner: q.owner, repo: q.repo };
  const notices: string[] = [];
  const history: { attempts: AttemptRecord[]; base?: BaseRecord } = { attempts: [] };

  async function checkRunsOf(sha: string): Promise<CheckRunShape[]> {
    spend();
    const r = await gh.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ...repo, ref: sha, check_name: q.checkName, filter: 'all', per_page: 100, ...once });
    return r.data.check_runs.filter((c) => c.status === 'completed') as CheckRunShape[];
  }

  /** A check run's failures, and whether they are all of them. */
  async function failuresOf(run: CheckRunShape): Promise<{ failures: RecordedFailure[]; complete: boolean }> {
    const failures: RecordedFailure[] = [];
    let read = 0;
    if (run.output.annotations_count > 0) {
      for (let page = 1; page <= MAX_ANNOTATION_PAGES && read < run.output.annotations_count; page++) {
        spend();
        const r = await gh.request('GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations', { ...repo, check_run_id: run.id, per_page: 100, page, ...once });
        read += r.data.length;
        for (const a of r.data) {
          const d = readCheckRunDetails(a.raw_details);
          if (d) failures.push({ class: d.class, ...(d.test ? { test: d.test } : {}), ...(d.file ? { file: d.file } : {}), ...(d.code ? { code: d.code } : {}) });
        }
        if (r.data.length < 100) break;
      }
    }
    // Our title counts every failure ("3 failures: test_fail"); fewer in the annotations means some were left out.
    const counted = /^(\d+) failures?\b/.exec(run.output.title ?? '');
    const complete = read >= run.output.annotations_count && (!counted || failures.length >= Number(counted[1]));
    return { failures, complete };
  }

  if (q.attempts && q.attempts.attempt > 1) {
    const { runId, attempt, runnerName } = q.attempts;
    try {
      spend();
      const now = await gh.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs', { ...repo, run_id: runId, attempt_number: attempt, per_page: 100, ...once });
      // The runner's name tells this job apart from the others (a matrix's shards share a job id, not a runner).
      const self = runnerName ? now.data.jobs.find((j) => j.runner_name === runnerName && j.status !== 'completed') : undefined;
      if (!self) {
        notices.push(`Flaky marks: could not tell which job of run ${runId} attempt ${attempt} this is (RUNNER_NAME ${runnerName ? `"${runnerName}" matches no running job` : 'is not set'}); earlier attempts are not compared.`);
      } else {
        const runs = await checkRunsOf(q.headSha);
        for (let k = attempt - 1; k >= 1 && k >= attempt - MAX_ATTEMPTS; k--) {
          spend();
          const jobs = await gh.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs', { ...repo, run_id: runId, attempt_number: k, per_page: 100, ...once });
          const job = jobs.data.jobs.find((j) => j.name === self.name);
          if (!job?.started_at) continue;
          const from = Date.parse(job.started_at);
          const to = job.completed_at ? Date.parse(job.completed_at) + WINDOW_SLACK_MS : Number.POSITIVE_INFINITY;
          const own = runs.filter((c) => c.completed_at && Date.parse(c.completed_at) >= from && Date.parse(c.completed_at) <= to).slice(0, MAX_CHECK_RUNS);
          if (own.length === 0) continue;
          const read = await Promise.all(own.map(failuresOf));
          history.attempts.push({
            attempt: k,
            sha: q.headSha,
            failures: read.flatMap((r) => r.failures),
            complete: read.every((r) => r.complete),
            readTests: own.some((c) => TESTS_COMMENT.test(c.output.summary ?? '')),
          });
        }
      }
    } catch (e) {
      notices.push(
        e instanceof BudgetSpent
          ? `Flaky marks: ${e.message}; ${history.attempts.length} earlier attempt${history.attempts.length === 1 ? '' : 's'} compared.`
          : `Flaky marks: cannot read the earlier attempts of run ${runId} (${describeRequestError(e)}); the job needs "actions: read" and "checks: read".`,
      );
    }
  }

  if (q.baseRef) {
    try {
      spend();
      const commits = await gh.request('GET /repos/{owner}/{repo}/commits', { ...repo, sha: q.baseRef, per_page: MAX_BASE_COMMITS, ...once });
      for (const commit of commits.data.slice(0, MAX_BASE_COMMITS)) {
        const runs = await checkRunsOf(commit.sha);
        if (runs.length === 0) continue;
        const failing = runs.filter((c) => c.conclusion === 'failure').slice(0, MAX_CHECK_RUNS);
        const read = await Promise.all(failing.map(failuresOf));
        history.base = { ref: q.baseRef, sha: commit.sha, failures: read.flatMap((r) => r.failures) };
        break;
      }
    } catch (e) {
      notices.push(
        e instanceof BudgetSpent
          ? `Base-branch marks: ${e.message}; the base branch was not compared.`
          : `Base-branch marks: cannot read the "${q.checkName}" check runs of ${q.baseRef} (${describeRequestError(e)}); the job needs "checks: read".`,
      );
    }
  }
  return { history, notices, requests: Math.min(requests, MAX_HISTORY_REQUESTS) };
}
