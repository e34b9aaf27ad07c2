import { findWorkOrderByCommit, recordTestResults, type Store } from '../../src/store/index.ts';
import { testResultRows } from '../ci/test-result-rows.ts';
import { classifyGitHubError, isGitHubError } from '../github/github-answer.ts';
import type { GitHub, RepoRef } from '../github/repo-ref.ts';
import { NO_WORK_ORDER, sendStepJob } from '../worker/step-job.ts';
import { collectRunResults, type CollectLimits } from './collect-run-results.ts';

// Every finished workflow run of an installed repository adds its test results to the history (issue 15): the
// webhook handler writes the run's facts into a job; the step, run by the queue, reads the run's reports (or the
// Action's annotations) and records them.

/** A finished workflow run as the handler wrote it into the job. */
export interface RunCompleted {
  repository: string;
  repo: RepoRef;
  installationId: number | null;
  runId: number;
  runAttempt: number;
  headSha: string;
  headBranch: string | null;
}

/** The job key of a run attempt: one job per attempt, however often its webhook arrives. */
export function runResultsKey(run: Pick<RunCompleted, 'repository' | 'runId' | 'runAttempt'>): string {
  return `run-results:${run.repository}:${run.runId}:${run.runAttempt}`;
}

/**
 * The webhook handler's part: write the run into a job, once per run attempt. No GitHub call; a run of any
 * branch counts (the base branch's runs are what "already broken there" is read from).
 */
export async function handleRunCompleted(run: RunCompleted, store: Store): Promise<string> {
  const sent = await sendStepJob(store, { workOrderId: NO_WORK_ORDER, runResults: run }, runResultsKey(run));
  return sent ? `recording the test results of run ${run.runId} attempt ${run.runAttempt}` : `run ${run.runId} attempt ${run.runAttempt} is being recorded already`;
}

/**
 * The step: collects the run's results and records them (with the work order whose commit it tested, if any).
 * Idempotent: a result already recorded is skipped by the store. A transient GitHub answer is thrown (the queue
 * retries the job); a permanent one (no access, gone) is a note, and the run is recorded with what could be read.
 */
export async function recordRunStep(run: RunCompleted, github: GitHub, store: Store, limits?: CollectLimits): Promise<string> {
  let collected;
  try {
    collected = await collectRunResults(github, { ...run.repo, runId: run.runId, attempt: run.runAttempt, headSha: run.headSha }, limits);
  } catch (error) {
    if (!isGitHubError(error)) throw error;
    const answer = classifyGitHubError(error);
    if (answer.kind === 'transient') throw error;
    return `nothing recorded: ${answer.reason}`;
  }
  const order = await findWorkOrderByCommit(store.db, run.repository, run.headSha);
  const rows = testResultRows(
    { repository: run.repository, commitSha: run.headSha, branch: run.headBranch, runId: run.runId, runAttempt: run.runAttempt, workOrderId: order?.id ?? null },
    { results: collected.results.map((r) => ({ test: r.test, file: r.file ?? null, outcome: r.outcome, source: r.source })) },
  );
  const { recorded } = await recordTestResults(store.db, rows);
  const notes = collected.notes.length > 0 ? `; ${collected.notes.join('; ')}` : '';
  return `${recorded} of ${rows.length} test results recorded (from ${collected.source === 'none' ? 'nothing readable' : collected.source === 'report' ? 'test reports' : "the Punchlist Action's check run"})${notes}`;
}
