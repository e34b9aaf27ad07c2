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
      'Kotlin through Gradle',
      'e: file:///home/runner/work/app/app/src/main/kotlin/A.kt:12:5 Unresolved reference: foo',
      { class: 'compile_error', file: 'src/main/kotlin/A.kt', line: 12, column: 5, tool: 'kotlinc' },
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
