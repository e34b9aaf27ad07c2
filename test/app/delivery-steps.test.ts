import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Probot } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDecisions, listWorkOrders, openStore, WORK_ORDER_QUEUE, type Store } from '../../src/store/index.ts';
import { commandStep, type CommentEvent } from '../../app/ci/commands.ts';
import { createApp } from '../../app/create-app.ts';
import type { GitHub } from '../../app/github/repo-ref.ts';
import { createInbox } from '../../app/inbox/inbox.ts';
import { intakeStep } from '../../app/intake/handle-issue-labeled.ts';
import type { LabeledEvent } from '../../app/intake/labeled-event.ts';
import { createModelClient } from '../../app/model/index.ts';
import { laneOf, runWorkOrder } from '../../app/worker/run-work-order.ts';
import { NO_WORK_ORDER, sendStepJob, stepJobId, type StepJobData } from '../../app/worker/step-job.ts';
import type { WorkJob } from '../../app/worker/worker-deps.ts';
import { PRIVATE_KEY } from '../app-e2e/app-process.ts';
import { commented } from '../app-e2e/ci-fixtures.ts';
import { FILES, INSTALLATION_ID, labeledPayload, REPO } from '../app-e2e/fixtures.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';

// Handlers only read the event, write and enqueue (DESIGN.md): everything that talks to GitHub is a step run by the
// queue, and each step run twice acts once.

const quiet = { info() {}, warn() {}, error() {} };

function labeled(number: number, sender: string, deliveryId: string): LabeledEvent {
  return {
    deliveryId,
    installationId: INSTALLATION_ID,
    owner: REPO.owner,
    repo: REPO.repo,
    repository: `${REPO.owner}/${REPO.repo}`,
    repositoryId: 1296269,
    defaultBranch: REPO.defaultBranch,
    label: 'punchlist',
    sender: { login: sender, type: 'User' },
    issue: { number, title: `Story ${number}`, body: 'README.md spells "commit" with two t.', state: 'open', locked: false, author: 'Codertocat', isPullRequest: false },
  };
}

describe('delivery steps', () => {
  let github: FakeGitHub;
  let store: Store;
  let dataDir: string;
  let probot: Probot;
  let client: GitHub;

  beforeAll(async () => {
    github = await startFakeGitHub({ ...REPO, files: FILES });
    github.permissions.set('Codertocat', 'maintain');
    github.permissions.set('mallory', 'read');
    dataDir = mkdtempSync(join(tmpdir(), 'punchlist-delivery-steps-'));
    store = await openStore({ dataDir });
    probot = new Probot({ appId: 4242, privateKey: PRIVATE_KEY, secret: 'test-secret', baseUrl: github.url, logLevel: 'error' });
    client = await probot.auth(INSTALLATION_ID);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await github?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a webhook handler makes no GitHub call: the inbox stores the delivery, the handler enqueues its step', async () => {
    const inbox = createInbox(store, { pollMs: 50, log: quiet });
    const app = new Probot({ appId: 4242, privateKey: PRIVATE_KEY, secret: 'test-secret', baseUrl: github.url, logLevel: 'error' });
    await app.load(createApp({ store, inbox, worker: false, models: createModelClient({ endpoints: { openai: { baseURL: 'http://127.0.0.1:9/v1', apiKey: null }, anthropic: { baseURL: null, apiKey: null } } }) }), { cwd: process.cwd(), addHandler: () => {} });
    const before = github.requests.length;
    await app.receive({ id: '0b6f9a40-0000-4000-8000-000000000001', name: 'issues', payload: labeledPayload({ number: 61, title: 'Handler only', body: 'Tidy README.md.' }) } as never);
    await app.receive({ id: '0b6f9a40-0000-4000-8000-000000000002', name: 'issue_comment', payload: commented(61, '/punchlist abort', 'mallory') } as never);
    const until = Date.now() + 10_000;
    let handled = 0;
    while (Date.now() < until) {
      handled = (await store.db.selectFrom('webhook_inbox').select('id').where('processed_at', 'is not', null).execute()).length;
      if (handled === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await inbox.close();
    expect(handled).toBe(2);
    expect(github.requests.slice(before).map((r) => r.operationId)).toEqual([]);
    const jobs = await store.queue.jobs<StepJobData>(WORK_ORDER_QUEUE);
    const intake = jobs.find((j) => j.id === stepJobId('intake:0b6f9a40-0000-4000-8000-000000000001'));
    expect(intake?.data.intake?.issue.number).toBe(61);
    // No work order yet for #61, so the comment is not a command on anything: nothing is queued for it.
    expect(jobs.filter((j) => j.data.command)).toEqual([]);
  });

  it('an intake step run twice refuses once: one label removal, one comment, one decision', async () => {
    const event = labeled(62, 'mallory', '0b6f9a40-0000-4000-8000-000000000062');
    expect(await intakeStep(event, client, { store, log: quiet })).toBe('refused');
    expect(await intakeStep(event, client, { store, log: quiet })).toBe('redelivery');
    expect(github.removedLabels.filter((l) => l.issueNumber === 62)).toHaveLength(1);
    expect(github.comments.filter((c) => c.issueNumber === 62)).toHaveLength(1);
    const skips = await store.db.selectFrom('decision_logs').select('conclusion').where('conclusion', 'like', '%#62 added by mallory%').execute();
    expect(skips).toHaveLength(1);
  });

  it('an intake step killed after its comment (before it recorded the delivery) finds the comment: one comment', async () => {
    const event = labeled(63, 'mallory', '0b6f9a40-0000-4000-8000-000000000063');
    expect(await intakeStep(event, client, { store, log: quiet })).toBe('refused');
    // As if the first run died before recording the delivery.
    await store.db.deleteFrom('deliveries').where('delivery_id', '=', event.deliveryId).execute();
    expect(await intakeStep(event, client, { store, log: quiet })).toBe('refused');
    expect(github.comments.filter((c) => c.issueNumber === 63)).toHaveLength(1);
  });

  it('an intake step run twice makes one work order', async () => {
    const event = labeled(64, 'Codertocat', '0b6f9a40-0000-4000-8000-000000000064');
    expect(await intakeStep(event, client, { store, log: quiet })).toBe('created');
    expect(await intakeStep(event, client, { store, log: quiet })).toBe('redelivery');
    const orders = (await listWorkOrders(store.db)).filter((o) => o.issueNumber === 64);
    expect(orders).toHaveLength(1);
    expect((await listDecisions(store.db, orders[0]!.id)).map((d) => d.kind)).toEqual(['intake']);
  });

  it('a command step run twice acts once: one refusal to a read-only author, one abort by a maintainer', async () => {
    const command = (body: string, sender: string, deliveryId: string): CommentEvent => ({
      deliveryId,
      repository: `${REPO.owner}/${REPO.repo}`,
      repo: { owner: REPO.owner, repo: REPO.repo },
      number: 64,
      onPullRequest: false,
      body,
      sender: { login: sender, type: 'User' },
    });
    const refused = command('/punchlist abort', 'mallory', '0b6f9a40-0000-4000-8000-000000000641');
    expect(await commandStep(refused, client, store)).toBe('refused: mallory is read');
    expect(await commandStep(refused, client, store)).toBe('acted on already');
    expect(github.comments.filter((c) => c.issueNumber === 64 && c.body.includes('nothing was done'))).toHaveLength(1);

    const abort = command('/punchlist abort', 'Codertocat', '0b6f9a40-0000-4000-8000-000000000642');
    expect(await commandStep(abort, client, store)).toMatch(/aborted by Codertocat$/);
    expect(await commandStep(abort, client, store)).toBe('acted on already');
    const order = (await listWorkOrders(store.db)).find((o) => o.issueNumber === 64)!;
    expect(order.state).toBe('cancelled');
    expect((await listDecisions(store.db, order.id)).filter((d) => d.conclusion.startsWith('Aborted by'))).toHaveLength(1);
    expect(github.violations).toEqual([]);
  });

  it('two jobs in one lane never run side by side in one process: the second waits its turn as a new job', async () => {
    const first = labeled(71, 'Codertocat', '0b6f9a40-0000-4000-8000-000000000711');
    const second = labeled(71, 'Codertocat', '0b6f9a40-0000-4000-8000-000000000712');
    expect(laneOf({ workOrderId: NO_WORK_ORDER, intake: first })).toBe(laneOf({ workOrderId: NO_WORK_ORDER, intake: second }));
    expect(laneOf({ workOrderId: NO_WORK_ORDER, intake: first })).not.toBe(laneOf({ workOrderId: NO_WORK_ORDER, intake: labeled(72, 'Codertocat', 'x') }));
    expect(laneOf({ workOrderId: 5 })).toBe(laneOf({ workOrderId: 5, command: { deliveryId: 'd', repository: 'o/r', repo: { owner: 'o', repo: 'r' }, number: 9, onPullRequest: true, body: '', sender: { login: 'a', type: 'User' } } }));
    expect(await sendStepJob(store, { workOrderId: NO_WORK_ORDER, intake: first }, `intake:${first.deliveryId}`)).toBe(true);
    expect(await sendStepJob(store, { workOrderId: NO_WORK_ORDER, intake: second }, `intake:${second.deliveryId}`)).toBe(true);
    // (Jobs the earlier stories enqueued are claimed too, and left alone.)
    const jobs = ((await store.queue.fetch<StepJobData>(WORK_ORDER_QUEUE, 50)) as unknown as WorkJob[]).filter((j) => (j.data as StepJobData).intake?.issue.number === 71);
    expect(jobs.map((j) => j.id).sort()).toEqual([stepJobId(`intake:${first.deliveryId}`), stepJobId(`intake:${second.deliveryId}`)].sort());
    const models = createModelClient({ endpoints: { openai: { baseURL: 'http://127.0.0.1:9/v1', apiKey: null }, anthropic: { baseURL: null, apiKey: null } } });
    const deps = { store, models, github: () => Promise.resolve(client), log: quiet, owner: 'one-process' };
    await Promise.all(jobs.map((job) => runWorkOrder(job, deps)));
    // One intake ran (one work order); the other was put back for later, under a new job with the same facts.
    expect((await listWorkOrders(store.db)).filter((o) => o.issueNumber === 71)).toHaveLength(1);
    const again = (await store.queue.jobs<StepJobData>(WORK_ORDER_QUEUE)).filter((j) => j.data.intake?.issue.number === 71 && j.state === 'created');
    expect(again).toHaveLength(1);
    expect(jobs.map((j) => j.id)).not.toContain(again[0]!.id);
    expect(github.violations).toEqual([]);
  });
});
