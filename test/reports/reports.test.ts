import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JUnitReader, mergeReported, parseCtrf, reportClassification, type ReportedCase, type TestReport } from '../../src/reports/index.ts';
import { classifyText } from '../../src/classify/index.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'reports');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

/** Reads a JUnit report in small pieces, as a stream delivers it. */
function junit(text: string, piece = 97): TestReport {
  const reader = new JUnitReader({ roots: [] });
  for (let i = 0; i < text.length; i += piece) reader.push(text.slice(i, i + piece));
  return reader.end();
}

const brief = (r: TestReport) => r.failures.map((f) => ({ class: f.class, test: f.test, file: f.file, line: f.line, package: f.package }));

describe('JUnit XML reports of real runners', () => {
  it.each([
    [
      'vitest-junit.xml',
      'vitest',
      [{ name: 'src/cart.test.ts', passed: 1, failed: 2, skipped: 1 }, { name: 'src/tax.test.ts', passed: 0, failed: 1, skipped: 0 }],
      [
        { class: 'test_fail', test: 'cart > subtotal multiplies quantities', file: 'src/cart.test.ts', line: 6, package: undefined },
        { class: 'timeout', test: 'cart > loads prices in time', file: 'src/cart.test.ts', line: 15, package: undefined },
        { class: 'dependency_missing', test: 'src/tax.test.ts', file: 'src/tax.test.ts', line: 2, package: 'tax-tables' },
      ],
    ],
    [
      'jest-junit.xml',
      'jest',
      [{ name: 'cart', passed: 2, failed: 3, skipped: 1 }, { name: '__tests__/shipping.test.js', passed: 0, failed: 2, skipped: 0 }],
      [
        { class: 'test_fail', test: 'cart subtotal multiplies quantities', file: '__tests__/cart.test.js', line: 5, package: undefined },
        // Thrown in src/cart.js, located at the innermost frame in test code.
        { class: 'test_fail', test: 'cart discount rejects unknown codes politely', file: '__tests__/cart.test.js', line: 18, package: undefined },
        { class: 'timeout', test: 'cart checkout waits for the payment service', file: '__tests__/cart.test.js', line: 24, package: undefined },
        // jest-junit reports the suite that failed to run twice (an <error> and a <failure>): one failure.
        { class: 'dependency_missing', test: '__tests__/shipping.test.js', file: '__tests__/shipping.test.js', line: 1, package: 'shipping-rates' },
      ],
    ],
    [
      'mocha-junit.xml',
      'mocha',
      [{ name: 'slug', passed: 1, failed: 1, skipped: 0 }, { name: 'with a database', passed: 0, failed: 1, skipped: 0 }],
      [
        { class: 'test_fail', test: 'slug drops punctuation', file: 'test/slug.spec.js', line: 10, package: undefined },
        // Only the suite's `file` attribute says where: a file, no line.
        { class: 'timeout', test: 'slug with a database "before all" hook for "is unique"', file: 'test/slug.spec.js', line: undefined, package: undefined },
      ],
    ],
    [
      'pytest-junit.xml',
      'pytest',
      [{ name: 'pytest', passed: 3, failed: 3, skipped: 1 }],
      [
        { class: 'dependency_missing', test: 'tests/test_prices.py', file: 'tests/test_prices.py', line: 1, package: 'requests_mock_missing' },
        { class: 'test_fail', test: 'tests/test_stock.py::test_reserve_all', file: 'tests/test_stock.py', line: 11, package: undefined },
        // Raised in inventory/stock.py: located at the test's line that called it.
        { class: 'test_fail', test: 'tests/test_stock.py::TestShortage::test_raises', file: 'tests/test_stock.py', line: 16, package: undefined },
      ],
    ],
    [
      'gotestsum-junit.xml',
      'go',
      [{ name: 'example.com/ledger/money', passed: 1, failed: 4, skipped: 1 }],
      [
        // `money_test.go:10` names no directory: the test, no file (TAXONOMY.md). TestTable failed only by its subtest.
        { class: 'test_fail', test: 'TestAdd', file: undefined, line: undefined, package: undefined },
        { class: 'test_fail', test: 'TestTable/positive', file: undefined, line: undefined, package: undefined },
        { class: 'timeout', test: 'TestSlow', file: 'money/money_test.go', line: 33, package: undefined },
      ],
    ],
    [
      'surefire-TEST-org.apache.maven.surefire.test.FailingTest.xml',
      'junit',
      [{ name: 'org.apache.maven.surefire.test.FailingTest', passed: 0, failed: 2, skipped: 0 }],
      [
        // Surefire's `FailingTest.java:23` is a bare file name: the test, no file.
        { class: 'test_fail', test: 'org.apache.maven.surefire.test.FailingTest.defaultTestValueIs_Value', file: undefined, line: undefined, package: undefined },
        { class: 'test_fail', test: 'org.apache.maven.surefire.test.FailingTest.setTestAndRetrieveValue', file: undefined, line: undefined, package: undefined },
      ],
    ],
  ])('%s', (name, tool, suites, failures) => {
    const report = junit(fixture(name));
    expect(report.tool).toBe(tool);
    expect(report.suites).toEqual(suites);
    expect(brief(report)).toEqual(failures);
    expect(report.warnings).toEqual([]);
    for (const f of report.failures) expect(f.tool).toBe(tool);
  });

  it('reads the same report whole or a character at a time', () => {
    const text = fixture('jest-junit.xml');
    expect(junit(text, 1)).toEqual(junit(text, text.length));
  });

  it("keeps the report's line that holds the <testcase> as evidence, and its message", () => {
    const report = junit(fixture('vitest-junit.xml'));
    expect(report.failures[0]).toMatchObject({
      message: 'expected NaN to be 6 // Object.is equality',
      evidence: [{ line: 4, text: '<testcase classname="src/cart.test.ts" name="cart &gt; subtotal multiplies quantities" time="0.005874218">' }],
    });
    // pytest writes test cases one after another on a line: the evidence starts at the test case.
    const pytest = junit(fixture('pytest-junit.xml'));
    const line = fixture('pytest-junit.xml').split('\n').findIndex((l) => l.includes('name="test_reserve_all"')) + 1;
    expect(pytest.failures[1]!.evidence[0]!.line).toBe(line);
    expect(pytest.failures[1]!.evidence[0]!.text).toMatch(/^<testcase classname="tests\.test_stock" name="test_reserve_all"/);
  });

  it("takes the file and (1-based) line from pytest's xunit1 attributes, and the failing line from the trace", () => {
    const report = junit(fixture('pytest-xunit1.xml'));
    expect(brief(report)).toEqual(brief(junit(fixture('pytest-junit.xml'))));
    // Where the trace shows no line in the test's file, the report's own line (0-based in pytest's XML) is used.
    const one = junit('<testsuite name="pytest"><testcase classname="tests.test_x" name="test_y" file="tests/test_x.py" line="4"><failure message="boom">boom</failure></testcase></testsuite>');
    expect(brief(one)).toEqual([{ class: 'test_fail', test: 'tests/test_x.py::test_y', file: 'tests/test_x.py', line: 5, package: undefined }]);
  });

  it.each([
    ['Surefire / Gradle', '<testsuite name="com.acme.PricingTest"><testcase classname="com.acme.PricingTest" name="rounds"><error message="testSlow() timed out after 100 milliseconds" type="java.util.concurrent.TimeoutException">java.util.concurrent.TimeoutException: testSlow() timed out after 100 milliseconds\n\tat org.junit.jupiter.engine.extension.TimeoutExceptionFactory.create(TimeoutExceptionFactory.java:29)</error></testcase></testsuite>', 'timeout', 'com.acme.PricingTest.rounds'],
    ['.NET JunitXml', '<testsuites><testsuite name="Acme.Tests.dll" tests="1" failures="1"><testcase classname="Acme.Tests.PricingTests" name="Rounds_Half_Up" time="0.01"><failure type="failure" message="Assert.Equal() Failure: Values differ">at Acme.Tests.PricingTests.Rounds_Half_Up() in /home/runner/work/acme/acme/tests/Acme.Tests/PricingTests.cs:line 14</failure></testcase></testsuite></testsuites>', 'test_fail', 'Acme.Tests.PricingTests.Rounds_Half_Up'],
  ])('names a %s test case classname.name and classes it by its text', (_dialect, xml, cls, test) => {
    const report = junit(xml);
    expect(report.tool).toBe('junit');
    expect(report.failures).toMatchObject([{ class: cls, test }]);
  });

  it('counts what a malformed or truncated report holds, with a one-line warning', () => {
    const text = fixture('vitest-junit.xml');
    const cut = junit(text.slice(0, text.indexOf('<testcase classname="src/cart.test.ts" name="cart &gt; loads prices in time"')));
    expect(cut.warnings).toHaveLength(1);
    expect(cut.warnings[0]).toMatch(/^malformed JUnit XML: /);
    expect(cut.suites).toEqual([{ name: 'src/cart.test.ts', passed: 1, failed: 1, skipped: 1 }]);
    expect(cut.failures).toHaveLength(1);
    const broken = junit('<testsuite name="s"><testcase name="a"/><testcase name="b"><failure message="x">x</failure></testcase><<oops</testsuite>');
    expect(broken.warnings).toHaveLength(1);
    expect(broken.suites).toEqual([{ name: 's', passed: 1, failed: 1, skipped: 0 }]);
  });

  it('counts a flaky Surefire test that passed on rerun as passed', () => {
    const report = junit('<testsuite name="org.acme.FlakyTest"><testcase name="testFlaky" classname="org.acme.FlakyTest"><flakyFailure message="expected: &lt;1&gt; but was: &lt;0&gt;" type="org.opentest4j.AssertionFailedError"><stackTrace>org.opentest4j.AssertionFailedError</stackTrace></flakyFailure></testcase></testsuite>');
    expect(report.suites).toEqual([{ name: 'org.acme.FlakyTest', passed: 1, failed: 0, skipped: 0 }]);
    expect(report.failures).toEqual([]);
  });
});

describe('every test case, by name and outcome (for a test history)', () => {
  it('names each JUnit case as its failure is named, counted as the suites count them', () => {
    const cases: ReportedCase[] = [];
    const reader = new JUnitReader({ roots: [], onCase: (c) => cases.push(c) });
    reader.push(fixture('vitest-junit.xml'));
    const report = reader.end();
    for (const outcome of ['passed', 'failed', 'skipped'] as const) {
      expect(cases.filter((c) => c.outcome === outcome)).toHaveLength(report.suites.reduce((n, s) => n + s[outcome], 0));
    }
    const failed = cases.filter((c) => c.outcome === 'failed').map((c) => c.test);
    expect(failed).toEqual(report.failures.map((f) => f.test));
    expect(cases.every((c) => c.tool === 'vitest' && c.test !== '')).toBe(true);
    expect(new Set(cases.map((c) => c.suite))).toEqual(new Set(report.suites.map((s) => s.name)));
  });

  it('gives pytest cases their node ids and a Surefire rerun that passed as passed', () => {
    const pytest: ReportedCase[] = [];
    const reader = new JUnitReader({ roots: [], onCase: (c) => pytest.push(c) });
    reader.push(fixture('pytest-junit.xml'));
    reader.end();
    expect(pytest.every((c) => /^tests\/test_\w+\.py(::|$)/.test(c.test))).toBe(true);
    const surefire: ReportedCase[] = [];
    const r2 = new JUnitReader({ roots: [], onCase: (c) => surefire.push(c) });
    r2.push('<testsuite name="org.acme.FlakyTest"><testcase name="testFlaky" classname="org.acme.FlakyTest"><flakyFailure message="x"/></testcase></testsuite>');
    r2.end();
    expect(surefire).toEqual([{ test: 'org.acme.FlakyTest.testFlaky', suite: 'org.acme.FlakyTest', tool: 'junit', outcome: 'passed' }]);
  });

  it('reports CTRF cases with their suite and file, and leaves out `other`', () => {
    const cases: ReportedCase[] = [];
    const report = parseCtrf(fixture('jest-ctrf.json'), { roots: [], onCase: (c) => cases.push(c) })!;
    expect(cases.length).toBe(report.suites.reduce((n, s) => n + s.passed + s.failed + s.skipped, 0));
    expect(cases.find((c) => c.test === 'cart subtotal multiplies quantities')).toMatchObject({ outcome: 'failed', suite: 'cart.test.js > cart', tool: 'jest' });
    const other: ReportedCase[] = [];
    parseCtrf('{"results":{"tool":{"name":"x"},"tests":[{"name":"a","status":"other"},{"name":"b","status":"pending"}]}}', { roots: [], onCase: (c) => other.push(c) });
    expect(other.map((c) => [c.test, c.outcome])).toEqual([['b', 'skipped']]);
  });
});

describe('CTRF JSON reports', () => {
  it("reads jest-ctrf-json-reporter's report like jest-junit's", () => {
    const report = parseCtrf(fixture('jest-ctrf.json'), { roots: [] })!;
    expect(report.tool).toBe('jest');
    expect(report.suites).toEqual([
      { name: 'cart.test.js > cart', passed: 1, failed: 2, skipped: 0 },
      { name: 'cart.test.js > cart > discount', passed: 1, failed: 1, skipped: 1 },
    ]);
    expect(brief(report)).toEqual(brief(junit(fixture('jest-junit.xml'))).slice(0, 3));
    expect(report.failures[0]!.evidence[0]).toEqual({ line: 23, text: '"name": "cart subtotal multiplies quantities",' });
  });

  it('is null for JSON that is not CTRF, and a warning for CTRF that is not JSON', () => {
    expect(parseCtrf('{"results": [1, 2]}', { roots: [] })).toBeNull();
    expect(parseCtrf('{"name": "x"}', { roots: [] })).toBeNull();
    const bad = parseCtrf('{"reportFormat": "CTRF", "results": {"tests": [', { roots: [] })!;
    expect(bad.warnings).toHaveLength(1);
    expect(bad.warnings[0]).toMatch(/^malformed CTRF JSON: /);
  });
});

describe('a failure that a report and a log both show is listed once', () => {
  it.each([
    ['vitest.log', 'vitest-junit.xml'],
    ['jest.log', 'jest-junit.xml'],
    ['mocha.log', 'mocha-junit.xml'],
    ['pytest.log', 'pytest-junit.xml'],
  ])('%s and %s', (log, xml) => {
    const fromLog = { classification: classifyText(fixture(log), { roots: ['/home/runner/work/x/x/'] }) };
    const report = junit(fixture(xml));
    const fromReport = { classification: reportClassification(report), report };
    const merged = mergeReported([fromLog, fromReport]);
    expect(merged[1]!.classification.failures).toEqual([]);
    expect(merged[1]!.classification.primary).toBeNull();
    expect(merged[0]!.classification.failures).toHaveLength(fromLog.classification.failures.length);
    // The inputs are not changed.
    expect(fromReport.classification.failures.length).toBeGreaterThan(0);
  });

  it('takes the report class when it explains more, and what the log lacks', () => {
    const log = { classification: classifyText(' FAIL  src/a.test.ts > a > b\nAssertionError: expected 1 to be 2\n ❯ src/a.test.ts:3:5\n'.replace(/^/, '⎯⎯⎯ Failed Tests 1 ⎯⎯⎯\n')) };
    const report = junit('<testsuites name="vitest tests"><testsuite name="src/a.test.ts"><testcase classname="src/a.test.ts" name="a &gt; b"><failure message="Test timed out in 5000ms." type="TestTimeoutError">TestTimeoutError: Test timed out in 5000ms.</failure></testcase></testsuite></testsuites>');
    const [merged] = mergeReported([log, { classification: reportClassification(report), report }]);
    expect(merged!.classification.failures).toMatchObject([{ class: 'timeout', test: 'a > b', file: 'src/a.test.ts', line: 3 }]);
    expect(merged!.classification.primary).toBe('timeout');
  });
});
