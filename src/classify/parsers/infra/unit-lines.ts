import type { UnitName } from '../../failure.ts';
import { ev, type LineContext } from '../../parser.ts';

/** What one line says about a unit of work. */
export type UnitLine =
  | { kind: 'none' }
  /** A script starts (`> pkg@1.0.0 lint`): the name for a later bare `ELIFECYCLE`. */
  | { kind: 'script'; unit: UnitName }
  /** A unit failed, and the next lines name it better (pre-commit's `- hook id:`). */
  | { kind: 'pending'; unit: UnitName }
  /** A unit failed; `unit` null when the line names none (pnpm's `ELIFECYCLE`, yarn's `Command failed`). */
  | { kind: 'failed'; unit: UnitName | null; tool: string }
  /** The job failed (GitLab's, Jenkins' verdict), naming no unit. */
  | { kind: 'job-failed' }
  /** The runner says why in its own words: a time limit or its own machinery. */
  | { kind: 'runner'; class: 'timeout' | 'orchestration_error'; tool: string };

const NONE: UnitLine = { kind: 'none' };

// npm ≤ 6 and pnpm print `> pkg@1.0.0 lint /path`, npm ≥ 7 `> pkg@1.0.0 lint`, before running a script.
const SCRIPT_HEADER = /^> (\S+@\S*) ([^\s/]\S*)(?: \/\S*)?$/;
// npm ≤ 6: `npm ERR! Failed at the pkg@1.0.0 lint script.`; `npm ERR! pkg@1.0.0 lint: `eslint .``.
const NPM_FAILED_AT = /^npm ERR! Failed at the \S+ (\S+) script/;
const NPM_SCRIPT_COMMAND = /^npm ERR! \S+@\S* ([^\s:]+): `(.{1,1000})`$/;
// npm ≥ 7 in workspaces: `npm ERR! Lifecycle script `lint` failed with error:` (npm 10: `npm error …`).
const NPM_LIFECYCLE = /^npm (?:ERR!|error) Lifecycle script `([^`]+)` failed with error/;
// npm ≥ 7: `npm ERR! command sh -c eslint .` (the failed script's command line).
const NPM_COMMAND = /^npm (?:ERR!|error) command (?:sh|bash|\/bin\/sh|\S*cmd\.exe) (?:-c|\/d \/s \/c) (.{1,1000})$/;
const NPM_ELIFECYCLE = /^npm ERR! code ELIFECYCLE$/;
// pnpm: ` ELIFECYCLE  Command failed with exit code 1.`; `ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL  pkg@1.0.0 test: `jest``.
const PNPM_ELIFECYCLE = /^\s*ELIFECYCLE\s+Command failed\b/;
const PNPM_RECURSIVE = /ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL\s+\S+@\S* ([^\s:]+): `?(.{0,1000}?)`?$/;
const YARN_FAILED = /^error Command failed with exit code \d+\.$/;
// GNU make: `make: *** [Makefile:12: lint] Error 1`, `make[2]: *** [src/a.o] Error 1`; ignored errors do not count.
const MAKE = /^(?:\S*[/\\])?(?:mingw32-|g)?make(?:\.exe)?(?:\[\d+\])?: \*\*\* \[([^\]]{1,500})\] (?:Error \d+|Segmentation fault|Killed)(.*)$/;
// Gradle: `Execution failed for task ':core:checkFormatMain'.`, `> Task :app:test FAILED`.
const GRADLE_EXECUTION = /^Execution failed for task '([^']{1,300})'/;
const GRADLE_TASK = /^> Task (:\S{1,300}) FAILED$/;
// Maven: `Failed to execute goal org.apache.maven.plugins:maven-checkstyle-plugin:3.1.2:check (validate) on project x:`.
const MAVEN_GOAL = /Failed to execute goal ([\w.-]{1,200}):([\w.-]{1,200}):(?:[\w.${}-]{1,100}:)?([\w.-]{1,100}) \(([^)]{0,300})\) on project/;
// tox 3: `ERROR:   py311-lint: commands failed`, `ERROR: InvocationError for command /x/bin/flake8 src (exited with code 1)`;
// tox 4: `py311-lint: FAIL code 1 (0.52=setup[0.01]+cmd[0.51] seconds)`, `  lint: FAIL ✖ in 1.2 seconds`.
const TOX3_ENV = /^ERROR:\s+(\S{1,200}): commands failed$/;
const TOX_COMMAND = /^ERROR: InvocationError for command (.{1,1000}?) \(exited with code \d+\)/;
const TOX4_ENV = /^\s*(\S{1,200}): FAIL (?:code \d+|✖)/;
// nox: `nox > Session lint failed.`, `nox > Session tests-3.11 raised exception`.
const NOX = /^nox > Session (.{1,300}?) (?:failed|raised exception)/;
// rake: `Tasks: TOP => default => spec`, `Command failed with status (1): [ruby -w -Ilib …]`.
const RAKE_TASKS = /^Tasks: TOP => (.{1,500})$/;
const RAKE_COMMAND = /^Command failed with status \(\d+\): \[(.{1,1000}?)\]/;
// pre-commit: `flake8...................................Failed` then `- hook id: flake8`.
const PRE_COMMIT = /^(\S.{0,200}?)\.{3,}(?:\([^)]{0,100}\))?Failed$/;
const HOOK_ID = /^- hook id: (\S{1,200})$/;
// just: `error: Recipe `lint` failed on line 5 with exit code 1`.
const JUST = /^error: Recipe `([^`]{1,200})` failed (?:on line \d+ )?with exit code \d+/;
// Docker: BuildKit `failed to solve: process "/bin/sh -c npm test" did not complete successfully: exit code: 1`,
// older buildx `executor failed running [/bin/sh -c npm test]: exit code: 1`, the legacy builder
// `The command '/bin/sh -c npm test' returned a non-zero code: 1`.
const DOCKER_SOLVE = /failed to solve: process "(.{1,1000}?)" did not complete successfully/;
const DOCKER_EXECUTOR = /executor failed running \[(.{1,1000}?)\]: exit code: \d+/;
const DOCKER_LEGACY = /^The command '(.{1,1000}?)' returned a non-zero code: \d+/;
// Lerna: `lerna ERR! npm run test exited 1 in '@scope/pkg'`; Nx: `Running target test for project app failed`;
// Turbo: `web#lint: command (/x/apps/web) npm run lint exited (1)`.
const LERNA = /^lerna ERR! (.{1,500}?) exited \d+ in '([^']{1,200})'/;
const NX = /Running target (\S{1,200}) for project (\S{1,200}) failed/;
const TURBO = /^(?:(\S{1,200})#(\S{1,200}): |(?:ERROR: )?command finished with error: )command \([^)]{0,500}\) (.{1,500}) exited \(\d+\)/;
// GitLab: `ERROR: Job failed: exit code 1`; its time limit and its own faults have their own words.
const GITLAB_FAILED = /^ERROR: Job failed: exit code \d+/;
const GITLAB_TIMEOUT = /^ERROR: Job failed: execution took longer than /;
const GITLAB_SYSTEM = /^ERROR: Job failed \(system failure\)/;
// Jenkins: `Finished: FAILURE`, `ERROR: script returned exit code 1`; a lost agent or a failed checkout is the
// machinery's (https://www.jenkins.io/doc/pipeline/steps/workflow-durable-task-step/).
const JENKINS_FAILED = /^Finished: FAILURE$|^(?:ERROR: )?script returned exit code [1-9]\d*$/;
const JENKINS_MACHINERY = /^ERROR: Error (?:cloning|fetching) remote repo '|^ERROR: Connection was broken\b|^FATAL: command execution failed\b|hudson\.remoting\.ChannelClosedException/;

/** Reads one line for units of work; `pending` is the unit a previous line left unnamed. */
export function unitLine(text: string, ctx: LineContext, pending: UnitName | null): UnitLine {
  const unit = (kind: string, tool: string, name: string, command?: string): UnitName => ({
    kind,
    name: name.trim(),
    ...(command !== undefined && command.trim() !== '' ? { command: command.trim() } : {}),
    tool,
    evidence: ev(text, ctx),
  });
  const failed = (u: UnitName): UnitLine => ({ kind: 'failed', unit: u, tool: u.tool });
  let m: RegExpExecArray | null;

  if (pending) {
    m = HOOK_ID.exec(text);
    if (m) return failed({ ...pending, name: m[1]!, command: pending.name });
  }
  const c = text.charCodeAt(0);
  if (c === 62 /* > */) {
    if ((m = GRADLE_TASK.exec(text))) return failed(unit('gradle-task', 'gradle', m[1]!));
    if ((m = SCRIPT_HEADER.exec(text))) return { kind: 'script', unit: unit('npm-script', 'npm', m[2]!) };
    return NONE;
  }
  if (text.startsWith('npm ')) {
    if ((m = NPM_FAILED_AT.exec(text))) return failed(unit('npm-script', 'npm', m[1]!));
    if ((m = NPM_SCRIPT_COMMAND.exec(text))) return failed(unit('npm-script', 'npm', m[1]!, m[2]));
    if ((m = NPM_LIFECYCLE.exec(text))) return failed(unit('npm-script', 'npm', m[1]!));
    if ((m = NPM_COMMAND.exec(text))) return failed(unit('npm-command', 'npm', m[1]!));
    if (NPM_ELIFECYCLE.test(text)) return { kind: 'job-failed' };
    return NONE;
  }
  if (PNPM_ELIFECYCLE.test(text)) return { kind: 'failed', unit: null, tool: 'pnpm' };
  if ((m = PNPM_RECURSIVE.exec(text))) return failed(unit('npm-script', 'pnpm', m[1]!, m[2]));
  if (YARN_FAILED.test(text)) return { kind: 'failed', unit: null, tool: 'yarn' };
  if ((m = MAKE.exec(text))) {
    if (m[2]!.includes('(ignored)')) return NONE;
    const target = m[1]!.slice(m[1]!.lastIndexOf(': ') + 1).trim();
    return failed(unit('make-target', 'make', target));
  }
  if ((m = GRADLE_EXECUTION.exec(text))) return failed(unit('gradle-task', 'gradle', m[1]!));
  if ((m = MAVEN_GOAL.exec(text))) {
    const plugin = m[2]!.replace(/^maven-|-maven-plugin$|-plugin$/g, '');
    return failed(unit('maven-goal', 'maven', `${plugin}:${m[3]!}`, m[4]));
  }
  if ((m = TOX3_ENV.exec(text) ?? TOX4_ENV.exec(text))) return failed(unit('tox-env', 'tox', m[1]!));
  if ((m = TOX_COMMAND.exec(text))) return failed(unit('command', 'tox', m[1]!));
  if ((m = NOX.exec(text))) return failed(unit('nox-session', 'nox', m[1]!));
  if ((m = RAKE_TASKS.exec(text))) return failed(unit('rake-task', 'rake', m[1]!.slice(m[1]!.lastIndexOf('=>') + 1)));
  if ((m = RAKE_COMMAND.exec(text))) return failed(unit('command', 'rake', m[1]!));
  if ((m = PRE_COMMIT.exec(text))) return { kind: 'pending', unit: unit('pre-commit-hook', 'pre-commit', m[1]!) };
  if ((m = JUST.exec(text))) return failed(unit('just-recipe', 'just', m[1]!));
  if ((m = DOCKER_SOLVE.exec(text) ?? DOCKER_EXECUTOR.exec(text) ?? DOCKER_LEGACY.exec(text))) {
    return failed(unit('docker-run', 'docker', m[1]!.replace(/^\/bin\/(?:ba)?sh -c /, '')));
  }
  if ((m = LERNA.exec(text))) return failed(unit('lerna-task', 'lerna', m[1]!));
  if ((m = NX.exec(text))) return failed(unit('nx-target', 'nx', m[1]!));
  if ((m = TURBO.exec(text))) return failed(unit('turbo-task', 'turbo', m[2] ?? m[3]!, m[3]));
  if (GITLAB_TIMEOUT.test(text)) return { kind: 'runner', class: 'timeout', tool: 'gitlab' };
  if (GITLAB_SYSTEM.test(text)) return { kind: 'runner', class: 'orchestration_error', tool: 'gitlab' };
  if (GITLAB_FAILED.test(text) || JENKINS_FAILED.test(text)) return { kind: 'job-failed' };
  if (JENKINS_MACHINERY.test(text)) return { kind: 'runner', class: 'orchestration_error', tool: 'jenkins' };
  return NONE;
}
