import { describe, expect, it } from 'vitest';
import { classifyText } from '../../src/classify/index.ts';
import { NATIVE_PARSERS } from '../../src/classify/parsers/native/index.ts';

function run(log: string) {
  const r = classifyText(log, { parsers: NATIVE_PARSERS });
  return { primary: r.primary, failures: r.failures.map(({ evidence: _e, message: _m, ...f }) => f) };
}

describe('native parsers on the edges of their formats', () => {
  it.each([
    ['a gcc warning alone', 'a.c:3:9: warning: unused variable ‘x’ [-Wunused-variable]', null],
    ['a shellcheck finding in gcc format', 'ci/build.sh:3:1: error: Double quote to prevent globbing. [SC2086]', null],
    ['mypy in gcc format', 'app/x.py:3:1: error: Name "y" is not defined  [name-defined]', null],
    ['an autoconf probe in config.log', 'configure:4242: gcc -c conftest.c >&5\nconftest.c:10:10: fatal error: zstd.h: No such file or directory', null],
    ['make\'s consequence line alone', "make: *** [Makefile:3: all] Error 1", 'unknown'],
    ['collect2 alone', 'collect2: error: ld returned 1 exit status', 'unknown'],
    ['surefire passing class', '[INFO] Tests run: 3, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.1 s -- in a.BTest', null],
    ['a maven POM warning', '[WARNING] The POM for g:a:jar:1 is missing, no dependency information available', null],
    ['ctest tests that did not run', 'The following tests did not run:\n\t  5 - slow (Disabled)', null],
  ])('%s', (_name, log, primary) => {
    const r = run(log);
    expect(r.primary).toBe(primary);
    if (primary !== 'unknown') expect(r.failures).toEqual([]);
  });

  it.each([
    [
      'clang missing header, quoted, through cgo',
      "../vendor/x/sigar_darwin.go:12:10: fatal error: 'libproc.h' file not found",
      { class: 'dependency_missing', file: 'vendor/x/sigar_darwin.go', line: 12, column: 10, tool: 'gcc', package: 'libproc.h' },
    ],
    [
      'a relative header is the project\'s own',
      'src/a.c:2:10: fatal error: ./gen/config.h: No such file or directory',
      { class: 'compile_error', file: 'src/a.c', line: 2, column: 10, tool: 'gcc' },
    ],
    [
      'clang -Werror',
      "main.c:4:7: error: unused variable 'x' [-Werror,-Wunused-variable]",
      { class: 'compile_error', file: 'main.c', line: 4, column: 7, tool: 'gcc' },
    ],
    [
      'the driver\'s own error',
      'x86_64-linux-gnu-gcc: error: unrecognized command-line option ‘-mfoo’',
      { class: 'compile_error', tool: 'gcc' },
    ],
    [
      'an indented diagnostic from an out-of-source build',
      '  ../../pandas/simd/m.hpp:255:50: error: explicit instantiation of x',
      { class: 'compile_error', file: 'pandas/simd/m.hpp', line: 255, column: 50, tool: 'gcc' },
    ],
    [
      'lld with its reference',
      'ld.lld: error: undefined symbol: parse(char const*)\n>>> referenced by main.c:12\n>>>               main.o:(main)',
      { class: 'compile_error', file: 'main.c', line: 12, tool: 'ld' },
    ],
    [
      'ld64 on macOS',
      'Undefined symbols for architecture arm64:\n  "_parse", referenced from:\n      _main in main.o\nld: symbol(s) not found for architecture arm64',
      { class: 'compile_error', tool: 'ld' },
    ],
    [
      'a shared library missing at run time',
      './app: error while loading shared libraries: libzmq.so.5: cannot open shared object file: No such file or directory',
      { class: 'dependency_missing', tool: 'ld.so', package: 'libzmq.so.5' },
    ],
    [
      'an old make that cannot find a program',
      'make[1]: protoc: Command not found',
      { class: 'dependency_missing', tool: 'make', package: 'protoc' },
    ],
    [
      'Maven 3.9 listing unresolvable artifacts',
      '[ERROR] Failed to execute goal on project w: Could not resolve dependencies for project o:w:war:1: The following artifacts could not be resolved: o:ui:war:7.7 (absent): Could not find artifact o:ui:war:7.7 in r (https://r)',
      { class: 'dependency_missing', tool: 'maven', package: 'o:ui' },
    ],
    [
      'a managed version missing from the POM',
      "[ERROR] 'dependencies.dependency.version' for javax.validation:validation-api:jar is missing. @ line 35, column 17",
      { class: 'dependency_missing', tool: 'maven', package: 'javax.validation:validation-api' },
    ],
    [
      'surefire 2.x JUnit 4 header',
      'pathParamRequired(retrofit2.RequestFactoryTest)  Time elapsed: 0.018 sec  <<< FAILURE!\norg.junit.ComparisonFailure: expected:<a> but was:<b>',
      { class: 'test_fail', tool: 'maven', test: 'retrofit2.RequestFactoryTest.pathParamRequired' },
    ],
    [
      'a summary-only surefire failure keeps the printed short name, without file or line',
      '[ERROR] Failures: \n[ERROR]   PricingTest.total:15 expected: <3> but was: <4>\n[ERROR] Tests run: 1, Failures: 1',
      { class: 'test_fail', tool: 'maven', test: 'PricingTest.total' },
    ],
    [
      'a JUnit 5 test failed under a modern Gradle',
      'CalcTest > adds() FAILED\n    org.opentest4j.AssertionFailedError at CalcTest.java:9',
      { class: 'test_fail', tool: 'gradle', test: 'CalcTest > adds()' },
    ],
    [
      'a Gradle plugin that cannot be found',
      "* What went wrong:\nPlugin [id: 'org.example.nope', version: '1.0'] was not found in any of the following sources:",
      { class: 'dependency_missing', tool: 'gradle', package: 'org.example.nope' },
    ],
    [
      'a CMake package config of an incompatible version',
      'CMake Error at CMakeLists.txt:7 (find_package):\n  Could not find a configuration file for package "Qt6" that is compatible\n  with requested version "6.5".\n\n-- Configuring incomplete, errors occurred!',
      { class: 'dependency_missing', file: 'CMakeLists.txt', line: 7, tool: 'cmake', package: 'Qt6' },
    ],
  ])('%s', (_name, log, failure) => {
    expect(run(log).failures).toEqual([failure]);
  });

  it('counts each undefined symbol once however often it is referenced', () => {
    const log = [
      'main.c:(.text+0x5): undefined reference to `foo\'',
      'util.c:(.text+0x9): undefined reference to `foo\'',
      '/usr/bin/ld: /tmp/ccAb12.o:(.data+0x10): undefined reference to `typeinfo for Shape\'',
    ].join('\n');
    expect(run(log).failures).toEqual([
      { class: 'compile_error', file: 'main.c', tool: 'ld' },
      { class: 'compile_error', tool: 'ld' },
    ]);
  });

  it('ignores the compiler errors of a meson probe dumped into the log', () => {
    const log = [
      'Running compile:',
      'Code:',
      ' int main(void) { return 0; }',
      '-----------',
      'stderr:',
      '/b/meson-private/tmpx/testfile.cpp:6:17: error: x was not declared',
      '/usr/bin/ld: cannot find -lmkl_rt: No such file or directory',
      '-----------',
      'src/real.c:3:1: error: expected declaration',
    ].join('\n');
    expect(run(log).failures).toEqual([{ class: 'compile_error', file: 'src/real.c', line: 3, column: 1, tool: 'gcc' }]);
  });

  it.each([
    ['a Kotlin warning from Gradle', 'w: file:///home/runner/work/r/r/src/A.kt:3:9 Variable \'x\' is never used'],
    ['a kotlinc CLI warning without -Werror', 'src/A.kt:4:9: warning: variable \'unused\' is never used'],
    ['a name: value line', 'e: 42'],
    ['a checkstyle warning the tool did not fail on', '[WARN] /w/src/A.java:6:17: Name \'Total\' must match pattern. [MemberName]'],
    ['a Gradle failure report naming only a task', '* What went wrong:\nExecution failed for task \':app:lint\'.\n> A failure occurred while executing a worker\n\n* Try:'],
    ['a passing ScalaTest test', '[info] - should pop values in last-in-first-out order'],
    ['a clojure.test summary without failures', 'Ran 3 tests containing 3 assertions.\n0 failures, 0 errors.'],
    ['an enforcer rule set to warn', '[INFO] --- maven-enforcer-plugin:3.6.3:enforce (enforce) @ a ---\n[WARNING] Rule 0: org.apache.maven.enforcer.rules.BannedDependencies failed with message:\n[WARNING] x:y:jar:1 banned\n[INFO] --- maven-compiler-plugin:3.11.0:compile (default) @ a ---'],
  ])('%s is not a failure', (_name, log) => {
    expect(run(log)).toEqual({ primary: null, failures: [] });
  });

  it.each([
    [
      'Kotlin 1.8+ through Gradle',
      'e: file:///home/runner/work/r/r/src/main/kotlin/A.kt:12:5 Unresolved reference: foo',
      [{ class: 'compile_error', file: 'src/main/kotlin/A.kt', line: 12, column: 5, tool: 'kotlinc' }],
    ],
    [
      'Kotlin before 1.8 through Gradle',
      'e: /home/runner/work/r/r/src/A.kt: (12, 5): Unresolved reference: foo',
      [{ class: 'compile_error', file: 'src/A.kt', line: 12, column: 5, tool: 'kotlinc' }],
    ],
    [
      'Gradle: a cause that compiled nothing the log shows',
      '* What went wrong:\nExecution failed for task \':core:compileKotlin\'.\n> Compilation error. See log for more details\n\n* Try:',
      [{ class: 'compile_error', tool: 'gradle' }],
    ],
    [
      'Gradle: a cause after the compiler\'s own errors adds nothing',
      'e: file:///w/src/A.kt:1:2 Unresolved reference: x\n* What went wrong:\nExecution failed for task \':compileKotlin\'.\n> Compilation error. See log for more details\n',
      [{ class: 'compile_error', file: '/w/src/A.kt', line: 1, column: 2, tool: 'kotlinc' }],
    ],
    [
      'Gradle: failing tests whose names the log does not show',
      '* What went wrong:\nExecution failed for task \':app:testDebugUnitTest\'.\n> There were failing tests. See the report at: file:///w/index.html\n',
      [{ class: 'test_fail', tool: 'gradle' }],
    ],
    [
      'Gradle: ktlint and detekt speak for themselves',
      '* What went wrong:\nExecution failed for task \':app:ktlintMainSourceSetCheck\'.\n> A failure occurred while executing org.jlleitschuh.gradle.ktlint.worker.ConsoleReportWorkAction\n   > KtLint found code style violations. Please see the following reports:\n',
      [{ class: 'lint_error', tool: 'gradle' }],
    ],
    [
      'Gradle: a module that does not resolve, with no cause below it',
      '* What went wrong:\nExecution failed for task \':app:compileJava\'.\n> Could not resolve all files for configuration \':app:compileClasspath\'.\n   > Could not resolve com.squareup:okio:3.9.0.\n     Required by:\n         project :app\n',
      [{ class: 'dependency_missing', tool: 'gradle', package: 'com.squareup:okio' }],
    ],
    [
      'Gradle: an unreachable repository is machinery, not a missing module',
      '* What went wrong:\nCould not resolve all dependencies for configuration \':classpath\'.\n> Could not resolve com.a:b:1.0.\n   > Could not get resource \'https://r/b.pom\'.\n      > Could not GET \'https://r/b.pom\'. Received status code 502 from server: Bad Gateway\n',
      [{ class: 'orchestration_error', tool: 'gradle' }],
    ],
    [
      'Maven checkstyle plugin finding without a column',
      '[ERROR] src/main/java/A.java:[12] (javadoc) JavadocMethod: Missing a Javadoc comment.',
      [{ class: 'lint_error', file: 'src/main/java/A.java', line: 12, tool: 'checkstyle', code: 'JavadocMethod' }],
    ],
    [
      'checkstyle warnings count when the plugin failed on them alone',
      '[WARNING] src/A.java:[3,8] (imports) UnusedImports: Unused import.\n[ERROR] Failed to execute goal org.apache.maven.plugins:maven-checkstyle-plugin:3.3.1:check (v) on project a: You have 1 Checkstyle violation. -> [Help 1]',
      [{ class: 'lint_error', file: 'src/A.java', line: 3, column: 8, tool: 'checkstyle', code: 'UnusedImports' }],
    ],
    [
      'enforcer before 3.0: warnings made failures by the verdict',
      '[WARNING] Rule 0: org.apache.maven.plugins.enforcer.RequireUpperBoundDeps failed with message:\nFailed while enforcing RequireUpperBoundDeps. The error(s) are [\nRequire upper bound dependencies error for com.google.guava:guava:20.0 paths to dependency are:\n+-a:b:1\n]\n[ERROR] Failed to execute goal org.apache.maven.plugins:maven-enforcer-plugin:1.4.1:enforce (e) on project b: Some Enforcer rules have failed. Look above for specific messages explaining why the rule failed. -> [Help 1]',
      [{ class: 'dependency_missing', tool: 'maven-enforcer', code: 'RequireUpperBoundDeps', package: 'com.google.guava:guava' }],
    ],
    [
      'enforcer policy rules are lint',
      '[ERROR] Rule 0: org.apache.maven.enforcer.rules.dependency.BannedDependencies failed with message:\n[ERROR] a:b:jar:1\n[ERROR]    commons-logging:commons-logging:jar:1.2 <--- banned via the exclude/include list\n[ERROR] -> [Help 1]',
      [{ class: 'lint_error', tool: 'maven-enforcer', code: 'BannedDependencies' }],
    ],
    [
      'surefire summary names qualified by the class line',
      '[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.05 s <<< FAILURE! - in org.shop.PricingTest\n[ERROR] Failures: \n[ERROR]   PricingTest.total:15 expected: <3> but was: <4>\n[ERROR] Tests run: 2, Failures: 1',
      [{ class: 'test_fail', tool: 'maven', test: 'org.shop.PricingTest.total' }],
    ],
    [
      'a FunSuite test failed on a future\'s timeout',
      'MathSuite:\n- adds *** FAILED ***\n  java.util.concurrent.TimeoutException: Futures timed out after [1 second]',
      [{ class: 'timeout', tool: 'scalatest', test: 'MathSuite > adds' }],
    ],
    [
      'a clojure.test failure without lein\'s :only line',
      'lein test a.core-test\n\nFAIL in (adds) (core_test.clj:7)\nexpected: (= 5 (add 2 2))\n  actual: (not (= 5 4))',
      [{ class: 'test_fail', tool: 'leiningen', test: 'a.core-test/adds' }],
    ],
    [
      'lein: an artifact not in the repository',
      'Could not find artifact org.example:nope:jar:1.0 in central (https://repo1.maven.org/maven2/)',
      [{ class: 'dependency_missing', tool: 'leiningen', package: 'org.example:nope' }],
    ],
    [
      'lein: a reset connection is machinery',
      'Could not transfer artifact g:a:pom:1.0 from/to central (https://repo1.maven.org/maven2/): Connection reset',
      [{ class: 'orchestration_error', tool: 'leiningen' }],
    ],
  ])('JVM: %s', (_name, log, failures) => {
    expect(run(log).failures).toEqual(failures);
  });

  it.each(NATIVE_PARSERS.map((p) => p.name))('%s stays fast on a 1 MB pathological line', (name) => {
    const parser = NATIVE_PARSERS.find((p) => p.name === name)!;
    const lines = [
      `a.c:1:1: error: ${'a:1:'.repeat(250_000)}`,
      `[ERROR] ${' Time elapsed: 1 s'.repeat(60_000)}`,
      `CMake Error at ${' ('.repeat(500_000)}`,
      `x${' '.repeat(1_000_000)}Stop.`,
      `${'Could not find artifact a'.repeat(40_000)}`,
      `${'a'.repeat(1_000_000)} > x FAILED`,
    ];
    const start = performance.now();
    for (const l of lines) classifyText(`The following tests FAILED:\n${l}\n`, { parsers: [parser] });
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
