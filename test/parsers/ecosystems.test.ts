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
  ])('%s', (_name, line) => {
    const start = performance.now();
    run(`${line}\n${line}\n`);
    expect(performance.now() - start).toBeLessThan(1500);
  });
});
