import { describe, expect, it } from 'vitest';
import { classifyText } from '../../src/classify/index.ts';
import { keyFields } from '../helpers/failure-fields.ts';

const pick = (log: string, tool: string) => classifyText(log).failures.filter((f) => f.tool === tool).map((f) => keyFields(f, ['file', 'line', 'code', 'package']));

describe('CoffeeScript, tldr-lint and package.el read their documented formats and nothing else', () => {
  it.each<[string, string, string, Record<string, unknown>[]]>([
    ['a CoffeeScript error', 'test/numbers.coffee:8:25: error: unexpected identifier\n', 'coffeescript', [{ class: 'compile_error', file: 'test/numbers.coffee', line: 8 }]],
    ['a CoffeeScript error as cake test prints it, indented', '  test/numbers.coffee:8:25: error: unexpected identifier\n', 'coffeescript', [{ class: 'compile_error', file: 'test/numbers.coffee', line: 8 }]],
    ['a C error is not CoffeeScript\'s', 'src/a.c:1:2: error: expected ; before }\n', 'coffeescript', []],
    ['a tldr-lint finding', 'pages/linux/apt.md:7: TLDR014 Page should contain no tabs\n', 'tldr-lint', [{ class: 'lint_error', file: 'pages/linux/apt.md', line: 7, code: 'TLDR014' }]],
    ['a Markdown file:line that is not tldr-lint', 'README.md:3: MD022 Headings should be surrounded\n', 'tldr-lint', []],
    ['Emacs ≤ 27 quoting', 'signal(error ("Package `emacs-25.1\' is unavailable"))\n', 'package.el', [{ class: 'dependency_missing', package: 'emacs' }]],
    ['Emacs ≥ 28 quoting', 'Debugger entered--Lisp error: (error "Package ‘magit-3.3.0’ is unavailable")\n', 'package.el', [{ class: 'dependency_missing', package: 'magit' }]],
    ['a package no archive has', 'signal(error ("No version of fullframe >= nil is available"))\n  error("No version of %s >= %S is available" fullframe nil)\n', 'package.el', [{ class: 'dependency_missing', package: 'fullframe' }]],
    ['an unavailable service is not a package', 'Service is unavailable, retrying\n', 'package.el', []],
  ])('%s', (_what, log, tool, expected) => {
    expect(pick(log, tool)).toEqual(expected);
  });
});
