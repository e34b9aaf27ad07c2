import { describe, expect, it } from 'vitest';
import { classifyText } from '../../src/classify/index.ts';
import { keyFields } from '../helpers/failure-fields.ts';
import { GO_RUST_PARSERS } from '../../src/classify/parsers/go-rust/index.ts';

const run = (log: string) => classifyText(log, { parsers: GO_RUST_PARSERS });
const pick = (log: string) => run(log).failures.map((f) => keyFields(f));

describe('go-rust parsers stay silent on noise and passing runs', () => {
  it.each([
    ['a skipped go test whose reason says FAIL', '=== RUN   TestX\n    x_test.go:9: FAIL: not on windows\n--- SKIP: TestX (0.00s)\nPASS\nok  \texample.org/x\t0.01s\n'],
    ['go test -v log lines of a passing test', '=== RUN   TestA\n    a_test.go:4: attempt 1\n--- PASS: TestA (0.00s)\nPASS\n'],
    ['a markdown heading followed by prose', '# Changelog\nmain.go is the entry point\n'],
    ['a staticcheck finding outside a go package block', 'main.go:12:6: func unused is unused (U1000)\n'],
    ['go: downloading', 'go: downloading github.com/google/uuid v1.6.0\n'],
    ['a rustc warning', 'warning: unused variable: `x`\n --> src/lib.rs:2:9\n  |\n2 |     let x = 1;\n  |         ^\n\n'],
    ['cargo closing lines alone', 'error: could not compile `app` (lib) due to 2 previous errors\nerror: test failed, to rerun pass `--lib`\n'],
    ['an error: line from another tool', 'error: pathspec \'main\' did not match any file(s) known to git\n'],
    ['a panic in a binary, not a test', "thread 'main' panicked at src/main.rs:3:5:\nboom\n"],
    ['a passing cargo test run', 'running 2 tests\ntest a ... ok\ntest b ... ignored\n\ntest result: ok. 1 passed; 0 failed; 1 ignored\n'],
    ['a slow cargo test warning', 'test tests::slow has been running for over 60 seconds\n'],
  ])('%s', (_name, log) => {
    expect(run(log).failures).toEqual([]);
  });
});

describe('go reads the edges of its formats', () => {
  it.each([
    [
      'a parent failing only through its subtests is not a failure; one with its own error is',
      [
        '--- FAIL: TestA (0.00s)',
        '    --- FAIL: TestA/one (0.00s)',
        '        a_test.go:9: want 1',
        '--- FAIL: TestB (0.00s)',
        '    b_test.go:20: setup broke',
        '    --- FAIL: TestB/two (0.00s)',
        '        b_test.go:30: want 2',
        'FAIL',
        'FAIL\texample.org/a\t0.01s',
      ].join('\n'),
      [
        { class: 'test_fail', file: 'a_test.go', line: 9, test: 'TestA/one', tool: 'go' },
        { class: 'test_fail', file: 'b_test.go', line: 20, test: 'TestB', tool: 'go' },
        { class: 'test_fail', file: 'b_test.go', line: 30, test: 'TestB/two', tool: 'go' },
      ],
    ],
    [
      'verbose output interleaved by parallel tests (=== CONT / === NAME)',
      [
        '=== RUN   TestP',
        '=== PAUSE TestP',
        '=== RUN   TestQ',
        '=== PAUSE TestQ',
        '=== CONT  TestP',
        '=== CONT  TestQ',
        '    q_test.go:7: q broke',
        '=== NAME  TestP',
        '    p_test.go:5: p broke',
        '--- FAIL: TestQ (0.00s)',
        '--- FAIL: TestP (0.00s)',
        'FAIL',
      ].join('\n'),
      [
        { class: 'test_fail', file: 'q_test.go', line: 7, test: 'TestQ', tool: 'go' },
        { class: 'test_fail', file: 'p_test.go', line: 5, test: 'TestP', tool: 'go' },
      ],
    ],
    [
      'a testify failure, whose message follows the location line',
      '--- FAIL: TestSum (0.00s)\n    sum_test.go:14: \n        \tError Trace:\tsum_test.go:14\n        \tError:      \tNot equal: \nFAIL\n',
      [{ class: 'test_fail', file: 'sum_test.go', line: 14, test: 'TestSum', tool: 'go' }],
    ],
    [
      'a data race reported from the testing package is located at the test, not in testing.go',
      '--- FAIL: TestRace (0.00s)\n    testing.go:1465: race detected during execution of test\nFAIL\n',
      [{ class: 'test_fail', test: 'TestRace', tool: 'go' }],
    ],
    [
      "gotestsum's failure summary",
      '=== Failed\n=== FAIL: internal/prompter TestHuh/persist (5.13s)\n    huh_test.go:478: form.Run() did not complete in time\n    --- FAIL: TestHuh/persist (5.13s)\n\n=== FAIL: internal/prompter TestHuh (5.19s)\n\nDONE 3 tests, 2 failures in 8.5s\n',
      [{ class: 'test_fail', file: 'huh_test.go', line: 478, test: 'TestHuh/persist', tool: 'go' }],
    ],
    [
      'a failing test that printed no location',
      '--- FAIL: TestQuiet (0.00s)\nFAIL\nFAIL\texample.org/q\t0.01s\n',
      [{ class: 'test_fail', test: 'TestQuiet', tool: 'go' }],
    ],
    [
      'Go ≥1.20 names the running tests after a timeout',
      [
        '=== RUN   TestSlow',
        'panic: test timed out after 5s',
        'running tests:',
        '\tTestSlow (5s)',
        '',
        'goroutine 7 [chan receive]:',
        'example.org/s.TestSlow(0xc000007860)',
        '\t/home/runner/work/app/app/s_test.go:12 +0x2c',
        'FAIL\texample.org/s\t5.010s',
      ].join('\n'),
      [{ class: 'timeout', file: 's_test.go', line: 12, test: 'TestSlow', tool: 'go' }],
    ],
    [
      'a package that failed to build without printing why',
      'FAIL\texample.org/b [build failed]\n',
      [{ class: 'compile_error', tool: 'go' }],
    ],
    [
      'compile errors with continuation lines; a located line after the block is not one',
      '# example.org/c\n./c.go:4:9: not enough arguments in call to f\n\thave ()\n\twant (int)\n./c.go:9:2: missing return\n+ staticcheck ./...\nmain.go:1:1: should omit type (S1021)\n',
      [
        { class: 'compile_error', file: 'c.go', line: 4, tool: 'go' },
        { class: 'compile_error', file: 'c.go', line: 9, tool: 'go' },
      ],
    ],
    [
      'GOPATH-era missing packages',
      'main.go:4:2: cannot find package "github.com/acme/widget" in any of:\n\t/usr/local/go/src/github.com/acme/widget (from $GOROOT)\n',
      [{ class: 'dependency_missing', file: 'main.go', line: 4, package: 'github.com/acme/widget', tool: 'go' }],
    ],
    [
      'a version the proxy does not have',
      'go: github.com/acme/widget@v9.9.9: reading https://proxy.golang.org/github.com/acme/widget/@v/v9.9.9.info: 410 Gone\n',
      [{ class: 'dependency_missing', package: 'github.com/acme/widget', tool: 'go' }],
    ],
    [
      'an unknown revision',
      'go: github.com/acme/widget@v1.2.3: invalid version: unknown revision v1.2.3\n',
      [{ class: 'dependency_missing', package: 'github.com/acme/widget', tool: 'go' }],
    ],
  ])('%s', (_name, log, expected) => {
    expect(pick(log)).toEqual(expected);
  });
});

describe('go-vet tells findings from compile errors', () => {
  it.each([
    [
      'a vet finding and a type error in one package block',
      '# example.org/v\n./v.go:3:2: unreachable code\n./v.go:8:2: undefined: y\n',
      [
        { class: 'lint_error', file: 'v.go', line: 3, tool: 'go-vet' },
        { class: 'compile_error', file: 'v.go', line: 8, tool: 'go' },
      ],
    ],
    [
      'a loop variable captured by a goroutine',
      '# example.org/v\n./v.go:12:16: loop variable i captured by func literal\n',
      [{ class: 'lint_error', file: 'v.go', line: 12, tool: 'go-vet' }],
    ],
  ])('%s', (_name, log, expected) => {
    expect(pick(log)).toEqual(expected);
  });
});

describe('cargo reads the edges of its formats', () => {
  it.each([
    [
      'the pre-1.73 panic format, message and location on one line',
      "---- tests::adds stdout ----\nthread 'tests::adds' panicked at 'assertion failed: `(left == right)`', src/lib.rs:5:9\n\nfailures:\n    tests::adds\n\ntest result: FAILED. 0 passed; 1 failed\n",
      [{ class: 'test_fail', file: 'src/lib.rs', line: 5, test: 'tests::adds', tool: 'cargo' }],
    ],
    [
      'the pre-1.73 panic format with a message over several lines',
      "---- tests::eq stdout ----\nthread 'tests::eq' panicked at 'assertion failed: `(left == right)`\n  left: `1`,\n right: `2`', src/lib.rs:12:5\n\ntest result: FAILED. 0 passed; 1 failed\n",
      [{ class: 'test_fail', file: 'src/lib.rs', line: 12, test: 'tests::eq', tool: 'cargo' }],
    ],
    [
      'a panic printed live with --nocapture',
      "running 1 test\nthread 'it_works' panicked at tests/api.rs:7:5:\nboom\ntest it_works ... FAILED\n\ntest result: FAILED. 0 passed; 1 failed\n",
      [{ class: 'test_fail', file: 'tests/api.rs', line: 7, test: 'it_works', tool: 'cargo' }],
    ],
    [
      'a doctest that does not compile is a failing test, not a build error',
      '---- src/lib.rs - add (line 3) stdout ----\nerror[E0425]: cannot find value `y` in this scope\n --> src/lib.rs:5:1\n  |\n3 | y\n  | ^ not found in this scope\n\nfailures:\n    src/lib.rs - add (line 3)\n\ntest result: FAILED. 0 passed; 1 failed\n',
      [{ class: 'test_fail', test: 'src/lib.rs - add (line 3)', tool: 'cargo' }],
    ],
    [
      '--message-format short',
      'src/main.rs:17:5: error[E0502]: cannot borrow `v` as mutable because it is also borrowed as immutable\n',
      [{ class: 'compile_error', file: 'src/main.rs', line: 17, code: 'E0502', tool: 'cargo' }],
    ],
    [
      'a syntax error without a code',
      'error: expected one of `,`, `:`, or `}`, found `.`\n --> src/lib.rs:3:14\n  |\n3 |     Point { x.y }\n  |              ^\n\n',
      [{ class: 'compile_error', file: 'src/lib.rs', line: 3, tool: 'cargo' }],
    ],
    [
      'a deny-by-default rustc lint',
      'error: this arithmetic operation will overflow\n --> src/main.rs:2:13\n  |\n2 |     let x = 255u8 + 1;\n  |             ^^^^^^^^^ attempt to compute `u8::MAX + 1_u8`, which would overflow\n  |\n  = note: `#[deny(arithmetic_overflow)]` on by default\n\n',
      [{ class: 'lint_error', file: 'src/main.rs', line: 2, code: 'arithmetic_overflow', tool: 'cargo' }],
    ],
    [
      'a version conflict between two requirements',
      'error: failed to select a version for `openssl-sys`.\n    ... required by package `openssl v0.10.0`\n',
      [{ class: 'dependency_missing', package: 'openssl-sys', tool: 'cargo' }],
    ],
    [
      'an old extern crate that is not a dependency',
      "error[E0463]: can't find crate for `rand`\n --> src/main.rs:1:1\n  |\n1 | extern crate rand;\n  | ^^^^^^^^^^^^^^^^^^ can't find crate\n\n",
      [{ class: 'dependency_missing', file: 'src/main.rs', line: 1, code: 'E0463', package: 'rand', tool: 'cargo' }],
    ],
  ])('%s', (_name, log, expected) => {
    expect(pick(log)).toEqual(expected);
  });
});

describe('clippy claims only clippy lints', () => {
  it.each([
    [
      'a deny-by-default correctness lint',
      'error: equal expressions as operands to `==`\n --> src/main.rs:3:8\n  |\n3 |     if x == x {}\n  |        ^^^^^^\n  |\n  = help: for further information visit https://rust-lang.github.io/rust-clippy/master/index.html#eq_op\n  = note: `#[deny(clippy::eq_op)]` on by default\n\n',
      [{ class: 'lint_error', file: 'src/main.rs', line: 3, code: 'clippy::eq_op', tool: 'clippy' }],
    ],
    [
      'a lint denied through a group in the source',
      'error: item in documentation is missing backticks\n --> src/lib.rs:1:9\n  |\n1 | /// The foo_bar thing\n  |         ^^^^^^^\n  |\nnote: the lint level is defined here\n --> src/lib.rs:1:9\n  |\n1 | #![deny(clippy::pedantic)]\n  |         ^^^^^^^^^^^^^^^^\n  = note: `#[deny(clippy::doc_markdown)]` implied by `#[deny(clippy::pedantic)]`\n\n',
      [{ class: 'lint_error', file: 'src/lib.rs', line: 1, code: 'clippy::doc_markdown', tool: 'clippy' }],
    ],
  ])('%s', (_name, log, expected) => {
    expect(pick(log)).toEqual(expected);
  });
});

describe('nextest reads its status lines and output blocks', () => {
  it.each([
    [
      'the 0.9.9x layout: indented blocks, the panic in stderr, the summary repeating the status line',
      [
        '    Starting 2 tests across 1 binary',
        '        PASS [   0.006s] (1/2) mvm-hostd supervisor::tests::ok',
        '        FAIL [   0.010s] (2/2) mvm-hostd supervisor::tests::refuses',
        '  stdout ───',
        '',
        '    running 1 test',
        '    test supervisor::tests::refuses ... FAILED',
        '',
        '  stderr ───',
        "    thread 'supervisor::tests::refuses' (2775281) panicked at crates/mvm-hostd/src/supervisor.rs:1417:9:",
        '    assertion `left == right` failed',
        '',
        '────────────',
        '     Summary [   3.018s] 2 tests run: 1 passed, 1 failed, 0 skipped',
        '        FAIL [   0.010s] (2/2) mvm-hostd supervisor::tests::refuses',
        'error: test run failed',
      ].join('\n'),
      [{ class: 'test_fail', file: 'crates/mvm-hostd/src/supervisor.rs', line: 1417, test: 'supervisor::tests::refuses', tool: 'nextest' }],
    ],
    [
      'a test killed at its time limit',
      '        SLOW [> 60.000s] app::it tests::hangs\n     TIMEOUT [ 120.002s] app::it tests::hangs\n------------\n     Summary [ 120.010s] 3 tests run: 2 passed, 1 timed out, 0 skipped\n     TIMEOUT [ 120.002s] app::it tests::hangs\n',
      [{ class: 'timeout', test: 'tests::hangs', tool: 'nextest' }],
    ],
    [
      'a retried test that passed on its second try is flaky, not failed',
      '   TRY 1 FAIL [   0.004s] app tests::flaky\n  RETRY 2/2 [         ] app tests::flaky\n   TRY 2 PASS [   0.003s] app tests::flaky\n',
      [],
    ],
    [
      'a test that crashed with a signal',
      '     SIGSEGV [   0.101s] app tests::ffi_crash\n',
      [{ class: 'test_fail', test: 'tests::ffi_crash', tool: 'nextest' }],
    ],
    [
      'the pre-0.9.9x blocks belong to nextest, not to a second libtest reading',
      [
        '        FAIL [   0.004s] rocks-lib rocks::dependency::tests::parse_dependency',
        '--- STDOUT:              rocks-lib rocks::dependency::tests::parse_dependency ---',
        'running 1 test',
        'test rocks::dependency::tests::parse_dependency ... FAILED',
        'failures:',
        '    rocks::dependency::tests::parse_dependency',
        'test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 17 filtered out; finished in 0.00s',
        '--- STDERR:              rocks-lib rocks::dependency::tests::parse_dependency ---',
        "thread 'rocks::dependency::tests::parse_dependency' panicked at rocks-lib/src/rocks/dependency.rs:86:64:",
        'called `Result::unwrap()` on an `Err` value: unexpected end of input',
        '',
      ].join('\n'),
      [{ class: 'test_fail', file: 'rocks-lib/src/rocks/dependency.rs', line: 86, test: 'rocks::dependency::tests::parse_dependency', tool: 'nextest' }],
    ],
  ])('%s', (_name, log, expected) => {
    expect(pick(log)).toEqual(expected);
  });

  it.each([
    ['a passing run', '        PASS [   0.005s] nextest-tests::basic tests::test_success\n     Summary [   0.010s] 1 test run: 1 passed, 0 skipped\n'],
    ['a slow test that passed', '        SLOW [> 60.000s] nextest-tests::basic tests::test_slow_timeout\n        PASS [  90.001s] nextest-tests::basic tests::test_slow_timeout\n'],
    ['a word FAIL in prose', 'FAIL [see below] is what the old runner printed\n'],
  ])('stays silent on %s', (_name, log) => {
    expect(run(log).failures).toEqual([]);
  });
});

describe('go reads testify reports and package directories', () => {
  it.each([
    [
      "testify's Error Trace locates the failure when the log line points into assertions.go",
      [
        '--- FAIL: TestParse (0.00s)',
        '    assertions.go:262: ',
        '        \tError Trace:\t/home/runner/work/app/app/pkg/parse/parse_test.go:126',
        '        \tError:      \tNot equal: ',
        '        \t            \texpected: 1',
        '        \t            \tactual  : 2',
        '        \tTest:       \tTestParse',
        'FAIL',
        'FAIL\tgithub.com/acme/app/pkg/parse\t0.01s',
      ].join('\n'),
      [{ class: 'test_fail', file: 'pkg/parse/parse_test.go', line: 126, test: 'TestParse', tool: 'go' }],
    ],
    [
      'a bare test file is placed in its package directory once a path of the same module shows it',
      [
        '=== RUN   TestA',
        '    a_test.go:9: want 1',
        '--- FAIL: TestA (0.00s)',
        'FAIL',
        'FAIL\tgithub.com/acme/app/internal/a\t0.01s',
        '# github.com/acme/app/cmd/tool',
        'cmd/tool/main.go:4:2: undefined: x',
      ].join('\n'),
      [
        { class: 'test_fail', file: 'internal/a/a_test.go', line: 9, test: 'TestA', tool: 'go' },
        { class: 'compile_error', file: 'cmd/tool/main.go', line: 4, tool: 'go' },
      ],
    ],
    [
      'without such a path the bare file stays as printed',
      '--- FAIL: TestB (0.00s)\n    b_test.go:3: no\nFAIL\nFAIL\tgithub.com/acme/app/b\t0.01s\n',
      [{ class: 'test_fail', file: 'b_test.go', line: 3, test: 'TestB', tool: 'go' }],
    ],
  ])('%s', (_name, log, expected) => {
    expect(pick(log)).toEqual(expected);
  });

  it('keeps the message testify printed', () => {
    const log = '--- FAIL: TestSum (0.00s)\n    sum_test.go:14: \n        \tError Trace:\tsum_test.go:14\n        \tError:      \tNot equal: \n        \t            \texpected: 3\n        \t            \tactual  : 4\nFAIL\n';
    expect(run(log).failures[0]?.message).toBe('Not equal: expected: 3; actual  : 4');
  });
});

describe('ginkgo reads specs, summaries and suite timeouts', () => {
  it.each([
    [
      'a v2 failure block; the go test wrapping the suite is not a second failure',
      [
        '=== RUN   TestBooks',
        'Running Suite: Books Suite - /home/runner/work/books/books',
        '------------------------------',
        '• [FAILED] [0.002 seconds]',
        'Books Categorizing book length [It] should be a novel',
        '/home/runner/work/books/books/books_test.go:24',
        '',
        '  [FAILED] Expected',
        '      <string>: NOVEL',
        '  to equal',
        '      <string>: SHORT STORY',
        '  In [It] at: /home/runner/work/books/books/books_test.go:25 @ 01/02/26 10:00:00.000',
        '------------------------------',
        '',
        'Summarizing 1 Failure:',
        '  [FAIL] Books Categorizing book length [It] should be a novel',
        '  /home/runner/work/books/books/books_test.go:25',
        '',
        'Ran 3 of 3 Specs in 0.004 seconds',
        'FAIL! -- 2 Passed | 1 Failed | 0 Pending | 0 Skipped',
        '--- FAIL: TestBooks (0.01s)',
        'FAIL',
        'FAIL\tgithub.com/acme/books\t0.02s',
      ].join('\n'),
      [{ class: 'test_fail', file: 'books_test.go', line: 25, test: 'Books Categorizing book length [It] should be a novel', tool: 'ginkgo' }],
    ],
    [
      'a spec that hit its timeout (v2 [TIMEDOUT])',
      '• [TIMEDOUT] [5.001 seconds]\nAPI [It] answers\n/src/api_test.go:40\n\n  [TIMEDOUT] A spec timeout occurred\n  In [It] at: /src/api_test.go:41 @ 01/02/26 10:00:05.000\n------------------------------\n',
      [{ class: 'timeout', file: '/src/api_test.go', line: 41, test: 'API [It] answers', tool: 'ginkgo' }],
    ],
    [
      'the v1 summary',
      'Summarizing 1 Failure:\n\n[Fail] Book Categorizing book length [It] should be a novel \n/home/travis/build/acme/books/books_test.go:25\n\nRan 3 of 3 Specs in 0.004 seconds\nFAIL! -- 2 Passed | 1 Failed | 0 Pending | 0 Skipped\n',
      [{ class: 'test_fail', file: 'books_test.go', line: 25, test: 'Book Categorizing book length [It] should be a novel', tool: 'ginkgo' }],
    ],
    [
      'a passing Ginkgo suite does not hide a later failing go test',
      'Ran 2 of 2 Specs in 0.003 seconds\nSUCCESS! -- 2 Passed | 0 Failed | 0 Pending | 0 Skipped\n--- PASS: TestSuite (0.00s)\n--- FAIL: TestOther (0.00s)\nFAIL\n',
      [{ class: 'test_fail', test: 'TestOther', tool: 'go' }],
    ],
    [
      'parallel processes that never reported back',
      'Ginkgo timed out waiting for all parallel procs to report back\nTest suite: e2e (./test/e2e)\n',
      [{ class: 'timeout', tool: 'ginkgo' }],
    ],
  ])('%s', (_name, log, expected) => {
    expect(pick(log)).toEqual(expected);
  });

  it.each([
    ['passing specs', '•••••\nRan 5 of 5 Specs in 0.010 seconds\nSUCCESS! -- 5 Passed | 0 Failed | 0 Pending | 0 Skipped\n'],
    ['a bullet list in prose', '• [x] done\n• Failures are listed below\n'],
  ])('stays silent on %s', (_name, log) => {
    expect(run(log).failures).toEqual([]);
  });
});

describe('go-rust parsers stay linear on pathological lines', () => {
  const big = 1_000_000;
  it.each([
    ['a long go location-like line', `${'a'.repeat(big)}.go:1:`],
    ['a long package header', `# ${'a/'.repeat(big / 2)} x`],
    ['a long rustc arrow', ` --> ${':1'.repeat(big / 2)}`],
    ['a long old-format panic', `thread 't' panicked at '${"x', ".repeat(big / 4)}`],
    ['a long error header', `error: ${'`cargo add x` '.repeat(big / 13)}`],
    ['a long FAILED line', `test ${'x '.repeat(big / 2)}... FAILED`],
    ['a long nextest status line', `        FAIL [ ${' '.repeat(big)}`],
    ['a long nextest header', `--- STDERR: ${'a ---'.repeat(big / 5)}`],
    ['a long testify trace', `\tError Trace:\t${'a.go:1'.repeat(big / 6)}`],
    ['a long ginkgo location', `  ${'x.go:1 @ '.repeat(big / 9)}`],
    ['a long ginkgo summary entry', `[FAIL] ${'a '.repeat(big / 2)}`],
  ])('%s', (_name, line) => {
    const start = performance.now();
    run(`${line}\n${line}\n`);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

// A test's log line is kept as its text and read again only if the test fails; only a line with nothing after its
// colon (testify's `t.Errorf("\n%s", …)`) opens a testify report, so the indented lines under any other log line
// pass by the idle parser.
describe('go test log lines', () => {
  it('name a failed test by its last log line, read when it fails, whatever indented lines follow it', () => {
    const log = [
      '=== RUN   TestA',
      '    a_test.go:10: first try',
      '    a_test.go:12: got 1',
      '        want 2',
      '        \tError:      \tnot a testify report: its log line said something',
      '--- FAIL: TestA (0.00s)',
      '=== RUN   TestB',
      '    b_test.go:4: passing log line',
      '--- PASS: TestB (0.00s)',
      'FAIL',
      'FAIL\texample.com/p\t0.01s',
      '',
    ].join('\n');
    const failures = run(log).failures;
    expect(failures.map((f) => keyFields(f))).toEqual([{ class: 'test_fail', test: 'TestA', file: 'a_test.go', line: 12, tool: 'go' }]);
    expect(failures[0]!.message).toBe('got 1');
    expect(failures[0]!.evidence.map((e) => e.line)).toEqual([3, 6]);
  });
});
