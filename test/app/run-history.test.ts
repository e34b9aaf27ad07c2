import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flakyTests, openStore, testHistory, WORK_ORDER_QUEUE, type Store } from '../../src/store/index.ts';
import { classifiedRows, rerunPassRows, runOfFailure } from '../../app/ci/ci-history.ts';
import { fromAnnotationDetails, type CiFailure } from '../../app/ci/ci-failure.ts';
import { parseCommand } from '../../app/ci/commands.ts';
import { describeSetAside, partitionFailures } from '../../app/ci/flakiness.ts';
import type { WorkflowRunInfo } from '../../app/ci/read-ci.ts';
import { PunchlistOctokit } from '../../app/github/octokit-options.ts';
import type { GitHub } from '../../app/github/repo-ref.ts';
import { handleRunCompleted, recordRunStep, runResultsKey, type RunCompleted } from '../../app/history/record-run-step.ts';
import { stepJobId } from '../../app/worker/step-job.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';

// The App's side of the test history (issue 15): what a finished run and the CI loop record, the Action's marks
// read as evidence, and the quarantine commands as they are parsed.

const SHA = 'c'.repeat(40);
const failure = (test: string | undefined, check = 'test', more: Partial<CiFailure> = {}): CiFailure => ({ class: 'test_fail', message: 'expected', check, evidence: [], ...(test ? { test } : {}), ...more });
const runInfo = (id: number, attempt: number, conclusion = 'failure'): WorkflowRunInfo => ({ id, name: `CI ${id}`, attempt, status: 'completed', conclusion });

describe('what the CI loop records', () => {
  const checks = [
    { name: 'test', runId: 11 },
    { name: 'lint', runId: 12 },
    { name: 'punchlist', runId: null },
  ];
  const seen = { repository: 'acme/shop', sha: SHA, branch: 'punchlist/7-x', workOrderId: 7, checks, source: 'logs' as const };

  it('places each failure in its job\'s workflow run; the Action\'s check names none, so the one failed run takes it', () => {
    const runs = [runInfo(11, 2), runInfo(12, 1, 'success')];
    expect(runOfFailure(failure('a'), checks, runs, [runs[0]!])?.id).toBe(11);
    expect(runOfFailure(failure('a', 'punchlist'), checks, runs, [runs[0]!])?.id).toBe(11);
    // Two failed runs and no link: it cannot be told.
    expect(runOfFailure(failure('a', 'punchlist'), checks, runs, [runs[0]!, { ...runs[1]!, conclusion: 'failure' }])).toBeNull();
  });

  it('records failures that name a test under their run\'s attempt, counts the unplaced, skips the rest', () => {
    const runs = [runInfo(11, 2)];
    const { rows, unplaced } = classifiedRows({ ...seen, runs, failedRuns: runs, failures: [failure('a > b'), failure(undefined, 'test', { class: 'compile_error' }), failure('c', 'elsewhere')] });
    expect(unplaced).toBe(0);
    expect(rows.map((r) => [r.test, r.runId, r.runAttempt, r.job, r.outcome, r.source, r.workOrderId])).toEqual([
      ['a > b', 11, 2, 'test', 'failed', 'log', 7],
      ['c', 11, 2, 'elsewhere', 'failed', 'log', 7],
    ]);
    const none = classifiedRows({ ...seen, runs, failedRuns: [], failures: [failure('x', 'punchlist')], source: 'action' });
    expect(none).toEqual({ rows: [], unplaced: 1 });
  });

  it('a green re-run records the tests that failed before as passed in the new attempt, and only then', () => {
    const tests = [{ test: 'a > b', check: 'test', runId: 11 }];
    const rows = rerunPassRows({ repository: 'acme/shop', sha: SHA, branch: null, workOrderId: 7, tests, runs: [runInfo(11, 2, 'success')], rerunRuns: [{ id: 11, attempt: 1 }] });
    expect(rows).toMatchObject([{ test: 'a > b', runId: 11, runAttempt: 2, job: 'test', outcome: 'passed' }]);
    // The run was not re-run after all (same attempt): nothing new to say.
    expect(rerunPassRows({ repository: 'acme/shop', sha: SHA, branch: null, workOrderId: 7, tests, runs: [runInfo(11, 1)], rerunRuns: [{ id: 11, attempt: 1 }] })).toEqual([]);
  });
});

describe('the Action\'s marks as evidence', () => {
  const details = (mark: unknown) => JSON.stringify({ class: 'test_fail', message: 'boom', test: 'net > retries', mark });
  const facts = { flaky: [], brokenOnBase: [], baseBranch: 'main', quarantine: [], rerunDone: false };

  it('passes a known mark through and drops an unknown one (the failure kept)', () => {
    expect(fromAnnotationDetails(details({ kind: 'flaky', sha: SHA, attempt: 1 }), 'punchlist')?.mark).toEqual({ kind: 'flaky', sha: SHA, attempt: 1 });
    expect(fromAnnotationDetails(details({ kind: 'base_broken', sha: SHA, ref: 'main' }), 'punchlist')?.mark).toEqual({ kind: 'base_broken', sha: SHA, ref: 'main' });
    const odd = fromAnnotationDetails(details({ kind: 'sunspots', sha: SHA }), 'punchlist');
    expect(odd).toMatchObject({ test: 'net > retries' });
    expect(odd?.mark).toBeUndefined();
  });

  it('a `flaky` mark makes a re-run with no history in the store; a `base_broken` mark sets the failure aside as not ours', () => {
    const flaky = fromAnnotationDetails(details({ kind: 'flaky', sha: SHA, attempt: 1 }), 'punchlist')!;
    const p = partitionFailures({ ...facts, failures: [flaky] });
    expect(p.action).toBe('rerun');
    expect(p.knownFlaky[0]?.reason).toBe(`Known flaky: the Punchlist Action saw it pass in another attempt at ${SHA.slice(0, 7)}`);
    const broken = fromAnnotationDetails(details({ kind: 'base_broken', sha: SHA, ref: 'release' }), 'punchlist')!;
    const q = partitionFailures({ ...facts, failures: [broken, failure(undefined, 'lint', { class: 'lint_error' })] });
    expect(q.action).toBe('decide');
    expect(q.real).toHaveLength(1);
    expect(describeSetAside(q)).toEqual([`- test_fail (test "net > retries") [punchlist]: boom — Already failing on "release": the Punchlist Action found it in the check run of ${SHA.slice(0, 7)} there`]);
    expect(partitionFailures({ ...facts, failures: [broken] }).action).toBe('not_ours');
  });
});

describe('the quarantine commands', () => {
  it.each([
    ['/punchlist quarantine net.retries', { name: 'quarantine', test: 'net.retries', reason: null }],
    ['/punchlist quarantine "tests/net.test.ts > retries" flaky on shared runners', { name: 'quarantine', test: 'tests/net.test.ts > retries', reason: 'flaky on shared runners' }],
    ['/punchlist quarantine `a b`', { name: 'quarantine', test: 'a b', reason: null }],
    ['/punchlist unquarantine "tests/net.test.ts > retries"', { name: 'unquarantine', test: 'tests/net.test.ts > retries' }],
  ])('%s', (body, command) => {
    expect(parseCommand(body)).toEqual({ ok: true, command });
  });

  it.each([
    ['/punchlist quarantine', 'Name the test'],
    ['/punchlist quarantine "---"', 'Name the test'],
    ['/punchlist unquarantine a b', 'Only the test follows'],
    [`/punchlist quarantine ${'x'.repeat(301)}`, 'over 300 characters'],
  ])('%s is refused with the usage', (body, error) => {
    const parsed = parseCommand(body);
    expect(parsed).toMatchObject({ ok: false });
    expect(parsed && !parsed.ok && parsed.error).toContain(error);
  });
});

describe('recording a finished run', () => {
  let github: FakeGitHub;
  let client: GitHub;
  let store: Store;
  let dataDir: string;
  const QUIET = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const zip = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'artifacts', 'test-results.zip'));
  const completed = (runId: number, headSha: string, attempt = 1): RunCompleted => ({
    repository: 'acme/shop',
    repo: { owner: 'acme', repo: 'shop' },
    installationId: 1,
    runId,
    runAttempt: attempt,
    headSha,
    headBranch: 'main',
  });

  beforeAll(async () => {
    github = await startFakeGitHub({ owner: 'acme', repo: 'shop', defaultBranch: 'main', files: { 'README.md': 'hi' } });
    client = new PunchlistOctokit({ auth: { token: 'ghs_test' }, baseUrl: github.url, log: QUIET, retry: { enabled: false } }) as unknown as GitHub;
    dataDir = mkdtempSync(join(tmpdir(), 'punchlist-run-history-'));
    store = await openStore({ dataDir });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await github?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the handler sends one job per run attempt, however often the webhook comes', async () => {
    const run = completed(501, SHA);
    expect(await handleRunCompleted(run, store)).toBe('recording the test results of run 501 attempt 1');
    expect(await handleRunCompleted(run, store)).toBe('run 501 attempt 1 is being recorded already');
    expect(await store.queue.boss.getJobById(WORK_ORDER_QUEUE, stepJobId(runResultsKey(run)))).toMatchObject({ data: { workOrderId: 0, runResults: run } });
    expect(await handleRunCompleted(completed(501, SHA, 2), store)).toBe('recording the test results of run 501 attempt 2');
  });

  it('records the run\'s report artifacts once, whatever the step is run again', async () => {
    const r = github.ci.complete('d'.repeat(40), [{ name: 'test', conclusion: 'failure' }]);
    github.ci.uploadArtifact(r.id, 'test-results', zip);
    const run = completed(r.id, r.headSha);
    // vitest-junit.xml and jest-ctrf.json hold 11 cases between them; two tests are in both with the same outcome
    // ("cart > subtotal multiplies quantities" and "cart subtotal multiplies quantities" share a key), and one
    // attempt says a test's outcome once, so 9 rows are new.
    expect(await recordRunStep(run, client, store)).toBe('9 of 11 test results recorded (from test reports)');
    expect(await recordRunStep(run, client, store)).toBe('0 of 11 test results recorded (from test reports)');
    expect(await testHistory(store.db, { repository: 'acme/shop', test: 'cart > subtotal multiplies quantities' })).toMatchObject([{ outcome: 'failed', source: 'report', runId: r.id, workOrderId: null, branch: 'main' }]);
    expect(await flakyTests(store.db, { repository: 'acme/shop', since: new Date(0) })).toEqual([]);
  });

  it('a transient GitHub answer is thrown (the queue retries the step); a permanent one is a note', async () => {
    const r = github.ci.complete('e'.repeat(40), [{ name: 'test', conclusion: 'failure' }]);
    github.inject({ operationId: 'actions/list-workflow-run-artifacts', effect: { reply: { status: 502, body: { message: 'Server Error' } } } });
    await expect(recordRunStep(completed(r.id, r.headSha), client, store)).rejects.toThrow();
    github.inject({ operationId: 'actions/list-workflow-run-artifacts', effect: { reply: { status: 403, body: { message: 'Resource not accessible by integration' } } } });
    expect(await recordRunStep(completed(r.id, r.headSha), client, store)).toMatch(/^0 of 0 test results recorded \(from nothing readable\); Cannot list the run's artifacts: /);
  });
});
