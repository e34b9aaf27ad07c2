import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `org.example.CalcTest > addsTwoNumbers FAILED` (JUnit 4), `CalcTest > adds() FAILED`, `A > Nested > t() FAILED`.
const TEST = /^([\w$][\w.$]*) > (.+) FAILED$/;
// Kotlin: `e: file:///a/B.kt:12:5 msg` (1.8+) and `e: /a/B.kt: (12, 5): msg` (older).
const KOTLIN = /^e: (?:file:\/\/)?(\S(?:[^:]|:[\\/])*?\.kts?):(?:(\d+):(\d+)| ?\((\d+), ?(\d+)\):?) (.*)$/;
// A module Gradle could not find: `> Could not find g:a:v.`, offline `> No cached version of g:a:v available for offline mode.`
const NOT_FOUND = /^\s*> (?:Could not find|No cached version of) ([\w.-]+:[\w.-]+)(?::\S*?)?(?:\.| available for offline mode\.)$/;
const PLUGIN = /^\s*(?:> )?Plugin \[id: '([^']+)'(?:, version: '[^']*')?\] was not found in any of the following sources/;
// The repository could not be reached: machinery, not the project.
const NETWORK = /^\s*> (?:Could not (?:GET|HEAD|get resource|resolve all) .*?(?:Received status code 5\d\d|Connection refused|timed out|Unknown host|No such host)|Connect to \S+ .*failed|.*(?:UnknownHostException|Connection refused|Read timed out|No route to host))/;
const TIMED_OUT = /TestTimedOutException|TimeoutException|timed out after/;
const FAILED = /^FAILURE: Build failed|^BUILD FAILED\b|^> Task :\S+ FAILED$|^:\S+ FAILED$/;

/** Gradle: test failures, Kotlin compiler errors, unresolvable modules; javac output is the javac parser's. */
export const gradle: ParserDef = {
  name: 'gradle',
  description: 'Gradle `Class > test FAILED` with its exception, Kotlin `e: file:line:col msg`, `Could not find g:a:v.`, offline misses',
  url: 'https://docs.gradle.org/current/userguide/java_testing.html',
  // An idle `e: ` line matters only as a Kotlin error, which names a `.kt`/`.kts` file: `e: ` alone is in
  // every `name: value` line.
  trigger: /^[\w$][\w.$]* > .+ FAILED$|^e: .*\.kts?:|> Could not find [\w.-]+:|> No cached version of |Plugin \[id: '|^\s*> (?:Could not (?:GET|HEAD|get resource)|Connect to )|UnknownHostException|^FAILURE: Build failed|^BUILD FAILED|^> Task :\S+ FAILED$|^:\S+ FAILED$/,
  keywords: [
    ' FAILED',
    '.kt:',
    '.kts:',
    '> Could not find ',
    '> No cached version of ',
    "Plugin [id: '",
    '> Could not GET',
    '> Could not HEAD',
    '> Could not get resource',
    '> Connect to ',
    'UnknownHostException',
    'FAILURE: Build failed',
  ],
  create(sink) {
    let test: FailureDraft | null = null;

    function flush(): void {
      if (test) sink.emit(test);
      test = null;
    }

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (test) {
          // The indented line under a failed test names its exception (and, with exceptionFormat full, its message).
          if (/^\s+\S/.test(text)) {
            test.message = text.trim();
            test.evidence.push(ev(text, ctx));
            if (TIMED_OUT.test(text)) test.class = 'timeout';
          }
          flush();
        }
        const t = TEST.exec(text);
        if (t) {
          const name = `${t[1]} > ${t[2]}`;
          test = { class: 'test_fail', message: `${name} failed`, test: name, tool: 'gradle', evidence: [ev(text, ctx)] };
          return true;
        }
        if (FAILED.test(text)) {
          sink.jobFailed(ev(text, ctx));
          return false;
        }
        const evidence = [ev(text, ctx)];
        const k = KOTLIN.exec(text);
        if (k) {
          const d: FailureDraft = { class: 'compile_error', message: k[6]!, file: k[1]!, line: Number(k[2] ?? k[4]), column: Number(k[3] ?? k[5]), tool: 'kotlinc', evidence };
          sink.emit(d);
          return false;
        }
        const nf = NOT_FOUND.exec(text) ?? PLUGIN.exec(text);
        if (nf) {
          sink.emit({ class: 'dependency_missing', message: text.trim().replace(/^> /, ''), package: nf[1]!, tool: 'gradle', evidence });
          return false;
        }
        if (NETWORK.test(text)) sink.emit({ class: 'orchestration_error', message: text.trim().replace(/^> /, ''), tool: 'gradle', evidence });
        return false;
      },
      end() {
        flush();
      },
    };
  },
};
