/** Where the Action reports: the repository, the commit people look at, and the workflow file. */
export interface RunContext {
  owner: string;
  repo: string;
  /** The commit to report on: a pull request's head, not the merge commit GitHub checks out. */
  headSha: string;
  /** `.github/workflows/x.yml`, for failures that name no file. */
  workflowPath?: string;
  eventName: string;
}

interface EventShape {
  pull_request?: { head?: { sha?: string } };
  workflow_run?: { id?: number; head_sha?: string };
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
  return {
    owner,
    repo,
    headSha,
    ...(path.startsWith('.github/') ? { workflowPath: path } : {}),
    eventName: env.GITHUB_EVENT_NAME ?? '',
  };
}
