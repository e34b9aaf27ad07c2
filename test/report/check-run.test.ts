import { describe, expect, it } from 'vitest';
import type { Classification, Failure } from '../../src/classify/index.ts';
import { decide, withMarks } from '../../src/decision/index.ts';
import { decisionAnnotation, MAX_OUTPUT_CHARS, planCheckRun, toAnnotation, type CheckAnnotation } from '../../src/report/check-run.ts';
import { readCheckRunDetails, toCheckRunDetails } from '../../src/report/check-run-details.ts';
import { countFlaky, testCountsMarkdown, TESTS_COMMENT, type ClassifiedJob, type ReportCounts } from '../../src/report/job.ts';

const HEAD = 'c0ffee'.padEnd(40, '0');
const BASE = 'ba5e'.padEnd(40, '1');

function t(test: string, file = 'src/cart.test.ts'): Failure {
  return { class: 'test_fail', message: 'expected NaN to be 6', tool: 'vitest', test, file, line: 6, evidence: [{ line: 14, text: `<testcase name="${test}">` }] };
}

function job(name: string, failures: Failure[]): ClassifiedJob {
  const classification: Classification = { primary: failures.length ? 'test_fail' : null, failures, omitted: 0, jobFailed: null, lines: 20 };
  return { name, classification, decision: decide(name, classification) };
}

/** Many suites with long names, as a monorepo's reports give them. */
function manySuites(count: number): ReportCounts[] {
  return [{ name: 'reports/junit.xml', suites: Array.from({ length: count }, (_, i) => ({ name: `packages/pkg-${i}/src/${'deeply/'.repeat(8)}module-${i}.test.ts`, passed: 40 + i, failed: i % 97 === 0 ? 1 : 0, skipped: i % 5 }))}];
}

describe('the check run shows marks', () => {
  it('annotations say "known flaky" / "already failing on <base>" in the title and the message, and carry the mark in raw_details', () => {
    const [flaky, broken] = withMarks([t('cart > subtotal'), t('cart > tax')], [{ kind: 'flaky', sha: HEAD, attempt: 1 }, { kind: 'base_broken', sha: BASE, ref: 'main' }]);
    const a = toAnnotation(flaky!)!;
    expect(a.title).toBe('test_fail (vitest), known flaky');
    expect(a.message).toBe('Known flaky: passed on re-run on c0ffee0 (attempt 1). cart > subtotal: expected NaN to be 6');
    expect(readCheckRunDetails(a.raw_details)?.mark).toEqual({ kind: 'flaky', sha: HEAD, attempt: 1 });
    const b = toAnnotation(broken!)!;
    expect(b.title).toBe('test_fail (vitest), already failing on main');
    expect(b.message).toMatch(/^Already failing on main \(ba5e111\)\. cart > tax: /);
    expect(toAnnotation(t('cart > total'))!.title).toBe('test_fail (vitest)');
  });

  it('raw_details stay backwards compatible: older details (no mark) read as before, an unknown mark is dropped, not the failure', () => {
    const older = JSON.stringify({ class: 'test_fail', message: 'x', test: 'a > b', evidence: ['line'] });
    expect(readCheckRunDetails(older)).toEqual({ class: 'test_fail', message: 'x', test: 'a > b', evidence: ['line'] });
    const newer = JSON.stringify({ ...toCheckRunDetails(t('a > b')), mark: { kind: 'quarantined', sha: HEAD } });
    const read = readCheckRunDetails(newer);
    expect(read).toMatchObject({ class: 'test_fail', test: 'a > b' });
    expect(read?.mark).toBeUndefined();
  });

  it('the title counts the marks; the summary shows each one beside its failure and the decision log gives the next step', () => {
    const failures = withMarks([t('cart > subtotal'), t('cart > tax')], [{ kind: 'flaky', sha: HEAD }, { kind: 'flaky', sha: HEAD }]);
    const plan = planCheckRun([job('junit.xml', failures)], { maxAnnotations: 100 });
    expect(plan.title).toBe('2 failures: test_fail (2 known flaky)');
    expect(plan.summary).toContain('🔁 _known flaky: passed on re-run on c0ffee0_');
    expect(plan.summary).toContain('| junit.xml | **test_fail** | 🔁 retry |');
    expect(plan.conclusion).toBe('failure');
  });
});

describe('test counts in the check run summary', () => {
  it('shows passed / failed / skipped / flaky per suite and the totals, with the counts in a comment a later run reads', () => {
    const reports = countFlaky([{ name: 'junit.xml', suites: [{ name: 'src/cart.test.ts', passed: 4, failed: 2, skipped: 1 }, { name: 'src/tax.test.ts', passed: 3, failed: 0, skipped: 0 }] }], [
      { test: 'cart > subtotal', file: 'src/cart.test.ts' },
      { test: 'nowhere > to be found', file: 'src/gone.test.ts' },
    ]);
    const plan = planCheckRun([job('junit.xml', [t('cart > subtotal'), t('cart > tax')])], { maxAnnotations: 100, tests: reports, flakyTests: 2 });
    expect(plan.summary).toContain('| report | suite | passed | failed | skipped | flaky |');
    expect(plan.summary).toContain('| junit.xml | src/cart.test.ts | 4 | 2 | 1 | 1 |');
    expect(plan.summary).toContain('| junit.xml | src/tax.test.ts | 3 | 0 | 0 | 0 |');
    // The flaky test no suite could be found for is counted in the total.
    expect(plan.summary).toContain('| **total** | 2 suites | 7 | 2 | 1 | 2 |');
    expect(TESTS_COMMENT.exec(plan.summary)?.slice(1)).toEqual(['7', '2', '1', '2']);
  });

  it('countFlaky finds a suite by file, by a name the test begins with, or the only suite there is', () => {
    const two = countFlaky([{ name: 'r', suites: [{ name: 'com.acme.CartTest', passed: 1, failed: 0, skipped: 0 }, { name: 'tests/test_tax.py', passed: 1, failed: 0, skipped: 0 }] }], [
      { test: 'com.acme.CartTest.total' },
      { test: 'tests/test_tax.py::test_rate' },
    ]);
    expect(two[0]!.suites.map((s) => s.flaky)).toEqual([1, 1]);
    expect(countFlaky([{ name: 'r', suites: [{ name: 'pytest', passed: 1, failed: 0, skipped: 0 }] }], [{ test: 'x::y' }])[0]!.suites[0]!.flaky).toBe(1);
  });

  it('stays within GitHub\'s 65,535 characters with thousands of failures and suites, ending with "… N more suites" and the totals', () => {
    const failures = Array.from({ length: 3000 }, (_, i) => t(`suite ${i} > ${'a long test name '.repeat(6)}${i}`, `packages/p${i}/src/x.test.ts`));
    const reports = manySuites(4000);
    const plan = planCheckRun([job('junit.xml', failures)], { maxAnnotations: 1000, tests: reports });
    expect(plan.summary.length).toBeLessThanOrEqual(MAX_OUTPUT_CHARS);
    // Both parts are there: failures cut with a count, the suites cut with a count, totals last.
    expect(plan.summary).toMatch(/_\d+ more failures not listed here\._/);
    const more = /\| … (\d+) more suites \| \| \| \| \| \|/.exec(plan.summary);
    expect(Number(more?.[1])).toBeGreaterThan(0);
    const listed = plan.summary.split('\n').filter((l) => l.startsWith('| reports/junit.xml |')).length;
    expect(listed + Number(more![1])).toBe(4000);
    expect(plan.summary.trimEnd().split('\n').at(-1)).toMatch(/^\| \*\*total\*\* \| 4000 suites \| \d+ \| 42 \| \d+ \| 0 \|$/);
    // The failing suites come first.
    expect(plan.summary.split('\n').find((l) => l.startsWith('| reports/junit.xml |'))).toContain('| 1 | ');
  });

  it('the tests section never passes its limit, at every limit around the point where the last row fits', () => {
    const reports = manySuites(50);
    const full = testCountsMarkdown(reports, 1_000_000);
    expect(full).not.toContain('more suite');
    let fitsAll = Infinity;
    for (let limit = full.length + 400; limit > full.length - 1200; limit--) {
      const out = testCountsMarkdown(reports, limit);
      expect(out.length).toBeLessThanOrEqual(limit);
      const listed = out.split('\n').filter((l) => l.startsWith('| reports/junit.xml |')).length;
      const more = Number(/\| … (\d+) more suites? \|/.exec(out)?.[1] ?? 0);
      expect(listed + more).toBe(50);
      if (out === full) fitsAll = limit;
    }
    // One character under the smallest limit that shows every suite drops exactly one row.
    expect(testCountsMarkdown(reports, fitsAll - 1)).toContain('| … 1 more suite | | | | | |');
  });

  it('a summary with no report shows no test section; the failures still fill to the limit', () => {
    const failures = Array.from({ length: 3000 }, (_, i) => t(`s > ${'x'.repeat(200)} ${i}`));
    const plan = planCheckRun([job('a.log', failures)], { maxAnnotations: 10 });
    expect(plan.summary).not.toContain('### Tests');
    expect(plan.summary.length).toBeLessThanOrEqual(MAX_OUTPUT_CHARS);
    expect(plan.summary.length).toBeGreaterThan(MAX_OUTPUT_CHARS - 1000);
    expect(plan.summary).toMatch(/_\d+ more failures not listed here\._\n$/);
  });

  it('makes the annotations up to the cap and counts the rest: those without a path are neither', () => {
    // Failures with a file, and some without (a message of the log as a whole): with no fallback path these make no
    // annotation at all; with one, they are annotated on it.
    const failures = Array.from({ length: 40 }, (_, i) => (i % 4 === 3 ? { ...t(`s > ${i}`), file: undefined, line: undefined } : t(`s > ${i}`, `src/f${i}.ts`)));
    const jobs = [job('a.log', failures.slice(0, 25)), job('b.log', failures.slice(25))];
    for (const fallbackPath of [undefined, '.github/workflows/ci.yml']) {
      // What the plan used to do: every annotation made, those without a path dropped, then the first ones kept.
      const every = [...jobs.map((j) => decisionAnnotation(j.decision, fallbackPath)), ...failures.map((f) => toAnnotation(f, fallbackPath))].filter(
        (a): a is CheckAnnotation => a !== null,
      );
      for (const max of [0, 1, 12, every.length - 1, every.length, 500]) {
        const plan = planCheckRun(jobs, { maxAnnotations: max, ...(fallbackPath ? { fallbackPath } : {}) });
        expect(plan.batches.flat()).toEqual(every.slice(0, max));
        expect(plan.omitted).toBe(Math.max(0, every.length - max));
      }
    }
  });
});
