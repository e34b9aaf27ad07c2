import type { FailureClass } from '../../taxonomy.ts';

// What a cause line of Gradle's failure report (`* What went wrong:` … `> cause`) says, in the words of the
// plugin that failed. Task names are not read here: only what the tool printed.
// Sources: Gradle's JavaCompile ("Compilation failed; see the compiler error output for details."), the Kotlin
// plugin ("Compilation error. See log for more details"), the Test task ("There were failing tests. See the
// report at: …"), the Checkstyle/PMD/CodeNarc plugins ("Checkstyle rule violations were found. See the report
// at: …", "2 PMD rule violations were found."), SpotBugs ("Verification failed: SpotBugs violation found: 2."),
// ktlint-gradle ("KtLint found code style violations."), detekt ("Analysis failed with 3 weighted issues."),
// Android lint ("Lint found errors in the project; aborting build."), and dependency resolution
// ("Could not resolve all files for configuration ':c'.", "Could not resolve g:a:v.").
const CAUSES: readonly (readonly [RegExp, FailureClass])[] = [
  [/^Compilation (?:failed|error)\b|^Script compilation errors?:?$|^Compilation failed; see the compiler/, 'compile_error'],
  [/^There were failing tests\b|^There were \d+ failing tests?\b/, 'test_fail'],
  [
    /^(?:Checkstyle|CodeNarc|FindBugs|JDepend) rule violations were found\b|^\d+ (?:PMD|CodeNarc) rule violations? (?:was|were) found\b|^Verification failed: SpotBugs violations? found\b|^KtLint found code style violations\b|^(?:Analysis|Build) failed with \d+ (?:weighted )?issues?\b|^Lint found (?:errors|\d+ errors?)\b/,
    'lint_error',
  ],
  [/^Could not resolve all (?:files|dependencies|artifacts|task dependencies) for configuration /, 'dependency_missing'],
];
// `Could not resolve g:a:v.` (or `g:a:+`): one module, with or without the cause below it.
const RESOLVE = /^Could not resolve ([\w.-]+:[\w.-]+)(?::[^\s:]+)?\.$/;

/** The class a Gradle failure cause names, or null when it names none. */
export function causeClass(cause: string): FailureClass | null {
  for (const [re, c] of CAUSES) if (re.test(cause)) return c;
  return null;
}

/** The `group:artifact` of a `Could not resolve g:a:v.` cause, or null. */
export function unresolvedModule(cause: string): string | null {
  return RESOLVE.exec(cause)?.[1] ?? null;
}
