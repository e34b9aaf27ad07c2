import { describe, expect, it } from 'vitest';
import { classifyText } from '../../src/classify/index.ts';
import { cleanLine, textFor, unwrap, wrapperMask } from '../../src/classify/normalize.ts';

// Each wrapper with a real line of it: from public logs (the issue quoted), the tool's source, or a run here.
describe('unwrap()', () => {
  it.each([
    // eirslett/frontend-maven-plugin#978 (npm inside frontend-maven-plugin)
    ['Maven level around npm', '[INFO] npm ERR! command sh -c react-scripts build', ['maven'], 'npm ERR! command sh -c react-scripts build'],
    ['Maven empty level line', '[INFO] ', ['maven'], ''],
    // eirslett/frontend-maven-plugin#613: the plugin's own Maven log inside Maven's
    ['Maven inside Maven', '[INFO] [INFO] > echo pre-integration-test-success', ['maven', 'maven'], '> echo pre-integration-test-success'],
    ['sbt level', '[error] Test a.BTest.testX failed: java.lang.AssertionError', ['sbt'], 'Test a.BTest.testX failed: java.lang.AssertionError'],
    // Ant 1.10.13 run here
    ['Ant javac task', '    [javac] /tmp/wr/ant/src/Greeter.java:3: error: cannot find symbol', ['ant'], '/tmp/wr/ant/src/Greeter.java:3: error: cannot find symbol'],
    ['Ant exec task', "     [exec] src/price.ts(2,9): error TS2322: Type 'number' is not assignable to type 'string'.", ['ant'], "src/price.ts(2,9): error TS2322: Type 'number' is not assignable to type 'string'."],
    ['Ant junit task', '    [junit] Tests run: 1, Failures: 1, Errors: 0, Time elapsed: 0.02 sec', ['ant'], 'Tests run: 1, Failures: 1, Errors: 0, Time elapsed: 0.02 sec'],
    // Ezka77/xen-orchestra-ce#56
    ['BuildKit step and time', '#35 20.47 npm ERR! code ERESOLVE', ['buildkit'], 'npm ERR! code ERESOLVE'],
    // common-voice/common-voice#1001 (v1), ptrumpis/snap-camera-server#107 (v2)
    ['compose v1 service', "web_1      | Error: Cannot find module 'chalk'", ['compose'], "Error: Cannot find module 'chalk'"],
    ['compose v2 service', 'mysql-1     | 2024-02-20 16:18:18+00:00 [Note] [Entrypoint]', ['compose'], '2024-02-20 16:18:18+00:00 [Note] [Entrypoint]'],
    ['compose empty line', 'web_1      |', ['compose'], ''],
    // CocoaPods/CocoaPods#5993, #7422, #6375
    ['pod lint xcodebuild', "- ERROR | xcodebuild:  frameworktest/Classes/Dummy.m:19:29: error: expected ')'", ['cocoapods'], "frameworktest/Classes/Dummy.m:19:29: error: expected ')'"],
    ['pod lint with platform', "    - ERROR | [iOS] xcodebuild:  ShareView.swift:162:30: error: use of unresolved identifier 'ShareModel'", ['cocoapods'], "ShareView.swift:162:30: error: use of unresolved identifier 'ShareModel'"],
    ['pod lint subspec', "    - WARN  | [PlayKit/Core] xcodebuild:  PlayKit/A.swift:126:27: warning: 'as' test is always true", ['cocoapods'], "PlayKit/A.swift:126:27: warning: 'as' test is always true"],
    ['pod lint unknown', '- ERROR | [iOS] unknown: Encountered an unknown error (boom)', ['cocoapods'], 'Encountered an unknown error (boom)'],
    // XLNT/gnarly#6 (Lerna), vercel/turborepo#9277 and openapi-ts/openapi-typescript#2870 (Turbo)
    ['Lerna scoped package', "@xlnt/gnarly-core: src/utils.ts(1,27): error TS2307: Cannot find module 'x'.", ['workspace'], "src/utils.ts(1,27): error TS2307: Cannot find module 'x'."],
    ['Turbo scoped package', '@riptech/stripe:tsc: cache hit (outputs already on disk), suppressing logs 735e468ce0e5f1a9', ['workspace'], 'cache hit (outputs already on disk), suppressing logs 735e468ce0e5f1a9'],
    ['Turbo package', 'openapi-typescript-helpers:build: cache miss, executing a2386593374fa018', ['workspace'], 'cache miss, executing a2386593374fa018'],
    ['Turbo task with a colon', 'web:test:unit: FAIL src/a.test.ts', ['workspace'], 'FAIL src/a.test.ts'],
    ['pnpm recursive output', 'packages/core test: FAIL src/a.test.ts > adds', ['workspace'], 'FAIL src/a.test.ts > adds'],
    ['pnpm recursive command', 'packages/core test$ vitest run', ['workspace'], 'vitest run'],
    // github/codeql#16202: CodeQL's log of its autobuilder's log of Maven
    [
      'CodeQL around CodeQL around Maven',
      '[2024-04-12 15:36:40] [build-stdout] [2024-04-12 15:36:40] [autobuild] [INFO] BUILD FAILURE',
      ['codeql', 'codeql', 'maven'],
      'BUILD FAILURE',
    ],
    // Node's inspector (run here: node 24, console.error of an exec error)
    ['quoted stderr key', `  stderr: "fatal: '/x.git' does not appear to be a git repository\\n" +`, ['quoted'], "fatal: '/x.git' does not appear to be a git repository"],
    ['quoted continuation', "    'fatal: Could not read from remote repository.\\n' +", ['quoted'], 'fatal: Could not read from remote repository.'],
    ['quoted string with two messages', "  stderr: 'remote: Permission to x.git denied to bot.\\nfatal: unable to access'", ['quoted'], 'remote: Permission to x.git denied to bot. fatal: unable to access'],
    // sorenlouv/backport-github-action#160
    ['JSON stderr', '"stderr": "remote: Permission to g/g.git denied to github-actions[bot].\\nfatal: unable to access.",', ['quoted'], 'remote: Permission to g/g.git denied to github-actions[bot]. fatal: unable to access.'],
    ['Maven around Ant around a tool', '[INFO]      [exec] npm ERR! code E404', ['maven', 'ant'], 'npm ERR! code E404'],
  ])('%s', (_what, line, wrappers, inner) => {
    const layers = unwrap(line);
    expect(layers?.map((l) => l.wrapper)).toEqual(wrappers);
    expect(layers?.at(-1)?.text).toBe(inner);
  });

  it.each([
    ['a compiler location', 'src/a.ts:12:3: error: x'],
    ['a root-level file location', 'a.ts:12:3: error TS2322: x'],
    ['a Go location', 'main.go:12: undefined: x'],
    ['an error chain', 'Error: TypeError: x'],
    ['tox', 'ERROR: py311-lint: commands failed'],
    ['a note', 'note: x'],
    ['a URL', 'https://example.com/a:b: c'],
    ['a node internal', 'node:internal/modules/cjs/loader:1228'],
    ['a table', 'a | b'],
    ['a table with numbers', 'name | 12 | ok'],
    ['Python logging', 'ERROR:root:Something failed: x'],
    ['OpenSSL', 'error:0308010C:digital envelope routines::unsupported'],
    ['an unscoped Lerna package', 'my-pkg: src/a.ts(1,2): error TS1005'],
    ['a linker', '/usr/bin/ld: cannot find -lfoo'],
    ['a shell', '/bin/sh: 1: foo: not found'],
    ['make', 'make[1]: *** [Makefile:12: all] Error 1'],
    ['a BuildKit verdict', '#12 ERROR: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1'],
    ['a BuildKit step done', '#12 DONE 0.1s'],
    ['a Markdown heading', '#12 is the issue'],
    ['CodeQL at its own level', '[2022-02-18 14:58:31] [ERROR] Spawned process exited abnormally (code 1)'],
    ['a bracketed word', '[ant:checkstyle] [ERROR] /a/B.java:1: x [Rule]'],
    ['a Gradle task header', '> Task :app:compileJava FAILED'],
    ['an unpadded long Ant-like task', '[junitreport] Processing x'],
    ['indented code', '    const x = 1;'],
    ['a jest code frame', "    > 12 |     expect('a\\n').toBe('b')"],
    ['a CocoaPods finding of its own', '    - ERROR | [iOS] source: The `source` is invalid'],
    ['a Python string in a traceback', "    'not a js error string'"],
    ['a Docker classic builder step', 'Step 1/5 : FROM node'],
    ['a timestamped log line', '2024-02-20 16:18:18 [Note] x'],
  ])('leaves %s alone', (_what, line) => {
    expect(unwrap(line)).toBeNull();
  });

  it('stays linear on a long line that almost matches', () => {
    const line = `${'a_1'.repeat(20_000)} x`;
    const start = performance.now();
    for (let k = 0; k < 20; k++) unwrap(line);
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('textFor()', () => {
  const clean = cleanLine('web-1  | [ERROR] Failed to execute goal x');
  it('gives a parser that reads no wrapper the innermost text', () => {
    expect(textFor(clean, 0)).toBe('Failed to execute goal x');
  });
  it('stops at the first wrapper the parser reads itself', () => {
    expect(textFor(clean, wrapperMask(['maven']))).toBe('[ERROR] Failed to execute goal x');
  });
});

describe('cleanLine() with gh run view --log columns', () => {
  // cli/cli pkg/cmd/run/view: `fmt.Sprintf("%s\t%s\t", job.Name, step.Name)` before each line of the step's log.
  it('drops the job and step columns, then the timestamp', () => {
    expect(cleanLine('build\tRun npm test\t2024-05-01T10:00:00.1234567Z npm ERR! code E404').text).toBe('npm ERR! code E404');
  });
  it('keeps a byte-order mark out of the text', () => {
    expect(cleanLine('build (ubuntu)\tSet up job\t\ufeff2024-05-01T10:00:00.1234567Z Current runner version').text).toBe('Current runner version');
  });
  it('leaves tab-separated text without a timestamp', () => {
    expect(cleanLine('\tError Trace:\t/a/x_test.go:12').text).toBe('\tError Trace:\t/a/x_test.go:12');
  });
});

describe('wrapped lines reach their tool', () => {
  it('finds a keyword inside a wrapped line (the prefilter scans raw bytes)', () => {
    const r = classifyText(['#12 0.532 src/a.ts(1,7): error TS2322: Type x.', 'web-1  | ok'].join('\n'));
    expect(r.failures.map((f) => [f.tool, f.file, f.code])).toEqual([['tsc', 'src/a.ts', 'TS2322']]);
  });

  it('feeds Maven its own levels and the wrapped tool the inner text', () => {
    const log = [
      '[INFO] src/a.ts(1,7): error TS2322: Type x.',
      '[INFO] BUILD FAILURE',
      '[ERROR] Failed to execute goal com.github.eirslett:frontend-maven-plugin:1.15.0:npm (tsc) on project web: Failed to run task',
    ].join('\n');
    const r = classifyText(log);
    expect(r.failures.find((f) => f.tool === 'tsc')?.file).toBe('src/a.ts');
    expect(r.jobFailed?.line).toBe(2);
  });

  it('reads git under the GitHub CLI log columns', () => {
    const r = classifyText('deploy\tPush\t2024-05-01T10:00:00.1234567Z fatal: Could not read from remote repository.');
    expect(r.primary).toBe('orchestration_error');
  });
});
