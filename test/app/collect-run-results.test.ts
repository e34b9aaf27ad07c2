import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRunResults, DEFAULT_COLLECT_LIMITS, type RunRef } from '../../app/history/collect-run-results.ts';
import { PunchlistOctokit } from '../../app/github/octokit-options.ts';
import type { GitHub } from '../../app/github/repo-ref.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';

// A finished workflow run's test results, read as the App reads them: the run's report artifacts through the real
// Octokit client (GitHub's 302 to blob storage followed), else the Punchlist Action's annotations on its commit.

const ARTIFACTS = join(import.meta.dirname, '..', 'fixtures', 'artifacts');
const zip = (name: string) => readFileSync(join(ARTIFACTS, name));
const QUIET = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let github: FakeGitHub;
let client: GitHub;

beforeAll(async () => {
  github = await startFakeGitHub({ owner: 'acme', repo: 'shop', defaultBranch: 'main', files: { 'README.md': 'hi' } });
  client = new PunchlistOctokit({ auth: { token: 'ghs_test' }, baseUrl: github.url, log: QUIET, retry: { enabled: false } }) as unknown as GitHub;
});
afterAll(() => github.close());

function run(id: number, sha: string): RunRef {
  return { owner: 'acme', repo: 'shop', runId: id, attempt: 1, headSha: sha };
}

describe('collecting a run\'s test results', () => {
  it('reads every JUnit and CTRF report in the run\'s test artifacts, and nothing else', async () => {
    const r = github.ci.complete('a'.repeat(40), [{ name: 'test', conclusion: 'failure' }]);
    github.ci.uploadArtifact(r.id, 'test-results', zip('test-results.zip'));
    // A build artifact is never downloaded, whatever it holds.
    github.ci.uploadArtifact(r.id, 'dist', zip('test-results.zip'));
    const collected = await collectRunResults(client, run(r.id, r.headSha));
    expect(collected.source).toBe('report');
    expect(collected.notes).toEqual([]);
    // vitest-junit.xml: 1+0 passed, 2+1 failed, 1 skipped; jest-ctrf.json: 2 passed, 3 failed, 1 skipped.
    const by = (tool: string, outcome: string) => collected.results.filter((c) => c.tool === tool && c.outcome === outcome).length;
    expect([by('vitest', 'passed'), by('vitest', 'failed'), by('vitest', 'skipped')]).toEqual([1, 3, 1]);
    expect([by('jest', 'passed'), by('jest', 'failed'), by('jest', 'skipped')]).toEqual([2, 3, 1]);
    expect(collected.results.find((c) => c.test === 'cart > subtotal multiplies quantities')).toMatchObject({ outcome: 'failed', source: 'report', suite: 'src/cart.test.ts' });
    const downloads = github.requests.filter((q) => q.operationId === 'actions/download-artifact');
    expect(downloads).toHaveLength(1);
    expect(github.violations).toEqual([]);
  });

  it('keeps what a malformed report holds before the damage, with a one-line note', async () => {
    const r = github.ci.complete('b'.repeat(40), [{ name: 'test', conclusion: 'failure' }]);
    github.ci.uploadArtifact(r.id, 'junit', zip('broken-report.zip'));
    const collected = await collectRunResults(client, run(r.id, r.headSha));
    expect(collected.results.map((c) => [c.test, c.outcome])).toEqual([
      ['x.ok', 'passed'],
      ['x.bad', 'failed'],
    ]);
    expect(collected.notes).toHaveLength(1);
    expect(collected.notes[0]).toMatch(/^junit: broken\.xml: malformed JUnit XML: /);
  });

  it('skips an expired or oversized artifact with a note, and a zip that is not one', async () => {
    const r = github.ci.complete('c'.repeat(40), [{ name: 'test', conclusion: 'failure' }]);
    github.ci.uploadArtifact(r.id, 'test-results-old', zip('test-results.zip'), { expired: true });
    github.ci.uploadArtifact(r.id, 'test-results-big', zip('test-results.zip'));
    github.ci.uploadArtifact(r.id, 'test-report', Buffer.from('not a zip at all'));
    const collected = await collectRunResults(client, run(r.id, r.headSha), { ...DEFAULT_COLLECT_LIMITS, maxArtifactBytes: 1000 });
    expect(collected.source).toBe('none');
    expect(collected.notes).toEqual([
      expect.stringMatching(/^Artifact "test-results-big" is \d+ bytes, over the 1000 read: skipped$/),
      expect.stringMatching(/^Artifact "test-report" is not a readable zip: /),
    ]);
  });

  it('cuts a report at the byte cap and says so', async () => {
    const r = github.ci.complete('d'.repeat(40), [{ name: 'test', conclusion: 'failure' }]);
    github.ci.uploadArtifact(r.id, 'test-results', zip('test-results.zip'));
    const collected = await collectRunResults(client, run(r.id, r.headSha), { ...DEFAULT_COLLECT_LIMITS, maxFileBytes: 600 });
    expect(collected.notes.some((n) => /vitest-junit\.xml is over 600 bytes; read up to there/.test(n))).toBe(true);
    expect(collected.results.filter((c) => c.tool === 'vitest').length).toBeLessThan(5);
  });

  it('falls back to the failed tests the Action posted on the commit when the run uploaded no report', async () => {
    const sha = 'e'.repeat(40);
    const r = github.ci.complete(sha, [{ name: 'test', conclusion: 'failure' }]);
    const details = (test: string) => JSON.stringify({ class: 'test_fail', message: 'expected 1 to be 2', test, file: 'src/a.test.ts', tool: 'vitest' });
    github.ci.actionReport(sha, 'failure', [
      { path: 'src/a.test.ts', start_line: 3, end_line: 3, annotation_level: 'failure', message: 'x', raw_details: details('a > adds') },
      { path: 'src/a.ts', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'tsc', raw_details: JSON.stringify({ class: 'compile_error', message: 'TS2322', file: 'src/a.ts' }) },
      { path: '.github', start_line: 1, end_line: 1, annotation_level: 'notice', message: 'decision', raw_details: details('a > not a failure') },
    ]);
    const collected = await collectRunResults(client, run(r.id, sha));
    expect(collected.source).toBe('check-run');
    expect(collected.results).toEqual([{ test: 'a > adds', file: 'src/a.test.ts', tool: 'vitest', outcome: 'failed', source: 'check-run' }]);
  });

  it('turns a token without `actions: read` into a note, and throws a transient answer for the step to retry', async () => {
    const r = github.ci.complete('f'.repeat(40), [{ name: 'test', conclusion: 'failure' }]);
    github.inject({ operationId: 'actions/list-workflow-run-artifacts', effect: { reply: { status: 403, body: { message: 'Resource not accessible by integration' } } } });
    const collected = await collectRunResults(client, run(r.id, r.headSha));
    expect(collected.notes[0]).toMatch(/^Cannot list the run's artifacts: /);
    github.inject({ operationId: 'actions/list-workflow-run-artifacts', effect: { reply: { status: 502, body: { message: 'Server Error' } } } });
    await expect(collectRunResults(client, run(r.id, r.headSha))).rejects.toMatchObject({ status: 502 });
  });
});
