import { describe, expect, it } from 'vitest';
import type { Classification, Failure } from '../../src/classify/index.ts';
import { decide, markFailures, nextStepFor, withMarks, type AttemptRecord, type History } from '../../src/decision/index.ts';

const HEAD = 'c0ffee'.padEnd(40, '0');
const BASE = 'ba5e'.padEnd(40, '1');

function t(test: string, extra: Partial<Failure> = {}): Failure {
  return { class: 'test_fail', message: 'expected 1 to be 2', tool: 'vitest', test, file: 'src/a.test.ts', line: 3, evidence: [{ line: 9, text: `✗ ${test}` }], ...extra };
}
const attempt = (n: number, failed: string[], over: Partial<AttemptRecord> = {}): AttemptRecord => ({
  attempt: n,
  sha: HEAD,
  failures: failed.map((test) => ({ class: 'test_fail', test })),
  complete: true,
  readTests: true,
  ...over,
});
const classification = (failures: Failure[]): Classification => ({ primary: failures.length ? 'test_fail' : null, failures, omitted: 0, jobFailed: null, lines: 10 });

describe('markFailures: marks from plain history data', () => {
  it('marks a failed test flaky when it passed in another attempt of the same commit (the latest such attempt)', () => {
    const history: History = { attempts: [attempt(1, []), attempt(2, ['a > b'])] };
    const { marks } = markFailures([t('a > b'), t('a > c')], history, { readTests: true });
    // `a > b` failed in attempt 2 too, but passed in attempt 1; `a > c` passed in both: attempt 2 is named.
    expect(marks).toEqual([{ kind: 'flaky', sha: HEAD, attempt: 1 }, { kind: 'flaky', sha: HEAD, attempt: 2 }]);
  });

  it.each([
    ['its check run was cut short', { complete: false }],
    ['it read no test report', { readTests: false }],
  ])('does not take a test as passed in an attempt where %s', (_, over) => {
    const { marks } = markFailures([t('a > b')], { attempts: [attempt(1, [], over)] }, { readTests: true });
    expect(marks).toEqual([undefined]);
  });

  it('marks a failure the base branch shows too, a test by its name however the reporter joined it, others by class, file and code', () => {
    const history: History = {
      attempts: [],
      base: { ref: 'main', sha: BASE, failures: [{ class: 'test_fail', test: 'Cart::Total' }, { class: 'compile_error', file: 'src/x.ts', code: 'TS2322' }] },
    };
    const compile: Failure = { class: 'compile_error', message: "Type 'string' is not assignable", file: 'src/x.ts', line: 40, code: 'TS2322', evidence: [] };
    const otherCode: Failure = { ...compile, code: 'TS2345' };
    const { marks } = markFailures([t('cart > total'), compile, otherCode, t('cart > tax')], history, { readTests: true });
    expect(marks).toEqual([{ kind: 'base_broken', sha: BASE, ref: 'main' }, { kind: 'base_broken', sha: BASE, ref: 'main' }, undefined, undefined]);
  });

  it('prefers flaky to already broken: passing on this very commit says more than the base branch', () => {
    const history: History = { attempts: [attempt(1, [])], base: { ref: 'main', sha: BASE, failures: [{ class: 'test_fail', test: 'a > b' }] } };
    expect(markFailures([t('a > b')], history, { readTests: true }).marks[0]?.kind).toBe('flaky');
  });

  it('lists tests that failed in an earlier attempt and pass now, once each, only when this run read test reports', () => {
    const history: History = { attempts: [attempt(1, ['a > b', 'a > c']), attempt(2, ['a > b'])] };
    const now = [t('a > c')];
    expect(markFailures(now, history, { readTests: true }).recovered).toEqual([{ test: 'a > b', attempt: 2, sha: HEAD }]);
    expect(markFailures(now, history, { readTests: false }).recovered).toEqual([]);
  });

  it('withMarks copies the marked failures and leaves the originals alone', () => {
    const f = t('a > b');
    const [marked] = withMarks([f], [{ kind: 'flaky', sha: HEAD }]);
    expect(marked).toEqual({ ...f, mark: { kind: 'flaky', sha: HEAD } });
    expect(f).not.toHaveProperty('mark');
  });
});

describe('decide: the next step for marked failures comes from the shared table', () => {
  it('nextStepFor: a mark overrides the class', () => {
    expect(nextStepFor('test_fail')).toBe('fix');
    expect(nextStepFor('test_fail', 'flaky')).toBe('retry');
    expect(nextStepFor('compile_error', 'base_broken')).toBe('escalate');
  });

  it('every failure known flaky: retry, saying which commit it passed on', () => {
    const failures = withMarks([t('a > b'), t('a > c')], [{ kind: 'flaky', sha: HEAD, attempt: 1 }, { kind: 'flaky', sha: HEAD, attempt: 1 }]);
    const d = decide('unit', { ...classification(failures), failures });
    expect(d).toMatchObject({ primary: 'test_fail', next: 'retry', mark: 'flaky', failureCount: 2 });
    expect(d.reason).toBe('test_fail (a > b and 1 more), known flaky: passed on re-run on c0ffee0 (attempt 1). The same test passed on another attempt of this commit: re-run the failed jobs; no change can fix a flaky test.');
  });

  it('any failure already broken on the base branch, the rest flaky: escalate, not this change\'s to fix', () => {
    const failures = withMarks([t('a > b'), t('db > up')], [{ kind: 'flaky', sha: HEAD }, { kind: 'base_broken', sha: BASE, ref: 'main' }]);
    const d = decide('unit', { ...classification(failures), failures });
    expect(d).toMatchObject({ next: 'escalate', mark: 'base_broken' });
    expect(d.reason).toContain('already failing on main (ba5e111)');
    expect(d.reason).toContain("not this change's to fix");
  });

  it('marked failures among real ones are left out: the decision rests on the others and says what it left out', () => {
    const timeout: Failure = { class: 'timeout', message: 'Test timed out in 5000ms', tool: 'vitest', test: 'net > retries', evidence: [{ line: 4, text: 'timed out' }] };
    const failures = withMarks([timeout, t('a > b')], [{ kind: 'flaky', sha: HEAD }, undefined]);
    const d = decide('unit', { ...classification(failures), primary: 'timeout', failures });
    expect(d).toMatchObject({ primary: 'test_fail', next: 'fix', marked: 1, failureCount: 2 });
    expect(d.reason).toMatch(/^test_fail \(vitest: expected 1 to be 2 at src\/a\.test\.ts:3\)\. .* Left out: 1 known-flaky failure\.$/);
    expect(d.mark).toBeUndefined();
  });

  it('failures beyond the kept maximum are unmarked: the marks do not decide alone', () => {
    const failures = withMarks([t('a > b')], [{ kind: 'flaky', sha: HEAD }]);
    const d = decide('unit', { ...classification(failures), failures, omitted: 3 });
    expect(d.next).toBe('fix');
  });
});
