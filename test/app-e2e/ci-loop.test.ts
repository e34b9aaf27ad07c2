import { afterAll, describe, expect, it } from 'vitest';
import { listDecisions, listOutcomes, listWorkOrders, openStore, type Store, type WorkOrder } from '../../src/store/index.ts';
import { routingOutcomeGroups } from '../../src/store/patterns.ts';
import type { FakeGitHub, FakePull } from '../helpers/fake-github.ts';
import type { ScriptedServer } from '../helpers/scripted-model-server.ts';
import { eventually, type AppProcess } from './app-process.ts';
import { useAppStack } from './app-stack.ts';
import { actionAnnotations, CI_FILES, ciModelReply, commented, isRefinement, LOGS, pushed, statusSet, workflowRunCompleted } from './ci-fixtures.ts';
import { labeledPayload } from './fixtures.ts';

// Whole stories of the CI loop (issue 6): the App runs as a process; the test plays GitHub Actions on the fake
// GitHub (check runs, job logs, re-runs) and delivers the real webhooks GitHub would send.

const STORIES = {
  fixed: { number: 21, title: 'Make sum add', body: 'src/sum.js subtracts. It should add.\n\n- [ ] `sum(2, 3)` is 5' },
  repeated: { number: 22, title: 'Sum stays wrong', body: 'src/sum.js returns the wrong result.' },
  timeout: { number: 23, title: 'Tidy the README title', body: 'README.md needs a better title.' },
  budget: { number: 24, title: 'Expensive sum fix', body: 'src/sum.js is wrong and the fix is expensive.' },
  pushed: { number: 25, title: 'Polish the README wording', body: 'README.md wording.' },
  statuses: { number: 26, title: 'Add a README footer', body: 'README.md needs a footer.' },
} as const;

describe('the CI loop, end to end', () => {
  let github: FakeGitHub;
  let model: ScriptedServer;
  let app: AppProcess;
  let dataDir: string;
  let store: Store | undefined;

  useAppStack({ files: CI_FILES, permissions: { Codertocat: 'admin', mallory: 'read' }, reply: ciModelReply }, (stack) => ({ github, model, app, dataDir } = stack));
  // Registered after the stack, so it runs before the App's data directory is removed.
  afterAll(async () => {
    await store?.close();
  });

  const pullFor = (issue: number) => github.pulls.find((p) => p.head.startsWith(`punchlist/${issue}-`));
  const statusOf = (issue: number) => github.comments.find((c) => c.issueNumber === issue && c.body.includes('**Punchlist** is on it'))?.body ?? '';
  const callsFor = (title: string) => model.requests.filter((r) => JSON.stringify(r.body).includes(title));
  const openPull = async (story: { number: number; title: string; body: string }): Promise<FakePull> => {
    expect((await app.deliver('issues', labeledPayload(story))).status).toBe(200);
    const pull = await eventually(`the pull request for #${story.number}`, () => pullFor(story.number));
    await eventually('the work order to wait for CI', () => statusOf(story.number).includes('pull request open'));
    return pull;
  };
  const runCi = async (sha: string, jobs: Parameters<FakeGitHub['ci']['complete']>[1]) => {
    const run = github.ci.complete(sha, jobs);
    expect((await app.deliver('workflow_run', workflowRunCompleted(run))).status).toBe(200);
    return run;
  };

  it('fail → fix → green: the failing test is fed back, the fix is a new commit on the branch, then success', async () => {
    const story = STORIES.fixed;
    const pull = await openPull(story);
    const first = pull.headSha;
    expect(github.filesAt(pull.head).get('src/sum.js')).toContain('a - b');

    await runCi(first, [{ name: 'test', conclusion: 'failure', log: LOGS.testFail }, { name: 'lint', conclusion: 'success' }]);
    const second = await eventually('the fix on the branch', () => (github.headOf(pull.head) !== first ? github.headOf(pull.head) : undefined));
    // The fix is made on top of the first change (a search/replace in the file as it is on the branch).
    expect(github.filesAt(pull.head).get('src/sum.js')).toMatch(/^\/\/ sum, try \d+\nexport function sum\(a, b\) {\n {2}return a \+ b;\n}\n$/);
    const refinement = callsFor(story.title).find(isRefinement);
    // The model was given the classified failure with its place, test name and log lines.
    expect(JSON.stringify(refinement?.body)).toContain('test_fail in src/sum.test.js:6 (test \\"sum adds two numbers\\")');
    expect(JSON.stringify(refinement?.body)).toContain('Log:\\n    test at src/sum.test.js:5:1');

    await eventually('the status comment to wait for CI again', () => statusOf(story.number).includes('pull request open'));
    const green = await runCi(second!, [{ name: 'test', conclusion: 'success' }, { name: 'lint', conclusion: 'success' }]);
    await eventually('success on the status comment', () => statusOf(story.number).includes('| State | succeeded |'));
    // A redelivery, and a second delivery about the same commit, change nothing (the store test below counts).
    const again = await app.deliver('workflow_run', workflowRunCompleted(green));
    await app.deliver('workflow_run', workflowRunCompleted(green), again.deliveryId);
    expect(callsFor(story.title)).toHaveLength(2);
    // The work order's own check run on each commit explains it, one notice per decision.
    const last = await eventually('the work order\'s check run to conclude', () => github.ci.ownChecks().find((c) => c.headSha === second && c.conclusion === 'success'));
    const checks = github.ci.ownChecks().filter((c) => c.headSha === first || c.headSha === second);
    expect(checks.map((c) => c.headSha).sort()).toEqual([first, second].sort());
    expect(last.annotations.map((a) => String(a.title).split(':')[0])).toEqual(['intake', 'routing', 'proposal', 'refinement_cycle', 'proposal', 'outcome']);
    expect(last.annotations.every((a) => a.annotation_level === 'notice')).toBe(true);
  });

  it('the same failure twice → escalation: one comment with options and estimates, and the needs-human label', async () => {
    const story = STORIES.repeated;
    const pull = await openPull(story);
    await runCi(pull.headSha, [{ name: 'test', conclusion: 'failure', log: LOGS.testFail }]);
    const second = await eventually('the first refinement', () => (github.headOf(pull.head) !== pull.headSha ? github.headOf(pull.head) : undefined));
    await eventually('the work order to wait for CI again', () => statusOf(story.number).includes('pull request open'));
    // This time the repository's CI runs the Punchlist Action: its check run carries the classified failures (the
    // job's own log says nothing here), and they fingerprint the same as the ones read from the log before.
    github.ci.actionReport(second!, 'failure', actionAnnotations(LOGS.testFail));
    await runCi(second!, [{ name: 'test', conclusion: 'failure', log: '' }]);
    const escalation = await eventually('the escalation comment', () => github.comments.find((c) => c.issueNumber === story.number && c.body.startsWith('**Punchlist needs a person**')));
    expect(escalation.body).toContain('the same failures came back twice in a row');
    expect(escalation.body).toMatch(/\| 0 \(first proposal\) \| [0-9a-f]{7} \| `scripted-mini` \| 1 \(test_fail\) \|/);
    expect(escalation.body).toMatch(/\| 1 \| [0-9a-f]{7} \| `scripted-mini` \| 1 \(test_fail\) \|/);
    expect(escalation.body).toContain('test_fail in src/sum.test.js:6 (test "sum adds two numbers")');
    const options = escalation.body.split('\n').filter((l) => l.startsWith('| `/punchlist'));
    expect(options.map((l) => l.split('|')[1]!.trim())).toEqual(['`/punchlist retry`', '`/punchlist retry --model scripted-large`', '`/punchlist abort`']);
    expect(options[0]).toMatch(/\| \$\d+\.\d{4} \| 25 % \| default for the same model again/);
    expect(options[1]).toMatch(/\| \$\d+\.\d{4} \| 50 % \| default for a higher-tier model/);
    await eventually('the needs-human label', () => github.addedLabels.some((l) => l.issueNumber === story.number && l.names.includes('punchlist:needs-human')));
    expect(github.comments.filter((c) => c.issueNumber === story.number && c.body.startsWith('**Punchlist needs a person**'))).toHaveLength(1);
    await eventually('the status comment to say escalated', () => statusOf(story.number).includes('escalated to a person'));
    expect(callsFor(story.title)).toHaveLength(2);
  });

  it('a person without write access cannot answer; a maintainer\'s `/punchlist retry --model` is carried out and goes green', async () => {
    const story = STORIES.repeated;
    const pull = pullFor(story.number)!;
    const before = github.headOf(pull.head);
    await app.deliver('issue_comment', commented(story.number, '/punchlist retry', 'mallory'));
    await eventually('the refusal', () => github.comments.some((c) => c.issueNumber === story.number && c.body.includes('only people with write')));
    await app.deliver('issue_comment', commented(story.number, '/punchlist retry --model nonesuch', 'Codertocat'));
    await eventually('the unknown model answer', () => github.comments.some((c) => c.body.includes('there is no model "nonesuch"')));

    await app.deliver('issue_comment', commented(story.number, '/punchlist retry --model scripted-large\n\nLet the big one try.', 'Codertocat'));
    const fixed = await eventually('the large model\'s fix', () => (github.headOf(pull.head) !== before ? github.headOf(pull.head) : undefined));
    expect(github.filesAt(pull.head).get('src/sum.js')).toContain('a + b');
    expect(github.removedLabels).toContainEqual({ issueNumber: story.number, name: 'punchlist:needs-human' });
    expect(model.requests.filter((r) => (r.body as { model?: string }).model === 'scripted-large')).toHaveLength(1);
    await eventually('the work order to wait for CI', () => statusOf(story.number).includes('pull request open'));
    await runCi(fixed!, [{ name: 'test', conclusion: 'success' }]);
    await eventually('success', () => statusOf(story.number).includes('| State | succeeded |'));
  });

  it('a runner timeout → the failed jobs are re-run once, with no model call; a pass on re-run is flaky', async () => {
    const story = STORIES.timeout;
    const pull = await openPull(story);
    const calls = callsFor(story.title).length;
    const run = await runCi(pull.headSha, [{ name: 'test', conclusion: 'failure', log: LOGS.runnerTimeout }, { name: 'lint', conclusion: 'success' }]);
    await eventually('the re-run request', () => github.ci.reruns.includes(run.id));
    expect(github.ci.reruns.filter((id) => id === run.id)).toHaveLength(1);
    github.ci.finishRerun(run.id, [{ name: 'test', conclusion: 'success' }]);
    expect((await app.deliver('workflow_run', workflowRunCompleted(run))).status).toBe(200);
    await eventually('success after the re-run', () => statusOf(story.number).includes('| State | succeeded |'));
    expect(callsFor(story.title)).toHaveLength(calls);
    expect(github.headOf(pull.head)).toBe(pull.headSha);
  });

  it('the budget runs out mid-cycle → escalation before any further model call', async () => {
    const story = STORIES.budget;
    const pull = await openPull(story);
    expect(callsFor(story.title)).toHaveLength(1);
    await runCi(pull.headSha, [{ name: 'test', conclusion: 'failure', log: LOGS.testFail }]);
    const escalation = await eventually('the budget escalation', () => github.comments.find((c) => c.issueNumber === story.number && c.body.startsWith('**Punchlist needs a person**')));
    expect(escalation.body).toContain('the budget would be exceeded');
    expect(escalation.body).toMatch(/\*\*Spent:\*\* \$0\.8\d{3} of this work order's \$1\.00 budget/);
    expect(escalation.body).toContain('raise `budget.per_order` in .github/punchlist.yml first');
    expect(callsFor(story.title)).toHaveLength(1);
    expect(github.headOf(pull.head)).toBe(pull.headSha);
  });

  it('a person pushes to the branch → the work order stops cleanly, and later CI for it changes nothing', async () => {
    const story = STORIES.pushed;
    const pull = await openPull(story);
    const theirs = github.pushAsPerson(pull.head, { 'README.md': '# Hello-World\n\nMine now.\n' });
    expect((await app.deliver('push', pushed(pull.head, pull.headSha, theirs, 'Codertocat'))).status).toBe(200);
    await eventually('the stop on the status comment', () => statusOf(story.number).includes('| State | cancelled |'));
    expect(statusOf(story.number)).toContain(`Codertocat pushed ${theirs.slice(0, 7)} to ${pull.head}`);
    const calls = callsFor(story.title).length;
    await runCi(theirs, [{ name: 'test', conclusion: 'failure', log: LOGS.testFail }]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(callsFor(story.title)).toHaveLength(calls);
    expect(github.headOf(pull.head)).toBe(theirs);
  });

  it('a CI service that reports commit statuses (not check runs) is followed too: pending waits, success ends it', async () => {
    const story = STORIES.statuses;
    const pull = await openPull(story);
    github.ci.setStatus(pull.headSha, 'ci/jenkins', 'pending');
    await app.deliver('status', statusSet(pull.headSha, 'ci/jenkins', 'pending'));
    github.ci.setStatus(pull.headSha, 'ci/lint', 'success');
    await app.deliver('status', statusSet(pull.headSha, 'ci/lint', 'success'));
    await eventually('the work order to wait for the pending status', () => statusOf(story.number).includes('| State | CI running |'));
    expect(statusOf(story.number)).toContain('waiting for 1 of 2 checks (ci/jenkins)');
    github.ci.setStatus(pull.headSha, 'ci/jenkins', 'success');
    await app.deliver('status', statusSet(pull.headSha, 'ci/jenkins', 'success'));
    await eventually('success', () => statusOf(story.number).includes('| State | succeeded |'));
  });

  it('recorded every decision and one outcome per attempt, with nothing duplicated', async () => {
    expect(github.violations).toEqual([]);
    expect(model.problems).toEqual([]);
    expect(await app.stop()).toBe(0);
    store = await openStore({ dataDir });
    const orders = new Map((await listWorkOrders(store.db)).map((o) => [o.issueNumber, o]));
    const order = (story: { number: number }) => orders.get(story.number) as WorkOrder;
    const kinds = async (story: { number: number }) => (await listDecisions(store!.db, order(story).id)).map((d) => d.kind);
    const outcomes = async (story: { number: number }) =>
      (await listOutcomes(store!.db, order(story).id)).map((o) => ({ attempt: o.attempt, model: o.model, cycles: o.cycles, success: o.success, failureClass: o.failureClass, flaky: o.flaky }));

    expect(order(STORIES.fixed)).toMatchObject({ state: 'succeeded', cycle: 1 });
    expect(await kinds(STORIES.fixed)).toEqual(['intake', 'routing', 'proposal', 'refinement_cycle', 'proposal', 'outcome']);
    expect(await outcomes(STORIES.fixed)).toEqual([{ attempt: 1, model: 'scripted-mini', cycles: 1, success: true, failureClass: 'test_fail', flaky: false }]);

    expect(order(STORIES.repeated)).toMatchObject({ state: 'succeeded', cycle: 2, model: 'scripted-large' });
    expect(await kinds(STORIES.repeated)).toEqual(['intake', 'routing', 'proposal', 'refinement_cycle', 'proposal', 'escalation', 'escalation', 'proposal', 'outcome']);
    expect(await outcomes(STORIES.repeated)).toEqual([
      { attempt: 1, model: 'scripted-mini', cycles: 1, success: false, failureClass: 'test_fail', flaky: false },
      // The person's model was green at its first change: no refinement cycle of its own.
      { attempt: 2, model: 'scripted-large', cycles: 0, success: true, failureClass: 'test_fail', flaky: false },
    ]);
    const escalated = (await listDecisions(store.db, order(STORIES.repeated).id)).find((d) => d.kind === 'escalation');
    expect(escalated?.evidence).toMatchObject({ trigger: 'repeated', source: 'action' });
    // The person's choice of model is an override, marked in the decision and counted as one by the statistics.
    const answered = (await listDecisions(store.db, order(STORIES.repeated).id)).filter((d) => d.kind === 'escalation')[1];
    expect(answered?.evidence).toMatchObject({ command: '/punchlist retry --model scripted-large', model: 'scripted-large', attempt: 2, override: true });
    const groups = await routingOutcomeGroups(store.db, { installationId: order(STORIES.repeated).installationId! });
    expect(groups.filter((g) => g.overrides > 0).map((g) => [g.model, g.after, g.overrides])).toEqual([['scripted-large', ['scripted-mini'], 1]]);
    const resolved = await store.db.selectFrom('escalations').selectAll().where('work_order_id', '=', order(STORIES.repeated).id).execute();
    expect(resolved.map((e) => [e.resolved_by, e.resolution])).toEqual([['Codertocat', 'retry --model scripted-large']]);

    expect(await kinds(STORIES.timeout)).toEqual(['intake', 'routing', 'proposal', 'retry', 'outcome']);
    expect(await outcomes(STORIES.timeout)).toEqual([{ attempt: 1, model: 'scripted-mini', cycles: 0, success: true, failureClass: 'timeout', flaky: true }]);

    expect(order(STORIES.budget)).toMatchObject({ state: 'escalated', failureClass: 'test_fail' });
    const budgetDecisions = await listDecisions(store.db, order(STORIES.budget).id);
    expect(budgetDecisions.at(-1)).toMatchObject({ kind: 'escalation', evidence: { trigger: 'budget' } });
    expect(await outcomes(STORIES.budget)).toEqual([{ attempt: 1, model: 'scripted-mini', cycles: 0, success: false, failureClass: 'test_fail', flaky: false }]);

    expect(order(STORIES.pushed)).toMatchObject({ state: 'cancelled' });
    expect((await listDecisions(store.db, order(STORIES.pushed).id)).at(-1)).toMatchObject({ kind: 'skip', conclusion: expect.stringContaining('Codertocat pushed') });
    expect(await outcomes(STORIES.pushed)).toEqual([]);

    expect(await kinds(STORIES.statuses)).toEqual(['intake', 'routing', 'proposal', 'outcome']);
  });
});
