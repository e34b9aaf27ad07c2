import { describe, expect, it } from 'vitest';
import { classifyText } from '../../src/classify/index.ts';
import { keyFields } from '../helpers/failure-fields.ts';
import { ECOSYSTEMS_PARSERS } from '../../src/classify/parsers/ecosystems/index.ts';

const run = (log: string) => classifyText(log, { parsers: ECOSYSTEMS_PARSERS });
const pick = (log: string) => run(log).failures.map((f) => keyFields(f, ['file', 'line', 'test', 'code', 'package']));

describe('ecosystem parsers stay silent on noise', () => {
  it.each([
    ['a stylelint warning row', 'css/a.css\n  1:1  ⚠  Expected no ID selectors  selector-max-id\n'],
    ['an sbt warning', '[warn] /p/src/A.scala:3:5: method foo in class B is deprecated\n'],
    ['a MiMa-like bullet without a filter line', '[error]  * something went wrong\n[error] Total time: 3 s\n'],
    ['an erlc warning', 'src/a.erl:6:1: Warning: function helper/1 is unused\n'],
    ['a RuboCop offense it already corrected', 'lib/a.rb:8:12: C: [Corrected] Layout/SpaceAfterComma: Space missing after comma.\n'],
    ['a passing Karma browser', 'Chrome 75.0.3770 (Mac OS X 10.13.6): Executed 437 of 437 SUCCESS (9.4 secs / 7.3 secs)\n'],
    ['a Gradle task that failed', '> Task :app:test FAILED\n'],
    ['a bare Error: line followed by prose', 'Error:\nsomething unrelated happened\n'],
    ['a CMake status line about an optional package', '-- Could NOT find Doxygen (missing: DOXYGEN_EXECUTABLE)\n'],
    ['a markdownlint warning (cli2)', 'README.md:3:1 warning MD022/blanks-around-headings Headings should be surrounded\n'],
    ['a Test::More TODO failure', "#   Failed (TODO) test 'later'\n#   at t/a.t line 3.\n"],
    ['a passing prove summary', 'All tests successful.\nFiles=3, Tests=5,  1 wallclock secs\nResult: PASS\n'],
    ['a Swift compiler warning', '/p/Sources/A.swift:3:9: warning: variable \'x\' was never used\n'],
    ['a SwiftLint warning (no --strict)', '/p/Sources/A.swift:12:5: warning: Line Length Violation: Line should be 120 characters or less (line_length)\n'],
    ['a C file error, which gcc.ts owns', '/p/src/a.c:3:9: error: expected \';\' before \'}\' token\n'],
    ['a passing XCTest case', "Test Case '-[A.B testX]' passed (0.001 seconds).\n"],
    ['the swift-testing run verdict alone', '✘ Test run with 3 tests failed after 0.002 seconds with 1 issue.\n'],
    ['a swift-testing known issue', '✘ Test f() recorded a known issue at A.swift:3:5: Expectation failed\n'],
    ['prose starting with Failed', '  Failed to restore D:\\a\\r\\r\\src\\App.csproj (in 2 ms).\nsomething else\n'],
    ['a bare Failed name without Error Message', '  Failed   App.Tests.A\nBuild succeeded.\n'],
    ['a passing VSTest summary', 'Passed!  - Failed:     0, Passed:    41, Skipped:     0, Total:    41, Duration: 2 s - App.Tests.dll (net8.0)\n'],
    ['a phpt XFAIL, SKIP and PASS', 'XFAIL known bug [tests/a.phpt]   XFAIL REASON: later\nSKIP needs ext [tests/b.phpt] reason: no ext\nPASS adds [tests/c.phpt] \n'],
    ['the phpt EXPECTED FAILED TEST SUMMARY', '=====\nEXPECTED FAILED TEST SUMMARY\n-----\nknown bug [tests/a.phpt]  XFAIL REASON: later\n=====\n'],
    ['a Pester pass and a clean summary', '[+] /p/a.Tests.ps1 210ms (35ms|160ms)\nTests Passed: 6, Failed: 0, Skipped: 0 NotRun: 0\n'],
    ['a [-] line that is not Pester\'s', '[-] - running the harness -> Expected and actual values differ!\n'],
    ['a C# compiler warning', 'src/A.cs(3,5): warning CA1822: Member can be static [src/A.csproj]\n'],
  ])('%s', (_name, log) => {
    expect(run(log).failures).toEqual([]);
  });
});

describe('ecosystem parsers read the edges of their formats', () => {
  it.each([
    [
      'sbt 0.13 errors without a column',
      '[error] /p/src/A.scala:78: type mismatch;\n',
      [{ class: 'compile_error', file: '/p/src/A.scala', line: 78 }],
    ],
    [
      'Scala 3 errors, whose message is on the next line',
      '[error] -- [E008] Not Found Error: /p/src/A.scala:3:10 ------\n[error] 3 |  val x = foo\n',
      [{ class: 'compile_error', file: '/p/src/A.scala', line: 3, code: 'E008' }],
    ],
    [
      'coursier resolution failures',
      '[error] (update) sbt.librarymanagement.ResolveException: Error downloading org.acme:widget_2.13:1.0\n',
      [{ class: 'dependency_missing', package: 'org.acme:widget_2.13' }],
    ],
    [
      'the MiMa verdict when no problem line is readable',
      '[error] (core / mimaReportBinaryIssues) core: Binary compatibility check failed!\n',
      [{ class: 'contract_violation' }],
    ],
    [
      'Karma browsers that lost their connection',
      'IE 9.0.0 (Windows 7.0.0) ERROR\n  Disconnectedreconnect failed before timeout of 2000ms (ping timeout)\n',
      [{ class: 'orchestration_error' }],
    ],
    [
      "Karma's own disconnect log line",
      '31 07 2019 20:21:24.471:WARN [HeadlessChrome 0.0.0 (Linux 0.0.0)]: Disconnected (0 times), because no message in 10000 ms.\n',
      [{ class: 'timeout' }],
    ],
    [
      'xcpretty errors glued to junk, and missing headers',
      "nl❌  /p/Sources/A.m:12:10: 'libproc.h' file not found\n",
      [{ class: 'dependency_missing', file: '/p/Sources/A.m', line: 12, package: 'libproc.h' }],
    ],
    [
      'ExUnit setup_all failures',
      '  1) ExprojTest: failure on setup_all callback, all tests have been invalidated\n     ** (RuntimeError) boom\n',
      [{ class: 'test_fail', test: 'ExprojTest', code: 'RuntimeError' }],
    ],
    [
      'conda channel-prefixed packages',
      'PackagesNotFoundError: The following packages are not available from current channels:\n\n  - conda-forge::numpy=1.10\n\nCurrent channels:\n',
      [{ class: 'dependency_missing', package: 'numpy' }],
    ],
    [
      'GHC errors whose message is on the next line, and missing modules',
      "src/A.hs:3:1: error:\n    Could not find module ‘Data.Missing’\n",
      [{ class: 'dependency_missing', file: 'src/A.hs', line: 3, package: 'Data.Missing' }],
    ],
    [
      'GHC 9.6 ranged errors with codes',
      'src/A.hs:(4,1)-(6,9): error: [GHC-88464]\n    Variable not in scope: foo\n',
      [{ class: 'compile_error', file: 'src/A.hs', line: 4, code: 'GHC-88464' }],
    ],
    [
      'rspec rerun lines when the Failures section was cut off',
      'rspec ./spec/a_spec.rb:4 # Calc adds\n',
      [{ class: 'test_fail', file: 'spec/a_spec.rb', line: 4, test: 'Calc adds' }],
    ],
    [
      'minitest-reporters failures',
      'Failure:\nTestK#test_: k should work.  [/p/test/test_k.rb:106]\nMinitest::Assertion: Expected true\n\n',
      [{ class: 'test_fail', file: '/p/test/test_k.rb', line: 106, test: 'TestK#test_: k should work.' }],
    ],
    [
      'prove lines that name the failing script inline',
      't/a.t .. Dubious, test returned 1 (wstat 256, 0x100)\n',
      [{ class: 'test_fail', file: 't/a.t', test: 't/a.t' }],
    ],
    [
      'perlcritic verbose 8 policy names',
      '[Subroutines::ProhibitExplicitReturnUndef] "return" statement with explicit "undef" at line 5, column 3.  (Severity: 5)\n',
      [{ class: 'lint_error', code: 'Subroutines::ProhibitExplicitReturnUndef' }],
    ],
    [
      'swiftc errors in Objective-C files, and missing modules',
      "/p/Sources/A.m:3:9: error: use of undeclared identifier 'x'\n/p/Sources/B.swift:1:8: error: no such module 'RxSwift'\n",
      [
        { class: 'compile_error', file: '/p/Sources/A.m', line: 3 },
        { class: 'dependency_missing', file: '/p/Sources/B.swift', line: 1, package: 'RxSwift' },
      ],
    ],
    [
      'xcodebuild failed commands when no compiler error is in the log',
      "The following build commands failed:\n\tCompileC /p/build/A.o /p/Sources/My\\ App/A.m normal arm64 objective-c com.apple.compilers.llvm.clang.1_0.compiler (in target 'A' from project 'A')\n\tPhaseScriptExecution Run\\ Script /p/build/Script-1.sh (in target 'A' from project 'A')\n(2 failures)\n",
      [{ class: 'compile_error', file: '/p/Sources/My App/A.m' }],
    ],
    [
      'SwiftLint --strict errors without a column',
      '/p/Sources/A.swift:90: error: File Length Violation: File should contain 400 lines or less: currently contains 512 (file_length)\n',
      [{ class: 'lint_error', file: '/p/Sources/A.swift', line: 90, code: 'file_length' }],
    ],
    [
      'XCTest failures in Objective-C (Darwin)',
      "/p/Tests/ATests.swift:7: error: -[ATests testX] : failed - boom\nTest Case '-[ATests testX]' failed (0.001 seconds).\n",
      [{ class: 'test_fail', file: '/p/Tests/ATests.swift', line: 7, test: 'ATests.testX' }],
    ],
    [
      "XCTest's Linux test case line when no assertion line was printed",
      "Test Case 'ParserTests.testCrash' failed (0.002 seconds)\n",
      [{ class: 'test_fail', test: 'ParserTests.testCrash' }],
    ],
    [
      'XCTest execution time allowance',
      '/p/Tests/A.swift:9: error: -[M.A testSlow] : Test exceeded execution time allowance of 1 minute\n',
      [{ class: 'timeout', file: '/p/Tests/A.swift', line: 9, test: 'M.A.testSlow' }],
    ],
    [
      'swift-testing issues with arguments, macOS symbols',
      '\u{100884} Test add(_:) recorded an issue with 1 argument x → 2 at MathTests.swift:12:5: Expectation failed: (add(x) → 3) == 4\n',
      [{ class: 'test_fail', test: 'add(_:)' }],
    ],
    [
      'VSTest failures in the older form without a duration',
      '  Failed   App.Tests.A.B\n  Error Message:\n   Expected true\n  Stack Trace:\n     at App.Tests.A.B() in /p/tests/A.cs:line 9\n',
      [{ class: 'test_fail', file: '/p/tests/A.cs', line: 9, test: 'App.Tests.A.B' }],
    ],
    [
      'VSTest async frames, located in the test class',
      '  Failed App.Tests.A.Loads [1 s]\n  Error Message:\n   boom\n  Stack Trace:\n     at App.Lib.Run() in /p/src/Lib.cs:line 3\n   at App.Tests.A.<Loads>d__2.MoveNext() in /p/tests/A.cs:line 20\n',
      [{ class: 'test_fail', file: '/p/tests/A.cs', line: 20, test: 'App.Tests.A.Loads' }],
    ],
    [
      'MSTest timeouts and blame hang timeouts',
      "  Failed App.Tests.A.Slow [< 1 ms]\n  Error Message:\n   Test 'Slow' exceeded execution timeout period.\nThe specified inactivity time of 30 seconds has elapsed. Collecting hang dumps from testhost and its child processes\n",
      [{ class: 'timeout', test: 'App.Tests.A.Slow' }, { class: 'timeout' }],
    ],
    [
      'MSBuild analyzer and dotnet format errors on Windows paths',
      "  src\\A.cs(3,5): error IDE0055: Fix formatting [D:\\a\\r\\r\\src\\A.csproj]\n  src\\B.cs(1,1): error WHITESPACE: Fix whitespace formatting. [D:\\a\\r\\r\\src\\A.csproj]\n",
      [
        { class: 'lint_error', file: 'src/A.cs', line: 3, code: 'IDE0055' },
        { class: 'lint_error', file: 'src/B.cs', line: 1, code: 'WHITESPACE' },
      ],
    ],
    [
      'phpt LEAK results, and summary entries without a result line',
      'LEAK&FAIL leaks memory [ext/a/tests/b.phpt] \n=====\nFAILED TEST SUMMARY\n-----\nleaks memory [ext/a/tests/b.phpt]\nolder failure [ext/a/tests/c.phpt]\n=====\n',
      [
        { class: 'test_fail', file: 'ext/a/tests/b.phpt', test: 'leaks memory' },
        { class: 'test_fail', file: 'ext/a/tests/c.phpt', test: 'older failure' },
      ],
    ],
    [
      'Pester v5 Detailed output, named by its blocks',
      'Describing Get-Planet\n Context Given no parameters\n  [-] lists all 8 planets 25ms (21ms|4ms)\n   Expected 9, but got 8.\n   at (Get-Planet).Count | Should -Be 9, /p/tests/Planets.Tests.ps1:7\n',
      [{ class: 'test_fail', file: '/p/tests/Planets.Tests.ps1', line: 7, test: 'Get-Planet.Given no parameters.lists all 8 planets' }],
    ],
    [
      'Pester containers that fail, and a summary with no failure lines',
      '[-] Discovery in /p/tests/Bad.Tests.ps1 failed with:\n ParseException: Missing closing }\n',
      [{ class: 'test_fail', file: '/p/tests/Bad.Tests.ps1' }],
    ],
    [
      'the Pester summary alone (`-Show Summary`)',
      'Tests Passed: 10, Failed: 2, Skipped: 0, Pending: 0, Inconclusive: 0\n',
      [{ class: 'test_fail' }],
    ],
    [
      'CocoaPods missing specifications',
      '[!] Unable to find a specification for `Alamofire (~> 9.0)`\n',
      [{ class: 'dependency_missing', package: 'Alamofire' }],
    ],
  ])('%s', (_name, log, expected) => {
    expect(pick(log)).toEqual(expected);
  });
});

describe('ecosystem parsers stay linear on pathological lines', () => {
  const MB = 1 << 20;
  it.each([
    ['colons and digits', ':1'.repeat(MB / 2)],
    ['error markers', '❌ '.repeat(MB / 2)],
    ['sbt error prefix and path-like text', `[error] ${'a:'.repeat(MB / 2)}`],
    ['Karma-like browser text', `Chrome 1 (${'x'.repeat(MB)}) FAILED`],
    ['perlcritic-like text', `${'at line 1, column 1. '.repeat(MB / 24)}(Severity: 5)`],
    ['minitest-like names', `A#b${' '.repeat(MB)}[x:1]`],
    ['ExUnit-like headers', `  1) test ${'a ('.repeat(MB / 3)}`],
    ['Swift-like diagnostics', 'a.swift:1: error: '.repeat(MB / 18)],
    ['XCTest-like names', `/p/A.swift:1: error: ${'a.'.repeat(MB / 2)} : x`],
    ['swift-testing-like issues', `✘ Test ${' at a:1:1:'.repeat(MB / 10)} recorded an issue`],
    ['VSTest-like failures', `  Failed x${' [1'.repeat(MB / 3)}]`],
    ['VSTest-like frames', `  Failed x [1 ms]\n  Error Message:\n m\n  Stack Trace:\n at ${' in a:line '.repeat(MB / 11)}1`],
    ['xUnit-like frames', `${'a(1,1): at b'.repeat(MB / 12)} [FAIL]`],
    ['phpt-like results', `FAIL ${' [a'.repeat(MB / 3)}.phpt]`],
    ['Pester-like results', `[-] ${'1ms '.repeat(MB / 4)}x`],
    ['Pester-like frames', `[-] a 1ms\n at ${', a:'.repeat(MB / 4)}`],
  ])('%s', (_name, line) => {
    const start = performance.now();
    run(`${line}\n${line}\n`);
    expect(performance.now() - start).toBeLessThan(1500);
  });
});
