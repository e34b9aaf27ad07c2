import { RequestError } from '@octokit/request-error';
import { describe, expect, it } from 'vitest';
import { classifyGitHubError, fitBody, isGitHubError, MAX_BODY_CHARS } from '../../app/github/github-answer.ts';

function answer(status: number, data: unknown, headers: Record<string, string> = {}): RequestError {
  const message = typeof (data as { message?: unknown }).message === 'string' ? (data as { message: string }).message : 'error';
  return new RequestError(message, status, {
    request: { method: 'POST', url: 'https://api.github.com/repos/o/r/pulls', headers: {} },
    response: { status, url: 'https://api.github.com/repos/o/r/pulls', headers, data },
  });
}

const SECONDARY = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';

describe('classifyGitHubError: GitHub\'s answers, classified once', () => {
  it.each([
    ['502 Bad Gateway', answer(502, { message: 'Bad Gateway' }), { kind: 'transient', status: 502, retryAfterSeconds: 5 }],
    ['503 with retry-after', answer(503, { message: 'Service Unavailable' }, { 'retry-after': '7' }), { kind: 'transient', retryAfterSeconds: 7 }],
    ['429 with retry-after', answer(429, { message: 'Too Many Requests' }, { 'retry-after': '3' }), { kind: 'transient', status: 429, retryAfterSeconds: 3 }],
    ['403 secondary rate limit with retry-after', answer(403, { message: SECONDARY }, { 'retry-after': '2' }), { kind: 'transient', status: 403, retryAfterSeconds: 2 }],
    ['403 secondary rate limit without retry-after: a minute', answer(403, { message: SECONDARY }), { kind: 'transient', retryAfterSeconds: 60 }],
    ['403 with retry-after and any message', answer(403, { message: 'Forbidden' }, { 'retry-after': '4' }), { kind: 'transient', retryAfterSeconds: 4 }],
    ['403 primary rate limit: waits until the reset', answer(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 30) }), { kind: 'transient' }],
    ['422 a pull request already exists', answer(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for o:b.' }] }), { kind: 'already_done', what: 'pull_request' }],
    ['422 reference already exists', answer(422, { message: 'Reference already exists' }), { kind: 'already_done', what: 'reference' }],
    ['403 the workflow is already running', answer(403, { message: 'This workflow is already running' }), { kind: 'already_done', what: 'run_in_progress' }],
    ['422 body too long', answer(422, { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] }), { kind: 'too_long' }],
    ['401 bad credentials', answer(401, { message: 'Bad credentials' }), { kind: 'permanent', status: 401, advice: expect.stringContaining('private key') }],
    ['403 resource not accessible', answer(403, { message: 'Resource not accessible by integration' }), { kind: 'permanent', status: 403, advice: expect.stringContaining('permissions') }],
    ['404 not found', answer(404, { message: 'Not Found' }), { kind: 'permanent', status: 404, reason: expect.stringContaining('gone') }],
    ['422 another validation', answer(422, { message: 'Validation Failed', errors: [{ field: 'head', code: 'invalid' }] }), { kind: 'permanent', status: 422 }],
  ])('%s', (_name, error, expected) => {
    expect(classifyGitHubError(error)).toMatchObject(expected);
  });

  it('a lost connection (no HTTP answer) is transient: the request may have taken effect, and steps find before they create', () => {
    expect(classifyGitHubError(new Error('other side closed'))).toMatchObject({ kind: 'transient', status: null });
  });

  it('every permanent answer says what to do, and that something works: a retry by reply', () => {
    for (const status of [401, 403, 404, 410, 400]) {
      const a = classifyGitHubError(answer(status, { message: 'x' }));
      expect(a.kind).toBe('permanent');
      if (a.kind === 'permanent') expect(a.advice).toContain('/punchlist retry');
    }
  });

  it('tells a GitHub request error from a fault of the App', () => {
    expect(isGitHubError(answer(500, { message: 'x' }))).toBe(true);
    expect(isGitHubError(new Error('bug'))).toBe(false);
    expect(isGitHubError({ status: 403 })).toBe(false);
  });
});

describe('fitBody', () => {
  it('keeps a body that fits, and cuts a longer one under the limit with a note', () => {
    expect(fitBody('short')).toBe('short');
    const long = Array.from({ length: 2000 }, (_, i) => `line ${i} ${'x'.repeat(60)}`).join('\n');
    const fitted = fitBody(long);
    expect(fitted.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(fitted).toContain('cut here');
    expect(fitBody(long, 1000).length).toBeLessThanOrEqual(1000);
  });
});
