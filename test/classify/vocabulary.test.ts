import { describe, expect, it } from 'vitest';
import { meaningOfEnv, meaningOfName, unitWords } from '../../src/classify/vocabulary.ts';

describe('unitWords() keeps the words of a name that can carry meaning', () => {
  it.each<[string, string, string[]]>([
    ['a Gradle task path', ':core:checkFormatMain', ['core', 'check', 'format', 'main']],
    ['a script path keeps its last part, without the extension', './scripts/run-tests.sh', ['run', 'tests']],
    ['flags and their inline values are dropped', 'eslint --max-warnings=0 --ext .ts src', ['eslint', 'src']],
    ['environment assignments and URLs are dropped', 'CI=true curl https://example.com/lint', ['curl']],
    ['a directory named test says nothing about the work', 'bash test/fixtures/lint.sh', ['bash', 'lint']],
    ['upper-case runs and camelCase split', 'runXMLChecks', ['run', 'xml', 'checks']],
  ])('%s', (_what, name, words) => {
    expect(unitWords(name)).toEqual(words);
  });
});

describe('meaningOfName(): each word family, in TAXONOMY order', () => {
  it.each<[string, string]>([
    // dependency_missing
    ['npm ci', 'dependency_missing'],
    ['pip install -r requirements.txt', 'dependency_missing'],
    ['dotnet restore', 'dependency_missing'],
    ['bundle install --jobs 4', 'dependency_missing'],
    // compile_error
    ['npm run build', 'compile_error'],
    ['./gradlew :app:compileKotlin', 'compile_error'],
    ['tsc --noEmit -p .', 'compile_error'],
    ['npm run type-check', 'compile_error'],
    ['yarn check-types', 'compile_error'],
    ['mypy src', 'compile_error'],
    ['xcodebuild -scheme App', 'compile_error'],
    // contract_violation
    ['sbt mimaReportBinaryIssues', 'contract_violation'],
    ['./gradlew apiCheck', 'contract_violation'],
    ['npm run api-extractor', 'contract_violation'],
    ['cargo semver-checks', 'contract_violation'],
    ['buf breaking --against .git#branch=main', 'contract_violation'],
    // lint_error
    ['npm run lint', 'lint_error'],
    ['yarn prettier-check', 'lint_error'],
    [':core:checkFormatMain', 'lint_error'],
    ['checkstyle:check validate', 'lint_error'],
    ['./gradlew spotlessCheck', 'lint_error'],
    ['bundle exec rubocop', 'lint_error'],
    ['cargo clippy -- -D warnings', 'lint_error'],
    ['go vet ./...', 'lint_error'],
    ['golangci/golangci-lint-action@v6', 'lint_error'],
    ['pre-commit run --all-files', 'lint_error'],
    ['black --check .', 'lint_error'],
    // test_fail
    ['npm test', 'test_fail'],
    ['bundle exec rspec', 'test_fail'],
    ['go test ./...', 'test_fail'],
    ['./gradlew :app:testDebugUnitTest', 'test_fail'],
    ['surefire:test', 'test_fail'],
    ['npx playwright test', 'test_fail'],
    ['make check', 'test_fail'],
    ['pytest -x tests/', 'test_fail'],
  ])('%s → %s', (name, cls) => {
    expect(meaningOfName(name)?.class).toBe(cls);
  });
});

describe('meaningOfName(): what decides when words disagree', () => {
  it.each<[string, string, string]>([
    // A tool's own name beats the generic verb of the script that ran it.
    ['a build script that ran SwiftLint', './build.sh verify-swiftlint', 'lint_error'],
    ['a test script that ran ESLint', 'npm run test:eslint', 'lint_error'],
    // Among generic words, TAXONOMY's precedence: the earlier class explains the later.
    ['install then test', 'npm install && npm test', 'dependency_missing'],
    ['build and test', 'make build test', 'compile_error'],
    ['lint and test', 'npm run lint && npm test', 'lint_error'],
  ])('%s', (_what, name, cls) => {
    expect(meaningOfName(name)?.class).toBe(cls);
  });
});

describe('meaningOfName(): words that must not match', () => {
  it.each<[string, string]>([
    ['a word that merely contains test', 'npm run attestation'],
    ['latest is not test', 'docker pull node:latest'],
    ['test only as a directory', 'bash ./test/run.sh'],
    ['test only as a flag value', 'node scripts/check.js --suite=test'],
    ['a deploy with no auth error is not a class by itself', 'npm run deploy'],
    ['a generic check', 'npm run check'],
    ['a generic verify', 'mvn verify'],
    ['an unnamed ci script', 'npm run ci'],
    ['rebuild is not build', 'npm rebuild-index'],
  ])('%s: %s', (_what, name) => {
    expect(meaningOfName(name)).toBeNull();
  });
});

describe('meaningOfEnv(): tox environments and nox sessions', () => {
  it.each<[string, string | null]>([
    ['py311', 'test_fail'],
    ['pypy3', 'test_fail'],
    ['py39-django42', 'test_fail'],
    ['lint', 'lint_error'],
    ['py311-lint', 'lint_error'],
    ['mypy', 'compile_error'],
    ["tests(python='3.11')", 'test_fail'],
    ['docs', null],
  ])('%s → %s', (name, cls) => {
    expect(meaningOfEnv(name)?.class ?? null).toBe(cls);
  });
});
