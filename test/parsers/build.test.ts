import { describe, expect, it } from 'vitest';
import { classifyText } from '../../src/classify/index.ts';
import { BUILD_PARSERS } from '../../src/classify/parsers/build/index.ts';
import { keyFields } from '../helpers/failure-fields.ts';

const run = (log: string) => classifyText(log, { parsers: BUILD_PARSERS });
const pick = (log: string) => run(log).failures.map((f) => keyFields(f));

describe('build parsers stay silent on noise and passing runs', () => {
  it.each([
    ["GitHub's closing error", 'Error: Process completed with exit code 1.\n'],
    ['a node error', "Error: Cannot find module 'x'\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1145:15)\n"],
    ['a terraform apply error from the cloud, cause unknown', '╷\n│ Error: creating EC2 Instance: InvalidAMIID.NotFound\n│ \n│   with aws_instance.web,\n│   on main.tf line 3, in resource "aws_instance" "web":\n│    3: resource "aws_instance" "web" {\n│ \n╵\n'],
    ['terraform fmt -check with nothing to format', '+ terraform fmt -check\n+ terraform validate\nSuccess! The configuration is valid.\n'],
    ['a passing bazel test summary', '//pkg:unit_test                                 PASSED in 0.4s\n\nExecuted 1 out of 1 test: 1 test passes.\n'],
    ['a bazel INFO line naming a target', 'INFO: Analyzed target //ui:bundle (0 packages loaded, 0 targets configured).\n'],
  ])('%s', (_name, log) => {
    expect(run(log).failures).toEqual([]);
  });
});

describe('bazel', () => {
  it.each([
    [
      'a failed test and its summary line are one failure',
      'FAIL: //pkg:unit_test (see /home/runner/.cache/bazel/_bazel_runner/x/execroot/_main/bazel-out/k8-fastbuild/testlogs/pkg/unit_test/test.log)\n//pkg:unit_test                                 FAILED in 3.2s\n',
      [{ class: 'test_fail', test: '//pkg:unit_test', tool: 'bazel' }],
    ],
    [
      'a test that hit its time limit',
      'TIMEOUT: //pkg:slow_test (see /tmp/testlogs/pkg/slow_test/test.log)\n//pkg:slow_test                                 TIMEOUT in 60.1s\n',
      [{ class: 'timeout', test: '//pkg:slow_test', tool: 'bazel' }],
    ],
    [
      'a flaky-retried test that failed every attempt',
      '//pkg:retry_test                                FAILED in 2 out of 2 in 1.5s\n',
      [{ class: 'test_fail', test: '//pkg:retry_test', tool: 'bazel' }],
    ],
    [
      'a BUILD file naming a package that does not exist',
      "ERROR: /home/runner/work/app/app/pkg/BUILD:12:5: no such package '@maven//': Repository '@maven' is not defined and referenced by '//pkg:lib'\n",
      [{ class: 'dependency_missing', file: 'pkg/BUILD', line: 12, package: '@maven//', tool: 'bazel' }],
    ],
    [
      'a label that names no target',
      "ERROR: /home/runner/work/app/app/app/BUILD.bazel:3:11: no such target '//lib:util': target 'util' not declared in package 'lib'\n",
      [{ class: 'dependency_missing', file: 'app/BUILD.bazel', line: 3, package: '//lib:util', tool: 'bazel' }],
    ],
    [
      'the older action failure form',
      "ERROR: /home/runner/work/app/app/src/BUILD:8:1: C++ compilation of rule '//src:main' failed (Exit 1)\n",
      [{ class: 'compile_error', file: 'src/BUILD', line: 8, tool: 'bazel' }],
    ],
  ])('%s', (_name, log, expected) => {
    expect(pick(log)).toEqual(expected);
  });

  it('says the build failed when nothing more is shown', () => {
    expect(run('ERROR: Build did NOT complete successfully\n').jobFailed?.line).toBe(1);
  });
});

describe('terraform', () => {
  it.each([
    [
      'a provider the registry does not have is a missing dependency, with the provider as package',
      [
        'Error: Failed to query available provider packages',
        '',
        'Could not retrieve the list of available versions for provider',
        'hashicorp/awss: provider registry registry.terraform.io does not have a',
        'provider named registry.terraform.io/hashicorp/awss',
        '',
      ].join('\n'),
      [{ class: 'dependency_missing', package: 'hashicorp/awss', tool: 'terraform' }],
    ],
    [
      'no release matching the version constraint',
      '╷\n│ Error: Failed to query available provider packages\n│ \n│ Could not retrieve the list of available versions for provider hashicorp/aws: no available releases match the given constraints ~> 99.0\n╵\n',
      [{ class: 'dependency_missing', package: 'hashicorp/aws', tool: 'terraform' }],
    ],
    [
      'a backend that cannot be initialised is the machinery',
      '╷\n│ Error: Backend initialization required, please run "terraform init"\n│ \n│ Reason: Initial configuration of the requested backend "s3"\n╵\n',
      [{ class: 'orchestration_error', tool: 'terraform' }],
    ],
    [
      'missing cloud credentials while planning a resource',
      '╷\n│ Error: No valid credential sources found\n│ \n│   with provider["registry.terraform.io/hashicorp/aws"],\n│   on main.tf line 10, in provider "aws":\n│   10: provider "aws" {\n│ \n╵\n',
      [{ class: 'orchestration_error', tool: 'terraform' }],
    ],
    [
      'a syntax error in a module file, plain form',
      'Error: Missing newline after argument\n\n  on modules/net/main.tf line 4, in resource "x" "y":\n   4:   a = 1 b = 2\n\nAn argument definition must end with a newline.\n',
      [{ class: 'compile_error', file: 'modules/net/main.tf', line: 4, tool: 'terraform' }],
    ],
  ])('%s', (_name, log, expected) => {
    expect(pick(log)).toEqual(expected);
  });
});

describe('build parsers stay linear on pathological lines', () => {
  const big = 1_000_000;
  it.each([
    ['a long ERROR location', `ERROR: ${'a:1:'.repeat(big / 4)}`],
    ['a long failed action', `ERROR: x:1:1: ${' failed'.repeat(big / 7)}`],
    ['a long terraform on-line', `  on ${'x.tf'.repeat(big / 4)} line`],
    ['a long box line', `│ ${'│ '.repeat(big / 2)}`],
    ['a long bazel label', `//${'a'.repeat(big)} `],
  ])('%s', (_name, line) => {
    const start = performance.now();
    run(`Error: x\n${line}\n${line}\n`);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
