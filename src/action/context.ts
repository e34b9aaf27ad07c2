/** Where the Action reports: the repository, the commit people look at, and the workflow file. */
export interface RunContext {
  owner: string;
  repo: string;
  /** The commit to report on: a pull request's head, not the merge commit GitHub checks out. */
  headSha: string;
  /** `.github/workflows/x.yml`, for failures that name no file. */
  workflowPath?: string;
  eventName: string;
  /** This workflow run and its attempt (`GITHUB_RUN_ID`, `GITHUB_RUN_ATTEMPT`): attempt 2 and up have earlier ones. */
  runId?: number;
  runAttempt?: number;
  /** The runner running this job (`RUNNER_NAME`): it tells this job apart from the others of the attempt. */
  runnerName?: string;
  /** The branch a pull request merges into, whose `punchlist` check runs show what already failed there. */
  baseRef?: string;
}

interface EventShape {
  pull_request?: { head?: { sha?: string }; base?: { ref?: string } };
  workflow_run?: { id?: number; head_sha?: string; pull_requests?: { base?: { ref?: string } }[] };
  check_suite?: { head_sha?: string };
}

/** Resolves the context from the runner's environment and event payload; a one-line error when it cannot. */
export function resolveContext(env: Readonly<Record<string, string | undefined>>, event: unknown): RunContext | string {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) return 'GITHUB_REPOSITORY is not set to "owner/repo": run this inside a GitHub Actions job';
  const e = (event ?? {}) as EventShape;
  const headSha = e.pull_request?.head?.sha ?? e.workflow_run?.head_sha ?? e.check_suite?.head_sha ?? env.GITHUB_SHA;
  if (!headSha) return 'GITHUB_SHA is not set: run this inside a GitHub Actions job';
  // GITHUB_WORKFLOW_REF is "owner/repo/.github/workflows/ci.yml@refs/heads/main".
  const ref = env.GITHUB_WORKFLOW_REF ?? '';
  const at = ref.indexOf('@');
  const path = ref.slice(owner.length + repo.length + 2, at === -1 ? undefined : at);
  const runId = positive(env.GITHUB_RUN_ID);
  const runAttempt = positive(env.GITHUB_RUN_ATTEMPT);
  const baseRef = e.pull_request?.base?.ref ?? e.workflow_run?.pull_requests?.[0]?.base?.ref;
  return {
    owner,
    repo,
    headSha,
    ...(path.startsWith('.github/') ? { workflowPath: path } : {}),
    eventName: env.GITHUB_EVENT_NAME ?? '',
    ...(runId !== undefined ? { runId } : {}),
    ...(runAttempt !== undefined ? { runAttempt } : {}),
    ...(env.RUNNER_NAME ? { runnerName: env.RUNNER_NAME } : {}),
    ...(typeof baseRef === 'string' && baseRef !== '' ? { baseRef } : {}),
  };
}

function positive(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}
