import { describe, expect, it } from 'vitest';
import { classifyText } from '../../src/classify/index.ts';
import { PYTHON_PARSERS } from '../../src/classify/parsers/python/index.ts';

function run(lines: string[]) {
  const r = classifyText(lines.join('\n'), { parsers: PYTHON_PARSERS });
  return { primary: r.primary, jobFailed: r.jobFailed !== null, failures: r.failures.map(({ evidence: _e, message: _m, ...rest }) => rest) };
}

describe('pytest', () => {
  it.each([
    {
      name: 'a failure without a summary section is still reported, named by its header',
      log: ['=================================== FAILURES ===================================', '___________________________________ test_add ___________________________________', '', '    def test_add():', '>       assert 1 == 2', 'E       assert 1 == 2', '', 'tests/test_a.py:2: AssertionError', '============================== 1 failed in 0.01s ==============================='],
      want: [{ class: 'test_fail', tool: 'pytest', file: 'tests/test_a.py', line: 2, code: 'AssertionError', test: 'test_add' }],
    },
    {
      name: 'the summary names the test even where pytest printed no traceback (--tb=no)',
      log: ['=========================== short test summary info ============================', 'FAILED tests/test_a.py::test_x[1-2] - assert 1 == 2', '============================== 1 failed in 0.01s ==============================='],
      want: [{ class: 'test_fail', tool: 'pytest', file: 'tests/test_a.py', test: 'tests/test_a.py::test_x[1-2]' }],
    },
    {
      name: 'a test that raises ModuleNotFoundError is a missing dependency',
      log: ['=================================== FAILURES ===================================', '________ test_y ________', 'tests/test_b.py:4: in test_y', '    import lxml.etree', "E   ModuleNotFoundError: No module named 'lxml'", '=========================== short test summary info ============================', "FAILED tests/test_b.py::test_y - ModuleNotFoundError: No module named 'lxml'", '====== 1 failed in 0.02s ======'],
      want: [{ class: 'dependency_missing', tool: 'pytest', file: 'tests/test_b.py', line: 4, code: 'ModuleNotFoundError', test: 'tests/test_b.py::test_y', package: 'lxml' }],
    },
    {
      name: 'summary lines in caret notation (^[[31m) are read',
      log: ['^[[36m^[[1m=========================== short test summary info ============================^[[0m', '^[[31mFAILED^[[0m t/test_c.py::^[[1mtest_z^[[0m - AssertionError', '^[[31m= ^[[31m^[[1m1 failed^[[0m in 1.00s =^[[0m'],
      want: [{ class: 'test_fail', tool: 'pytest', file: 't/test_c.py', test: 't/test_c.py::test_z' }],
    },
    {
      name: 'a faulthandler_timeout dump (the test goes on) is not a failure',
      log: ['Timeout (0:00:05)!', 'Thread 0x00007f (most recent call first):', '  File "/usr/lib/python3/dist-packages/_pytest/runner.py", line 1 in x', '  File "tests/test_d.py", line 9 in test_d', ''],
      want: [],
    },
  ])('$name', ({ log, want }) => {
    expect(run(log).failures).toEqual(want);
  });

  it('passing runs whose test names contain "error" and "failed" give nothing', () => {
    const r = run(['============================= test session starts ==============================', 'test_e.py::test_error_is_raised PASSED [ 50%]', 'test_e.py::test_failed_login_is_logged PASSED [100%]', '============================== 2 passed in 0.01s ===============================']);
    expect(r).toEqual({ primary: null, jobFailed: false, failures: [] });
  });
});

describe('unittest', () => {
  it.each([
    {
      name: 'a subTest with a message keeps both as printed',
      log: ['======================================================================', 'FAIL: test_rows (pkg.test_t.T.test_rows) [row check] (i=2)', '----------------------------------------------------------------------', 'Traceback (most recent call last):', '  File "/w/pkg/test_t.py", line 7, in test_rows', '    self.assertTrue(ok)', 'AssertionError: False is not true', ''],
      want: [{ class: 'test_fail', tool: 'unittest', file: '/w/pkg/test_t.py', line: 7, code: 'AssertionError', test: 'pkg.test_t.T.test_rows [row check] (i=2)' }],
    },
    {
      name: 'a setUpClass error is named by the class',
      log: ['ERROR: setUpClass (test_s.DbTest)', '----------------------------------------------------------------------', 'Traceback (most recent call last):', '  File "test_s.py", line 5, in setUpClass', '    raise OSError("down")', 'OSError: down', ''],
      want: [{ class: 'test_fail', tool: 'unittest', file: 'test_s.py', line: 5, code: 'OSError', test: 'test_s.DbTest' }],
    },
    {
      name: 'a test docstring between header and rule is skipped',
      log: ['FAIL: test_a (m.C.test_a)', 'Checks a.', '----------------------------------------------------------------------', 'Traceback (most recent call last):', '  File "m.py", line 3, in test_a', '    self.fail()', 'AssertionError: None', ''],
      want: [{ class: 'test_fail', tool: 'unittest', file: 'm.py', line: 3, code: 'AssertionError', test: 'm.C.test_a' }],
    },
    {
      name: 'an ERROR: line that is not a unittest report is ignored',
      log: ['ERROR: Could not find (something) here', 'FAIL: x (y)', 'nothing after'],
      want: [],
    },
  ])('$name', ({ log, want }) => {
    expect(run(log).failures).toEqual(want);
  });
});

describe('python', () => {
  it.each([
    {
      name: 'a missing module is located at the innermost project frame, not in site-packages',
      log: ['Traceback (most recent call last):', '  File "app/run.py", line 2, in <module>', '    import lib', '  File "/venv/lib/python3.12/site-packages/lib/__init__.py", line 1, in <module>', '    import six.moves', "ModuleNotFoundError: No module named 'six'"],
      want: [{ class: 'dependency_missing', tool: 'python', file: 'app/run.py', line: 2, code: 'ModuleNotFoundError', package: 'six' }],
    },
    {
      name: 'a SyntaxError raised by code (not a parse failure) is not a compile error',
      log: ['Traceback (most recent call last):', '  File "tool.py", line 9, in convert', '    raise SyntaxError("bad input")', 'SyntaxError: bad input'],
      want: [],
    },
    {
      name: 'a syntax error in an installed copy of the project is reported relative to site-packages',
      log: ['Traceback (most recent call last):', '  File "/w/.venv/lib/python3.10/site-packages/pkg/a.py", line 3, in <module>', '    from .b import x', '  File "/w/.venv/lib/python3.10/site-packages/pkg/b.py", line 7', '    <<<<<<< HEAD', '    ^^', 'SyntaxError: invalid syntax'],
      want: [{ class: 'compile_error', tool: 'python', file: 'pkg/b.py', line: 7, code: 'SyntaxError' }],
    },
    {
      name: '`python -m` of a module that is not installed',
      log: ['/usr/bin/python3: No module named pytest'],
      want: [{ class: 'dependency_missing', tool: 'python', code: 'ModuleNotFoundError', package: 'pytest' }],
    },
  ])('$name', ({ log, want }) => {
    expect(run(log).failures).toEqual(want);
  });

  it('any other uncaught exception marks the job failed without inventing a class', () => {
    const r = run(['Traceback (most recent call last):', '  File "x.py", line 1, in <module>', '    main()', 'KeyError: 1']);
    expect(r).toEqual({ primary: 'unknown', jobFailed: true, failures: [] });
  });
});

describe('linters and type checkers', () => {
  it.each([
    { name: 'flake8 plugin codes count', log: ['src/a.py:3:1: B006 Do not use mutable data structures'], want: [{ class: 'lint_error', tool: 'flake8', file: 'src/a.py', line: 3, column: 1, code: 'B006' }] },
    { name: 'eslint unix output is not flake8', log: ['src/a.js:3:1: Unexpected var [Error/no-var]'], want: [] },
    { name: 'pylint columns become 1-based', log: ['a.py:7:0: C0116: Missing function or method docstring (missing-function-docstring)'], want: [{ class: 'lint_error', tool: 'pylint', file: 'a.py', line: 7, column: 1, code: 'C0116' }] },
    { name: 'mypy notes are not failures', log: ['a.py:4: note: See https://mypy.readthedocs.io/'], want: [] },
    {
      name: 'mypy missing stubs name the stub package from its hint',
      log: ['a.py:1: error: Library stubs not installed for "yaml"  [import]', 'a.py:1: note: Hint: "python3 -m pip install types-PyYAML"'],
      want: [{ class: 'dependency_missing', tool: 'mypy', file: 'a.py', line: 1, code: 'import', package: 'types-PyYAML' }],
    },
    { name: 'mypy syntax errors are compile errors', log: ['a.py:2: error: invalid syntax  [syntax]'], want: [{ class: 'compile_error', tool: 'mypy', file: 'a.py', line: 2, code: 'syntax' }] },
  ])('$name', ({ log, want }) => {
    expect(run(log).failures).toEqual(want);
  });
});

describe('pip', () => {
  it.each([
    { name: 'a retry that later succeeds is not a failure', log: ["WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ReadTimeoutError(x)': /simple/flask/", 'Successfully installed flask-3.0.0'], want: [] },
    {
      name: 'the requirement is named without extras or version (pip < 10 had no ERROR: prefix)',
      log: ['Could not find a version that satisfies the requirement requests[socks]>=2.0 (from versions: )', 'No matching distribution found for requests[socks]>=2.0'],
      want: [{ class: 'dependency_missing', tool: 'pip', package: 'requests' }],
    },
  ])('$name', ({ log, want }) => {
    expect(run(log).failures).toEqual(want);
  });
});

describe('every python parser stays linear on a 1 MB line', () => {
  it.each(['a'.repeat(1 << 20), `${'_ '.repeat(1 << 19)}`, `x.py:1:${'1'.repeat(1 << 20)}`, `  File "${'a'.repeat(1 << 20)}`, `FAILED ${'a::'.repeat(1 << 18)}`, `a.py:1: error: ${'  ['.repeat(1 << 18)}`])('line %#', (line) => {
    const start = performance.now();
    run(['=================================== FAILURES ===================================', line, line]);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('codespell', () => {
  it.each<[string, string, number]>([
    ['a finding with one suggestion', './docs/a.md:12: teh ==> the\n', 1],
    ['a finding with several suggestions', 'src/a.c:3: doesnt ==> doesn\'t, does not\n', 1],
    ['Homebrew\'s progress arrow is not codespell', '==> Downloading https://ghcr.io/v2/homebrew/core/x\n', 0],
    ['a log line that merely holds an arrow', 'note: a ==> b is the rule\n', 0],
  ])('%s', (_what, log, count) => {
    expect(classifyText(log).failures.filter((f) => f.tool === 'codespell')).toHaveLength(count);
  });
});
