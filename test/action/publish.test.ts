import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/action/github-client.ts';
import { retryDelay } from '../../src/action/github.ts';
import { publishCheckRun } from '../../src/action/publish.ts';
import type { CheckRunPlan } from '../../src/report/index.ts';
import { checkRunsApi, type CheckRunsModel, type Fault } from '../helpers/check-runs-api.ts';
import { startGitHubStandIn, type StandIn } from '../helpers/github-stand-in.ts';

// Publishing the check run must be safe to repeat: a request whose answer was lost may have taken effect, and
// sending it again blindly makes a second check run or appends a batch of annotations twice. These tests run the
// real client against the GitHub stand-in (every request checked against GitHub's API description) with a model of
// the Checks API, and lose answers, answer 5xx and rate limits where it hurts.

const SHA = 'a'.repeat(40);
const TARGET = { owner: 'o', repo: 'r', headSha: SHA, name: 'punchlist' };

function plan(sizes: number[]): CheckRunPlan {
  let k = 0;
  const batches = sizes.map((size) =>
    Array.from({ length: size }, () => {
      k++;
      return { path: `src/f${k}.ts`, start_line: k, end_line: k, annotation_level: 'failure' as const, message: `failure ${k}`, title: 'compile_error' };
    }),
  );
  return { conclusion: 'failure', title: `${k} failures`, summary: 'summary', batches, omitted: 0 };
}

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

async function publish(model: CheckRunsModel, p: CheckRunPlan, options: { tries?: number; externalId?: string } = {}) {
  standIn = await startGitHubStandIn(model.handlers);
  const waits: number[] = [];
  const gh = await createGitHubClient('t', { GITHUB_API_URL: standIn.url });
  const result = await publishCheckRun(gh, TARGET, p, { sleep: async (ms) => void waits.push(ms), ...options });
  return { result, waits, operations: standIn.requests.map((r) => r.operationId), violations: standIn.violations };
}

const messages = (model: CheckRunsModel): string[] => model.runs.flatMap((r) => r.output.annotations.map((a) => (a as { message: string }).message));
const expected = (p: CheckRunPlan): string[] => p.batches.flat().map((a) => a.message);

describe('publishing the check run, when answers are lost', () => {
  it('without faults: one create, one update per further batch, nothing read back', async () => {
    const model = checkRunsApi();
    const p = plan([50, 50, 7]);
    const { result, operations, violations } = await publish(model, p);
    expect(violations).toEqual([]);
    expect(result).toMatchObject({ ok: true, requests: 3, adopted: false });
    expect(operations).toEqual(['checks/create', 'checks/update', 'checks/update']);
    expect(model.runs).toHaveLength(1);
    expect(model.runs[0]!.external_id).toMatch(/^punchlist:/);
    expect(messages(model)).toEqual(expected(p));
  });

  it("a create that landed but whose answer was lost is found by its external_id and adopted, not made twice", async () => {
    const model = checkRunsApi({ 'checks/create': (call) => (call === 1 ? 'lost' : undefined) });
    const p = plan([50, 3]);
    const { result, operations, waits } = await publish(model, p);
    expect(result).toMatchObject({ ok: true, adopted: true });
    expect(operations).toEqual(['checks/create', 'checks/list-for-ref', 'checks/update']);
    expect(waits).toEqual([1000]);
    expect(model.runs).toHaveLength(1);
    expect(messages(model)).toEqual(expected(p));
  });

  it('a create that did not land (502) is looked for, not found, and sent again', async () => {
    const model = checkRunsApi({ 'checks/create': (call) => (call === 1 ? { status: 502, body: { message: 'Bad Gateway' } } : undefined) });
    const p = plan([2]);
    const { result, operations } = await publish(model, p);
    expect(result).toMatchObject({ ok: true, adopted: false });
    expect(operations).toEqual(['checks/create', 'checks/list-for-ref', 'checks/create']);
    expect(model.runs).toHaveLength(1);
    expect(messages(model)).toEqual(expected(p));
  });

  it("another publication's check run of the same name on the commit (a matrix leg's) is not adopted", async () => {
    const model = checkRunsApi({ 'checks/create': (call) => (call === 2 ? { status: 503, body: { message: 'Service Unavailable' } } : undefined) });
    standIn = await startGitHubStandIn(model.handlers);
    const gh = await createGitHubClient('t', { GITHUB_API_URL: standIn.url });
    const sleep = async () => {};
    expect(await publishCheckRun(gh, TARGET, plan([1]), { sleep })).toMatchObject({ ok: true });
    expect(await publishCheckRun(gh, TARGET, plan([2]), { sleep })).toMatchObject({ ok: true, adopted: false });
    expect(model.runs).toHaveLength(2);
    expect(model.runs.map((r) => r.output.annotations.length)).toEqual([1, 2]);
    expect(new Set(model.runs.map((r) => r.external_id)).size).toBe(2);
  });

  it('an update that landed but whose answer was lost is not sent again: the annotation count shows it landed', async () => {
    const model = checkRunsApi({ 'checks/update': (call) => (call === 1 ? 'lost' : undefined) });
    const p = plan([50, 50, 1]);
    const { result, operations } = await publish(model, p);
    expect(result).toMatchObject({ ok: true });
    expect(operations).toEqual(['checks/create', 'checks/update', 'checks/get', 'checks/update']);
    expect(messages(model)).toEqual(expected(p));
  });

  it('an update that did not land (500) is sent again once the count shows it missing', async () => {
    const model = checkRunsApi({ 'checks/update': (call) => (call === 1 ? { status: 500, body: { message: 'Server Error' } } : undefined) });
    const p = plan([50, 4]);
    const { result, operations } = await publish(model, p);
    expect(result).toMatchObject({ ok: true });
    expect(operations).toEqual(['checks/create', 'checks/update', 'checks/get', 'checks/update']);
    expect(messages(model)).toEqual(expected(p));
  });

  it('waits out a secondary rate limit for as long as GitHub asks, then goes on', async () => {
    const limited: Fault = (call) => (call === 1 ? { status: 403, body: { message: 'You have exceeded a secondary rate limit.' }, headers: { 'retry-after': '7' } } : undefined);
    const model = checkRunsApi({ 'checks/create': limited });
    const { result, waits } = await publish(model, plan([1]));
    expect(result).toMatchObject({ ok: true });
    expect(waits).toEqual([7000]);
    expect(model.runs).toHaveLength(1);
  });

  it('does not wait longer than a minute: a longer rate limit ends publishing (the caller falls back), not as "forbidden"', async () => {
    const model = checkRunsApi({ 'checks/create': () => ({ status: 429, body: { message: 'Too Many Requests' }, headers: { 'retry-after': '600' } }) });
    const { result, waits } = await publish(model, plan([1]));
    expect(result).toEqual({ ok: false, forbidden: false, reason: 'HTTP 429: Too Many Requests (creating the check run)' });
    expect(waits).toEqual([]);
    expect(model.runs).toHaveLength(0);
  });

  it('a read-only token (403 without a rate limit) is "forbidden" at once, without a retry', async () => {
    const model = checkRunsApi({ 'checks/create': () => ({ status: 403, body: { message: 'Resource not accessible by integration' } }) });
    const { result, operations } = await publish(model, plan([1]));
    expect(result).toEqual({ ok: false, forbidden: true, reason: 'HTTP 403: Resource not accessible by integration (creating the check run)' });
    expect(operations).toEqual(['checks/create']);
  });

  it('when it cannot find out whether a lost create landed, it stops rather than risk a second check run', async () => {
    const model = checkRunsApi({
      'checks/create': (call) => (call === 1 ? 'lost' : undefined),
      'checks/list-for-ref': () => ({ status: 502, body: { message: 'Bad Gateway' } }),
    });
    const { result, operations } = await publish(model, plan([1]), { tries: 3 });
    expect(result).toEqual({ ok: false, forbidden: false, reason: 'HTTP 502: Bad Gateway (looking for the check run, tried 3 times)' });
    expect(operations.filter((o) => o === 'checks/create')).toHaveLength(1);
    expect(model.runs).toHaveLength(1);
  });

  // Other publications' runs of the same name on the commit (re-runs of the workflow), as GitHub would hold them.
  const rerunsBefore = (model: CheckRunsModel, count: number): void => {
    for (let k = 0; k < count; k++) {
      model.runs.push({ id: k + 1, name: TARGET.name, head_sha: SHA, external_id: `punchlist:earlier-${k}`, conclusion: 'failure', output: { title: null, summary: null, annotations: [] } });
    }
  };

  it('a lost create is looked for page by page among the commit\'s runs of that name (their order is not documented)', async () => {
    const model = checkRunsApi({ 'checks/create': (call) => (call === 1 ? 'lost' : undefined) }, { oldestFirst: true });
    rerunsBefore(model, 150);
    const p = plan([2]);
    const { result, operations, violations } = await publish(model, p);
    expect(violations).toEqual([]);
    expect(result).toMatchObject({ ok: true, adopted: true });
    expect(operations).toEqual(['checks/create', 'checks/list-for-ref', 'checks/list-for-ref']);
    expect(model.runs).toHaveLength(151);
    expect(messages(model)).toEqual(expected(p));
  });

  it('a create that did not land is sent again once every page was read without finding it', async () => {
    const model = checkRunsApi({ 'checks/create': (call) => (call === 1 ? { status: 502, body: { message: 'Bad Gateway' } } : undefined) }, { oldestFirst: true });
    rerunsBefore(model, 200);
    const { result, operations } = await publish(model, plan([1]));
    expect(result).toMatchObject({ ok: true, adopted: false });
    // 200 runs: two full pages, and the third (empty) is not asked for, since the total says they were all seen.
    expect(operations).toEqual(['checks/create', 'checks/list-for-ref', 'checks/list-for-ref', 'checks/create']);
    expect(model.runs).toHaveLength(201);
  });

  it('stops rather than create blindly when the runs of that name are too many to read', async () => {
    const model = checkRunsApi({ 'checks/create': (call) => (call === 1 ? { status: 502, body: { message: 'Bad Gateway' } } : undefined) }, { oldestFirst: true });
    rerunsBefore(model, 1200);
    const { result, operations } = await publish(model, plan([1]));
    expect(result).toMatchObject({ ok: false, forbidden: false });
    expect(!result.ok && result.reason).toMatch(/^more than 1000 check runs named "punchlist"/);
    expect(operations.filter((o) => o === 'checks/list-for-ref')).toHaveLength(10);
    expect(operations.filter((o) => o === 'checks/create')).toHaveLength(1);
    expect(model.runs).toHaveLength(1200);
  });

  it('under random lost answers and 5xx on every request, never makes a second check run or a duplicate annotation', async () => {
    let seed = 7;
    const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const chaos: Fault = () => {
      const r = random();
      return r < 0.2 ? 'lost' : r < 0.35 ? { status: 502, body: { message: 'Bad Gateway' } } : undefined;
    };
    let succeeded = 0;
    for (let round = 0; round < 40; round++) {
      const model = checkRunsApi({ 'checks/create': chaos, 'checks/update': chaos, 'checks/get': chaos, 'checks/list-for-ref': chaos });
      const p = plan([50, 50, 50, 9]);
      const { result, violations } = await publish(model, p, { tries: 5 });
      await standIn?.close();
      standIn = undefined;
      expect(violations).toEqual([]);
      expect(model.runs.length).toBeLessThanOrEqual(1);
      const got = messages(model);
      if (result.ok) {
        succeeded++;
        expect(got).toEqual(expected(p));
      } else {
        // What landed is the plan's first annotations, each once, in order.
        expect(got).toEqual(expected(p).slice(0, got.length));
      }
    }
    expect(succeeded).toBeGreaterThan(30);
  });
});

describe('retryDelay: which failures may pass, and how long to wait', () => {
  const answer = (status: number, message: string, headers: Record<string, string> = {}) => ({ status, message, response: { headers } });
  it('no answer, 5xx and 408 back off 1, 2, 4 s; other 4xx never pass', () => {
    expect(retryDelay(Object.assign(new Error('socket hang up'), { status: 500 }), 1)).toBe(1000);
    expect(retryDelay(answer(502, 'Bad Gateway'), 2)).toBe(2000);
    expect(retryDelay(answer(408, 'Timeout'), 3)).toBe(4000);
    expect(retryDelay(answer(422, 'Validation Failed'), 1)).toBeNull();
    expect(retryDelay(answer(404, 'Not Found'), 1)).toBeNull();
    expect(retryDelay(answer(403, 'Resource not accessible by integration'), 1)).toBeNull();
  });
  it('rate limits wait as GitHub asks, up to a minute', () => {
    expect(retryDelay(answer(403, 'You have exceeded a secondary rate limit'), 1)).toBe(1000);
    expect(retryDelay(answer(403, 'x', { 'retry-after': '30' }), 1)).toBe(30_000);
    expect(retryDelay(answer(429, 'x', { 'retry-after': '61' }), 1)).toBeNull();
    const reset = String(Math.floor(Date.now() / 1000) + 20);
    const wait = retryDelay(answer(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), 1)!;
    expect(wait).toBeGreaterThan(15_000);
    expect(wait).toBeLessThanOrEqual(22_000);
  });
});
