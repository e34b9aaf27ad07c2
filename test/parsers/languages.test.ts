import { describe, expect, it } from 'vitest';
import { classifyText } from '../../src/classify/index.ts';
import { LANGUAGES_PARSERS } from '../../src/classify/parsers/languages/index.ts';
import { keyFields } from '../helpers/failure-fields.ts';

const run = (log: string) => classifyText(log, { parsers: LANGUAGES_PARSERS });
const pick = (log: string) => run(log).failures.map((f) => keyFields(f, ['file', 'line', 'test', 'package', 'tool']));

describe('languages parsers stay silent on noise', () => {
  it.each([
    ['an R CMD check NOTE about a suggested package', '* checking package dependencies ... NOTE\nPackage suggested but not available for checking: ‘testthat’\n* checking if this is a source package ... OK\n'],
    ['R CMD check warnings the run does not fail on', '* checking for missing documentation entries ... WARNING\nUndocumented code objects:\n  ‘sub2’\n* DONE\n\nStatus: 1 WARNING\n'],
    ['a passing testthat total', '[ FAIL 0 | WARN 1 | SKIP 2 | PASS 30 ]\n'],
    ['a testthat warning block', "── Warning ('test-a.R:3'): warns ──────\nsomething odd\n"],
    ['a numbered list that is not testthat', '1. Error: could not open the file\n2. Failure: see above\n'],
    ['an ERT expected failure', '   failed  4/4  mylib-test-expected-fail (0.000070 sec)\n'],
    ['a passing ERT summary', 'Ran 3 tests, 3 results as expected, 0 unexpected (2026-12-06 02:17:17+0000, 0.1 sec)\n'],
    ['byte-compiler warnings', 'In warn-h:\nwarn.el:8:9: Warning: assignment to free variable ‘warn-free-var’\n'],
    ['make entering a directory', "make[1]: Entering directory '/w/src'\n"],
    ['a skipped Common Test case', '%%% demo_SUITE ==> skip_case: SKIPPED\n%%% demo_SUITE ==> {tc_user_skip,"not now"}\n'],
    ['a passing Common Test run', 'Testing tmp.demo_SUITE: TEST COMPLETE, 5 ok, 0 failed of 5 test cases\n'],
    ['an indented line that is not an editorconfig finding', 'Summary:\n\t2: wrong number of arguments\n'],
  ])('%s', (_name, log) => {
    expect(run(log).failures).toEqual([]);
  });
});

describe('languages parsers read the edges of their formats', () => {
  it.each([
    [
      'R CMD check: old R prints `Packages required but not available:` with the names on the next line',
      '* checking package dependencies ... ERROR\nPackages required but not available:\n  ‘dplyr’ ‘tidyr’\n\nSee section ‘The DESCRIPTION file’\n',
      [
        { class: 'dependency_missing', tool: 'R CMD check', package: 'dplyr' },
        { class: 'dependency_missing', tool: 'R CMD check', package: 'tidyr' },
      ],
    ],
    [
      'R CMD check: a test run that crashed without a testthat report',
      "* checking tests ...\n  Running ‘testthat.R’\n ERROR\nRunning the tests in ‘tests/testthat.R’ failed.\nLast 13 lines of output:\n  > test_check('x')\n  Error in foo() : boom\n  Execution halted\n* DONE\n",
      [{ class: 'test_fail', tool: 'R CMD check', file: 'tests/testthat.R' }],
    ],
    [
      'R CMD check: warnings count when rcmdcheck fails on them',
      '* checking for missing documentation entries ... WARNING\nUndocumented code objects:\n  ‘sub2’\n* DONE\n\nStatus: 1 WARNING\nError: R CMD check found WARNINGs\n',
      [{ class: 'lint_error', tool: 'R CMD check' }],
    ],
    [
      'R CMD check: an installation that failed',
      "* checking whether package ‘x’ can be installed ... ERROR\nInstallation failed.\nSee ‘/w/x.Rcheck/00install.out’ for details.\n",
      [{ class: 'compile_error', tool: 'R CMD check' }],
    ],
    [
      'testthat 3.2: the location without quotes and with a column',
      '── Failure (test-math.R:12:3): adds ───────\nadd(1, 1) not equal to 3.\n',
      [{ class: 'test_fail', tool: 'testthat', test: 'adds' }],
    ],
    [
      'testthat 2: the rule header of a block',
      '── 1. Error: parses input (@test-parse.R#8)  ──────\nobject \'x\' not found\n',
      [{ class: 'test_fail', tool: 'testthat', test: 'parses input' }],
    ],
    [
      'testthat: only a total survived the truncation',
      '  [ FAIL 2 | WARN 0 | SKIP 0 | PASS 8 ]\n  Error: Test failures\n',
      [{ class: 'test_fail', tool: 'testthat' }],
    ],
    [
      'R: dependencies R CMD INSTALL could not find',
      'ERROR: dependencies ‘Rcpp’, ‘xts’ are not available for package ‘mypkg’\n',
      [
        { class: 'dependency_missing', tool: 'R', package: 'Rcpp' },
        { class: 'dependency_missing', tool: 'R', package: 'xts' },
      ],
    ],
    [
      'ERT: Emacs 29 adds where the test is',
      '   FAILED  1/2  foo-test (0.000138 sec) at test/foo-test.el:12\n',
      [{ class: 'test_fail', tool: 'ert', file: 'test/foo-test.el', line: 12, test: 'foo-test' }],
    ],
    [
      'ERT: the unexpected-results list alone',
      'Ran 2 tests, 1 results as expected, 1 unexpected\n\n1 unexpected results:\n   FAILED  foo-test\n\n',
      [{ class: 'test_fail', tool: 'ert', test: 'foo-test' }],
    ],
    [
      'Emacs < 27 byte compiler, and a library that cannot be loaded',
      'In toplevel form:\nfoo.el:3:1:Error: Cannot open load file: No such file or directory, dash\n',
      [{ class: 'dependency_missing', tool: 'emacs', file: 'foo.el', line: 3, package: 'dash' }],
    ],
    [
      'Common Test via ct_run: only the final count',
      'Testing x.demo_SUITE: TEST COMPLETE, 3 ok, 1 failed of 4 test cases\n',
      [{ class: 'test_fail', tool: 'common_test' }],
    ],
    [
      'Common Test via rebar3: a timetrap with its limit',
      '%%% a_SUITE ==> slow: FAILED\n%%% a_SUITE ==> {timetrap_timeout,1000}\n\n',
      [{ class: 'timeout', tool: 'common_test', test: 'a_SUITE:slow' }],
    ],
    [
      'editorconfig-checker under pre-commit (spaces for the tab) and its gcc format',
      'docs/a.md:\n        19: Wrong amount of left-padding spaces(want multiple of 4)\nsrc/b.c:7:0: error: Trailing whitespace\n',
      [
        { class: 'lint_error', tool: 'editorconfig-checker', file: 'docs/a.md', line: 19 },
        { class: 'lint_error', tool: 'editorconfig-checker', file: 'src/b.c', line: 7 },
      ],
    ],
  ])('%s', (_name, log, want) => {
    expect(pick(log)).toEqual(want);
  });
});
