import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromClassifierFailure, type CiFailure } from '../../app/ci/ci-failure.ts';
import { describeSetAside, partitionFailures, quarantineRules, type FlakinessFacts } from '../../app/ci/flakiness.ts';
import { testResultRows, type CollectedResult } from '../../app/ci/test-result-rows.ts';
import { parseConfig } from '../../app/config/index.ts';
import { classifyText } from '../../src/classify/index.ts';
import { JUnitReader, type ReportedCase } from '../../src/reports/index.ts';
import { testKey } from '../../src/store/index.ts';

const SHA = 'a'.repeat(40);
const BASE_SHA = 'b'.repeat(40);

const failure = (test: string | undefined, over: Partial<CiFailure> = {}): CiFailure => ({
  class: 'test_fail',
  message: 'expected 1 to be 2',
  check: 'test',
  ...(test ? { test } : {}),
  evidence: [],
  ...over,
});

const flaky = (test: string, flakyCommits = 2, commits = 10) => ({ testKey: testKey(test), flakyCommits, commits, flakeRate: flakyCommits / commits });
const broken = (test: string, failingRuns = 3) => ({ testKey: testKey(test), since: BASE_SHA, failingRuns });

function facts(over: Partial<FlakinessFacts>): FlakinessFacts {
  return { failures: [], flaky: [], brokenOnBase: [], baseBranch: 'main', quarantine: [], rerunDone: false, ...over };
}

const standings = (p: ReturnType<typeof partitionFailures>) => p.sorted.map((s) => [s.failure.test ?? s.failure.class, s.standing]);

describe('partitionFailures()', () => {
  it('re-runs when every failure is a known-flaky test, with no model call', () => {
    const p = partitionFailures(facts({ failures: [failure('net > retries'), failure('dns › resolves', { class: 'timeout' })], flaky: [flaky('net > retries'), flaky('dns > resolves', 1, 4)] }));
    expect(p.action).toBe('rerun');
    expect(p.real).toEqual([]);
    expect(p.knownFlaky.map((s) => s.reason)).toEqual([
      'Known flaky: failed and passed on the same commit on 2 of 10 commits (20 %)',
      'Known flaky: failed and passed on the same commit on 1 of 4 commits (25 %)',
    ]);
    expect(p.reason).toBe('Every failure is a known-flaky test (2 known-flaky tests): re-running the failed jobs once, with no model call');
  });

  it('treats a known-flaky test that fails again after the re-run as real', () => {
    const p = partitionFailures(facts({ failures: [failure('net > retries')], flaky: [flaky('net > retries')], rerunDone: true }));
    expect(p.action).toBe('decide');
    expect(p.real.map((f) => f.test)).toEqual(['net > retries']);
    expect(p.sorted[0]!.reason).toBe('Known flaky (failed and passed on the same commit on 2 of 10 commits (20 %)), but failed again after the re-run at this commit');
  });

  it('decides on the real failures alone and names the others', () => {
    const failures = [
      failure(undefined, { class: 'compile_error', file: 'src/a.ts', line: 3, message: "Cannot find name 'x'" }),
      failure('cart > totals', { file: 'src/cart.test.ts' }),
      failure('net > retries'),
      failure('db > migrates', { check: 'integration' }),
    ];
    const p = partitionFailures(facts({ failures, flaky: [flaky('net > retries')], brokenOnBase: [broken('db > migrates')] }));
    expect(p.action).toBe('decide');
    expect(p.real).toEqual([failures[0], failures[1]]);
    expect(standings(p)).toEqual([
      ['compile_error', 'real'],
      ['cart > totals', 'real'],
      ['net > retries', 'knownFlaky'],
      ['db > migrates', 'brokenOnBase'],
    ]);
    expect(p.reason).toBe('2 failures to decide on; set aside: 1 known-flaky test, 1 test already failing on "main"');
    expect(describeSetAside(p)).toEqual([
      '- test_fail (test "net > retries") [test]: expected 1 to be 2 — Known flaky: failed and passed on the same commit on 2 of 10 commits (20 %)',
      '- test_fail (test "db > migrates") [integration]: expected 1 to be 2 — Already failing on "main" since bbbbbbb (3 failing runs there)',
    ]);
  });

  it.each<[string, Partial<FlakinessFacts>, string, string]>([
    ['only tests broken on the base branch', { brokenOnBase: [broken('a > one'), broken('b > two', 1)] }, 'not_ours', 'No failure is this work order\'s to fix (2 tests already failing on "main")'],
    ['known-flaky tests beside one broken on the base branch', { flaky: [flaky('a > one')], brokenOnBase: [broken('b > two')] }, 'not_ours', 'No failure is this work order\'s to fix (1 known-flaky test, 1 test already failing on "main")'],
    ['only quarantined tests', { quarantine: [{ test: 'a > one', source: 'config' }, { test: 'b > two', source: 'command', by: 'octocat' }] }, 'not_ours', "No failure is this work order's to fix (2 quarantined tests)"],
    ['known-flaky and quarantined tests', { flaky: [flaky('a > one')], quarantine: [{ test: 'b > two', source: 'config' }] }, 'rerun', 'Every failure is a known-flaky test (1 known-flaky test, 1 quarantined test): re-running the failed jobs once, with no model call'],
    ['failures no history knows', { flaky: [flaky('c > three')], brokenOnBase: [broken('d > four')] }, 'decide', '2 failures to decide on'],
  ])('with %s: %s', (_, over, action, reason) => {
    const p = partitionFailures(facts({ failures: [failure('a > one'), failure('b > two')], ...over }));
    expect([p.action, p.reason]).toEqual([action, reason]);
  });

  it('has nothing to set aside when CI gave no failures', () => {
    expect(partitionFailures(facts({ failures: [], flaky: [flaky('a')] }))).toMatchObject({ action: 'decide', real: [], sorted: [] });
  });

  it('reads a known-flaky test failing on the base branch once as flaking there, until this commit was re-run', () => {
    const base = { failures: [failure('net > retries')], flaky: [flaky('net > retries')] };
    expect(partitionFailures(facts({ ...base, brokenOnBase: [broken('net > retries', 1)] })).action).toBe('rerun');
    expect(partitionFailures(facts({ ...base, brokenOnBase: [broken('net > retries', 1)], rerunDone: true })).brokenOnBase).toHaveLength(1);
    expect(partitionFailures(facts({ ...base, brokenOnBase: [broken('net > retries', 2)] })).action).toBe('not_ours');
  });

  it('matches a quarantine by name however it is joined, or by file and name, and says whose it is', () => {
    const config = parseConfig('quarantine:\n  - { test: "tests/net.test.ts > retries", reason: DNS in CI }\n  - "cart › totals"\n');
    if (!config.ok) throw new Error('expected a config');
    const rules = quarantineRules(config.config.quarantine, [{ test: 'TestSlow', reason: null, by: 'octocat' }]);
    const p = partitionFailures(
      facts({
        failures: [failure('retries', { file: 'tests/net.test.ts' }), failure('cart > totals'), failure('TestSlow', { class: 'timeout' }), failure('retries', { file: 'tests/other.test.ts' })],
        quarantine: rules,
        // Quarantine comes first: a person's word over the history.
        flaky: [flaky('cart > totals')],
      }),
    );
    expect(p.sorted.map((s) => [s.standing, s.reason])).toEqual([
      ['quarantined', 'Quarantined in .github/punchlist.yml: DNS in CI'],
      ['quarantined', 'Quarantined in .github/punchlist.yml'],
      ['quarantined', 'Quarantined by @octocat with /punchlist quarantine'],
      ['real', 'Not known flaky, not failing on the base branch, not quarantined'],
    ]);
    expect(p.action).toBe('decide');
  });
});

describe('testResultRows()', () => {
  const run = { repository: 'acme/shop', commitSha: SHA, branch: 'fix-cart', runId: 42, runAttempt: 2, workOrderId: 7 };
  const fixtures = join(import.meta.dirname, '..', 'fixtures', 'reports');

  it("records a real run's report once, with the log's failures of the same tests folded into it", () => {
    const cases: ReportedCase[] = [];
    const reader = new JUnitReader({ roots: [], onCase: (c) => cases.push(c) });
    reader.push(readFileSync(join(fixtures, 'jest-junit.xml'), 'utf8'));
    const report = reader.end();
    const log = classifyText(readFileSync(join(fixtures, 'jest.log'), 'utf8'), { roots: [] });
    const results: CollectedResult[] = cases.map((c) => ({ ...c, source: 'report' }));
    const rows = testResultRows(run, { results, failures: log.failures.map((f) => fromClassifierFailure(f, 'test')), failureSource: 'log' });
    // Every case of the report once; every test the log names failing is one of them (jest's `›` and jest-junit's spaces).
    expect(rows).toHaveLength(report.suites.reduce((n, s) => n + s.passed + s.failed + s.skipped, 0));
    expect(rows.every((r) => r.source === 'report')).toBe(true);
    expect(log.failures.filter((f) => f.test).length).toBeGreaterThan(0);
    const failedKeys = new Set(rows.filter((r) => r.outcome === 'failed').map((r) => testKey(r.test)));
    for (const f of log.failures) if (f.test) expect(failedKeys).toContain(testKey(f.test));
    expect(rows[0]).toMatchObject({ repository: 'acme/shop', commitSha: SHA, branch: 'fix-cart', runId: 42, runAttempt: 2, workOrderId: 7, job: null });
  });

  it('records failures that name a test, by job, as failed or errored, and nothing for the rest', () => {
    const rows = testResultRows(run, {
      results: [{ test: 'a > one', outcome: 'failed', source: 'report', job: 'test (ubuntu)' }],
      failures: [
        failure('a › one', { check: 'test (ubuntu)' }),
        failure('a › one', { check: 'test (windows)' }),
        failure('a › one', { check: 'test (windows)' }),
        failure('b > slow', { class: 'timeout', check: 'test (windows)', file: 'b.test.ts' }),
        failure(undefined, { class: 'lint_error' }),
        failure(' :: '),
      ],
      failureSource: 'check-run',
    });
    expect(rows.map((r) => [r.test, r.job, r.outcome, r.source, r.file ?? null])).toEqual([
      ['a > one', 'test (ubuntu)', 'failed', 'report', null],
      ['a › one', 'test (windows)', 'failed', 'check-run', null],
      ['b > slow', 'test (windows)', 'errored', 'check-run', 'b.test.ts'],
    ]);
  });
});
