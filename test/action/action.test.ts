import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRunsApi } from '../helpers/check-runs-api.ts';
import { startGitHubStandIn, type Handler, type StandIn } from '../helpers/github-stand-in.ts';
import { startForwardProxy } from '../helpers/forward-proxy.ts';
import { webhookExample } from '../helpers/webhook-examples.ts';
import { actionCheckRun, historyApi, type HistoryData } from './history-api.ts';
import { runAction } from './run-dist.ts';

const TSC_LOG = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'parsers', 'tsc', 'plain-module-null-types.log'), 'utf8');
const REPORTS = join(import.meta.dirname, '..', 'fixtures', 'reports');
const report = (name: string): string => readFileSync(join(REPORTS, name), 'utf8');
const ARCHIVE = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'archives', 'logs_1234567890.zip'));
let standIn: StandIn | undefined;

afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const createCheckRun: Handler = (req) => ({
  status: 201,
  body: { id: 7, html_url: `https://github.com/Codertocat/Hello-World/runs/7`, head_sha: (req.body as { head_sha: string }).head_sha },
});
const updateCheckRun: Handler = () => ({ status: 200, body: { id: 7 } });

function checkRequests(s: StandIn) {
  return s.requests.filter((r) => r.operationId === 'checks/create' || r.operationId === 'checks/update');
}

describe('the Action, run as the runner runs dist/index.js', () => {
  it('classifies log files and reports a check run on the pull request head with annotations, outputs and a summary', async () => {
    // The base branch has no punchlist check run yet: nothing is marked.
    const history = historyApi({ runId: 42, jobs: {}, branches: { master: ['f'.repeat(40)] }, checkRuns: {} });
    standIn = await startGitHubStandIn({ 'checks/create': createCheckRun, 'checks/update': updateCheckRun }, history.extra);
    const event = webhookExample('pull_request', 'opened') as { pull_request: { head: { sha: string } } };
    const run = await runAction({ inputs: { logs: '*.log\n!ignored.log', sarif: 'punchlist.sarif' }, event, eventName: 'pull_request', apiUrl: standIn.url, files: { 'tsc.log': TSC_LOG, 'ignored.log': 'src/x.ts(1,1): error TS1005: x\n' } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(standIn.violations).toEqual([]);
    expect(history.violations).toEqual([]);
    const [create] = checkRequests(standIn);
    const body = create!.body as { name: string; head_sha: string; conclusion: string; output: { title: string; summary: string; annotations: Record<string, unknown>[] } };
    expect(body.name).toBe('punchlist');
    expect(body.head_sha).toBe(event.pull_request.head.sha);
    expect(body.conclusion).toBe('failure');
    expect(body.output.title).toBe('5 failures: dependency_missing');
    const [decision, ...annotations] = body.output.annotations;
    expect(decision).toMatchObject({ annotation_level: 'notice', path: 'src/a.ts', start_line: 2, title: 'Decision for tsc.log: fix' });
    expect(annotations).toHaveLength(5);
    expect(annotations[0]).toMatchObject({
      path: 'src/a.ts', start_line: 1, end_line: 1, start_column: 23, end_column: 23,
      annotation_level: 'failure', title: 'compile_error (tsc TS2307)',
      message: "Cannot find module './missing' or its corresponding type declarations.",
    });
    // raw_details carries the structured failure back to the App.
    expect(JSON.parse(annotations[1]!.raw_details as string)).toMatchObject({ class: 'dependency_missing', package: 'left-pad-not-installed', evidence: [{ line: 2 }] });
    expect(run.outputs['primary-class']).toBe('dependency_missing');
    expect(run.outputs['failure-count']).toBe('5');
    expect(JSON.parse(run.outputs.failures!)).toHaveLength(5);
    const decisions = readFileSync(run.outputs['decision-log']!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(decisions).toEqual([expect.objectContaining({ job: 'tsc.log', primary: 'dependency_missing', next: 'fix', evidence: { line: 2, text: expect.stringContaining("'left-pad-not-installed'") } })]);
    expect(run.summary).toContain('| `dependency_missing` | 2 | tsc |');
    expect(run.summary).toContain('### Decision log');
    const sarif = JSON.parse(readFileSync(join(run.workspace, 'punchlist.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(5);
  });

  it('behind a proxy: loads its proxy client (dist/github-proxy.js) and reaches the API only through the proxy', async () => {
    standIn = await startGitHubStandIn({ 'checks/create': createCheckRun, 'checks/update': updateCheckRun });
    // The API's name is one only the proxy resolves, as behind a runner's proxy that alone reaches the internet.
    const proxy = await startForwardProxy({ 'api.github.test': '127.0.0.1' });
    try {
      const apiUrl = standIn.url.replace('127.0.0.1', 'api.github.test');
      const run = await runAction({ inputs: { logs: 'tsc.log' }, event: {}, eventName: 'push', apiUrl, files: { 'tsc.log': TSC_LOG }, env: { https_proxy: proxy.url, http_proxy: proxy.url } });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(standIn.violations).toEqual([]);
      expect(checkRequests(standIn).map((r) => r.operationId)).toEqual(['checks/create']);
      expect(proxy.targets).toEqual([new URL(apiUrl).host]);
      expect(run.stdout).not.toContain('::warning::');
    } finally {
      await proxy.close();
    }
  });

  it('sends at most 50 annotations per request and caps the total, saying how many were left out', async () => {
    standIn = await startGitHubStandIn({ 'checks/create': createCheckRun, 'checks/update': updateCheckRun });
    const log = Array.from({ length: 130 }, (_, i) => `src/m${i}.ts(${i + 1},1): error TS2322: Type 'string' is not assignable to type 'number'.`).join('\n');
    const run = await runAction({ inputs: { logs: 'build.log', 'max-annotations': '120' }, event: webhookExample('push'), eventName: 'push', apiUrl: standIn.url, files: { 'build.log': `${log}\n` } });
    expect(run.code).toBe(0);
    expect(standIn.violations).toEqual([]);
    const sizes = checkRequests(standIn).map((r) => ((r.body as { output: { annotations?: unknown[] } }).output.annotations ?? []).length);
    expect(sizes).toEqual([50, 50, 20]);
    const summary = (checkRequests(standIn)[0]!.body as { output: { summary: string } }).output.summary;
    expect(summary).toContain('11 annotations left out (cap 120)');
  });

  it("keeps the failures output within GitHub's limit on a job's outputs: the first failures, whole; failure-count has them all", async () => {
    standIn = await startGitHubStandIn({ 'checks/create': createCheckRun, 'checks/update': updateCheckRun });
    // 400 distinct errors with long messages: ~640,000 characters of JSON in all.
    const log = Array.from({ length: 400 }, (_, i) => `src/m${i}.ts(${i + 1},1): error TS2322: Type '${'x'.repeat(1500)}${i}' is not assignable to type 'number'.`).join('\n');
    const run = await runAction({ inputs: { logs: 'build.log' }, event: webhookExample('push'), eventName: 'push', apiUrl: standIn.url, files: { 'build.log': `${log}\n` } });
    expect(run.code).toBe(0);
    expect(run.outputs['failure-count']).toBe('400');
    const json = run.outputs.failures!;
    expect(json.length).toBeLessThanOrEqual(256 * 1024);
    const failures = JSON.parse(json) as { file: string; message: string }[];
    expect(failures.length).toBeGreaterThan(100);
    expect(failures.length).toBeLessThan(400);
    // The first ones, whole and in order.
    expect(failures.map((f) => f.file)).toEqual(Array.from({ length: failures.length }, (_, i) => `src/m${i}.ts`));
    expect(failures.at(-1)!.message).toMatch(/is not assignable to type 'number'\.$/);
    expect(run.stdout).toContain(`The failures output holds the first ${failures.length} of 400 failures`);
  });

  it('falls back to workflow-command annotations without checks: write, says so once, and stays green', async () => {
    const history = historyApi({ runId: 42, jobs: {}, branches: { master: [] }, checkRuns: {} });
    standIn = await startGitHubStandIn({ 'checks/create': () => ({ status: 403, body: { message: 'Resource not accessible by integration' } }) }, history.extra);
    const run = await runAction({ inputs: { logs: 'tsc.log' }, event: webhookExample('pull_request', 'opened'), eventName: 'pull_request', apiUrl: standIn.url, files: { 'tsc.log': TSC_LOG } });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(5);
    expect(lines).toContain("::error title=compile_error (tsc TS2307),file=src/a.ts,line=1,col=23::Cannot find module './missing' or its corresponding type declarations.");
    expect(lines.filter((l) => l.startsWith('::warning::') && l.includes('checks: write'))).toHaveLength(1);
    expect(run.summary).toContain('lacks "checks: write"');
    expect(run.outputs['primary-class']).toBe('dependency_missing');
  });

  it('retries a 5xx from the API with backoff, after looking for the check run the failed request may have made', async () => {
    const model = checkRunsApi({ 'checks/create': (call) => (call === 1 ? { status: 503, body: { message: 'Service Unavailable' } } : undefined) });
    standIn = await startGitHubStandIn(model.handlers);
    const run = await runAction({ inputs: { logs: 'tsc.log' }, event: webhookExample('push'), eventName: 'push', apiUrl: standIn.url, files: { 'tsc.log': TSC_LOG } });
    expect(run.code).toBe(0);
    expect(standIn.violations).toEqual([]);
    expect(standIn.requests.map((r) => r.operationId)).toEqual(['checks/create', 'checks/list-for-ref', 'checks/create']);
    expect(model.runs).toHaveLength(1);
    expect(model.runs[0]!.output.annotations).toHaveLength(6);
    expect(run.stdout).not.toContain('::warning::');
  });

  it('adopts the check run a create made when its answer was lost: one check run, each annotation once', async () => {
    const model = checkRunsApi({ 'checks/create': (call) => (call === 1 ? 'lost' : undefined) });
    standIn = await startGitHubStandIn(model.handlers);
    const run = await runAction({ inputs: { logs: 'tsc.log' }, event: webhookExample('push'), eventName: 'push', apiUrl: standIn.url, files: { 'tsc.log': TSC_LOG } });
    expect(run.code).toBe(0);
    expect(standIn.requests.map((r) => r.operationId)).toEqual(['checks/create', 'checks/list-for-ref']);
    expect(model.runs).toHaveLength(1);
    expect(model.runs[0]!.output.annotations).toHaveLength(6);
    expect(run.stdout).toContain('found again by its external_id after an answer was lost');
    expect(run.stdout).not.toContain('::warning::');
  });

  it('reports success on a green log and never fails the build when the API is down', async () => {
    standIn = await startGitHubStandIn({ 'checks/create': () => ({ status: 422, body: { message: 'Unprocessable' } }) });
    const run = await runAction({ inputs: { logs: 'ok.log' }, event: webhookExample('push'), eventName: 'push', apiUrl: standIn.url, files: { 'ok.log': 'all 12 tests passed\n' } });
    expect(run.code).toBe(0);
    expect(run.outputs['primary-class']).toBe('');
    expect(run.outputs['failure-count']).toBe('0');
    expect(run.stdout).toContain('::warning::Punchlist could not publish its check run (HTTP 422');
  });

  it('runs a command with live output, classifies it, and ends with its exit code', async () => {
    standIn = await startGitHubStandIn({ 'checks/create': createCheckRun, 'checks/update': updateCheckRun });
    const run = await runAction({
      inputs: { run: 'echo "building"\ncat tsc.log >&2\nexit 2' },
      event: webhookExample('push'), eventName: 'push', apiUrl: standIn.url, files: { 'tsc.log': TSC_LOG },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('building\n');
    expect(run.stdout).toContain("src/a.ts(1,23): error TS2307: Cannot find module './missing'");
    expect(run.outputs['failure-count']).toBe('5');
    expect((checkRequests(standIn)[0]!.body as { conclusion: string }).conclusion).toBe('failure');
  });

  it('classifies the failed jobs of a workflow run through the REST API and reports on its head commit', async () => {
    const event = webhookExample('workflow_run', 'completed') as { workflow_run: { id: number; head_sha: string } };
    const jobLog = ['##[group]Run npx tsc --noEmit', 'npx tsc --noEmit', '##[endgroup]', ...TSC_LOG.trimEnd().split('\n'), '##[error]Process completed with exit code 2.']
      .map((l, i) => `2026-11-25T18:51:0${i % 10}.0000000Z ${l}`)
      .join('\n');
    const downloads: string[] = [];
    standIn = await startGitHubStandIn(
      {
        'actions/get-workflow-run': (req) => ({ status: 200, body: { id: Number(req.params.run_id), head_sha: event.workflow_run.head_sha } }),
        'actions/list-jobs-for-workflow-run': () => ({
          status: 200,
          body: {
            total_count: 2,
            jobs: [
              { id: 11, name: 'lint', status: 'completed', conclusion: 'success' },
              { id: 12, name: 'typecheck', status: 'completed', conclusion: 'failure' },
            ],
          },
        }),
        'actions/download-job-logs-for-workflow-run': (req, base) => {
          downloads.push(req.params.job_id!);
          return { status: 302, headers: { location: `${base}/_blob/job-${req.params.job_id}.txt` } };
        },
        'checks/create': createCheckRun,
      },
      (req, res) => {
        if (!req.url?.startsWith('/_blob/')) return false;
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(jobLog);
        return true;
      },
    );
    const run = await runAction({ inputs: { 'workflow-run-id': String(event.workflow_run.id) }, event, eventName: 'workflow_run', apiUrl: standIn.url });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(standIn.violations).toEqual([]);
    expect(downloads).toEqual(['12']);
    const body = checkRequests(standIn)[0]!.body as { head_sha: string; output: { summary: string; annotations: { title: string }[] } };
    expect(body.head_sha).toBe(event.workflow_run.head_sha);
    expect(body.output.annotations[0]!.title).toBe('Decision for typecheck: fix');
    expect(body.output.summary).toContain('| typecheck | **dependency_missing** |');
  });

  it('refuses a bad configuration with a one-line error naming the inputs', async () => {
    standIn = await startGitHubStandIn({});
    const none = await runAction({ inputs: {}, event: {}, eventName: 'push', apiUrl: standIn.url });
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('::error::No input to classify: set one of "logs", "run" or "workflow-run-id", or "reports"');
    const both = await runAction({ inputs: { logs: 'a.log', run: 'true' }, event: {}, eventName: 'push', apiUrl: standIn.url });
    expect(both.stdout).toContain('::error::Inputs "logs" and "run" exclude each other: set only one');
    const bad = await runAction({ inputs: { 'workflow-run-id': 'abc' }, event: {}, eventName: 'push', apiUrl: standIn.url });
    expect(bad.stdout).toContain('::error::Invalid input "workflow-run-id": "workflow-run-id" must be a whole number of at least 1');
    const flag = await runAction({ inputs: { logs: 'a.log', history: 'maybe' }, event: {}, eventName: 'push', apiUrl: standIn.url });
    expect(flag.stdout).toContain('::error::Invalid input "history": "history" must be "true" or "false"');
    expect(standIn.requests).toEqual([]);
  });
});

describe('the Action reads archives and test reports', () => {
  it('classifies each job of a log archive that `logs:` names, one decision per job', async () => {
    standIn = await startGitHubStandIn({ 'checks/create': createCheckRun, 'checks/update': updateCheckRun });
    const run = await runAction({ inputs: { logs: '*.zip' }, event: webhookExample('push'), eventName: 'push', apiUrl: standIn.url, files: { 'logs_42.zip': ARCHIVE } });
    expect(run.code).toBe(0);
    expect(run.outputs['primary-class']).toBe('compile_error');
    expect(run.outputs['failure-count']).toBe('5');
    const decisions = readFileSync(run.outputs['decision-log']!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(decisions.map((d: { job: string; primary: string }) => [d.job, d.primary])).toEqual([
      ['logs_42.zip:unit', 'test_fail'],
      ['logs_42.zip:check', 'compile_error'],
      ['logs_42.zip:style', 'lint_error'],
    ]);
    expect(run.stdout).toContain('── logs_42.zip:check ──');
  });

  it('reads `reports:` alone: failures annotated where they are, counts per suite in the job summary', async () => {
    standIn = await startGitHubStandIn({ 'checks/create': createCheckRun, 'checks/update': updateCheckRun });
    const run = await runAction({
      inputs: { reports: 'reports/*.xml\n!reports/ignored.xml' },
      event: webhookExample('push'), eventName: 'push', apiUrl: standIn.url,
      files: { 'reports/vitest-junit.xml': report('vitest-junit.xml'), 'reports/ignored.xml': report('mocha-junit.xml') },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(standIn.violations).toEqual([]);
    expect(run.outputs['primary-class']).toBe('timeout');
    expect(run.outputs['failure-count']).toBe('3');
    const body = checkRequests(standIn)[0]!.body as { output: { annotations: Record<string, unknown>[] } };
    expect(body.output.annotations.filter((a) => a.annotation_level === 'failure')[0]).toMatchObject({
      path: 'src/cart.test.ts', start_line: 6, title: 'test_fail (vitest)', message: 'cart > subtotal multiplies quantities: expected NaN to be 6 // Object.is equality',
    });
    expect(run.summary).toContain('### Tests');
    expect(run.summary).toContain('| reports/vitest-junit.xml | src/cart.test.ts | 1 | 2 | 1 |');
    expect(run.summary).toContain('| **total** | 2 suites | 1 | 3 | 1 |');
    expect(run.summary.length).toBeLessThanOrEqual(65_535);
  });

  it('lists a failure that `logs:` and `reports:` both show once', async () => {
    standIn = await startGitHubStandIn({ 'checks/create': createCheckRun, 'checks/update': updateCheckRun });
    const run = await runAction({
      inputs: { logs: 'pytest.log', reports: 'junit.xml' },
      event: webhookExample('push'), eventName: 'push', apiUrl: standIn.url,
      files: { 'pytest.log': report('pytest.log'), 'junit.xml': report('pytest-junit.xml') },
    });
    expect(run.code).toBe(0);
    expect(run.outputs['failure-count']).toBe('3');
    expect(run.outputs['primary-class']).toBe('dependency_missing');
    expect(run.summary).toContain('| junit.xml | pytest | 3 | 3 | 1 |');
  });

  it('warns in one line about a malformed report and still reports the rest', async () => {
    standIn = await startGitHubStandIn({ 'checks/create': createCheckRun, 'checks/update': updateCheckRun });
    const xml = report('mocha-junit.xml');
    const run = await runAction({
      inputs: { reports: '*.xml' }, event: webhookExample('push'), eventName: 'push', apiUrl: standIn.url,
      files: { 'mocha.xml': xml.slice(0, xml.indexOf('<testsuite name="with a database"')) },
    });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::warning::'))).toEqual([expect.stringMatching(/^::warning::"mocha\.xml": malformed JUnit XML: /)]);
    expect(run.outputs['failure-count']).toBe('1');
  });

  it("passes a one-line `run:` command to the classifier as the failed unit's name", async () => {
    standIn = await startGitHubStandIn({ 'checks/create': createCheckRun, 'checks/update': updateCheckRun });
    const run = await runAction({
      inputs: { run: 'bash lint.sh' }, event: webhookExample('push'), eventName: 'push', apiUrl: standIn.url,
      files: { 'lint.sh': 'echo "3 files need attention"\nexit 1\n' },
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.outputs.failures!)).toEqual([expect.objectContaining({ class: 'lint_error', basis: 'step' })]);
  });
});

describe('the Action marks known-flaky and already-broken failures from what GitHub keeps', () => {
  const reportFailure = (test: string, cls: 'test_fail' | 'timeout' | 'dependency_missing' = 'test_fail') => ({
    class: cls, message: 'as attempt 1 saw it', tool: 'vitest', test, file: 'src/cart.test.ts', line: 6, evidence: [{ line: 4, text: test }],
  });

  it('on a re-run: a test that passed on attempt 1 is "known flaky" (retry), one failing on the base branch "already failing" (escalate)', async () => {
    const event = webhookExample('pull_request', 'opened') as { pull_request: { head: { sha: string }; base: { ref: string } } };
    const head = event.pull_request.head.sha;
    const baseSha = 'b'.repeat(40);
    const data: HistoryData = {
      runId: 42,
      jobs: {
        1: [{ id: 1, name: 'test', status: 'completed', conclusion: 'failure', started_at: '2026-12-01T10:00:00Z', completed_at: '2026-12-01T10:03:00Z', runner_name: 'GitHub Actions 2' }],
        2: [{ id: 2, name: 'test', status: 'in_progress', conclusion: null, started_at: '2026-12-01T10:10:00Z', completed_at: null, runner_name: 'GitHub Actions 5' }],
      },
      branches: { master: [baseSha, 'c'.repeat(40)] },
      checkRuns: {
        // Attempt 1 of this job: "subtotal multiplies quantities" passed; "subtotal of nothing is zero" failed and passes now.
        // (A test missing from a complete check run that read reports passed there.)
        [head]: [actionCheckRun(11, '2026-12-01T10:02:30Z', [reportFailure('cart > loads prices in time', 'timeout'), reportFailure('cart > subtotal of nothing is zero'), reportFailure('src/tax.test.ts', 'dependency_missing')])],
        // The base branch's newest commit already fails on the missing package.
        [baseSha]: [actionCheckRun(21, '2026-11-30T09:00:00Z', [{ ...reportFailure('src/tax.test.ts', 'dependency_missing'), file: 'src/tax.test.ts' }])],
      },
    };
    const history = historyApi(data);
    standIn = await startGitHubStandIn({ 'checks/create': createCheckRun, 'checks/update': updateCheckRun }, history.extra);
    const run = await runAction({
      inputs: { reports: 'reports/*.xml' },
      event, eventName: 'pull_request', apiUrl: standIn.url,
      env: { GITHUB_RUN_ATTEMPT: '2', RUNNER_NAME: 'GitHub Actions 5' },
      files: { 'reports/vitest-junit.xml': report('vitest-junit.xml') },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(standIn.violations).toEqual([]);
    expect(history.violations).toEqual([]);
    // A handful of requests: this attempt's jobs, the head's check runs, attempt 1's jobs, its annotations; the base's commits, check runs, annotations.
    expect(history.calls.map((c) => c.operationId)).toEqual([
      'actions/list-jobs-for-workflow-run-attempt', 'checks/list-for-ref', 'actions/list-jobs-for-workflow-run-attempt', 'checks/list-annotations',
      'repos/list-commits', 'checks/list-for-ref', 'checks/list-annotations',
    ]);

    const body = checkRequests(standIn)[0]!.body as { output: { title: string; summary: string; annotations: { title: string; message: string; raw_details?: string; annotation_level: string }[] } };
    expect(body.output.title).toBe('3 failures: timeout (1 known flaky, 1 already failing on master)');
    const failures = body.output.annotations.filter((a) => a.annotation_level === 'failure');
    const flaky = failures.find((a) => a.message.includes('cart > subtotal multiplies quantities'))!;
    expect(flaky.title).toBe('test_fail (vitest), known flaky');
    expect(flaky.message).toMatch(new RegExp(`^Known flaky: passed on re-run on ${head.slice(0, 7)} \\(attempt 1\\)\\. `));
    expect(JSON.parse(flaky.raw_details!).mark).toEqual({ kind: 'flaky', sha: head, attempt: 1 });
    const broken = failures.find((a) => a.message.includes('tax-tables'))!;
    expect(broken.title).toMatch(/, already failing on master$/);
    expect(JSON.parse(broken.raw_details!).mark).toEqual({ kind: 'base_broken', sha: baseSha, ref: 'master' });
    expect(failures.find((a) => a.message.includes('loads prices'))!.title).toBe('timeout (vitest)');

    // Counts per suite with the flaky column: the flaky failure and the test that failed on attempt 1 and passes now.
    for (const summary of [body.output.summary, run.summary]) {
      expect(summary).toContain('| reports/vitest-junit.xml | src/cart.test.ts | 1 | 2 | 1 | 2 |');
      expect(summary).toContain('| **total** | 2 suites | 1 | 3 | 1 | 2 |');
      expect(summary).toContain('Flaky: 1 test failed on an earlier attempt');
      expect(summary).toContain('`cart > subtotal of nothing is zero` (attempt 1)');
      expect(summary).toContain('🔁 _known flaky: passed on re-run on');
      expect(summary).toContain('⛔ _already failing on master (bbbbbbb)_');
    }
    // The decision rests on the unmarked failure and says what it left out.
    const decisions = readFileSync(run.outputs['decision-log']!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(decisions).toEqual([expect.objectContaining({ job: 'reports/vitest-junit.xml', primary: 'timeout', next: 'retry', marked: 2 })]);
    expect(decisions[0].reason).toContain('Left out: 1 known-flaky failure, 1 failure already failing on master.');
    // The fixed `failures` output keeps its shape: no marks in it.
    expect(JSON.parse(run.outputs.failures!)[0]).not.toHaveProperty('mark');

    // `history: false`: no request beyond the check run, no mark.
    const calls = history.calls.length;
    const off = await runAction({
      inputs: { reports: 'reports/*.xml', history: 'false' }, event, eventName: 'pull_request', apiUrl: standIn.url,
      env: { GITHUB_RUN_ATTEMPT: '2', RUNNER_NAME: 'GitHub Actions 5' }, files: { 'reports/vitest-junit.xml': report('vitest-junit.xml') },
    });
    expect(off.code).toBe(0);
    expect(history.calls).toHaveLength(calls);
    expect(off.summary).not.toContain('known flaky');
  });

  it('every failure known flaky: the decision is retry; without "actions: read" it is a one-line notice in the decision log, never a failure', async () => {
    const event = webhookExample('push');
    const head = '0000000000000000000000000000000000000001';
    const passing: HistoryData = {
      runId: 42,
      jobs: {
        1: [{ id: 1, name: 'test', status: 'completed', conclusion: 'failure', started_at: '2026-12-01T10:00:00Z', completed_at: '2026-12-01T10:03:00Z', runner_name: 'r1' }],
        2: [{ id: 2, name: 'test', status: 'in_progress', conclusion: null, started_at: '2026-12-01T10:10:00Z', completed_at: null, runner_name: 'r2' }],
      },
      // Attempt 1 of this job failed elsewhere (a setup step), after its tests had all passed.
      checkRuns: { [head]: [actionCheckRun(11, '2026-12-01T10:02:30Z', [])] },
    };
    const xml = '<testsuites name="vitest tests"><testsuite name="src/net.test.ts" tests="2" failures="1"><testcase classname="src/net.test.ts" name="net &gt; retries"><failure message="expected 200 to be 503">AssertionError: expected 200 to be 503\n ❯ src/net.test.ts:9:3</failure></testcase><testcase classname="src/net.test.ts" name="net &gt; ok"/></testsuite></testsuites>\n';
    let history = historyApi(passing);
    standIn = await startGitHubStandIn({ 'checks/create': createCheckRun }, history.extra);
    const env = { GITHUB_RUN_ATTEMPT: '2', RUNNER_NAME: 'r2' };
    const run = await runAction({ inputs: { reports: 'junit.xml' }, event, eventName: 'push', apiUrl: standIn.url, env, files: { 'junit.xml': xml } });
    expect(run.code).toBe(0);
    expect(history.violations).toEqual([]);
    const [decision] = readFileSync(run.outputs['decision-log']!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(decision).toMatchObject({ primary: 'test_fail', next: 'retry', mark: 'flaky' });
    expect(decision.reason).toContain('no change can fix a flaky test');
    expect(run.summary).toContain('| junit.xml | **test_fail** | 🔁 retry |');
    await standIn.close();

    history = historyApi({ ...passing, refuse: { 'actions/list-jobs-for-workflow-run-attempt': { status: 403, message: 'Resource not accessible by integration' } } });
    standIn = await startGitHubStandIn({ 'checks/create': createCheckRun }, history.extra);
    const refused = await runAction({ inputs: { reports: 'junit.xml' }, event, eventName: 'push', apiUrl: standIn.url, env, files: { 'junit.xml': xml } });
    expect(refused.code).toBe(0);
    expect(refused.stdout).not.toContain('::warning::');
    const log = readFileSync(refused.outputs['decision-log']!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log).toEqual([
      expect.objectContaining({ primary: 'test_fail', next: 'fix' }),
      expect.objectContaining({ notice: expect.stringMatching(/^Flaky marks: cannot read the earlier attempts of run 42 \(HTTP 403: Resource not accessible by integration.*\); the job needs "actions: read" and "checks: read"\.$/) }),
    ]);
    expect(refused.summary).toContain('> Flaky marks: cannot read the earlier attempts of run 42');
  });
});

describe('the GitHub API stand-in enforces the published API description', () => {
  it('rejects a request the real API would reject', async () => {
    standIn = await startGitHubStandIn({ 'checks/create': createCheckRun });
    const annotation = { path: 'a.ts', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'x' };
    const post = (body: unknown) =>
      fetch(`${standIn!.url}/repos/o/r/check-runs`, { method: 'POST', headers: { authorization: 'token t' }, body: JSON.stringify(body) });
    expect((await post({ name: 'p', head_sha: 'abc', output: { title: 't', summary: 's', annotations: Array(51).fill(annotation) } })).status).toBe(422);
    expect((await post({ head_sha: 'abc' })).status).toBe(422);
    expect((await post({ name: 'p', head_sha: 'abc', output: { title: 't', summary: 's', annotations: [{ ...annotation, annotation_level: 'error' }] } })).status).toBe(422);
    expect((await post({ name: 'p', head_sha: 'abc', output: { title: 't', summary: 's', annotations: [annotation] } })).status).toBe(201);
    expect(standIn.violations).toHaveLength(3);
  });
});
