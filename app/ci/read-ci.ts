import { Classifier } from '../../src/classify/index.ts';
import type { GitHub, RepoRef } from '../github/repo-ref.ts';
import { fromAnnotationDetails, fromClassifierFailure, type CiFailure } from './ci-failure.ts';
import { WORK_ORDER_CHECK_NAME } from './work-order-check.ts';

/** One check run of a commit, as the decision needs it. */
export interface CheckInfo {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  completedAt: string | null;
  /** The app that runs it: `github-actions` for a workflow job (whose check run id is its job id). */
  appSlug: string | null;
  outputTitle: string | null;
  /** The workflow run of a GitHub Actions job (read from its details URL, `…/actions/runs/RUN/job/JOB`), else null. */
  runId: number | null;
}

/** The workflow run id in an Actions job's details or html URL. */
function runIdOf(...urls: (string | null | undefined)[]): number | null {
  for (const url of urls) {
    const m = url ? /\/actions\/runs\/(\d+)\/job\//.exec(url) : null;
    if (m) return Number(m[1]);
  }
  return null;
}

/** Conclusions of a check that did not pass. `cancelled` counts: the work was not shown to pass. */
const FAILED = new Set(['failure', 'timed_out', 'cancelled', 'action_required', 'startup_failure', 'stale']);

/** True when a completed check failed. */
export function checkFailed(check: CheckInfo): boolean {
  return check.status === 'completed' && FAILED.has(check.conclusion ?? '');
}

/** A commit status's state as a check's conclusion: `error` and `failure` fail, `pending` is not done yet. */
const STATUS_CONCLUSION: Readonly<Record<string, string | null>> = { success: 'success', failure: 'failure', error: 'failure', pending: null };

/**
 * The latest check runs of a commit, except the work order's own, and its commit statuses (the older API that
 * CI services such as Jenkins still report through), each status read as a check of that name.
 */
export async function readChecks(github: GitHub, repo: RepoRef, sha: string): Promise<CheckInfo[]> {
  const runs = await github.paginate(github.rest.checks.listForRef, { ...repo, ref: sha, filter: 'latest', per_page: 100 });
  const checks: CheckInfo[] = runs
    .filter((r) => r.name !== WORK_ORDER_CHECK_NAME)
    .map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      conclusion: r.conclusion ?? null,
      completedAt: r.completed_at ?? null,
      appSlug: r.app?.slug ?? null,
      outputTitle: r.output?.title ?? null,
      runId: runIdOf(r.details_url, r.html_url),
    }));
  // The combined status lists the latest status per context.
  const { data: combined } = await github.rest.repos.getCombinedStatusForRef({ ...repo, ref: sha, per_page: 100 });
  for (const status of combined.statuses) {
    const conclusion = STATUS_CONCLUSION[status.state] ?? null;
    checks.push({
      id: status.id,
      name: status.context,
      status: conclusion === null ? 'in_progress' : 'completed',
      conclusion,
      completedAt: status.updated_at,
      appSlug: null,
      outputTitle: status.description ?? null,
      runId: null,
    });
  }
  return checks;
}

/** Where the failures came from: the Action's annotations, the jobs' logs, or only the checks' conclusions. */
export type FailureSource = 'action' | 'logs' | 'conclusions';

/** A failure for a failed check whose log shows nothing (or cannot be read): its conclusion is the evidence. */
function fromConclusion(check: CheckInfo, why: string): CiFailure {
  if (check.conclusion === 'timed_out') {
    return { class: 'timeout', message: `${check.name} exceeded its time limit`, check: check.name, evidence: [`conclusion: timed_out${why}`] };
  }
  return { class: 'unknown', message: `${check.name} failed (${check.conclusion})${why}`, check: check.name, evidence: check.outputTitle ? [check.outputTitle] : [] };
}

async function classifyJobLog(github: GitHub, repo: RepoRef, check: CheckInfo): Promise<CiFailure[]> {
  const response = await github.rest.actions.downloadJobLogsForWorkflowRun({ ...repo, job_id: check.id });
  // Hosted runners check out to /home/runner/work/<repo>/<repo>; paths printed under it become repository paths.
  const classifier = new Classifier({ roots: [`/home/runner/work/${repo.repo}/${repo.repo}`] });
  const data: unknown = response.data;
  if (typeof data === 'string') classifier.push(data);
  else if (data instanceof ArrayBuffer) classifier.pushBytes(new Uint8Array(data));
  else if (data instanceof Uint8Array) classifier.pushBytes(data);
  const classification = classifier.end(1);
  return classification.failures.map((f) => fromClassifierFailure(f, check.name));
}

/**
 * The classified failures of a commit's failed checks. The Action's check run (named `actionCheck`) carries them
 * in its annotations' `raw_details`; without it, each failed GitHub Actions job's log is downloaded and classified
 * with the same core; a failed check with neither (another CI, an unreadable log) is described by its conclusion.
 */
export async function collectFailures(
  github: GitHub,
  repo: RepoRef,
  checks: readonly CheckInfo[],
  actionCheck: string,
): Promise<{ failures: CiFailure[]; source: FailureSource; notes: string[] }> {
  const notes: string[] = [];
  const action = checks.find((c) => c.name === actionCheck && c.status === 'completed');
  if (action) {
    const annotations = await github.paginate(github.rest.checks.listAnnotations, { ...repo, check_run_id: action.id, per_page: 100 });
    const failures = annotations
      .filter((a) => a.annotation_level === 'failure')
      .map((a) => fromAnnotationDetails(a.raw_details, action.name))
      .filter((f): f is CiFailure => f !== null);
    if (failures.length > 0) return { failures, source: 'action', notes };
    notes.push(`The "${actionCheck}" check run has no failure annotations; reading the failed jobs instead`);
  }
  const failures: CiFailure[] = [];
  let fromLogs = false;
  for (const check of checks.filter(checkFailed)) {
    if (check.name === actionCheck) continue;
    if (check.appSlug !== 'github-actions') {
      failures.push(fromConclusion(check, ''));
      continue;
    }
    let found: CiFailure[] = [];
    try {
      found = await classifyJobLog(github, repo, check);
      fromLogs = true;
    } catch (error) {
      notes.push(`Cannot read the log of ${check.name}: ${(error as Error).message}`);
      failures.push(fromConclusion(check, '; its log could not be read'));
      continue;
    }
    failures.push(...(found.length > 0 ? found : [fromConclusion(check, '; its log shows no recognisable cause')]));
  }
  return { failures, source: fromLogs ? 'logs' : 'conclusions', notes };
}

/** A workflow run of a commit, with its current attempt. */
export interface WorkflowRunInfo {
  id: number;
  name: string;
  attempt: number;
  status: string | null;
  conclusion: string | null;
}

/** The workflow runs of a commit. */
export async function workflowRunsOf(github: GitHub, repo: RepoRef, sha: string): Promise<WorkflowRunInfo[]> {
  const runs = await github.paginate(github.rest.actions.listWorkflowRunsForRepo, { ...repo, head_sha: sha, per_page: 100 });
  return runs.map((r) => ({ id: r.id, name: r.name ?? String(r.id), attempt: r.run_attempt ?? 1, status: r.status ?? null, conclusion: r.conclusion ?? null }));
}

/** True when a workflow run finished and failed: one to re-run. */
export function runFailed(run: Pick<WorkflowRunInfo, 'status' | 'conclusion'>): boolean {
  return run.status === 'completed' && FAILED.has(run.conclusion ?? '');
}

/** The workflow runs of a commit that failed: the ones to re-run. */
export async function failedWorkflowRuns(github: GitHub, repo: RepoRef, sha: string): Promise<{ id: number; name: string }[]> {
  return (await workflowRunsOf(github, repo, sha)).filter(runFailed).map((r) => ({ id: r.id, name: r.name }));
}
