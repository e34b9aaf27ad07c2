import { crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { brokenTests, flakyTests, listDecisions, listQuarantinedTests, listWorkOrders, testHistory, type Store, type WorkOrder } from '../../src/store/index.ts';
import type { FakeGitHub, FakePull } from '../helpers/fake-github.ts';
import type { RecordedRequest, ScriptedReply, ScriptedServer } from '../helpers/scripted-model-server.ts';
import { eventually, type AppProcess } from './app-process.ts';
import { appEngines, useAppStack, type AppStack } from './app-stack.ts';
import { CI_FILES, commented, LOGS, workflowRunCompleted } from './ci-fixtures.ts';
import { labeledPayload } from './fixtures.ts';

// Flaky tests and tests already broken on the base branch, end to end (issue 15): every finished workflow run's
// test reports join the App's history; the CI loop reads it before it decides, so a known-flaky failure is re-run
// with no model call and a failure the base branch already has is not sent to the model; a maintainer's
// `/punchlist quarantine` takes a test out of the next decision.

const STORIES = {
  flaky: { number: 31, title: 'Tidy the README intro', body: 'README.md intro is clumsy.' },
  again: { number: 32, title: 'Reword the README heading', body: 'README.md heading wording.' },
  broken: { number: 33, title: 'Shorten the README', body: 'README.md is long.' },
  quarantine: { number: 34, title: 'Explain the README badge', body: 'README.md badge needs a line.' },
} as const;

/** The test that LOGS.testFail shows failing (node:test's own words), and two tests only reports and the Action name. */
const FLAKY_TEST = 'sum adds two numbers';
const BROKEN_TEST = 'parser handles empty input';
const QUARANTINED_TEST = 'cart rounds totals';
const REAL_TEST = 'sum handles negatives';

let variant = 0;
/** Every change is a harmless README revision; the prompt shows which story asked. */
function reply(): ScriptedReply {
  return { json: { summary: 'Revise the README.', edits: [{ path: 'README.md', content: `# Hello-World\n\nRevision ${++variant}.\n` }] } };
}

const promptOf = (r: RecordedRequest) => JSON.stringify((r.body as { messages?: unknown }).messages ?? '');

/** A zip of `files`, stored (not deflated), as a minimal `actions/upload-artifact` archive. */
function storedZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A JUnit report of `cases` (name → passed or failed), as a test runner writes it. */
function junit(cases: Record<string, 'passed' | 'failed'>): string {
  const body = Object.entries(cases)
    .map(([name, outcome]) => (outcome === 'passed' ? `<testcase name="${name}" time="0.01"/>` : `<testcase name="${name}" time="0.01"><failure message="expected">AssertionError</failure></testcase>`))
    .join('');
  const failures = Object.values(cases).filter((o) => o === 'failed').length;
  return `<?xml version="1.0" encoding="UTF-8"?><testsuites><testsuite name="unit" tests="${Object.keys(cases).length}" failures="${failures}">${body}</testsuite></testsuites>`;
}

/** A failure annotation of the Punchlist Action for a failing test (its `raw_details` as src/report/check-run.ts writes them). */
function testAnnotation(test: string, file: string): Record<string, unknown> {
  return {
    path: file,
    start_line: 3,
    end_line: 3,
    annotation_level: 'failure',
    title: `test_fail: ${test}`,
    message: `${test}: expected true, got false`,
    raw_details: JSON.stringify({ class: 'test_fail', message: `${test}: expected true, got false`, file, line: 3, tool: 'node-test', test, evidence: [{ line: 1, text: `not ok 1 - ${test}` }] }),
  };
}

describe.each(appEngines('flaky tests'))('flaky and broken tests, end to end [%s]', (engine) => {
  let github: FakeGitHub;
  let model: ScriptedServer;
  let app: AppProcess;
  let stack: AppStack;
  let store: Store | undefined;

  useAppStack({ engine, files: CI_FILES, permissions: { Codertocat: 'admin', mallory: 'read' }, reply }, (s) => ({ github, model, app } = stack = s));
  afterAll(async () => {
    await store?.close();
  });

  const pullFor = (issue: number) => github.pulls.find((p) => p.head.startsWith(`punchlist/${issue}-`));
  const commentsOn = (issue: number) => github.comments.filter((c) => c.issueNumber === issue);
  const statusOf = (issue: number) => commentsOn(issue).find((c) => c.body.includes('**Punchlist** is on it'))?.body ?? '';
  const callsFor = (title: string) => model.requests.filter((r) => promptOf(r).includes(title));
  const openPull = async (story: { number: number; title: string; body: string }): Promise<FakePull> => {
    expect((await app.deliver('issues', labeledPayload(story))).status).toBe(200);
    const pull = await eventually(`the pull request for #${story.number}`, () => pullFor(story.number));
    await eventually('the work order to wait for CI', () => statusOf(story.number).includes('pull request open'));
    return pull;
  };
  /** Plays a finished run on `sha` (with a report artifact when given), delivers its webhook, waits until its results are recorded. */
  const playRun = async (sha: string, jobs: Parameters<FakeGitHub['ci']['complete']>[1], report?: Record<string, 'passed' | 'failed'>, workflow?: string) => {
    const run = github.ci.complete(sha, jobs, workflow ? { workflow } : {});
    if (report) github.ci.uploadArtifact(run.id, 'test-results', storedZip({ 'reports/junit.xml': junit(report) }));
    expect((await app.deliver('workflow_run', workflowRunCompleted(run))).status).toBe(200);
    await eventually(`the results of run ${run.id} recorded`, () => app.output().includes(`run ${run.id} attempt ${run.runAttempt}: `));
    return run;
  };

  it('records every run of the base branch: one flaky test (failed and passed at one commit), one broken since two runs', async () => {
    const master = github.headOf('master')!;
    await playRun(master, [{ name: 'test', conclusion: 'failure' }], { [FLAKY_TEST]: 'failed', [BROKEN_TEST]: 'failed', 'sum adds zero': 'passed' });
    // Another workflow at the same commit passes the flaky test; the broken one fails there too.
    await playRun(master, [{ name: 'test', conclusion: 'failure' }], { [FLAKY_TEST]: 'passed', [BROKEN_TEST]: 'failed', 'sum adds zero': 'passed' }, 'CI nightly');
    expect(app.output()).toMatch(/attempt 1: 3 of 3 test results recorded \(from test reports\)/);
  });

  it('(a) a known-flaky test fails → the failed jobs are re-run with no model call → green, and the pass is recorded', async () => {
    const story = STORIES.flaky;
    const pull = await openPull(story);
    expect(callsFor(story.title)).toHaveLength(1);
    const run = github.ci.complete(pull.headSha, [{ name: 'test', conclusion: 'failure', log: LOGS.testFail }]);
    await app.deliver('workflow_run', workflowRunCompleted(run));
    await eventually('the re-run request', () => github.ci.reruns.includes(run.id));
    await eventually('the status to name the known-flaky test', () => statusOf(story.number).includes(`known flaky: "${FLAKY_TEST}"`));
    github.ci.finishRerun(run.id, [{ name: 'test', conclusion: 'success' }]);
    expect((await app.deliver('workflow_run', workflowRunCompleted(run))).status).toBe(200);
    await eventually('success after the re-run', () => statusOf(story.number).includes('| State | succeeded |'));
    expect(callsFor(story.title)).toHaveLength(1);
    expect(github.headOf(pull.head)).toBe(pull.headSha);
  });

  it('(b) the same test fails in another work order → re-run again, no model call, the decision names it known flaky', async () => {
    const story = STORIES.again;
    const pull = await openPull(story);
    const run = github.ci.complete(pull.headSha, [{ name: 'test', conclusion: 'failure', log: LOGS.testFail }]);
    await app.deliver('workflow_run', workflowRunCompleted(run));
    await eventually('the re-run request', () => github.ci.reruns.includes(run.id));
    await eventually('the status to name the known-flaky test', () => statusOf(story.number).includes(`known flaky: "${FLAKY_TEST}"`));
    expect(callsFor(story.title)).toHaveLength(1);
  });

  it('(c) a failure already broken on the base branch is not sent to the model; the escalation says why', async () => {
    const story = STORIES.broken;
    const pull = await openPull(story);
    const requests = model.requests.length;
    github.ci.actionReport(pull.headSha, 'failure', [testAnnotation(BROKEN_TEST, 'src/parse.test.js')]);
    const run = github.ci.complete(pull.headSha, [{ name: 'test', conclusion: 'failure', log: '' }]);
    await app.deliver('workflow_run', workflowRunCompleted(run));
    const comment = await eventually('the escalation comment', () => commentsOn(story.number).find((c) => c.body.startsWith('**Punchlist needs a person**')));
    expect(comment.body).toContain("the failures are not this work order's to fix");
    expect(comment.body).toContain(`"${BROKEN_TEST}" already failing on the base branch before this change`);
    expect(comment.body).toContain('### Set aside: not this work order\'s to fix');
    expect(comment.body).toMatch(/Already failing on "master" since [0-9a-f]{7} \(2 failing runs there\)/);
    await eventually('the status comment to say escalated', () => statusOf(story.number).includes('escalated to a person'));
    // The model server's count proves it: no request since the pull request was opened.
    expect(model.requests.length).toBe(requests);
    expect(github.ci.reruns).not.toContain(run.id);
  });

  it('(d) `/punchlist quarantine` by a read-only user is refused; by a maintainer it takes the test out of the next decision', async () => {
    const story = STORIES.quarantine;
    const pull = await openPull(story);
    await app.deliver('issue_comment', commented(story.number, `/punchlist quarantine "${QUARANTINED_TEST}"`, 'mallory'));
    await eventually('the refusal', () => commentsOn(story.number).some((c) => c.body.includes('only people with write')));
    await app.deliver('issue_comment', commented(story.number, `/punchlist quarantine "${QUARANTINED_TEST}" flaky since @octocat's <b>change</b>`, 'Codertocat'));
    const answer = await eventually('the quarantine answer', () => commentsOn(story.number).find((c) => c.body.includes('quarantined test')));
    expect(answer.body).toContain(`quarantined test "${QUARANTINED_TEST}" in this repository`);
    // The person's reason is recorded, never repeated in the reply.
    expect(answer.body).not.toContain('octocat');
    expect(answer.body).not.toContain('<b>');

    const requests = callsFor(story.title).length;
    github.ci.actionReport(pull.headSha, 'failure', [testAnnotation(QUARANTINED_TEST, 'src/cart.test.js'), testAnnotation(REAL_TEST, 'src/sum.test.js')]);
    const run = github.ci.complete(pull.headSha, [{ name: 'test', conclusion: 'failure', log: '' }]);
    await app.deliver('workflow_run', workflowRunCompleted(run));
    await eventually('the refinement', () => (github.headOf(pull.head) !== pull.headSha ? true : undefined));
    const refinement = callsFor(story.title).slice(requests);
    expect(refinement).toHaveLength(1);
    const prompt = promptOf(refinement[0]!);
    const [toFix, aside] = prompt.split('These failures are set aside');
    expect(toFix).toContain(`test \\"${REAL_TEST}\\"`);
    expect(toFix).not.toContain(QUARANTINED_TEST);
    expect(aside).toContain(`test \\"${QUARANTINED_TEST}\\"`);
    expect(aside).toContain('Quarantined by @Codertocat with /punchlist quarantine');
  });

  it('recorded the history, the decisions and the quarantine', async () => {
    expect(github.violations).toEqual([]);
    expect(model.problems).toEqual([]);
    expect(await app.stop()).toBe(0);
    store = await stack.openStore();
    const orders = new Map((await listWorkOrders(store.db)).map((o) => [o.issueNumber, o]));
    const order = (story: { number: number }) => orders.get(story.number) as WorkOrder;
    const repository = order(STORIES.flaky).repository;

    // (a): the failure read from the log and the re-run's pass make the work order's commit a flaky one too.
    const flaky = await flakyTests(store.db, { repository, since: new Date(Date.now() - 86_400_000), tests: [FLAKY_TEST] });
    expect(flaky).toMatchObject([{ testKey: FLAKY_TEST, flakyCommits: 2 }]);
    const history = await testHistory(store.db, { repository, test: FLAKY_TEST });
    expect(history.filter((r) => r.workOrderId === order(STORIES.flaky).id).map((r) => r.outcome).sort()).toEqual(['failed', 'passed']);
    expect(order(STORIES.flaky)).toMatchObject({ state: 'succeeded' });
    const flakyKinds = (await listDecisions(store.db, order(STORIES.flaky).id)).map((d) => d.kind);
    expect(flakyKinds).toEqual(['intake', 'routing', 'proposal', 'retry', 'outcome']);

    // (b): the retry decision names the test as known flaky.
    const retry = (await listDecisions(store.db, order(STORIES.again).id)).find((d) => d.kind === 'retry');
    expect(retry?.conclusion).toContain(`known flaky: "${FLAKY_TEST}"`);

    // (c): broken on master, escalated with the set-aside failure and no cycle.
    expect(await brokenTests(store.db, { repository, branch: 'master', tests: [BROKEN_TEST] })).toMatchObject([{ failingRuns: 2 }]);
    expect(order(STORIES.broken)).toMatchObject({ state: 'escalated', cycle: 0 });
    const escalation = (await listDecisions(store.db, order(STORIES.broken).id)).at(-1);
    expect(escalation).toMatchObject({ kind: 'escalation', evidence: { trigger: 'not_ours' } });

    // (d): one quarantine, by the maintainer, recorded as a decision with the reason.
    expect((await listQuarantinedTests(store.db, repository)).map((q) => [q.test, q.by])).toEqual([[QUARANTINED_TEST, 'Codertocat']]);
    const quarantined = (await listDecisions(store.db, order(STORIES.quarantine).id)).filter((d) => d.kind === 'quarantine');
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]?.evidence).toMatchObject({ test: QUARANTINED_TEST, sender: 'Codertocat', added: true });
    expect(order(STORIES.quarantine)).toMatchObject({ state: 'pr_open', cycle: 1 });
  });
});
