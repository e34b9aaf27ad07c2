import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { startGitHubStandIn, type Handler, type StandIn, type StandInReply, type StandInRequest } from './github-stand-in.ts';

/**
 * A small in-memory GitHub behind the OpenAPI-checking stand-in: one repository with a Git object store (blobs,
 * flat trees, commits, refs), issue comments and labels, collaborator permissions and pull requests. Enough for
 * the App to read a repository, commit through the Git Data API and open a pull request, all observable here.
 */

interface TreeEntry {
  mode: string;
  sha: string;
}

/** A pull request the App opened. */
export interface FakePull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  headSha: string;
}

/** An issue comment, with its edits. */
export interface FakeComment {
  id: number;
  issueNumber: number;
  body: string;
  edits: number;
}

/** A check run on a commit: a workflow job (app `github-actions`), the Action's report, or the App's own. */
export interface FakeCheckRun {
  id: number;
  name: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  completedAt: string | null;
  app: { id: number; slug: string };
  output: { title: string | null; summary: string | null };
  annotations: Record<string, unknown>[];
  /** The job's log, for a workflow job. */
  log?: string;
  /** The workflow run a job belongs to. */
  runId?: number;
}

/** A workflow run of a commit. */
export interface FakeWorkflowRun {
  id: number;
  name: string;
  headSha: string;
  headBranch: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  runAttempt: number;
}

/** An artifact a workflow run uploaded. */
export interface FakeArtifact {
  id: number;
  runId: number;
  name: string;
  zip: Buffer;
  expired: boolean;
}

/** One job of a simulated CI run. */
export interface FakeJob {
  name: string;
  conclusion: 'success' | 'failure' | 'timed_out' | 'cancelled' | 'skipped';
  log?: string;
}

/** The CI side of the fake: runs and check runs the test plays, and what the App did to them. */
export interface FakeCi {
  checkRuns: FakeCheckRun[];
  workflowRuns: FakeWorkflowRun[];
  /** Workflow run ids whose failed jobs the App asked to re-run. */
  reruns: number[];
  /** Plays a finished workflow run of `jobs` on `sha`; returns it (for the `workflow_run` webhook). */
  complete(sha: string, jobs: readonly FakeJob[], options?: { workflow?: string }): FakeWorkflowRun;
  /** Finishes the re-run jobs of a workflow run with new conclusions (a re-run creates new check runs, as GitHub does). */
  finishRerun(runId: number, jobs: readonly FakeJob[]): FakeWorkflowRun;
  /** Adds a completed check run reported by the Punchlist Action (name `punchlist`) with failure annotations. */
  actionReport(sha: string, conclusion: 'success' | 'failure', annotations: Record<string, unknown>[]): FakeCheckRun;
  /** The App's own check runs (name "Punchlist work order"). */
  ownChecks(): FakeCheckRun[];
  /** Uploads an artifact (a zip's bytes) to a workflow run, as `actions/upload-artifact` does; `expired` as after its retention. */
  uploadArtifact(runId: number, name: string, zip: Buffer, options?: { expired?: boolean }): FakeArtifact;
  /** Sets a commit status of `context` on `sha`, as a CI service reporting through the statuses API does. */
  setStatus(sha: string, context: string, state: 'pending' | 'success' | 'failure' | 'error', description?: string): void;
}

/**
 * A fault injected into one operation, as GitHub and the network really fail: `reply` answers instead of handling
 * (a secondary rate limit, a 502); `drop` handles the request (GitHub did it) and resets the connection before the
 * answer; `hold` handles it and never answers (the App is killed while it waits). Applies to the next `times`
 * matching requests (default 1).
 */
export interface Fault {
  operationId: string;
  effect: { reply: StandInReply } | 'drop' | 'hold';
  times?: number;
  /** Only requests this accepts count. */
  when?: (req: StandInRequest) => boolean;
}

/** An injected fault and how often it struck. */
export interface InjectedFault extends Fault {
  hits: number;
}

/** GitHub's secondary rate limit as it answers it: 403, `retry-after`, and its documented message. */
export function secondaryRateLimit(retryAfterSeconds: number, options: { message?: string } = {}): StandInReply {
  return {
    status: 403,
    headers: { 'retry-after': String(retryAfterSeconds), 'x-ratelimit-remaining': '4000' },
    body: { message: options.message ?? 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits', status: '403' },
  };
}

/** GitHub's answer to a body over 65,536 characters. */
const BODY_TOO_LONG: StandInReply = {
  status: 422,
  body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }], documentation_url: 'https://docs.github.com/rest', status: '422' },
};
/** "The body … may be at most 65,536 characters" (GitHub's limit on issue, pull request and comment bodies). */
const MAX_BODY = 65_536;

/** The fake's state, for assertions. */
export interface FakeGitHub extends StandIn {
  owner: string;
  repo: string;
  pulls: FakePull[];
  comments: FakeComment[];
  removedLabels: { issueNumber: number; name: string }[];
  addedLabels: { issueNumber: number; names: string[] }[];
  permissions: Map<string, string>;
  ci: FakeCi;
  /** The sha a branch points at (undefined when it does not exist). */
  headOf(branch: string): string | undefined;
  /** Commits `files` on top of `branch` as a person would push them; returns the new sha. */
  pushAsPerson(branch: string, files: Record<string, string>): string;
  /** The files of the commit a branch points at. */
  filesAt(branch: string): Map<string, string>;
  /** Sets (or replaces) a file on the default branch with a new commit. */
  commitFile(path: string, content: string): void;
  /** Answers every request with 503 while true, as GitHub does in an outage. */
  outage: boolean;
  /** Injects a fault; the returned record counts its hits. */
  inject(fault: Fault): InjectedFault;
  /** Faults injected so far. */
  faults: InjectedFault[];
  /** Resolves once a request of `operationId` (accepted by `when`) has arrived. */
  arrival(operationId: string, when?: (req: StandInRequest) => boolean): Promise<StandInRequest>;
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** Starts a fake GitHub for `owner/repo` with `files` on `defaultBranch`; it also accepts GHE's `/api/v3` prefix. */
export async function startFakeGitHub(options: { owner: string; repo: string; defaultBranch: string; files: Record<string, string> }): Promise<FakeGitHub> {
  const { owner, repo, defaultBranch } = options;
  const blobs = new Map<string, string>();
  const trees = new Map<string, Map<string, TreeEntry>>();
  const commits = new Map<string, { tree: string; parents: string[]; message: string }>();
  const refs = new Map<string, string>();
  const pulls: FakePull[] = [];
  const comments: FakeComment[] = [];
  const removedLabels: { issueNumber: number; name: string }[] = [];
  const addedLabels: { issueNumber: number; names: string[] }[] = [];
  const permissions = new Map<string, string>();
  const checkRuns: FakeCheckRun[] = [];
  const workflowRuns: FakeWorkflowRun[] = [];
  const reruns: number[] = [];
  const artifacts: FakeArtifact[] = [];
  const statuses: { id: number; sha: string; context: string; state: string; description: string | null; updatedAt: string }[] = [];
  const ACTIONS_APP = { id: 15368, slug: 'github-actions' };
  let nextId = 1000;

  const putBlob = (content: string) => {
    const sha = sha1(`blob ${content}`);
    blobs.set(sha, content);
    return sha;
  };
  const putTree = (entries: Map<string, TreeEntry>) => {
    const sha = sha1(`tree ${JSON.stringify([...entries].sort())}`);
    trees.set(sha, entries);
    return sha;
  };
  const putCommit = (tree: string, parents: string[], message: string) => {
    const sha = sha1(`commit ${tree} ${parents.join(',')} ${message} ${nextId++}`);
    commits.set(sha, { tree, parents, message });
    return sha;
  };
  const initial = new Map(Object.entries(options.files).map(([p, c]) => [p, { mode: '100644', sha: putBlob(c) }]));
  refs.set(`heads/${defaultBranch}`, putCommit(putTree(initial), [], 'Initial commit'));

  const ours = (p: Record<string, string>) => p.owner === owner && p.repo === repo;
  const notFound: StandInReply = { status: 404, body: { message: 'Not Found' } };
  const treeOf = (commitSha: string) => trees.get(commits.get(commitSha)?.tree ?? '') ?? null;
  const filesAt = (branch: string) => {
    const tree = treeOf(refs.get(`heads/${branch}`) ?? '');
    return new Map([...(tree ?? new Map<string, TreeEntry>())].map(([p, e]) => [p, blobs.get(e.sha) ?? '']));
  };
  const pullJson = (p: FakePull, base: string) => ({
    id: p.number,
    number: p.number,
    state: 'open',
    title: p.title,
    body: p.body,
    html_url: `${base}/${owner}/${repo}/pull/${p.number}`,
    head: { ref: p.head, sha: p.headSha, label: `${owner}:${p.head}` },
    base: { ref: p.base },
  });

  // Every comment here is the App's (a person's comment arrives as a webhook, not through this API).
  const commentJson = (c: FakeComment, base: string) => ({
    id: c.id,
    body: c.body,
    html_url: `${base}/${owner}/${repo}/issues/${c.issueNumber}#issuecomment-${c.id}`,
    user: { login: 'punchlist[bot]', id: 4242, type: 'Bot' },
    performed_via_github_app: { id: 4242, slug: 'punchlist' },
  });
  const checkRunJson = (r: FakeCheckRun, base: string) => ({
    id: r.id,
    head_sha: r.headSha,
    node_id: `CR_${r.id}`,
    external_id: '',
    url: `${base}/repos/${owner}/${repo}/check-runs/${r.id}`,
    html_url: `${base}/${owner}/${repo}/runs/${r.id}`,
    // GitHub Actions jobs link their workflow run: …/actions/runs/RUN/job/JOB.
    details_url: r.runId !== undefined ? `${base}/${owner}/${repo}/actions/runs/${r.runId}/job/${r.id}` : null,
    status: r.status,
    conclusion: r.conclusion,
    started_at: new Date().toISOString(),
    completed_at: r.completedAt,
    output: { title: r.output.title, summary: r.output.summary, text: null, annotations_count: r.annotations.length, annotations_url: '' },
    name: r.name,
    check_suite: { id: 1 },
    app: { id: r.app.id, slug: r.app.slug, node_id: 'A', owner: null, name: r.app.slug, description: null, external_url: '', html_url: '', created_at: '', updated_at: '', permissions: {}, events: [] },
    pull_requests: [],
  });
  const workflowRunJson = (r: FakeWorkflowRun, base: string) => ({
    id: r.id,
    name: r.name,
    node_id: `WR_${r.id}`,
    head_branch: r.headBranch,
    head_sha: r.headSha,
    path: '.github/workflows/ci.yml',
    run_number: r.id,
    run_attempt: r.runAttempt,
    event: 'pull_request',
    status: r.status,
    conclusion: r.conclusion,
    workflow_id: 1,
    url: `${base}/repos/${owner}/${repo}/actions/runs/${r.id}`,
    html_url: `${base}/${owner}/${repo}/actions/runs/${r.id}`,
  });
  const branchOf = (sha: string) => [...refs].find(([, v]) => v === sha)?.[0].replace(/^heads\//, '') ?? '';
  const addJobs = (run: FakeWorkflowRun, jobs: readonly FakeJob[]) => {
    for (const job of jobs) {
      checkRuns.push({
        id: nextId++,
        name: job.name,
        headSha: run.headSha,
        status: 'completed',
        conclusion: job.conclusion,
        completedAt: new Date().toISOString(),
        app: ACTIONS_APP,
        output: { title: null, summary: null },
        annotations: [],
        ...(job.log !== undefined ? { log: job.log } : {}),
        runId: run.id,
      });
    }
    run.status = 'completed';
    run.conclusion = jobs.some((j) => ['failure', 'timed_out', 'cancelled'].includes(j.conclusion)) ? 'failure' : 'success';
  };
  const ci: FakeCi = {
    checkRuns,
    workflowRuns,
    reruns,
    complete(sha, jobs, options = {}) {
      const run: FakeWorkflowRun = { id: nextId++, name: options.workflow ?? 'CI', headSha: sha, headBranch: branchOf(sha), status: 'in_progress', conclusion: null, runAttempt: 1 };
      workflowRuns.push(run);
      addJobs(run, jobs);
      return run;
    },
    finishRerun(runId, jobs) {
      const run = workflowRuns.find((r) => r.id === runId);
      if (!run) throw new Error(`No workflow run ${runId}`);
      // The queued re-run check runs are replaced by their finished versions.
      for (let i = checkRuns.length - 1; i >= 0; i--) if (checkRuns[i]!.runId === runId && checkRuns[i]!.status !== 'completed') checkRuns.splice(i, 1);
      addJobs(run, jobs);
      return run;
    },
    actionReport(sha, conclusion, annotations) {
      const run: FakeCheckRun = {
        id: nextId++,
        name: 'punchlist',
        headSha: sha,
        status: 'completed',
        conclusion,
        completedAt: new Date().toISOString(),
        app: ACTIONS_APP,
        output: { title: conclusion === 'failure' ? `${annotations.length} failures` : 'No failures', summary: '' },
        annotations,
      };
      checkRuns.push(run);
      return run;
    },
    uploadArtifact(runId, name, zip, options = {}) {
      const artifact = { id: nextId++, runId, name, zip, expired: options.expired ?? false };
      artifacts.push(artifact);
      return artifact;
    },
    ownChecks: () => checkRuns.filter((r) => r.name === 'Punchlist work order'),
    setStatus(sha, context, state, description) {
      statuses.push({ id: nextId++, sha, context, state, description: description ?? null, updatedAt: new Date().toISOString() });
    },
  };

  const handlers: Record<string, Handler> = {
    'apps/create-installation-access-token': () => ({
      status: 201,
      body: { token: `ghs_fake${nextId++}`, expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: { contents: 'write', issues: 'write', pull_requests: 'write' }, repository_selection: 'all' },
    }),
    'repos/get-content': (req) => {
      if (!ours(req.params)) return notFound;
      const ref = req.query.ref ?? defaultBranch;
      const commit = refs.get(`heads/${ref}`) ?? ref;
      const entry = treeOf(commit)?.get(req.params.path ?? '');
      if (!entry) return notFound;
      const content = blobs.get(entry.sha) ?? '';
      const path = req.params.path ?? '';
      return {
        status: 200,
        body: { type: 'file', encoding: 'base64', size: Buffer.byteLength(content), name: path.split('/').pop(), path, sha: entry.sha, content: Buffer.from(content).toString('base64') },
      };
    },
    'repos/get-collaborator-permission-level': (req) => {
      if (!ours(req.params)) return notFound;
      const permission = permissions.get(req.params.username ?? '') ?? 'read';
      const legacy = permission === 'maintain' ? 'write' : permission === 'triage' ? 'read' : permission;
      return { status: 200, body: { permission: legacy, role_name: permission, user: { login: req.params.username } } };
    },
    'issues/create-comment': (req, base) => {
      if ((req.body as { body: string }).body.length > MAX_BODY) return BODY_TOO_LONG;
      const comment = { id: nextId++, issueNumber: Number(req.params.issue_number), body: (req.body as { body: string }).body, edits: 0 };
      comments.push(comment);
      return { status: 201, body: commentJson(comment, base) };
    },
    'issues/update-comment': (req, base) => {
      const comment = comments.find((c) => c.id === Number(req.params.comment_id));
      if (!comment) return notFound;
      if ((req.body as { body: string }).body.length > MAX_BODY) return BODY_TOO_LONG;
      comment.body = (req.body as { body: string }).body;
      comment.edits++;
      return { status: 200, body: commentJson(comment, base) };
    },
    'issues/list-comments': (req, base) => {
      const number = Number(req.params.issue_number);
      const perPage = Number(req.query.per_page ?? 30);
      const page = Number(req.query.page ?? 1);
      const all = comments.filter((c) => c.issueNumber === number);
      return { status: 200, body: all.slice((page - 1) * perPage, page * perPage).map((c) => commentJson(c, base)) };
    },
    'issues/remove-label': (req) => {
      removedLabels.push({ issueNumber: Number(req.params.issue_number), name: req.params.name ?? '' });
      return { status: 200, body: [] };
    },
    'git/get-ref': (req) => {
      const sha = refs.get(req.params.ref ?? '');
      return sha ? { status: 200, body: { ref: `refs/${req.params.ref}`, object: { sha, type: 'commit' } } } : notFound;
    },
    'git/get-commit': (req) => {
      const commit = commits.get(req.params.commit_sha ?? '');
      return commit ? { status: 200, body: { sha: req.params.commit_sha, tree: { sha: commit.tree }, parents: commit.parents.map((sha) => ({ sha })), message: commit.message } } : notFound;
    },
    'git/get-tree': (req) => {
      const tree = trees.get(req.params.tree_sha ?? '');
      if (!tree) return notFound;
      const entries = [...tree].map(([path, e]) => ({ path, mode: e.mode, type: 'blob', sha: e.sha, size: Buffer.byteLength(blobs.get(e.sha) ?? '') }));
      return { status: 200, body: { sha: req.params.tree_sha, tree: entries, truncated: false } };
    },
    'git/create-tree': (req) => {
      const { base_tree, tree } = req.body as { base_tree?: string; tree: { path: string; mode: string; sha?: string | null; content?: string }[] };
      const entries = new Map(base_tree ? (trees.get(base_tree) ?? []) : []);
      for (const e of tree) {
        if (e.sha === null) entries.delete(e.path);
        else entries.set(e.path, { mode: e.mode, sha: e.sha ?? putBlob(e.content ?? '') });
      }
      return { status: 201, body: { sha: putTree(entries), tree: [], truncated: false } };
    },
    'git/create-commit': (req) => {
      const { tree, parents, message } = req.body as { tree: string; parents: string[]; message: string };
      if (!trees.has(tree)) return { status: 422, body: { message: 'Tree not found' } };
      return { status: 201, body: { sha: putCommit(tree, parents, message), tree: { sha: tree } } };
    },
    'git/create-ref': (req) => {
      const { ref, sha } = req.body as { ref: string; sha: string };
      const key = ref.replace(/^refs\//, '');
      if (refs.has(key)) return { status: 422, body: { message: 'Reference already exists' } };
      refs.set(key, sha);
      return { status: 201, body: { ref, object: { sha, type: 'commit' } } };
    },
    'git/update-ref': (req) => {
      const key = req.params.ref ?? '';
      if (!refs.has(key)) return { status: 422, body: { message: 'Reference does not exist' } };
      refs.set(key, (req.body as { sha: string }).sha);
      return { status: 200, body: { ref: `refs/${key}`, object: { sha: refs.get(key), type: 'commit' } } };
    },
    'issues/add-labels': (req) => {
      const body = req.body as { labels?: string[] } | string[];
      const names = Array.isArray(body) ? body : (body.labels ?? []);
      addedLabels.push({ issueNumber: Number(req.params.issue_number), names });
      return { status: 200, body: names.map((name, i) => ({ id: i + 1, name, color: 'ededed', default: false })) };
    },
    'checks/create': (req, base) => {
      const b = req.body as { name: string; head_sha: string; status?: string; conclusion?: string; output?: { title?: string; summary?: string; annotations?: Record<string, unknown>[] } };
      const run: FakeCheckRun = {
        id: nextId++,
        name: b.name,
        headSha: b.head_sha,
        status: (b.status as FakeCheckRun['status']) ?? 'queued',
        conclusion: b.conclusion ?? null,
        completedAt: b.conclusion ? new Date().toISOString() : null,
        app: { id: 4242, slug: 'punchlist' },
        output: { title: b.output?.title ?? null, summary: b.output?.summary ?? null },
        annotations: [...(b.output?.annotations ?? [])],
      };
      checkRuns.push(run);
      return { status: 201, body: checkRunJson(run, base) };
    },
    'checks/update': (req, base) => {
      const run = checkRuns.find((r) => r.id === Number(req.params.check_run_id));
      if (!run) return notFound;
      const b = req.body as { status?: string; conclusion?: string; output?: { title?: string; summary?: string; annotations?: Record<string, unknown>[] } };
      if (b.status) run.status = b.status as FakeCheckRun['status'];
      if (b.conclusion) run.conclusion = b.conclusion;
      if (b.output) {
        run.output = { title: b.output.title ?? run.output.title, summary: b.output.summary ?? run.output.summary };
        // GitHub appends the annotations of each update.
        run.annotations.push(...(b.output.annotations ?? []));
      }
      return { status: 200, body: checkRunJson(run, base) };
    },
    'checks/list-for-ref': (req, base) => {
      const ref = req.params.ref ?? '';
      const sha = refs.get(`heads/${ref}`) ?? ref;
      const latest = new Map<string, FakeCheckRun>();
      for (const run of checkRuns.filter((r) => r.headSha === sha)) latest.set(run.name, run);
      const all = req.query.filter === 'all' ? checkRuns.filter((r) => r.headSha === sha) : [...latest.values()];
      const runs = all.filter((r) => req.query.check_name === undefined || r.name === req.query.check_name);
      return { status: 200, body: { total_count: runs.length, check_runs: runs.map((r) => checkRunJson(r, base)) } };
    },
    'checks/list-annotations': (req) => {
      const run = checkRuns.find((r) => r.id === Number(req.params.check_run_id));
      return run ? { status: 200, body: run.annotations.map((a) => ({ blob_href: '', start_column: null, end_column: null, title: null, ...a })) } : notFound;
    },
    'repos/get-combined-status-for-ref': (req) => {
      const ref = req.params.ref ?? '';
      const sha = refs.get(`heads/${ref}`) ?? ref;
      // The latest status per context, as GitHub combines them.
      const latest = new Map<string, (typeof statuses)[number]>();
      for (const st of statuses.filter((x) => x.sha === sha)) latest.set(st.context, st);
      const list = [...latest.values()];
      const state = list.length === 0 || list.some((x) => x.state === 'pending') ? 'pending' : list.every((x) => x.state === 'success') ? 'success' : 'failure';
      return {
        status: 200,
        body: {
          state,
          sha,
          total_count: list.length,
          statuses: list.map((x) => ({ id: x.id, node_id: `S_${x.id}`, url: '', avatar_url: null, state: x.state, description: x.description, target_url: null, context: x.context, created_at: x.updatedAt, updated_at: x.updatedAt })),
          repository: { id: 1, name: repo, full_name: `${owner}/${repo}` },
          commit_url: '',
          url: '',
        },
      };
    },
    'actions/list-workflow-runs-for-repo': (req, base) => {
      const runs = workflowRuns.filter((r) => req.query.head_sha === undefined || r.headSha === req.query.head_sha);
      return { status: 200, body: { total_count: runs.length, workflow_runs: runs.map((r) => workflowRunJson(r, base)) } };
    },
    'actions/download-job-logs-for-workflow-run': (req) => {
      const run = checkRuns.find((r) => r.id === Number(req.params.job_id) && r.app.slug === 'github-actions');
      return run ? { status: 200, body: run.log ?? '', headers: { 'content-type': 'text/plain; charset=utf-8' } } : notFound;
    },
    'actions/list-workflow-run-artifacts': (req, base) => {
      const list = artifacts.filter((a) => a.runId === Number(req.params.run_id));
      return {
        status: 200,
        body: {
          total_count: list.length,
          artifacts: list.map((a) => ({
            id: a.id,
            node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
            name: a.name,
            size_in_bytes: a.zip.length,
            url: `${base}/repos/${owner}/${repo}/actions/artifacts/${a.id}`,
            archive_download_url: `${base}/repos/${owner}/${repo}/actions/artifacts/${a.id}/zip`,
            expired: a.expired,
            created_at: new Date().toISOString(),
            expires_at: new Date(Date.now() + 90 * 86_400_000).toISOString(),
            updated_at: new Date().toISOString(),
            digest: null,
            workflow_run: { id: a.runId, repository_id: 1, head_repository_id: 1, head_branch: '', head_sha: '' },
          })),
        },
      };
    },
    // GitHub answers 302 with a short-lived URL on its blob storage, which the client follows without the token.
    'actions/download-artifact': (req, base) => {
      const artifact = artifacts.find((a) => a.id === Number(req.params.artifact_id) && ours(req.params));
      if (!artifact || req.params.archive_format !== 'zip') return notFound;
      if (artifact.expired) return { status: 410, body: { message: 'Artifact has expired', documentation_url: 'https://docs.github.com/rest/actions/artifacts#download-an-artifact', status: '410' } };
      return { status: 302, headers: { location: `${base}/_blob/artifacts/${artifact.id}.zip` } };
    },
    'actions/re-run-workflow-failed-jobs': (req) => {
      const run = workflowRuns.find((r) => r.id === Number(req.params.run_id));
      if (!run) return notFound;
      if (run.status !== 'completed') return { status: 403, body: { message: 'This workflow run is not completed' } };
      reruns.push(run.id);
      run.status = 'queued';
      run.conclusion = null;
      run.runAttempt++;
      // The failed jobs start again: new check runs of the same names, queued.
      for (const job of checkRuns.filter((r) => r.runId === run.id && ['failure', 'timed_out', 'cancelled'].includes(r.conclusion ?? ''))) {
        checkRuns.push({ ...job, id: nextId++, status: 'queued', conclusion: null, completedAt: null, annotations: [] });
      }
      return { status: 201, body: {} };
    },
    'pulls/list': (req, base) => {
      const head = req.query.head;
      const found = pulls.filter((p) => head === undefined || `${owner}:${p.head}` === head);
      return { status: 200, body: found.map((p) => pullJson(p, base)) };
    },
    'pulls/create': (req, base) => {
      const { title, head, base: into, body } = req.body as { title: string; head: string; base: string; body?: string };
      const headSha = refs.get(`heads/${head}`);
      if (!headSha) return { status: 422, body: { message: 'Validation Failed', errors: [{ field: 'head', code: 'invalid' }] } };
      if (pulls.some((p) => p.head === head)) return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${owner}:${head}.` }] } };
      if ((body ?? '').length > MAX_BODY) return { ...BODY_TOO_LONG, body: { ...(BODY_TOO_LONG.body as object), errors: [{ resource: 'PullRequest', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] } };
      const pull = { number: pulls.length + 2, title, body: body ?? '', head, base: into, headSha };
      pulls.push(pull);
      return { status: 201, body: pullJson(pull, base) };
    },
  };

  const faults: InjectedFault[] = [];
  const waiters: { operationId: string; when?: (req: StandInRequest) => boolean; resolve: (req: StandInRequest) => void }[] = [];
  for (const [operationId, handler] of Object.entries(handlers)) {
    handlers[operationId] = (req, base) => {
      for (const w of waiters.filter((x) => x.operationId === operationId && (!x.when || x.when(req)))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(req);
      }
      const fault = faults.find((f) => f.operationId === operationId && f.hits < (f.times ?? 1) && (!f.when || f.when(req)));
      if (!fault) return handler(req, base);
      fault.hits++;
      if (typeof fault.effect === 'object') return fault.effect.reply;
      return { ...handler(req, base), fault: fault.effect };
    };
  }

  const fake: Partial<FakeGitHub> = {
    outage: false,
    faults,
    inject(fault: Fault) {
      const injected = { ...fault, hits: 0 };
      faults.push(injected);
      return injected;
    },
    arrival(operationId: string, when?: (req: StandInRequest) => boolean) {
      return new Promise<StandInRequest>((resolve) => waiters.push({ operationId, ...(when ? { when } : {}), resolve }));
    },
  };
  // Probot calls a GHE host at `/api/v3/...`; github.com's paths are the same without the prefix.
  const rewrite = (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    if (req.url?.startsWith('/api/v3/')) req.url = req.url.slice('/api/v3'.length);
    const blob = /^\/_blob\/artifacts\/(\d+)\.zip$/.exec(req.url ?? '');
    if (blob) {
      const artifact = artifacts.find((a) => a.id === Number(blob[1]));
      if (artifact) res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(artifact.zip.length) }).end(artifact.zip);
      else res.writeHead(404).end();
      return true;
    }
    if (fake.outage) {
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Service Unavailable' }));
      return true;
    }
    return false;
  };
  const standIn = await startGitHubStandIn(handlers, rewrite);
  return Object.assign(fake, standIn, {
    owner,
    repo,
    pulls,
    comments,
    removedLabels,
    addedLabels,
    permissions,
    ci,
    filesAt,
    headOf: (branch: string) => refs.get(`heads/${branch}`),
    pushAsPerson(branch: string, files: Record<string, string>) {
      const head = refs.get(`heads/${branch}`) ?? '';
      const entries = new Map(treeOf(head) ?? []);
      for (const [path, content] of Object.entries(files)) entries.set(path, { mode: '100644', sha: putBlob(content) });
      const sha = putCommit(putTree(entries), [head], 'A person\'s change');
      refs.set(`heads/${branch}`, sha);
      return sha;
    },
    commitFile(path: string, content: string) {
      const head = refs.get(`heads/${defaultBranch}`) ?? '';
      const entries = new Map(treeOf(head) ?? []);
      entries.set(path, { mode: '100644', sha: putBlob(content) });
      refs.set(`heads/${defaultBranch}`, putCommit(putTree(entries), [head], `Update ${path}`));
    },
  }) as FakeGitHub;
}
