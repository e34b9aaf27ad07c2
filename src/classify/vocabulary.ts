import type { FailureClass } from './taxonomy.ts';

/**
 * The words in the name of a unit of work (a CI step, an npm script, a Gradle task, a Maven goal, a tox env, a
 * make target, a pre-commit hook…) that say what kind of work it is. When a unit fails and no tool's own words
 * explain it, its name is the best evidence a person has: `npm run lint` failed, so lint failed.
 *
 * Families are listed in TAXONOMY.md's precedence order. A tool's name (eslint, pytest, tsc) beats a generic word
 * (lint, test, build); among words alike, a name with words of several families gets the earliest (a step that
 * installs and then builds most likely failed installing, since that stops the rest). The words
 * follow the tools' and build systems' documented names for their tasks, never a particular project's log.
 * `timeout` and `budget_exceeded` never come from a name: a name says what was attempted, not how it ended.
 */
export const UNIT_VOCABULARY: readonly { class: FailureClass; words: readonly string[] }[] = [
  {
    // Package managers' install/restore verbs; `npm ci` and `lerna bootstrap` install too (see PHRASES).
    class: 'dependency_missing',
    words: ['install', 'installs', 'installing', 'restore', 'resolve', 'dependencies', 'dependency', 'deps', 'vendor'],
  },
  {
    class: 'compile_error',
    words: [
      'compile', 'compiles', 'compiling', 'compilation', 'build', 'builds', 'building', 'assemble', 'tsc', 'typecheck',
      'typechecking', 'types', 'typings', 'javac', 'kotlinc', 'scalac', 'rustc', 'xcodebuild', 'msbuild', 'mypy', 'pyright',
      'flow', 'sorbet', 'dialyzer', 'nvcc', 'webpack', 'rollup', 'esbuild', 'gcc', 'clang',
    ],
  },
  {
    // Public API and ABI checkers, consumer contract tests.
    class: 'contract_violation',
    words: ['mima', 'japicmp', 'revapi', 'semver', 'breaking', 'pact', 'oasdiff', 'abi', 'apicheck', 'apidump'],
  },
  {
    class: 'lint_error',
    words: [
      'lint', 'linter', 'linters', 'linting', 'eslint', 'tslint', 'stylelint', 'markdownlint', 'jshint', 'xo', 'biome',
      'flake8', 'pylint', 'ruff', 'black', 'isort', 'pycodestyle', 'pydocstyle', 'bandit', 'prettier', 'format',
      'formatter', 'formatting', 'fmt', 'style', 'checkstyle', 'spotless', 'ktlint', 'detekt', 'pmd', 'spotbugs',
      'findbugs', 'errorprone', 'scalafmt', 'scalastyle', 'scalafix', 'rubocop', 'standardrb', 'reek', 'credo',
      'clippy', 'vet', 'golangci', 'staticcheck', 'gofmt', 'goimports', 'revive', 'shellcheck', 'shfmt', 'hadolint',
      'yamllint', 'actionlint', 'swiftlint', 'swiftformat', 'phpcs', 'phpstan', 'psalm', 'perlcritic', 'perltidy',
      'cppcheck', 'cpplint', 'tidy', 'codespell', 'cspell', 'spell', 'spelling', 'spellcheck', 'misspell',
      'editorconfig', 'whitespace', 'commitlint', 'precommit', 'tldr', 'lintr',
    ],
  },
  {
    class: 'test_fail',
    words: [
      'test', 'tests', 'testing', 'spec', 'specs', 'e2e', 'junit', 'pytest', 'nosetests', 'unittest', 'jest', 'mocha',
      'vitest', 'jasmine', 'karma', 'ava', 'cypress', 'playwright', 'rspec', 'minitest', 'phpunit', 'pest', 'ctest',
      'nextest', 'surefire', 'failsafe', 'xctest', 'testthat', 'ert', 'pester', 'integration', 'unit', 'coverage',
      'cucumber', 'behat', 'tap', 'prove', 'qunit',
    ],
  },
];

/**
 * Two-word names whose meaning is not that of their words alone, each a documented convention of its tool:
 * `make check` runs the test suite (GNU Coding Standards), `npm ci` and `lerna bootstrap` install, `type check`
 * and `check types` type-check, `api check`/`api report` compare a public API, `pre commit` runs the linters.
 */
const PHRASES: readonly [string, string, FailureClass][] = [
  ['make', 'check', 'test_fail'],
  ['npm', 'ci', 'dependency_missing'],
  ['pnpm', 'ci', 'dependency_missing'],
  ['lerna', 'bootstrap', 'dependency_missing'],
  ['type', 'check', 'compile_error'],
  ['check', 'types', 'compile_error'],
  ['api', 'check', 'contract_violation'],
  ['api', 'report', 'contract_violation'],
  ['api', 'extractor', 'contract_violation'],
  ['api', 'compat', 'contract_violation'],
  ['pre', 'commit', 'lint_error'],
];

/**
 * Words of work that delivers something elsewhere. Such a unit's failure is the machinery's
 * (`orchestration_error`) only when the log also shows a service refusing its credentials or permissions: a
 * deploy can fail for any reason, a deploy that was refused failed for that one.
 */
const DELIVERY = new Set(['push', 'pushes', 'deploy', 'deploys', 'deployment', 'publish', 'publishing', 'release', 'releases', 'upload', 'uploads', 'login']);

/** The word of a name that says its work delivers something elsewhere (deploy, publish, push, upload…), or null. */
export function deliveryWord(name: string): string | null {
  return unitWords(name).find((w) => DELIVERY.has(w)) ?? null;
}

/**
 * tox's and nox's default environments are named for the interpreter they test on (`py311`, `pypy3`,
 * `tests-3.12`): such an environment runs the test commands.
 */
const INTERPRETER_ENV = /^(?:py\d{0,3}|pypy\d{0,3})$/;

/**
 * Generic verbs and nouns of work. A tool's own name is more specific than they are, so it decides when a name
 * holds both (`./build.sh verify-swiftlint` ran SwiftLint; `build` only names the script that ran it).
 */
const GENERIC = new Set([
  'install', 'installs', 'installing', 'restore', 'resolve', 'dependencies', 'dependency', 'deps', 'vendor', 'compile',
  'compiles', 'compiling', 'compilation', 'build', 'builds', 'building', 'assemble', 'types', 'typings', 'lint', 'linter',
  'linters', 'linting', 'format', 'formatter', 'formatting', 'style', 'spell', 'spelling', 'whitespace', 'test', 'tests',
  'testing', 'spec', 'specs', 'e2e', 'integration', 'unit', 'coverage',
]);

const WORD_CLASS: ReadonlyMap<string, FailureClass> = new Map(UNIT_VOCABULARY.flatMap((f) => f.words.map((w) => [w, f.class] as const)));
const RANK: ReadonlyMap<FailureClass, number> = new Map(UNIT_VOCABULARY.map((f, i) => [f.class, i]));

/** What a unit's name says it did, and the word that says so. */
export interface UnitMeaning {
  class: FailureClass;
  /** The word (or two-word phrase) of the name that decided. */
  word: string;
}

/** Where the splitting of names into words breaks: camelCase and letter–digit boundaries (`checkFormatMain`). */
const CAMEL = /([a-z])([A-Z])|([A-Z])([A-Z][a-z])/g;
const SCRIPT_EXTENSION = /\.(?:sh|bash|py|js|mjs|cjs|ts|rb|pl|ps1|bat|cmd|mk)$/i;
const MAX_NAME_CHARS = 2000;

/**
 * The words of a unit's name that can carry meaning: command-line flags and their values are dropped, a path
 * keeps only its last part (`test/fixtures/lint.sh` is about lint, not tests; `./scripts/run-tests` is about
 * tests), and compound words are split (`checkFormatMain` → check, format, main).
 */
export function unitWords(name: string): string[] {
  const words: string[] = [];
  const args = name.slice(0, MAX_NAME_CHARS).split(/\s+/);
  for (let i = 0; i < args.length; i++) {
    let arg = args[i]!.replace(/^['"`(]+|['"`),;]+$/g, '');
    if (arg === '' || arg.startsWith('-')) continue;
    // `KEY=value` environment assignments and URLs say nothing about the work.
    if (/^[A-Z_][A-Z0-9_]*=/.test(arg) || /^[a-z]+:\/\//.test(arg)) continue;
    // A Gradle task path (`:core:checkFormatMain`) or a Maven coordinate (`g:a:v:goal`) keeps its parts.
    const slash = arg.lastIndexOf('/');
    if (slash >= 0) arg = arg.slice(slash + 1);
    arg = arg.replace(SCRIPT_EXTENSION, '');
    for (const w of arg.replace(CAMEL, '$1$3 $2$4').split(/[^A-Za-z0-9]+/)) if (w !== '') words.push(w.toLowerCase());
  }
  return words;
}

/** The class a unit's name says its work was, or null when its words say nothing the vocabulary knows. */
export function meaningOfName(name: string): UnitMeaning | null {
  const words = unitWords(name);
  let best: UnitMeaning | null = null;
  let bestSpecific = false;
  const consider = (cls: FailureClass, word: string, specific: boolean): void => {
    if (best === null || (specific && !bestSpecific) || (specific === bestSpecific && RANK.get(cls)! < RANK.get(best.class)!)) {
      best = { class: cls, word };
      bestSpecific = specific;
    }
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    const phrase = next === undefined ? undefined : PHRASES.find(([a, b]) => a === w && b === next);
    if (phrase) {
      consider(phrase[2], `${w} ${next}`, true);
      i++;
      continue;
    }
    const cls = WORD_CLASS.get(w);
    if (cls) consider(cls, w, !GENERIC.has(w));
  }
  return best;
}

/**
 * A tox environment's or nox session's name: its factors' words first (`py311-lint` lints), then the interpreter
 * convention (`py311`, `py39-django42` and `tests-3.12` run the tests on that interpreter).
 */
export function meaningOfEnv(name: string): UnitMeaning | null {
  const factors = name.split(/[-_(),=.'"\s]+/).filter((f) => f !== '');
  const interpreter = factors.find((f) => INTERPRETER_ENV.test(f));
  const rest = factors.filter((f) => !INTERPRETER_ENV.test(f) && !/^\d+$/.test(f) && f !== 'python');
  return meaningOfName(rest.join(' ')) ?? (interpreter ? { class: 'test_fail', word: interpreter } : null);
}
