import { describe, expect, it } from 'vitest';
import { classifyText } from '../../src/classify/index.ts';
import type { ParserDef } from '../../src/classify/parser.ts';
import { JS_TOOLS_PARSERS } from '../../src/classify/parsers/js-tools/index.ts';
import { tsc } from '../../src/classify/parsers/tsc.ts';

const byName = (name: string): ParserDef => {
  const p = [...JS_TOOLS_PARSERS, tsc].find((d) => d.name === name);
  if (!p) throw new Error(`no parser ${name}`);
  return p;
};

const run = (parser: string, lines: string[]) => classifyText(lines.join('\n'), { parsers: [byName(parser)] });

const brief = (parser: string, lines: string[]) =>
  run(parser, lines).failures.map((f) => ({ class: f.class, file: f.file, line: f.line, package: f.package, code: f.code }));

describe('js-tools parsers stay silent on what is not a failure', () => {
  it.each([
    ['node', 'jest names the requiring file itself', ["    Cannot find module 'lodash.groupby' from 'src/group.js'", '', '    Require stack:', '      src/group.js']],
    ['node', 'a module named inside a postinstall message', [".../unrs-resolver postinstall: Failed to install using npm Cannot find module 'unrs-resolver/package.json'"]],
    ['eslint', 'warnings without --max-warnings', ['/app/src/a.js', '  2:3  warning  Unexpected console statement  no-console', '', '✖ 1 problem (0 errors, 1 warning)']],
    ['eslint', 'a lone absolute path followed by other output', ['/home/runner/work/app/app/node_modules/x/package.json', 'changes detected, packing new archive']],
    ['prettier', 'prettier warnings with no failed check', ['[warn] jsxBracketSameLine is deprecated.', '[warn] src/a.js', 'All matched files use Prettier code style!']],
    ['npm', 'npm warnings', ['npm WARN deprecated inflight@1.0.6: This module is not supported', 'npm warn EBADENGINE Unsupported engine']],
    ['yarn', 'berry peer-dependency warnings', ['➤ YN0060: │ typescript is listed by your project with version 6.0.3, which doesn\'t satisfy what eslint-plugin-jest requests', '➤ YN0086: │ Some peer dependencies are incorrectly met by your project']],
    ['pnpm', 'pnpm peer warnings when not strict', [' WARN  Issues with peer dependencies found', '.', '└─┬ eslint-config-airbnb-base 15.0.0', '  └── ✕ unmet peer eslint@"^7.32.0 || ^8.2.0": found 9.39.5']],
    ['api-extractor', 'warnings of a --local run that succeeded', ['Warning: src/index.ts:8:1 - (ae-missing-release-tag) "x" is part of the package\'s API, but it is missing a release tag', '', 'API Extractor completed successfully']],
    ['api-extractor', 'a --local run that updates the report itself', ['Warning: You have changed the API signature for this project. Updating etc/x.api.md', 'API Extractor completed successfully']],
  ])('%s: %s', (parser, _what, lines) => {
    expect(run(parser, lines).failures).toEqual([]);
  });
});

describe('js-tools parsers read the edges of their formats', () => {
  it.each([
    [
      'eslint --max-warnings makes warnings count',
      'eslint',
      ['/app/src/a.js', '  2:3  warning  Unexpected console statement  no-console', '', 'ESLint found too many warnings (maximum: 0).'],
      [{ class: 'lint_error', file: '/app/src/a.js', line: 2, package: undefined, code: 'no-console' }],
    ],
    [
      'npm 6 E404 names the package in quotes',
      'npm',
      ['npm ERR! code E404', 'npm ERR! 404 Not Found - GET https://registry.npmjs.org/left-pad-nope - Not found', "npm ERR! 404  'left-pad-nope@latest' is not in the npm registry."],
      [{ class: 'dependency_missing', file: undefined, line: undefined, package: 'left-pad-nope', code: 'E404' }],
    ],
    [
      'npm ENOSPC is the machinery',
      'npm',
      ['npm ERR! code ENOSPC', 'npm ERR! syscall write', 'npm ERR! nospc ENOSPC: no space left on device, write'],
      [{ class: 'orchestration_error', file: undefined, line: undefined, package: undefined, code: 'ENOSPC' }],
    ],
    [
      'npm EAI_AGAIN reaching the registry is the machinery',
      'npm',
      ['npm error code EAI_AGAIN', 'npm error syscall getaddrinfo', 'npm error errno EAI_AGAIN', 'npm error request to https://registry.npmjs.org/x failed, reason: getaddrinfo EAI_AGAIN registry.npmjs.org'],
      [{ class: 'orchestration_error', file: undefined, line: undefined, package: undefined, code: 'EAI_AGAIN' }],
    ],
    [
      'yarn classic 404 through an unexpected-error URL',
      'yarn',
      ['error An unexpected error occurred: "https://registry.yarnpkg.com/@acme%2fwidgets: Not found".'],
      [{ class: 'dependency_missing', file: undefined, line: undefined, package: '@acme/widgets', code: undefined }],
    ],
    [
      'yarn classic network failure',
      'yarn',
      ['error An unexpected error occurred: "https://registry.yarnpkg.com/react: getaddrinfo ENOTFOUND registry.yarnpkg.com".'],
      [{ class: 'orchestration_error', file: undefined, line: undefined, package: undefined, code: undefined }],
    ],
    [
      'tsc TS2688 for a package subpath names the package',
      'tsc',
      ["error TS2688: Cannot find type definition file for 'vitest/globals'."],
      [{ class: 'dependency_missing', file: undefined, line: undefined, package: 'vitest', code: 'TS2688' }],
    ],
    [
      'tsc TS7016 without a hint stays a compile error',
      'tsc',
      ["src/a.ts(1,21): error TS7016: Could not find a declaration file for module './local.js'. '/app/src/local.js' implicitly has an 'any' type."],
      [{ class: 'compile_error', file: 'src/a.ts', line: 1, package: undefined, code: 'TS7016' }],
    ],
    [
      'node: Node 4 prints module.js as the header',
      'node',
      ['module.js:327', '    throw err;', '    ^', '', "Error: Cannot find module 'express'", '    at Function.Module._resolveFilename (module.js:325:15)', '    at Object.<anonymous> (/app/server.js:1:79)', '    at Module._compile (module.js:409:26)'],
      [{ class: 'dependency_missing', file: '/app/server.js', line: 1, package: 'express', code: 'MODULE_NOT_FOUND' }],
    ],
  ])('%s', (_what, parser, lines, expected) => {
    expect(brief(parser, lines)).toEqual(expected);
  });

  it('node drops a failure that Travis retried', () => {
    const lines = [
      'module.js:327',
      '    throw err;',
      '    ^',
      '',
      "Error: Cannot find module 'fast-deep-equal'",
      '    at Function.Module._resolveFilename (module.js:325:15)',
      '    at Object.<anonymous> (/app/node_modules/ajv/lib/compile/resolve.js:4:13)',
      'npm ERR! code ELIFECYCLE',
      '',
      'The command "eval npm install" failed. Retrying, 2 of 3.',
    ];
    expect(run('node', lines).failures).toEqual([]);
  });

  it('node does not call a SyntaxError thrown by running code a compile error', () => {
    const lines = [
      '/app/src/config.js:4',
      '  return JSON.parse(text);',
      '              ^',
      '',
      'SyntaxError: Unexpected token } in JSON at position 10',
      '    at JSON.parse (<anonymous>)',
      '    at load (/app/src/config.js:4:15)',
      '',
      'Node.js v20.20.2',
    ];
    const r = run('node', lines);
    expect(r.failures).toEqual([]);
    expect(r.jobFailed?.line).toBe(5);
  });

  it('npm ELIFECYCLE is evidence the job failed, not a classified failure', () => {
    const r = run('npm', ['npm ERR! code ELIFECYCLE', 'npm ERR! errno 1', 'npm ERR! app@1.0.0 test: `jest`']);
    expect(r.failures).toEqual([]);
    expect(r.primary).toBe('unknown');
  });
});

describe('js-tools parsers are linear on pathological lines', () => {
  const unit = ['    ', 'a:1:1: ', ' - (ae-', '"filePath":', ': line 1, col 1, Error - ', '[Error/', 'ERR_PNPM_X ', '➤ YN0035: │ ', '  at x (', "Cannot find module '"];
  it.each([...JS_TOOLS_PARSERS, tsc].map((p) => p.name))('%s', (name) => {
    for (const piece of unit) {
      const line = piece.repeat(Math.ceil(1_000_000 / piece.length));
      const started = performance.now();
      classifyText(`npm error code E404\nstandard: Use JavaScript Standard Style (https://standardjs.com)\n/app/a.js\n${line}\n${line}\n`, { parsers: [byName(name)] });
      expect(performance.now() - started).toBeLessThan(1500);
    }
  });
});
