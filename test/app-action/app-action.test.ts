import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANNOT_FOLLOW_CI_NOTE } from '../../app/action/throwaway-store-notes.ts';
import { findWorkOrder, listDecisions, openStore } from '../../src/store/index.ts';
import { FILES, labeledPayload, modelReply, REPO } from '../app-e2e/fixtures.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { startScriptedModelServer, type ScriptedServer } from '../helpers/scripted-model-server.ts';
import { createScratchDatabase, POSTGRES_URL, postgresAnswers, type ScratchDatabase } from './postgres-database.ts';
import { runAppAction, type AppActionRun } from './run-app-action.ts';

const TYPO = { number: 1, title: 'Spelling error in the README file', body: "It looks like you spelled 'commit' with two 't's in README.md.\n\n- [ ] README.md says \"commit\"" };
const BRANCH = 'punchlist/1-spelling-error-in-the-readme-file';
const FIXED_README = '# Hello-World\n\nPlease commit your changes with a message.\n';
const postgresUp = await postgresAnswers();

/** The payload a workflow's `issues: [labeled]` run reads from GITHUB_EVENT_PATH: a repository event, no installation. */
function workflowPayload(): Record<string, unknown> {
  const payload = labeledPayload(TYPO);
  delete payload.installation;
  return payload;
}

/** Workflow commands of one kind (`error`, `notice`) the run wrote. */
function commands(run: AppActionRun, kind: string): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith(`::${kind}::`));
}

describe('the App inside GitHub Actions, run as the runner runs dist/app.js', () => {
  let github: FakeGitHub;
  let model: ScriptedServer;
  let inputs: Record<string, string>;

  beforeEach(async () => {
    github = await startFakeGitHub({ ...REPO, files: FILES });
    github.permissions.set('Codertocat', 'maintain');
    model = await startScriptedModelServer([], { fallback: modelReply });
    inputs = { 'github-token': 'ghs_workflowtoken', 'openai-base-url': model.baseURL, 'max-minutes': '3' };
  });

  afterEach(async () => {
    await github.close();
    await model.close();
  });

  const statusComments = () => github.comments.filter((c) => c.issueNumber === TYPO.number);

  it('without DATABASE_URL opens one pull request and says on the status comment that it cannot follow CI', async () => {
    const run = await runAppAction({ event: workflowPayload(), apiUrl: github.url, inputs });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(github.pulls).toHaveLength(1);
    expect(github.pulls[0]).toMatchObject({ head: BRANCH, base: 'master' });
    expect(github.filesAt(BRANCH).get('README.md')).toBe(FIXED_README);
    expect(statusComments()).toHaveLength(1);
    const status = statusComments()[0]!.body;
    expect(status).toContain('| State | pull request open |');
    expect(status).toContain(`Opened pull request #${github.pulls[0]!.number} on ${BRANCH}`);
    expect(status).toContain(CANNOT_FOLLOW_CI_NOTE);
    expect(commands(run, 'notice')).toEqual([expect.stringContaining(`Work order 1 opened pull request #${github.pulls[0]!.number}`)]);
    expect(commands(run, 'error')).toEqual([]);
    // The store started from the build's seed (dist/app-pgdata.tgz), not from initdb.
    expect(commands(run, 'warning')).toEqual([]);
    expect(github.violations).toEqual([]);
    expect(model.problems).toEqual([]);
  }, 90_000);

  it('keeps its store in PUNCHLIST_APP_STORE_ROOT and removes it when it ends, and when the runner cancels the step mid-run', async () => {
    const storeRoot = mkdtempSync(join(tmpdir(), 'punchlist-store-root-'));
    try {
      let during: string[] = [];
      const whenOutput = { text: 'Punchlist: handling', then: () => (during = readdirSync(storeRoot)) };
      const run = await runAppAction({ event: workflowPayload(), apiUrl: github.url, inputs, storeRoot, whenOutput });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(github.pulls).toHaveLength(1);
      expect(during).toEqual([expect.stringMatching(/^punchlist-app-/)]);
      expect(readdirSync(storeRoot)).toEqual([]);
      // The runner cancels a step with SIGTERM: the launcher passes it on and still removes the directory.
      const cancelled = await runAppAction({ event: workflowPayload(), apiUrl: github.url, inputs, storeRoot, terminateOn: 'Punchlist: handling', runId: '77' });
      expect(cancelled.code).not.toBe(0);
      expect(cancelled.stdout).toContain('Punchlist: handling');
      expect(readdirSync(storeRoot)).toEqual([]);
    } finally {
      rmSync(storeRoot, { recursive: true, force: true });
    }
  }, 90_000);

  it.each([
    ['is not JSON', '{"action": "labeled",'],
    ['holds no object', '[1, 2]'],
  ])('fails with exit 1 and one ::error:: line when the event file %s, calling nobody', async (_, eventText) => {
    const run = await runAppAction({ event: null, eventText, apiUrl: github.url, inputs });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([expect.stringMatching(/^::error::Cannot read the event file ".*event\.json": it (is not JSON|holds an array)/)]);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(github.requests).toEqual([]);
    expect(model.requests).toEqual([]);
  });

  it('fails with exit 1 and one ::error:: line when GitHub stays unavailable through the retries', async () => {
    github.outage = true;
    const run = await runAppAction({ event: workflowPayload(), apiUrl: github.url, inputs });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual(['::error::Cannot handle the issues.labeled event: Service Unavailable']);
    expect(model.requests).toEqual([]);
  }, 60_000);

  describe('with DATABASE_URL', () => {
    let database: ScratchDatabase | undefined;

    afterEach(async () => {
      await database?.drop();
      database = undefined;
    });

    it.skipIf(!postgresUp && !process.env.CI)('keeps the work order, says nothing about CI, and treats a re-run of the workflow as a redelivery', async () => {
      if (!postgresUp) throw new Error(`No PostgreSQL answered at ${POSTGRES_URL}: CI must run the action's DATABASE_URL leg`);
      database = await createScratchDatabase();
      const withStore = { ...inputs, 'database-url': database.url };
      const run = await runAppAction({ event: workflowPayload(), apiUrl: github.url, inputs: withStore, runId: '4242' });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(github.pulls).toHaveLength(1);
      expect(github.filesAt(BRANCH).get('README.md')).toBe(FIXED_README);
      const status = statusComments()[0]!.body;
      expect(status).toContain('| State | pull request open |');
      expect(status).not.toContain('DATABASE_URL');
      expect(commands(run, 'notice')).toEqual([]);

      const rerun = await runAppAction({ event: workflowPayload(), apiUrl: github.url, inputs: withStore, runId: '4242' });
      expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
      expect(rerun.stdout).toContain('(delivery actions-run-4242): redelivery');
      expect(github.pulls).toHaveLength(1);
      expect(statusComments()).toHaveLength(1);

      const store = await openStore({ databaseUrl: database.url });
      try {
        const order = await findWorkOrder(store.db, { repository: 'Codertocat/Hello-World', issueNumber: TYPO.number, trigger: 'label:punchlist' });
        expect(order).toMatchObject({ state: 'pr_open', prNumber: github.pulls[0]!.number, branch: BRANCH });
        expect((await listDecisions(store.db, order!.id)).map((d) => d.kind)).toEqual(['intake', 'routing', 'proposal']);
      } finally {
        await store.close();
      }
      expect(github.violations).toEqual([]);
      expect(model.problems).toEqual([]);
    }, 90_000);
  });
});
