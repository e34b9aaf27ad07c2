import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDecisions, listWorkOrders, openStore, type Store, type WorkOrder } from '../../src/store/index.ts';
import { createScratchDatabase, postgresAnswers, type ScratchDatabase } from '../app-action/postgres-database.ts';
import { secondaryRateLimit, startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { startScriptedModelServer, type RecordedRequest, type ScriptedReply, type ScriptedServer } from '../helpers/scripted-model-server.ts';
import { eventually, startApp, type AppProcess } from './app-process.ts';
import { CI_FILES, ciModelReply, LOGS, workflowRunCompleted } from './ci-fixtures.ts';
import { commented } from './ci-fixtures.ts';
import { FILES, labeledPayload, REPO } from './fixtures.ts';

// Recovery (issue 11): every step that talks to GitHub or the model may run twice or be killed anywhere, and the
// world ends the same. The App runs as a process against the OpenAPI-checked stand-in with faults injected where
// they hurt; each story asserts one pull request, one model call per proposal, one charge, a work order alive or
// ended with a true reason, and a status comment that is current.

const postgresUp = await postgresAnswers();
const ENGINES: ('pglite' | 'postgres')[] = ['pglite', ...(postgresUp ? (['postgres'] as const) : [])];

const promptOf = (r: RecordedRequest) => JSON.stringify((r.body as { messages?: unknown }).messages ?? '');
const fixReadme = { json: { summary: 'Fix the spelling of "commit" in the README.', edits: [{ path: 'README.md', search: 'committ', replace: 'commit' }] } };

/** The model's side: "Long summary" answers a summary over GitHub's body limit; "Fails once" is malformed until relabelled. */
function recoveryReply(failing: Set<string>): (request: RecordedRequest) => ScriptedReply {
  return (request) => {
    const text = promptOf(request);
    for (const title of failing) if (text.includes(title)) return { content: 'I would rather talk about it.' };
    if (text.includes('Long summary')) return { json: { summary: `A long explanation. ${'word '.repeat(15_000)}`, edits: fixReadme.json.edits } };
    return fixReadme;
  };
}

/** Where one App's store lives, on either engine. */
interface Place {
  env: Record<string, string>;
  dataDir: string;
  scratch: ScratchDatabase | null;
  open(): Promise<Store>;
  remove(): Promise<void>;
}

async function place(engine: 'pglite' | 'postgres'): Promise<Place> {
  const dataDir = mkdtempSync(join(tmpdir(), 'punchlist-recovery-'));
  const scratch = engine === 'postgres' ? await createScratchDatabase() : null;
  return {
    env: scratch ? { DATABASE_URL: scratch.url } : {},
    dataDir,
    scratch,
    open: () => openStore(scratch ? { databaseUrl: scratch.url } : { dataDir }),
    async remove() {
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Money settled per work order (reservations turned into charges). */
async function charges(store: Store, workOrderId: number): Promise<number> {
  const rows = await store.db.selectFrom('budgets').select('status').where('work_order_id', '=', workOrderId).where('status', '=', 'settled').execute();
  return rows.length;
}

describe.each(ENGINES)('recovery [%s]', (engine) => {
  let github: FakeGitHub;
  let model: ScriptedServer;
  let app: AppProcess;
  let where: Place;
  const failing = new Set<string>(['Fails once']);

  beforeAll(async () => {
    github = await startFakeGitHub({ ...REPO, files: FILES });
    github.permissions.set('Codertocat', 'maintain');
    model = await startScriptedModelServer([], { fallback: recoveryReply(failing) });
    where = await place(engine);
    app = await startApp({ githubUrl: github.url, modelBaseUrl: model.baseURL, dataDir: where.dataDir, env: where.env });
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
    await github?.close();
    await model?.close();
    await where?.remove();
  });

  const pullsFor = (issue: number) => github.pulls.filter((p) => p.head.startsWith(`punchlist/${issue}-`));
  const statusComments = (issue: number) => github.comments.filter((c) => c.issueNumber === issue && c.body.includes('<!-- punchlist:status'));
  const callsFor = (title: string) => model.requests.filter((r) => promptOf(r).includes(title));
  const opened = async (issue: number) => {
    const pull = await eventually(`the pull request for #${issue}`, () => pullsFor(issue)[0], 45_000);
    await eventually(`the status comment of #${issue} to say so`, () => statusComments(issue).some((c) => c.body.includes('| State | pull request open |')), 30_000);
    return pull;
  };

  it('a secondary rate limit on git/trees and on POST /pulls is waited out through the queue: one PR, one model call', async () => {
    const story = { number: 31, title: 'Rate limited README spelling', body: 'README.md spells "commit" with two t.' };
    const trees = github.inject({ operationId: 'git/create-tree', effect: { reply: secondaryRateLimit(2) } });
    // Without GitHub's words: a 403 with retry-after alone means the same.
    const pulls = github.inject({ operationId: 'pulls/create', effect: { reply: secondaryRateLimit(2, { message: 'Forbidden' }) } });
    await app.deliver('issues', labeledPayload(story));
    const pull = await opened(31);
    expect([trees.hits, pulls.hits]).toEqual([1, 1]);
    expect(pullsFor(31)).toHaveLength(1);
    expect(callsFor(story.title)).toHaveLength(1);
    expect(github.filesAt(pull.head).get('README.md')).toContain('Please commit your changes');
    expect(statusComments(31)).toHaveLength(1);
    // Waited as told through the queue, not by failing the work order.
    expect(app.output()).toMatch(/asked the App to slow down \(403, rate limit\); the proposing step runs again in 2 s/);
  }, 90_000);

  it('a pull request GitHub opened but whose answer was lost is adopted: one PR, one model call', async () => {
    const story = { number: 32, title: 'Lost answer README spelling', body: 'README.md spells "commit" with two t.' };
    const lost = github.inject({ operationId: 'pulls/create', effect: 'drop' });
    await app.deliver('issues', labeledPayload(story));
    await opened(32);
    expect(lost.hits).toBe(1);
    expect(pullsFor(32)).toHaveLength(1);
    expect(callsFor(story.title)).toHaveLength(1);
    expect(statusComments(32)).toHaveLength(1);
  }, 90_000);

  it('a pull request body over 65,536 characters is trimmed, not a failure', async () => {
    const story = { number: 33, title: 'Long summary of the README fix', body: 'README.md spells "commit" with two t.' };
    await app.deliver('issues', labeledPayload(story));
    const pull = await opened(33);
    expect(pull.body.length).toBeLessThanOrEqual(65_536);
    expect(pull.body).toContain('cut here');
    expect(callsFor(story.title)).toHaveLength(1);
  }, 90_000);

  it('the status comment after 502s and a lost answer on its first post: found by its marker, one comment, current', async () => {
    const story = { number: 34, title: 'Flaky comments README spelling', body: 'README.md spells "commit" with two t.' };
    const isStatus = (r: { body: unknown }) => String((r.body as { body?: string }).body ?? '').includes('punchlist:status');
    const bad = github.inject({ operationId: 'issues/create-comment', effect: { reply: { status: 502, body: { message: 'Server Error' } } }, times: 2, when: isStatus });
    const lost = github.inject({ operationId: 'issues/create-comment', effect: 'drop', when: isStatus });
    await app.deliver('issues', labeledPayload(story));
    await opened(34);
    expect([bad.hits, lost.hits]).toEqual([2, 1]);
    expect(statusComments(34)).toHaveLength(1);
    expect(pullsFor(34)).toHaveLength(1);
  }, 90_000);

  it('a failed work order starts again when the issue is labelled again, as a new attempt: one PR', async () => {
    const story = { number: 35, title: 'Fails once README spelling', body: 'README.md spells "commit" with two t.' };
    await app.deliver('issues', labeledPayload(story));
    const failed = await eventually('the failure', () => statusComments(35).find((c) => c.body.includes('| State | failed |')), 45_000);
    expect(failed.body).toContain('remove and add the `punchlist` label, or reply `/punchlist retry`');
    failing.delete('Fails once');
    await app.deliver('issues', labeledPayload(story));
    await opened(35);
    expect(pullsFor(35)).toHaveLength(1);
    expect(statusComments(35)).toHaveLength(1);
    // Two calls the first attempt (the malformed answer fed back once), one the second.
    expect(callsFor(story.title)).toHaveLength(3);
  }, 90_000);

  it('a failed work order starts again on `/punchlist retry`', async () => {
    const story = { number: 36, title: 'Fails twice README spelling', body: 'README.md spells "commit" with two t.' };
    failing.add('Fails twice');
    await app.deliver('issues', labeledPayload(story));
    await eventually('the failure', () => statusComments(36).some((c) => c.body.includes('| State | failed |')), 45_000);
    failing.delete('Fails twice');
    await app.deliver('issue_comment', commented(36, '/punchlist retry', 'Codertocat'));
    await opened(36);
    expect(pullsFor(36)).toHaveLength(1);
  }, 90_000);

  it('has one charge per model call, and each work order alive or ended with a true reason', async () => {
    expect(await app.stop()).toBe(0);
    const store = await where.open();
    try {
      const orders = await listWorkOrders(store.db);
      const byIssue = new Map(orders.map((o) => [o.issueNumber, o]));
      for (const issue of [31, 32, 33, 34]) {
        const order = byIssue.get(issue) as WorkOrder;
        expect(order.state).toBe('pr_open');
        expect(await charges(store, order.id)).toBe(1);
      }
      const relabelled = byIssue.get(35)!;
      expect(relabelled.state).toBe('pr_open');
      expect(await charges(store, relabelled.id)).toBe(2);
      expect((await listDecisions(store.db, relabelled.id)).map((d) => d.kind)).toEqual(['intake', 'routing', 'proposal', 'retry', 'routing', 'proposal']);
      expect((await listDecisions(store.db, byIssue.get(36)!.id)).map((d) => d.kind)).toEqual(['intake', 'routing', 'proposal', 'retry', 'routing', 'proposal']);
    } finally {
      await store.close();
    }
    app = await startApp({ githubUrl: github.url, modelBaseUrl: model.baseURL, dataDir: where.dataDir, env: where.env });
    expect(github.violations).toEqual([]);
    expect(model.problems).toEqual([]);
  }, 90_000);
});

// A killed process stops renewing its claims: on PGlite the one process a data directory allows takes them back at
// once on restart; on PostgreSQL (where another live process may hold them) the job's heartbeat and the step lease
// lapse a lease after the last renewal. PUNCHLIST_LEASE_SECONDS (src/store/queue.ts, default 60) shortens the lease
// to pg-boss's least, 10 s, so a restart takes over within the stories' waits.
const SHORT_LEASE = { PUNCHLIST_LEASE_SECONDS: '10' };

describe.each(ENGINES)('recovery after SIGKILL [%s]', (engine) => {
  let github: FakeGitHub;
  let model: ScriptedServer;
  let app: AppProcess | undefined;
  let where: Place;

  beforeAll(async () => {
    github = await startFakeGitHub({ ...REPO, files: FILES });
    github.permissions.set('Codertocat', 'admin');
    model = await startScriptedModelServer([], { fallback: recoveryReply(new Set()) });
    where = await place(engine);
  });
  afterAll(async () => {
    await app?.stop();
    await github?.close();
    await model?.close();
    await where?.remove();
  });
  const start = async () => (app = await startApp({ githubUrl: github.url, modelBaseUrl: model.baseURL, dataDir: where.dataDir, env: { ...where.env, ...SHORT_LEASE } }));
  const statusComments = (issue: number) => github.comments.filter((c) => c.issueNumber === issue && c.body.includes('<!-- punchlist:status'));
  const callsFor = (title: string) => model.requests.filter((r) => promptOf(r).includes(title));

  it('killed while POST /pulls is in flight (GitHub opened it): after a restart, one PR, one model call, the branch not moved', async () => {
    const story = { number: 41, title: 'Killed at the pull request', body: 'README.md spells "commit" with two t.' };
    await start();
    github.inject({ operationId: 'pulls/create', effect: 'hold' });
    const arrived = github.arrival('pulls/create');
    await app!.deliver('issues', labeledPayload(story));
    await arrived;
    const branch = github.pulls[0]!.head;
    const head = github.headOf(branch);
    await app!.kill();
    await start();
    await eventually('the status comment to catch up', () => statusComments(41).some((c) => c.body.includes('| State | pull request open |')), 45_000);
    expect(github.pulls).toHaveLength(1);
    expect(github.headOf(branch)).toBe(head);
    expect(callsFor(story.title)).toHaveLength(1);
    expect(statusComments(41)).toHaveLength(1);
  }, 120_000);

  it('killed after the model answered (while the commit\'s tree is written): the answer is reused, one call, one charge', async () => {
    const story = { number: 42, title: 'Killed after the answer', body: 'README.md spells "commit" with two t.' };
    github.inject({ operationId: 'git/create-tree', effect: 'hold' });
    const arrived = github.arrival('git/create-tree');
    await app!.deliver('issues', labeledPayload(story));
    await arrived;
    await app!.kill();
    await start();
    await eventually('the pull request', () => github.pulls.find((p) => p.head.startsWith('punchlist/42-')), 45_000);
    await eventually('the status comment to catch up', () => statusComments(42).some((c) => c.body.includes('| State | pull request open |')), 30_000);
    expect(callsFor(story.title)).toHaveLength(1);
    expect(statusComments(42)).toHaveLength(1);
  }, 120_000);

  it('killed while the status comment is posted (GitHub made it): after a restart, one comment, brought up to date', async () => {
    const story = { number: 43, title: 'Killed at the status comment', body: 'README.md spells "commit" with two t.' };
    github.inject({ operationId: 'issues/create-comment', effect: 'hold', when: (r) => String((r.body as { body?: string }).body).includes('work-order=') });
    const arrived = github.arrival('issues/create-comment');
    await app!.deliver('issues', labeledPayload(story));
    await arrived;
    await app!.kill();
    expect(statusComments(43)).toHaveLength(1);
    await start();
    await eventually('the status comment to catch up', () => statusComments(43).some((c) => c.body.includes('| State | pull request open |')), 45_000);
    expect(statusComments(43)).toHaveLength(1);
    expect(github.pulls.filter((p) => p.head.startsWith('punchlist/43-'))).toHaveLength(1);
    expect(await app!.stop()).toBe(0);
    app = undefined;
    const store = await where.open();
    try {
      for (const order of await listWorkOrders(store.db)) {
        expect(order.state).toBe('pr_open');
        expect(await charges(store, order.id)).toBe(1);
      }
    } finally {
      await store.close();
    }
    expect(github.violations).toEqual([]);
  }, 120_000);
});

describe.runIf(postgresUp)('two App processes on one PostgreSQL, one CI event each', () => {
  let github: FakeGitHub;
  let model: ScriptedServer;
  let apps: AppProcess[] = [];
  let where: Place;

  beforeAll(async () => {
    github = await startFakeGitHub({ ...REPO, files: CI_FILES });
    github.permissions.set('Codertocat', 'admin');
    model = await startScriptedModelServer([], { fallback: ciModelReply });
    where = await place('postgres');
    apps = [
      await startApp({ githubUrl: github.url, modelBaseUrl: model.baseURL, dataDir: where.dataDir, env: where.env }),
      await startApp({ githubUrl: github.url, modelBaseUrl: model.baseURL, dataDir: `${where.dataDir}-b`, env: where.env }),
    ];
  }, 90_000);
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await github?.close();
    await model?.close();
    await where?.remove();
  });

  it('re-runs the failed jobs of a head commit once, and a 403 "already running" fails nothing', async () => {
    const story = { number: 51, title: 'Tidy the README title', body: 'README.md needs a better title.' };
    await apps[0]!.deliver('issues', labeledPayload(story));
    const pull = await eventually('the pull request', () => github.pulls[0], 45_000);
    const status = () => github.comments.find((c) => c.issueNumber === 51 && c.body.includes('<!-- punchlist:status'))?.body ?? '';
    await eventually('the work order to wait for CI', () => status().includes('pull request open'), 30_000);
    // Two workflows of the same commit time out; each App process hears of one.
    const first = github.ci.complete(pull.headSha, [{ name: 'test', conclusion: 'timed_out', log: LOGS.runnerTimeout }], { workflow: 'CI' });
    const second = github.ci.complete(pull.headSha, [{ name: 'e2e', conclusion: 'timed_out', log: LOGS.runnerTimeout }], { workflow: 'E2E' });
    await Promise.all([apps[0]!.deliver('workflow_run', workflowRunCompleted(first)), apps[1]!.deliver('workflow_run', workflowRunCompleted(second))]);
    await eventually('the re-runs', () => github.ci.reruns.length >= 2, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect([...github.ci.reruns].sort()).toEqual([first.id, second.id].sort());
    expect(status()).not.toMatch(/\| State \| failed \||403|already running/);
    expect(status()).toContain('| State | CI running |');
    expect(model.requests.filter((r) => promptOf(r).includes(story.title))).toHaveLength(1);
    expect(github.violations).toEqual([]);
  }, 120_000);
});
