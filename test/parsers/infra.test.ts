import { describe, expect, it } from 'vitest';
import { classifyText } from '../../src/classify/index.ts';
import { INFRA_PARSERS } from '../../src/classify/parsers/infra/index.ts';

const run = (lines: string[], exitCode?: number) =>
  classifyText(`${lines.join('\n')}\n`, { parsers: INFRA_PARSERS, ...(exitCode === undefined ? {} : { exitCode }) });
const gha = (lines: string[]): string[] => lines.map((l) => `2026-11-25T18:51:17.7472490Z ${l}`);

describe('infra parsers: the primary class a log shows', () => {
  it.each<[string, string[], string | null]>([
    ['GitHub job time limit', gha(['##[group]Run npm test', '##[endgroup]', '##[error]The job running on runner GitHub Actions 7 has exceeded the maximum execution time of 30 minutes.', '##[error]The operation was canceled.']), 'timeout'],
    ['GitHub job time limit, newer wording', gha(['##[error]The job has exceeded the maximum execution time of 1h0m0s']), 'timeout'],
    ['GitHub action time limit', gha(["##[error]The action 'Verify release' has timed out after 3 minutes."]), 'timeout'],
    // Cancellation (a user, a newer push, a failing matrix sibling) is not a failure of this job.
    ['a cancelled run', gha(['##[group]Run sleep 600', '##[endgroup]', '##[error]The operation was canceled.']), 'unknown'],
    ['runner shutdown', gha(['##[error]The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled.']), 'orchestration_error'],
    ['lost runner', gha(['##[error]The hosted runner: GitHub Actions 3 lost communication with the server. Anything in your workflow that terminates the runner process can cause this error.']), 'orchestration_error'],
    ['full disk in a failing step', gha(['##[group]Run docker build .', '##[endgroup]', 'write /var/lib/docker/tmp/x: no space left on device', 'System.IO.IOException: No space left on device : \'/home/runner/runners/2.317.0/_diag/Worker.log\'', '##[error]Process completed with exit code 1.']), 'orchestration_error'],
    ['an action that cannot be resolved', gha(['##[error]Unable to resolve action securecodewarrior/github-action-gosec, repository not found']), 'dependency_missing'],
    ['the forge failing the runner', gha(['##[error]Response status code does not indicate success: 503 (Service Unavailable).']), 'orchestration_error'],
    ['a forge retry that is only a warning', gha(["##[warning]Failed to download action 'https://api.github.com/repos/actions/checkout/tarball/abc'. Error: Response status code does not indicate success: 503 (Service Unavailable)."]), null],
    ['only the exit line', gha(['##[group]Run ./gate.sh', '##[endgroup]', '##[error]Process completed with exit code 1.']), 'unknown'],
    ['Travis no-output kill', ['No output has been received in the last 10m0s, this potentially indicates a stalled build or something wrong with the build itself.', 'The build has been terminated'], 'timeout'],
    ['Travis job time limit', ['The job exceeded the maximum time limit for jobs, and has been terminated.'], 'timeout'],
    ['Travis build exit only', ['\x1b[31;1mThe command "test/run !" exited with 1.\x1b[0m', '', 'Done. Your build exited with 1.'], 'unknown'],
    ['Travis passing commands', ['\x1b[32;1mThe command "make" exited with 0.\x1b[0m', 'Done. Your build exited with 0.'], null],
    ['Travis git clone whose message git does not explain', ['travis_fold:start:git.checkout\x1b[0Ktravis_time:start:0d3f1274\x1b[0K$ git clone --depth=50 https://github.com/acme/app.git acme/app', 'Cloning into \'acme/app\'...', 'error: unexpected disconnect', '\x1b[31;1mThe command "eval git clone --depth=50 https://github.com/acme/app.git acme/app" failed 3 times.\x1b[0m'], 'orchestration_error'],
    ['a bare exit 124 with nothing printed', [''], 'unknown'],
    ['timeout --verbose, C locale', ["timeout: sending signal TERM to command 'npm'"], 'timeout'],
  ])('%s → %s', (_name, lines, primary) => {
    expect(run(lines, lines.length === 1 && lines[0] === '' ? 124 : undefined).primary).toBe(primary);
  });
});

describe('infra parsers: noise that must not count', () => {
  const travisTail = (body: string[], exit: number): string[] => [
    'travis_fold:start:install\x1b[0Ktravis_time:start:0a\x1b[0K$ ./install.sh',
    ...body,
    `\x1b[${exit === 0 ? 32 : 31};1mThe command "./install.sh" exited with ${exit}.\x1b[0m`,
  ];
  it.each<[string, string[]]>([
    // macOS Travis images: RVM's hook is missing in the non-interactive shell, after the build is over.
    ['shell_session_update after the build', [...travisTail(['ok'], 1), '', 'Done. Your build exited with 1.', '/Users/travis/build.sh: line 109: shell_session_update: command not found']],
    ['shell_session_update in a plain log', ['/Users/travis/.rvm/bin/rvm: line 66: shell_session_update: command not found']],
    // A test that runs a missing command on purpose: the step fails with 1, not the shell's 127.
    ['a missing command inside a failing test step', travisTail(['/bin/bash: xxx-non-existent-command-xxx: command not found', '(1/3) [EXECUTE] Error: assertion failed'], 1)],
    ['a missing command the step survives', travisTail(['bash: tput: command not found', 'done'], 0)],
    // rvm probes several mirrors; the 404s end with the setup step, which goes on.
    ['rvm mirror probes', ['travis_fold:start:rvm\x1b[0Ktravis_time:start:0f\x1b[0K$ rvm use 1.8.7 --install --binary --fuzzy', 'curl: (22) The requested URL returned error: 403 Forbidden', 'curl: (22) The requested URL returned error: 404 Not Found', 'Found remote file https://rubies.travis-ci.org/ruby-1.8.7.tar.bz2', 'travis_fold:end:rvm', '$ ruby --version', 'ruby 1.8.7']],
    ['a network error in a step that passed', [...gha(['##[group]Run ./probe.sh', '##[endgroup]', 'curl: (7) Failed to connect to localhost port 8080 after 0 ms: Connection refused', '##[group]Run npm test', '##[endgroup]'])]],
    ['a git error in a command that exits 0', travisTail(['fatal: unable to access \'https://github.com/acme/x/\': Could not resolve host: github.com'], 0)],
    ['gcc is not git', ['src/bus.c:2:10: fatal error: zmq.h: No such file or directory', 'compilation terminated.']],
    ['a git error that is the project\'s', ['fatal: No names found, cannot describe anything.']],
    ['apt warnings', ['W: Failed to fetch https://packagecloud.io/github/git-lfs/ubuntu/dists/trusty/InRelease  The following signatures couldn\'t be verified']],
    ['pytest ids that quote shell errors', ['tests/rules/test_no_command.py::test_match[vom file.py-vom: not found] PASSED [ 73%]', 'tests/rules/test_chmod_x.py::test_match[./gradlew build-gradlew: Permission denied] PASSED [ 18%]']],
    ['a SIGKILL in a step that passed', travisTail(['/usr/bin/compile: line 9:    15 Killed                  cabal build'], 0)],
    ['yamllint warnings without -s', ['compose.yml', '  1:1       warning  missing document start "---"  (document-start)', '']],
    ['curl 404 alone', ['curl: (22) The requested URL returned error: 404 Not Found']],
  ])('%s', (_name, lines) => {
    // The failed step's own name may still class it (units.test.ts covers that): these lines must add nothing.
    expect(run(lines).failures.filter((f) => f.basis === undefined)).toEqual([]);
  });
});

describe('infra parsers: what each failure carries', () => {
  it.each<[string, string[], Record<string, unknown>]>([
    ['missing command, exit 127 in a Travis step', ['$ gulp build', '/home/travis/.travis/job_stages: line 104: gulp: command not found', '\x1b[31;1mThe command "gulp build" exited with 127.\x1b[0m', 'Done. Your build exited with 1.'], { class: 'dependency_missing', package: 'gulp', tool: 'shell' }],
    ['missing command, make reports 127', ['protoc --python_out=gen x.proto', 'sh: 1: protoc: not found', 'make: *** [Makefile:5: generate] Error 127', ...gha(['##[error]Process completed with exit code 2.'])], { class: 'dependency_missing', package: 'protoc' }],
    ['zsh missing command', ['zsh:1: command not found: poetry'], { class: 'dependency_missing', package: 'poetry' }],
    ['env without its interpreter', ['/usr/bin/env: ‘python’: No such file or directory'], { class: 'dependency_missing', package: 'python' }],
    ['script without its exec bit in a Travis step', ['$ ./gradlew build', '/home/travis/.travis/job_stages: line 104: ./gradlew: Permission denied', 'The command "./gradlew build" exited with 126.'], { class: 'orchestration_error', tool: 'shell' }],
    ['unresolvable action', gha(["##[error]Unable to resolve action 'softprops/action-gh-release@153bb8e', unable to find version '153bb8e'"]), { class: 'dependency_missing', package: 'softprops/action-gh-release' }],
    ['action.yml missing from a downloaded action', gha(["##[error]Can't find 'action.yml', 'action.yaml' or 'Dockerfile' under '/home/runner/work/_actions/acme/setup/v2'. Did you forget to run actions/checkout before running your local action?"]), { class: 'dependency_missing', package: 'acme/setup' }],
    ['apt cannot find a package', ['E: Unable to locate package libzmq3-devel', ...gha(['##[error]Process completed with exit code 100.'])], { class: 'dependency_missing', package: 'libzmq3-devel', tool: 'apt' }],
    ['a service the tests need is down', ['Error: connect ECONNREFUSED 127.0.0.1:5432', '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)'], { class: 'orchestration_error', tool: 'node' }],
    ['docker pull rate limit', ['Error response from daemon: toomanyrequests: You have reached your pull rate limit.'], { class: 'orchestration_error', tool: 'docker' }],
    ['OOM kill', ['[ 1234.5678] Out of memory: Killed process 4242 (node) total-vm:8123456kB'], { class: 'orchestration_error', tool: 'kernel' }],
    ['SIGKILL that ended the step', ['/usr/bin/compile: line 9:    15 Killed                  cabal build', '\x1b[31;1mThe command "./compile.sh" exited with 137.\x1b[0m'], { class: 'orchestration_error', tool: 'bash' }],
    ['ssh key refused', ['git@github.com: Permission denied (publickey).', 'fatal: Could not read from remote repository.'], { class: 'orchestration_error', tool: 'git', message: 'git@github.com: Permission denied (publickey).' }],
    ['git 2.35.2\'s unsafe repository, the older wording of dubious ownership', ["fatal: unsafe repository ('/github/workspace' is owned by someone else)", 'To add an exception for this directory, call:', ...gha(['##[error]Process completed with exit code 128.'])], { class: 'orchestration_error', tool: 'git' }],
    ['push refused by the forge', ['remote: Permission to acme/app.git denied to github-actions[bot].', "fatal: unable to access 'https://github.com/acme/app/': The requested URL returned error: 403"], { class: 'orchestration_error', tool: 'git' }],
    ['yamllint -s in a GitHub step', gha(['##[group]Run yamllint -s .', '##[endgroup]', 'ci.yml', '  1:1       warning  missing document start "---"  (document-start)', '##[error]Process completed with exit code 2.']), { class: 'lint_error', file: 'ci.yml', line: 1, column: 1, code: 'document-start' }],
    ['yamllint warnings ended by its strict exit status', ['ci.yml', '  1:1       warning  missing document start "---"  (document-start)', '', '\x1b[31;1mThe command "yamllint ." exited with 2.\x1b[0m'], { class: 'lint_error', file: 'ci.yml', code: 'document-start' }],
    ['shellcheck tty block under a tab', ['In deploy.sh line 7:', '\tscp $f host:', '            ^-- SC2086 (info): Double quote to prevent globbing and word splitting.'], { class: 'lint_error', file: 'deploy.sh', line: 7, column: 6, code: 'SC2086' }],
  ])('%s', (_name, lines, expected) => {
    const r = run(lines);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject(expected);
  });

  it('keeps the most telling job-failure line: a multi-line Travis command\'s verdict', () => {
    const r = run(['\x1b[31;1mThe command "docker run img \\', '  ./run-tests.sh"', '" exited with 255.\x1b[0m', '', 'Done. Your build exited with 1.']);
    expect(r.primary).toBe('unknown');
    expect(r.jobFailed).toEqual({ line: 3, text: '" exited with 255.' });
  });

  it('reports a network error and the git failure it causes once each, not once per line', () => {
    const r = run(['Cloning into \'w5\'...', 'ssh: connect to host 127.0.0.1 port 1: Connection refused', 'fatal: Could not read from remote repository.', '', 'Please make sure you have the correct access rights']);
    expect(r.failures.map((f) => [f.class, f.tool, f.evidence.map((e) => e.line)])).toEqual([['orchestration_error', 'git', [2, 3]]]);
  });
});
