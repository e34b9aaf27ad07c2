import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { startGitHubStandIn, type Handler, type StandIn, type StandInReply } from './github-stand-in.ts';

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

/** The fake's state, for assertions. */
export interface FakeGitHub extends StandIn {
  owner: string;
  repo: string;
  pulls: FakePull[];
  comments: FakeComment[];
  removedLabels: { issueNumber: number; name: string }[];
  permissions: Map<string, string>;
  /** The files of the commit a branch points at. */
  filesAt(branch: string): Map<string, string>;
  /** Sets (or replaces) a file on the default branch with a new commit. */
  commitFile(path: string, content: string): void;
  /** Answers every request with 503 while true, as GitHub does in an outage. */
  outage: boolean;
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
  const permissions = new Map<string, string>();
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
      const comment = { id: nextId++, issueNumber: Number(req.params.issue_number), body: (req.body as { body: string }).body, edits: 0 };
      comments.push(comment);
      return { status: 201, body: { id: comment.id, body: comment.body, html_url: `${base}/${owner}/${repo}/issues/${comment.issueNumber}#issuecomment-${comment.id}` } };
    },
    'issues/update-comment': (req) => {
      const comment = comments.find((c) => c.id === Number(req.params.comment_id));
      if (!comment) return notFound;
      comment.body = (req.body as { body: string }).body;
      comment.edits++;
      return { status: 200, body: { id: comment.id, body: comment.body } };
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
    'git/create-blob': (req) => {
      const { content, encoding } = req.body as { content: string; encoding?: string };
      const sha = putBlob(encoding === 'base64' ? Buffer.from(content, 'base64').toString('utf8') : content);
      return { status: 201, body: { sha } };
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
    'pulls/list': (req, base) => {
      const head = req.query.head;
      const found = pulls.filter((p) => head === undefined || `${owner}:${p.head}` === head);
      return { status: 200, body: found.map((p) => pullJson(p, base)) };
    },
    'pulls/create': (req, base) => {
      const { title, head, base: into, body } = req.body as { title: string; head: string; base: string; body?: string };
      const headSha = refs.get(`heads/${head}`);
      if (!headSha) return { status: 422, body: { message: 'Validation Failed', errors: [{ field: 'head', code: 'invalid' }] } };
      if (pulls.some((p) => p.head === head)) return { status: 422, body: { message: `A pull request already exists for ${owner}:${head}.` } };
      const pull = { number: pulls.length + 2, title, body: body ?? '', head, base: into, headSha };
      pulls.push(pull);
      return { status: 201, body: pullJson(pull, base) };
    },
  };

  const fake: Partial<FakeGitHub> = { outage: false };
  // Probot calls a GHE host at `/api/v3/...`; github.com's paths are the same without the prefix.
  const rewrite = (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    if (req.url?.startsWith('/api/v3/')) req.url = req.url.slice('/api/v3'.length);
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
    permissions,
    filesAt,
    commitFile(path: string, content: string) {
      const head = refs.get(`heads/${defaultBranch}`) ?? '';
      const entries = new Map(treeOf(head) ?? []);
      entries.set(path, { mode: '100644', sha: putBlob(content) });
      refs.set(`heads/${defaultBranch}`, putCommit(putTree(entries), [head], `Update ${path}`));
    },
  }) as FakeGitHub;
}
