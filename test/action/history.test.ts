import { afterEach, describe, expect, it } from 'vitest';
import type { Failure } from '../../src/classify/index.ts';
import { createGitHubClient } from '../../src/action/github-client.ts';
import { readHistory } from '../../src/action/history.ts';
import { startGitHubStandIn, type StandIn } from '../helpers/github-stand-in.ts';
import { actionCheckRun, historyApi, type HistoryData } from './history-api.ts';

const HEAD = 'a'.repeat(40);
const RUN = 4242;
let standIn: StandIn | undefined;

afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

function testFailure(test: string, file = 'src/cart.test.ts'): Failure {
  return { class: 'test_fail', message: `${test}: expected 1 to be 2`, file, line: 6, tool: 'vitest', test, evidence: [{ line: 12, text: `<testcase name="${test}">` }] };
}

async function read(data: HistoryData, query: { attempt?: number; runnerName?: string; baseRef?: string }) {
  const api = historyApi(data);
  standIn = await startGitHubStandIn({}, api.extra);
  const gh = await createGitHubClient('ghs_token', { GITHUB_API_URL: standIn.url });
  const result = await readHistory(gh, {
    owner: 'o',
    repo: 'r',
    checkName: 'punchlist',
    headSha: HEAD,
    ...(query.attempt ? { attempts: { runId: RUN, attempt: query.attempt, ...(query.runnerName ? { runnerName: query.runnerName } : {}) } } : {}),
    ...(query.baseRef ? { baseRef: query.baseRef } : {}),
  });
  expect(api.violations).toEqual([]);
  expect(standIn.violations).toEqual([]);
  return { ...result, calls: api.calls };
}

const JOBS = (attempt: number): HistoryData['jobs'][number] => [
  { id: attempt * 10 + 1, name: 'test (node 24)', status: 'completed', conclusion: 'failure', started_at: `2026-11-2${attempt}T10:00:00Z`, completed_at: `2026-11-2${attempt}T10:05:00Z`, runner_name: 'GitHub Actions 7' },
  { id: attempt * 10 + 2, name: 'lint', status: 'completed', conclusion: 'success', started_at: `2026-11-2${attempt}T11:00:00Z`, completed_at: `2026-11-2${attempt}T11:01:00Z`, runner_name: 'GitHub Actions 8' },
];

describe('readHistory: what GitHub keeps about earlier attempts and the base branch', () => {
  it("reads the failures of this job's check run in each earlier attempt, told apart by time from the other jobs'", async () => {
    const data: HistoryData = {
      runId: RUN,
      jobs: {
        1: JOBS(1),
        2: JOBS(2),
        3: [{ id: 31, name: 'test (node 24)', status: 'in_progress', conclusion: null, started_at: '2026-11-23T10:00:00Z', completed_at: null, runner_name: 'GitHub Actions 9' }],
      },
      checkRuns: {
        [HEAD]: [
          actionCheckRun(101, '2026-11-21T10:04:00Z', [testFailure('cart > total'), testFailure('cart > tax')]),
          // The lint job of attempt 1 writes a check run of the same name: not this job's.
          actionCheckRun(102, '2026-11-21T11:00:30Z', [], false),
          actionCheckRun(201, '2026-11-22T10:04:00Z', [testFailure('cart > total')]),
          actionCheckRun(900, '2026-11-22T10:04:10Z', [testFailure('other')], true, 'another-check'),
        ],
      },
    };
    const { history, notices, requests, calls } = await read(data, { attempt: 3, runnerName: 'GitHub Actions 9' });
    expect(notices).toEqual([]);
    expect(history.attempts).toEqual([
      { attempt: 2, sha: HEAD, failures: [expect.objectContaining({ test: 'cart > total' })], complete: true, readTests: true },
      { attempt: 1, sha: HEAD, failures: [expect.objectContaining({ test: 'cart > total' }), expect.objectContaining({ test: 'cart > tax', class: 'test_fail', file: 'src/cart.test.ts' })], complete: true, readTests: true },
    ]);
    // jobs of attempt 3, the check runs of the commit, jobs of attempts 2 and 1, one page of annotations each.
    expect(requests).toBe(6);
    expect(calls.find((c) => c.operationId === 'checks/list-for-ref')!.query).toMatchObject({ check_name: 'punchlist', filter: 'all' });
  });

  it('says a check run whose annotations were cut short is incomplete: a test missing from it may have failed', async () => {
    const failures = Array.from({ length: 30 }, (_, i) => testFailure(`t${i}`));
    const run = actionCheckRun(101, '2026-11-21T10:04:00Z', failures);
    // max-annotations 20 on that run: the title still counts 30.
    run.annotations = run.annotations.slice(0, 20);
    const data: HistoryData = {
      runId: RUN,
      jobs: { 1: JOBS(1), 2: [{ ...JOBS(2)[0]!, status: 'in_progress', completed_at: null }] },
      checkRuns: { [HEAD]: [run] },
    };
    const { history } = await read(data, { attempt: 2, runnerName: 'GitHub Actions 7' });
    expect(history.attempts[0]).toMatchObject({ attempt: 1, complete: false });
  });

  it("reads the base branch's newest commit that has a punchlist check run, and no further", async () => {
    const [c3, c2, c1] = ['3'.repeat(40), '2'.repeat(40), '1'.repeat(40)];
    const data: HistoryData = {
      runId: RUN,
      jobs: {},
      branches: { main: [c3!, c2!, c1!] },
      checkRuns: {
        [c2!]: [actionCheckRun(301, '2026-11-20T09:00:00Z', [testFailure('db > migrates')]), actionCheckRun(302, '2026-11-20T09:01:00Z', [], false)],
        [c1!]: [actionCheckRun(303, '2026-11-19T09:00:00Z', [testFailure('old > failure')])],
      },
    };
    const { history, notices, requests, calls } = await read(data, { baseRef: 'main' });
    expect(notices).toEqual([]);
    expect(history.base).toEqual({ ref: 'main', sha: c2, failures: [{ class: 'test_fail', test: 'db > migrates', file: 'src/cart.test.ts' }] });
    expect(calls.map((c) => c.operationId)).toEqual(['repos/list-commits', 'checks/list-for-ref', 'checks/list-for-ref', 'checks/list-annotations']);
    expect(requests).toBe(4);
    expect(calls[0]!.query).toMatchObject({ sha: 'main', per_page: '5' });
  });

  it('without "actions: read" it says so in one line and still reads the base branch', async () => {
    const c1 = '1'.repeat(40);
    const data: HistoryData = {
      runId: RUN,
      jobs: { 1: JOBS(1) },
      branches: { main: [c1] },
      checkRuns: { [c1]: [actionCheckRun(303, '2026-11-19T09:00:00Z', [testFailure('db > migrates')])] },
      refuse: { 'actions/list-jobs-for-workflow-run-attempt': { status: 403, message: 'Resource not accessible by integration' } },
    };
    const { history, notices } = await read(data, { attempt: 2, runnerName: 'GitHub Actions 7', baseRef: 'main' });
    expect(history.attempts).toEqual([]);
    expect(history.base?.sha).toBe(c1);
    expect(notices).toEqual([
      `Flaky marks: cannot read the earlier attempts of run ${RUN} (HTTP 403: Resource not accessible by integration - https://docs.github.com/rest); the job needs "actions: read" and "checks: read".`,
    ]);
  });

  it('a rate-limited base lookup is a notice, not a failure, and is not retried', async () => {
    const data: HistoryData = { runId: RUN, jobs: {}, branches: { main: ['1'.repeat(40)] }, checkRuns: {}, refuse: { 'checks/list-for-ref': { status: 429, message: 'API rate limit exceeded' } } };
    const { history, notices, requests, calls } = await read(data, { baseRef: 'main' });
    expect(history.base).toBeUndefined();
    expect(notices).toEqual(['Base-branch marks: cannot read the "punchlist" check runs of main (HTTP 429: API rate limit exceeded - https://docs.github.com/rest); the job needs "checks: read".']);
    expect(requests).toBe(2);
    expect(calls).toHaveLength(2);
  });

  it("cannot tell this job apart without the runner's name: no attempt is compared, and it says why", async () => {
    const data: HistoryData = { runId: RUN, jobs: { 1: JOBS(1), 2: JOBS(2) }, checkRuns: {} };
    const { history, notices, requests } = await read(data, { attempt: 2, runnerName: 'GitHub Actions 99' });
    expect(history.attempts).toEqual([]);
    expect(notices).toEqual([`Flaky marks: could not tell which job of run ${RUN} attempt 2 this is (RUNNER_NAME "GitHub Actions 99" matches no running job); earlier attempts are not compared.`]);
    expect(requests).toBe(1);
  });
});
