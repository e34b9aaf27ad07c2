import { describe, expect, it } from 'vitest';
import { Classifier, classifyText } from '../../src/classify/index.ts';

const gha = (lines: string[]): string => `${lines.map((l) => `2026-12-06T03:00:00.0000000Z ${l}`).join('\n')}\n`;
const step = (command: string, output: string[], exit = 1): string[] => [
  `##[group]Run ${command}`,
  command,
  'shell: /usr/bin/bash -e {0}',
  '##[endgroup]',
  ...output,
  ...(exit === 0 ? [] : [`##[error]Process completed with exit code ${exit}.`]),
];
const brief = (log: string, options: Parameters<typeof classifyText>[1] = {}) => {
  const r = classifyText(log, options);
  return {
    primary: r.primary,
    failures: r.failures.map((f) => ({
      class: f.class,
      ...(f.file ? { file: f.file, line: f.line } : {}),
      ...(f.basis ? { basis: f.basis } : {}),
      tool: f.tool,
    })),
  };
};

describe('a failed unit of work that no tool explains is classed by its name', () => {
  it.each<[string, string, string, string]>([
    ['a GitHub step', gha(step('yarn prettier-check', ['Checking formatting...', '[warn] src/a.js', 'Error occurred'])), 'lint_error', 'github-actions'],
    ['a multi-line GitHub step, by its whole script', gha(['##[group]Run set -e', 'set -e', 'npm run typecheck', 'shell: /usr/bin/bash -e {0}', '##[endgroup]', 'nothing readable', '##[error]Process completed with exit code 2.']), 'compile_error', 'github-actions'],
    ['a Travis command', 'travis_time:start:1\r$ npm run lint\nsomething odd\n\x1b[31;1mThe command "npm run lint" exited with 1.\x1b[0m\n', 'lint_error', 'travis'],
    ['an npm ≤ 6 script', 'npm ERR! code ELIFECYCLE\nnpm ERR! errno 1\nnpm ERR! app@1.0.0 lint: `eslint .`\nnpm ERR! Exit status 1\nnpm ERR! Failed at the app@1.0.0 lint script.\n', 'lint_error', 'npm'],
    ['an npm ≥ 7 workspace script', 'npm ERR! Lifecycle script `test` failed with error:\nnpm ERR! Error: command failed\nnpm ERR!   in workspace: @acme/core\n', 'test_fail', 'npm'],
    ['a Gradle task', 'FAILURE: Build failed with an exception.\n\n* What went wrong:\nExecution failed for task \':core:checkFormatMain\'.\n> a violation was found\n', 'lint_error', 'gradle'],
    ['a Maven goal', '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-checkstyle-plugin:3.3.1:check (validate) on project core: You have 3 violations\n', 'lint_error', 'maven'],
    ['a tox 4 environment', 'py311-lint: FAIL code 1 (0.52=setup[0.01]+cmd[0.51] seconds)\n  evaluation failed :( (0.60 seconds)\n', 'lint_error', 'tox'],
    ['a tox interpreter environment', 'ERROR:   py39: commands failed\n', 'test_fail', 'tox'],
    ['a rake task', 'rake aborted!\nCommand failed with status (1): [ruby -w -Ilib odd.rb]\nTasks: TOP => default => spec\n', 'test_fail', 'rake'],
    ['a just recipe', 'error: Recipe `fmt-check` failed on line 12 with exit code 1\n', 'lint_error', 'just'],
    ['a BuildKit RUN', 'ERROR: failed to solve: process "/bin/sh -c npm test" did not complete successfully: exit code: 1\n', 'test_fail', 'docker'],
    ['the legacy Docker builder', "The command '/bin/sh -c bundle exec rake spec' returned a non-zero code: 1\n", 'test_fail', 'docker'],
    ['a Lerna command', "lerna ERR! npm run test exited 1 in '@acme/web'\n", 'test_fail', 'lerna'],
    ['a Turbo task', 'web#lint: command (/home/runner/work/x/x/apps/web) npm run lint exited (1)\n', 'lint_error', 'turbo'],
    ['an Nx target', 'Running target build for project app failed\n', 'compile_error', 'nx'],
    ['a GitLab job, by the command it ran last', '$ npm ci\nadded 3 packages\n$ npm run lint\nodd output\nERROR: Job failed: exit code 1\n', 'lint_error', 'shell'],
    ['a make target', 'make: *** [Makefile:12: lint] Error 1\n', 'lint_error', 'make'],
    ['a make object target is a compiler run', 'make[2]: *** [CMakeFiles/app.dir/build.make:76: CMakeFiles/app.dir/src/a.cpp.o] Error 1\n', 'compile_error', 'make'],
  ])('%s', (_what, log, cls, tool) => {
    expect(brief(log)).toEqual({ primary: cls, failures: [{ class: cls, basis: 'step', tool }] });
  });

  it('prefers what failed inside a step to the step itself: a build step whose test task failed', () => {
    const log = gha(step('./gradlew build', ['> Task :app:test FAILED', 'odd output']));
    expect(brief(log).failures).toEqual([{ class: 'test_fail', basis: 'step', tool: 'gradle' }]);
  });

  it('names npm ≥ 7 scripts by the header of the script that was running', () => {
    const log = gha(step('npm run ci', ['', '> app@1.0.0 ci', '> npm run lint && npm test', '', '> app@1.0.0 lint', '> node scripts/headers.js', '', 'src/a.js: no header']));
    const r = classifyText(log);
    expect(r.failures).toMatchObject([{ class: 'lint_error', basis: 'step', tool: 'npm', message: expect.stringContaining('Script "lint" failed') }]);
  });

  it('takes the caller\'s name of the step when the log itself has none (the Action\'s run:, an archive\'s step file)', () => {
    expect(brief('odd output\n', { exitCode: 1, unit: 'npm run lint' })).toEqual({ primary: 'lint_error', failures: [{ class: 'lint_error', basis: 'step', tool: 'punchlist' }] });
  });

  it('says why in its message and keeps the naming and failing lines as evidence', () => {
    const r = classifyText('$ npm run lint\nodd\nERROR: Job failed: exit code 1\n');
    expect(r.failures[0]).toMatchObject({
      message: 'Command "npm run lint" failed; its name says "lint": ERROR: Job failed: exit code 1',
      evidence: [{ line: 1, text: '$ npm run lint' }, { line: 3, text: 'ERROR: Job failed: exit code 1' }],
    });
  });
});

describe('a unit that a tool explains, or that passed, gets nothing inferred', () => {
  it.each<[string, string, string | null]>([
    ['a step whose tool said why', gha(step('npm run lint', ['src/a.ts(3,5): error TS2322: Type \'string\' is not assignable to type \'number\'.'])), 'compile_error'],
    ['a step that passed', gha([...step('npm run lint', ['all good'], 0), 'Post job cleanup.']), null],
    ['a make error the makefile ignores', 'make: *** [Makefile:3: lint] Error 1 (ignored)\n', null],
    ['a pre-commit hook that passed', 'check yaml...............................................................Passed\n', null],
    ['a Travis command that passed', '$ npm test\nok\nThe command "npm test" exited with 0.\n', null],
    ['a step of a name the vocabulary does not know', gha(step('./ci.sh', ['odd output'])), 'unknown'],
  ])('%s', (_what, log, primary) => {
    const r = classifyText(log);
    expect(r.primary).toBe(primary);
    expect(r.failures.filter((f) => f.basis === 'step')).toEqual([]);
  });
});

describe('a failed job never reads green', () => {
  it.each<[string, string, string]>([
    ['a JavaScript action\'s core.setFailed', gha(['##[group]Run dependabot/fetch-metadata@v2', '##[endgroup]', '##[error]Dependabot encountered an error']), 'Dependabot encountered an error'],
    ['GitLab\'s verdict', 'odd\nERROR: Job failed: exit code 2\n', 'ERROR: Job failed: exit code 2'],
    ['Jenkins\' verdict', 'odd\nFinished: FAILURE\n', 'Finished: FAILURE'],
    ['Jenkins\' sh step', 'odd\nERROR: script returned exit code 3\n', 'ERROR: script returned exit code 3'],
    ['npm\'s ELIFECYCLE alone', 'odd\nnpm ERR! code ELIFECYCLE\n', 'npm ERR! code ELIFECYCLE'],
    ['pnpm\'s ELIFECYCLE', 'odd\n ELIFECYCLE  Command failed with exit code 1.\n', ' ELIFECYCLE  Command failed with exit code 1.'],
    ['yarn\'s verdict', 'odd\nerror Command failed with exit code 1.\n', 'error Command failed with exit code 1.'],
  ])('%s', (_what, log, evidence) => {
    const r = classifyText(log);
    expect(r.primary).not.toBeNull();
    expect(r.jobFailed?.text.trim()).toBe(evidence.trim());
    expect(r.jobFailed?.line).toBeGreaterThan(0);
  });

  it('never presents the exit code it was given as a line of the log', () => {
    const r = classifyText('nothing readable\n', { exitCode: 3 });
    expect(r.primary).toBe('unknown');
    expect(r.jobFailed).toEqual({ line: 0, text: 'The step exited with code 3; the log does not say why.' });
  });

  it.each<[string, string, string]>([
    ['GitLab\'s time limit', 'ERROR: Job failed: execution took longer than 1h0m0s seconds\n', 'timeout'],
    ['GitLab\'s own fault', 'ERROR: Job failed (system failure): Error response from daemon: no such container\n', 'orchestration_error'],
    ['Jenkins losing its agent', 'ERROR: Connection was broken\nFinished: FAILURE\n', 'orchestration_error'],
    ['Jenkins failing to check out', "ERROR: Error cloning remote repo 'origin'\nFinished: FAILURE\n", 'orchestration_error'],
  ])('%s is the runner\'s own words', (_what, log, cls) => {
    expect(brief(log).primary).toBe(cls);
  });
});

describe('runner annotations with a location are failures there', () => {
  it('classes `##[error]file:line:col: msg` by the step that printed it', () => {
    const log = gha(step('golangci/golangci-lint-action@v6', ['##[error]pkg/x.go:12:3: ineffectual assignment to err (ineffassign)', '##[error]issues found']));
    expect(brief(log).failures).toEqual([{ class: 'lint_error', file: 'pkg/x.go', line: 12, basis: 'step', tool: 'github-actions' }]);
  });

  it('classes a `::error file=…` workflow command by its title when it names a tool', () => {
    const log = '::error file=src/a.py,line=4,col=1,title=flake8::E302 expected 2 blank lines\n';
    expect(brief(log, { exitCode: 1 }).failures).toEqual([{ class: 'lint_error', file: 'src/a.py', line: 4, tool: 'flake8' }]);
  });

  it('is unknown at its place when neither the title nor the step says more', () => {
    const log = gha(step('./check.sh', ['##[error]src/a.c:3: something is off']));
    expect(brief(log).failures).toEqual([{ class: 'unknown', file: 'src/a.c', line: 3 }]);
  });

  it('counts warnings only when they are all the failed step shows', () => {
    const warnOnly = gha(step('swiftlint --strict', ['##[warning]Sources/A.swift:9:1: Line Length Violation (line_length)']));
    expect(brief(warnOnly).failures).toEqual([{ class: 'lint_error', file: 'Sources/A.swift', line: 9, basis: 'step', tool: 'github-actions' }]);
    const passed = gha([...step('swiftlint', ['##[warning]Sources/A.swift:9:1: Line Length Violation (line_length)'], 0), 'Post job cleanup.']);
    expect(brief(passed).failures).toEqual([]);
  });

  it('does not repeat a finding a tool\'s parser already reported at the same place', () => {
    const log = gha(step('npx tsc', ["src/a.ts(3,5): error TS2322: Type 'string' is not assignable to type 'number'.", "##[error]src/a.ts(3,5): error TS2322: Type 'string' is not assignable to type 'number'."]));
    expect(brief(log).failures).toEqual([{ class: 'compile_error', file: 'src/a.ts', line: 3, tool: 'tsc' }]);
  });
});

describe('a log copied from GitHub\'s web view', () => {
  it('reads `Error: Process completed with exit code 1.` as the runner\'s line', () => {
    const r = classifyText('Run ./check.sh\nodd output\nError: Process completed with exit code 1.\n');
    expect(r.primary).toBe('unknown');
    expect(r.jobFailed).toEqual({ line: 3, text: 'Process completed with exit code 1.' });
  });
});

describe('a unit that delivers something and was refused is the machinery\'s', () => {
  it.each<[string, string, string | null]>([
    ['a deploy step refused by the registry', gha(step('npm run deploy', ['odd', 'Error: 403 Forbidden - PUT https://registry.example.com/app'])), 'orchestration_error'],
    ['a publish step that lacks a token', gha(step('npm publish', ['npm error code ENEEDAUTH', 'npm error need auth'])), 'orchestration_error'],
    ['a deploy step that failed for another reason', gha(step('npm run deploy', ['odd output'])), 'unknown'],
    ['a test step that printed a 403 is still a test step', gha(step('npm test', ['GET /admin 403 Forbidden (expected)'])), 'test_fail'],
  ])('%s', (_what, log, primary) => {
    expect(classifyText(log).primary).toBe(primary);
  });
});

// A step's script (its `##[group]` body) names it only if it fails: the engine keeps the lines after the group line
// (ParserSink.keep) and the parser reads them back then, instead of staying active while they pass.
describe('a GitHub step named by its script', () => {
  const noise = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => `compiled module ${from + i} fine`);
  const stepMessage = (log: string): string | undefined => classifyText(log).failures.find((f) => f.basis === 'step')?.message;

  it('reads the script back from lines passed over while every parser was idle, however the input is cut', () => {
    const log = gha([...noise(0, 2000), '##[group]Run set -e', 'set -e', 'npm run typecheck', 'shell: /usr/bin/bash -e {0}', '##[endgroup]', ...noise(2000, 2000), '##[error]Process completed with exit code 2.']);
    const whole = classifyText(log);
    expect(whole.primary).toBe('compile_error');
    expect(whole.failures[0]!.message).toContain('set -e ; npm run typecheck');
    const bytes = new TextEncoder().encode(log);
    for (const size of [17, 4096, 65_536 + 3]) {
      const c = new Classifier();
      for (let at = 0; at < bytes.length; at += size) c.pushBytes(bytes.slice(at, at + size));
      expect(c.end()).toEqual(whole);
    }
  });

  it('keeps its Run line as its name when the step closes before its script ends', () => {
    const open = gha(['##[group]Run echo start', 'npm run typecheck', '##[error]Process completed with exit code 2.', '##[group]Run next']);
    const closed = gha(['##[group]Run echo start', 'npm run typecheck', '##[endgroup]', '##[error]Process completed with exit code 2.', '##[group]Run next']);
    expect(stepMessage(open) ?? '').not.toContain('typecheck');
    expect(stepMessage(closed)).toContain('Step "npm run typecheck"');
  });

  it('reads at most MAX_BODY_LINES lines of script, blank lines aside', () => {
    // 20 lines with a word in them, each after a blank one, then a 21st: `tsc` names the step, `e21` is not read.
    const script = ['npm run typecheck', ...Array.from({ length: 19 }, (_, i) => ['', `e${i + 2}`]).flat(), '', 'e21'];
    const message = stepMessage(gha(['##[group]Run npm run typecheck', ...script, '##[endgroup]', '##[error]Process completed with exit code 2.'])) ?? '';
    expect(message).toContain('"npm run typecheck ; e2 ; e3 ; ');
    expect(message).toContain('; e20"');
    expect(message).not.toContain('e21');
  });
});
