import { describe, expect, it } from 'vitest';
import { classifyText } from '../../src/classify/index.ts';
import { JS_TEST_PARSERS } from '../../src/classify/parsers/js-test/index.ts';
import { tsc } from '../../src/classify/parsers/tsc.ts';

const run = (lines: string[]) => classifyText(lines.join('\n'), { parsers: [...JS_TEST_PARSERS, tsc] });
const pick = (lines: string[]) =>
  run(lines).failures.map((f) => ({ class: f.class, tool: f.tool, file: f.file, line: f.line, column: f.column, test: f.test, package: f.package }));

describe('js-test parsers: edges', () => {
  it.each([
    {
      name: 'jest: `● Console` under PASS is captured output, not a failure',
      log: ['PASS test/a.test.js', '  ● Console', '', '    console.error', '      Error: boom', '', '      at Object.error (test/a.test.js:1:30)', '', 'Tests:       2 passed, 2 total'],
      want: [],
    },
    {
      name: 'jest: a stack quoted inside toThrow\'s message is not the failure\'s own',
      log: [
        'FAIL src/n.test.js',
        '  ● n › rejects',
        '',
        '    expect(received).toThrow(expected)',
        '',
        '          at notify (src/n.js:2:26)',
        '          at notify (src/n.test.js:11:18)',
        '',
        '    > 11 |     expect(() => notify({})).toThrow("x");',
        '',
        '      at Object.toThrow (src/n.test.js:11:63)',
        '',
      ],
      want: [{ class: 'test_fail', tool: 'jest', file: 'src/n.test.js', line: 11, column: 63, test: 'n › rejects' }],
    },
    {
      name: 'jest: a reporter that prints no `●` blocks still fails on the summary count',
      log: ['FAIL tests/a.test.js', 'snippet > format', '    Error: nope', 'Tests:       3 failed, 10 passed, 13 total'],
      want: [{ class: 'test_fail', tool: 'jest' }],
    },
    {
      name: 'jest: a TypeScript diagnostic in a suite that failed to run is left to tsc',
      log: ['FAIL test/a.test.ts', '  ● Test suite failed to run', '', "    test/a.test.ts:3:7 - error TS2322: Type 'string' is not assignable to type 'number'.", ''],
      want: [{ class: 'compile_error', tool: 'tsc', file: 'test/a.test.ts', line: 3, column: 7 }],
    },
    {
      name: 'jest: a scoped package that cannot be resolved is a missing dependency',
      log: ['FAIL test/a.test.js', '  ● Test suite failed to run', '', "    Cannot find module '@acme/util/sub' from 'test/a.test.js'", '', '      at Object.<anonymous> (test/a.test.js:1:1)', ''],
      want: [{ class: 'dependency_missing', tool: 'jest', file: 'test/a.test.js', line: 1, column: 1, package: '@acme/util' }],
    },
    {
      name: 'vitest: a FAIL line outside the failures report is not read',
      log: [' FAIL  src/a.test.ts > suite > test', 'AssertionError: expected 1 to be 2', ' ❯ src/a.test.ts:3:4'],
      want: [],
    },
    {
      name: 'vitest: "Failed to load url" of a bare specifier names the package',
      log: ['⎯⎯⎯ Failed Suites 1 ⎯⎯⎯', '', ' FAIL  test/a.test.ts [ test/a.test.ts ]', 'Error: Failed to load url lodash-es/sum (resolved id: lodash-es/sum) in /w/test/a.test.ts. Does the file exist?', '⎯⎯⎯[1/1]⎯'],
      want: [{ class: 'dependency_missing', tool: 'vitest', file: 'test/a.test.ts', package: 'lodash-es' }],
    },
    {
      name: 'mocha: a numbered line inside a diff does not open a failure',
      log: ['  1 failing', '', '  1) adds:', '     AssertionError: lists differ', '  2) not a failure', '      at Context.<anonymous> (test/a.spec.js:4:9)', '', 'npm ERR! Test failed.'],
      want: [{ class: 'test_fail', tool: 'mocha', file: 'test/a.spec.js', line: 4, column: 9, test: 'adds' }],
    },
    {
      name: 'mocha: an old one-line title with a lowercase timeout',
      log: ['  1 failing', '', '  1) App quits cleanly:', '     Error: timeout of 2000ms exceeded. Ensure the done() callback is being called in this test.', ''],
      want: [{ class: 'timeout', tool: 'mocha', test: 'App quits cleanly' }],
    },
    {
      name: 'mocha: a root suite titled "" leaves the number alone and the title path below it',
      log: ['  1 failing', '', '  1)', '       math', '         adds:', '', '      AssertionError: nope', '      at Context.<anonymous> (test/a.spec.js:5:14)', ''],
      want: [{ class: 'test_fail', tool: 'mocha', file: 'test/a.spec.js', line: 5, column: 14, test: 'math > adds' }],
    },
    {
      name: 'mocha: a bare number beyond the announced count opens nothing',
      log: ['  1 failing', '', '  1) adds:', '     Error: x', '      at Context.<anonymous> (test/a.spec.js:4:9)', '  2)', '       other', ''],
      want: [{ class: 'test_fail', tool: 'mocha', file: 'test/a.spec.js', line: 4, column: 9, test: 'adds' }],
    },
    {
      name: 'mocha: passing and pending tests give nothing',
      log: ['  escape', '    ✔ escapes quotes', '    - handles surrogate pairs', '', '  2 passing (3ms)', '  1 pending'],
      want: [],
    },
    {
      name: 'node-test TAP: a parent failing through its subtests and a cancelled test are not failures',
      log: [
        '# Subtest: s',
        '    # Subtest: t',
        '    not ok 1 - t',
        '      ---',
        "      location: '/w/test/a.test.js:2:3'",
        "      failureType: 'cancelledByParent'",
        "      error: 'test did not finish before its parent and was cancelled'",
        '      ...',
        'not ok 1 - s',
        '  ---',
        "  location: '/w/test/a.test.js:1:1'",
        "  failureType: 'subtestsFailed'",
        "  error: '1 subtest failed'",
        '  ...',
      ],
      want: [],
    },
    {
      name: 'TAP from another producer: `not ok` without YAML, TODO skipped',
      log: ['ok 1 - a', 'not ok 2 - b fails', 'not ok 3 - c # TODO later', '1..3'],
      want: [{ class: 'test_fail', tool: 'tap', test: 'b fails' }],
    },
    {
      name: 'node-test spec: the failing-tests summary takes the full name from the tree',
      log: ['▶ outer', '  ▶ inner', '    ✖ leaf (1.2ms)', '  ✖ inner (2ms)', '✖ outer (3ms)', '', '✖ failing tests:', '', 'test at test/a.test.js:3:5', '✖ leaf (1.2ms)', '  Error: x', '      at TestContext.<anonymous> (file:///w/test/a.test.js:4:11)'],
      want: [{ class: 'test_fail', tool: 'node-test', file: '/w/test/a.test.js', line: 4, column: 11, test: 'outer > inner > leaf' }],
    },
  ])('$name', ({ log, want }) => {
    const got = pick(log).map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)));
    expect(got).toEqual(want);
  });

  it.each(['at ', '❯ ', '● ', 'FAIL ', '  1) ', 'not ok 1 - ', '▶ ', 'test at ', '⎯ Failed Tests 1 ⎯'])(
    'a 1 MB pathological line after %j stays linear',
    (prefix) => {
      const fillers = ['1:', ' (', ':1 (a:1:', '⎯', ' > ', "Cannot find module '", ' at x (y:1:'];
      const lines = ['  3 failing', '⎯⎯⎯ Failed Tests 1 ⎯⎯⎯', 'FAIL a.test.js', '  ● a › b', '✖ failing tests:', 'not ok 1 - x', '  ---'];
      for (const f of fillers) lines.push(prefix + f.repeat(Math.ceil(1_000_000 / f.length)));
      const start = performance.now();
      run(lines);
      expect(performance.now() - start).toBeLessThan(2000);
    },
  );
});
