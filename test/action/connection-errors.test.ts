import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { classifyGitHubError } from '../../app/github/github-answer.ts';
import { createGitHubClient } from '../../src/action/github-client.ts';
import { describeRequestError, isConnectionError } from '../../src/action/github.ts';
import { publishCheckRun } from '../../src/action/publish.ts';
import type { CheckRunPlan } from '../../src/report/index.ts';
import { startFakeGitHub } from '../helpers/fake-github.ts';
import { refusingUrl } from '../helpers/refusing-url.ts';

// A refused connection is reported as one: Octokit turns a request that got no answer into a RequestError with
// status 500, which users read as "GitHub failed" ("HTTP 500"). Real requests to a port nothing listens on.

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error('expected the request to fail');
}

/** Octokit's request log, silenced: the failures are the point here. */
const QUIET = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const PLAN: CheckRunPlan = { conclusion: 'failure', title: '1 failure', summary: 'summary', batches: [[]] } as unknown as CheckRunPlan;

describe('the Action: a refused connection says it could not connect', () => {
  it('describeRequestError names the API it could not reach and why, not a status', async () => {
    const url = await refusingUrl();
    const error = await failure(() => new Octokit({ baseUrl: url, request: { retries: 0 }, log: QUIET }).rest.repos.get({ owner: 'o', repo: 'r' }));
    expect(isConnectionError(error)).toBe(true);
    expect(describeRequestError(error)).toBe(`could not connect to the GitHub API at ${url}: connect ECONNREFUSED ${url.slice('http://'.length)}`);
  });

  it('an HTTP answer keeps its status', async () => {
    const github = await startFakeGitHub({ owner: 'o', repo: 'r', defaultBranch: 'main', files: {} });
    try {
      const error = await failure(() => new Octokit({ baseUrl: github.url, auth: 't', log: QUIET }).rest.repos.getContent({ owner: 'o', repo: 'r', path: 'missing' }));
      expect(isConnectionError(error)).toBe(false);
      expect(describeRequestError(error)).toBe('HTTP 404: Not Found');
    } finally {
      await github.close();
    }
  });

  it('publishing the check run to an API that refuses connections falls back with "could not connect", not "HTTP 500"', async () => {
    const url = await refusingUrl();
    const client = await createGitHubClient('t', { GITHUB_API_URL: url }, { retries: 0 });
    const result = await publishCheckRun(client, { owner: 'o', repo: 'r', headSha: '0'.repeat(40), name: 'punchlist' }, PLAN, { sleep: async () => {}, tries: 2 });
    // Unanswered, the create may have landed: it is looked for (twice) before it could be sent again.
    expect(result).toEqual({
      ok: false,
      forbidden: false,
      reason: `could not connect to the GitHub API at ${url}: connect ECONNREFUSED ${url.slice('http://'.length)} (looking for the check run, tried 2 times)`,
    });
  });
});

describe('the App: a refused connection is transient and named as such', () => {
  it('classifyGitHubError: no status, "Could not connect to GitHub at …"', async () => {
    const url = await refusingUrl();
    const error = await failure(() => new Octokit({ baseUrl: url, request: { retries: 0 }, log: QUIET }).rest.pulls.create({ owner: 'o', repo: 'r', title: 't', head: 'h', base: 'main' }));
    expect(classifyGitHubError(error)).toEqual({ kind: 'transient', status: null, retryAfterSeconds: 5, reason: `Could not connect to GitHub at ${url} (connect ECONNREFUSED ${url.slice('http://'.length)})` });
  });
});
