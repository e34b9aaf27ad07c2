// Gradle's own output: failed tests (`Class > test FAILED`, https://docs.gradle.org/current/userguide/java_testing.html),
// modules it cannot find, and its failure report (`* What went wrong:` / `Execution failed for task ':t'.` / `> cause`,
// https://docs.gradle.org/current/userguide/logging.html), classified by what the cause says, never by the task's
// name. Kotlin's `e:` diagnostics are the kotlinc parser's; javac's are javac's.
// Fixtures: Gradle 4.4.1 (Debian) run offline on small broken projects.
import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { causeClass, unresolvedModule } from './gradle-cause.ts';

// `org.example.CalcTest > addsTwoNumbers FAILED` (JUnit 4), `CalcTest > adds() FAILED`, `A > Nested > t() FAILED`.
const TEST = /^([\w$][\w.$]*) > (.+) FAILED$/;
// A module Gradle could not find: `> Could not find g:a:v.`, offline `> No cached version of g:a:v available for offline mode.`
const NOT_FOUND = /^\s*> (?:Could not find|No cached version of) ([\w.-]+:[\w.-]+)(?::\S*?)?(?:\.| available for offline mode\.)$/;
const PLUGIN = /^\s*(?:> )?Plugin \[id: '([^']+)'(?:, version: '[^']*')?\] was not found in any of the following sources/;
// The repository could not be reached: machinery, not the project.
const NETWORK = /^\s*> (?:Could not (?:GET|HEAD|get resource|resolve all) .*?(?:Received status code 5\d\d|Connection refused|timed out|Unknown host|No such host)|Connect to \S+ .*failed|.*(?:UnknownHostException|Connection refused|Read timed out|No route to host))/;
const TIMED_OUT = /TestTimedOutException|TimeoutException|timed out after/;
const FAILED = /^FAILURE: Build (?:failed|completed)|^BUILD FAILED\b|^> Task :\S+ FAILED$|^:\S+ FAILED$/;
// Diagnostics another parser reports at their place; the failure report's cause then adds nothing.
const COMPILER_DIAG = /\.(?:java|kts?|groovy|scala):\d+(?::\d+)?: error: |^e: (?:file:\/\/)?\S.*\.kts?(?::\d+:\d+ |: ?\(\d+, ?\d+\))/;
const LINT_DIAG = /^\[ant:checkstyle\] \[ERROR\] |^\[ant:(?:pmd|codenarc)\] /;
const WENT_WRONG = /^\* What went wrong:$/;
const TASK = /^Execution failed for task '([^']+)'\.$/;
const CAUSE = /^\s*> (.*)$/;
// The format-checking plugin (spotless) lists its files under the cause: its own parser reports them.
const OWNED = /^The following files had format violations:$/;

const MAX_BLOCK = 200;

interface Block {
  task: string | null;
  header: string;
  causes: { text: string; cause: string; ctx: LineContext }[];
  evidence: FailureDraft['evidence'];
  lines: number;
}

/** Gradle: test failures, unresolvable modules and plugins, and the failure report's classifiable causes. */
export const gradle: ParserDef = {
  name: 'gradle',
  description: 'Gradle `Class > test FAILED` with its exception, `Could not find g:a:v.`, offline misses, and `* What went wrong:` causes',
  url: 'https://docs.gradle.org/current/userguide/logging.html',
  trigger:
    /^[\w$][\w.$]* > .+ FAILED$|> Could not find [\w.-]+:|> No cached version of |Plugin \[id: '|^\s*> (?:Could not (?:GET|HEAD|get resource)|Connect to )|UnknownHostException|^FAILURE: Build |^BUILD FAILED|^> Task :\S+ FAILED$|^:\S+ FAILED$|^\* What went wrong:$|\.(?:java|kts?|groovy|scala):\d+(?::\d+)?: error: |^e: .*\.kts?[:(]|^\[ant:(?:checkstyle|pmd|codenarc)\] /,
  keywords: [
    ' FAILED',
    '> Could not find ',
    '> No cached version of ',
    "Plugin [id: '",
    '> Could not GET',
    '> Could not HEAD',
    '> Could not get resource',
    '> Connect to ',
    'UnknownHostException',
    'FAILURE: Build ',
    '* What went wrong:',
    ': error: ',
    '.kt:',
    '.kts:',
    '[ant:',
  ],
  create(sink) {
    let test: FailureDraft | null = null;
    let block: Block | null = null;
    // What the log showed at its place, so the failure report's cause is not counted a second time.
    let compiled = false;
    let tested = false;
    let linted = false;
    const modules = new Set<string>();

    function flush(): void {
      if (test) sink.emit(test);
      test = null;
    }

    // A failure report ends: its causes say what failed, where they name a class the log has not shown already.
    function close(): void {
      const b = block;
      block = null;
      if (!b) return;
      const where = b.task ? `Task '${b.task}' failed: ` : '';
      let network = false;
      const unresolved: string[] = [];
      let cls: ReturnType<typeof causeClass> = null;
      let first = '';
      for (const c of b.causes) {
        if (NETWORK.test(c.text)) network = true;
        if (OWNED.test(c.cause)) return;
        const m = unresolvedModule(c.cause);
        if (m) unresolved.push(m);
        const k = causeClass(c.cause);
        if (k && !cls) {
          cls = k;
          first = c.cause;
        }
      }
      // An unreachable repository was reported line by line as machinery; a missing module, by its name.
      if (network) return;
      if (cls === 'dependency_missing' || unresolved.length > 0) {
        const fresh = unresolved.filter((m) => !modules.has(m));
        for (const m of fresh) {
          modules.add(m);
          sink.emit({ class: 'dependency_missing', message: `${where}Could not resolve ${m}`, package: m, tool: 'gradle', evidence: b.evidence });
        }
        if (fresh.length === 0 && modules.size === 0) sink.emit({ class: 'dependency_missing', message: `${where}${first}`, tool: 'gradle', evidence: b.evidence });
        return;
      }
      if (cls === null) return;
      if ((cls === 'compile_error' && compiled) || (cls === 'test_fail' && tested) || (cls === 'lint_error' && linted)) return;
      sink.emit({ class: cls, message: `${where}${first}`, tool: 'gradle', evidence: b.evidence });
    }

    function inBlock(text: string, ctx: LineContext): boolean {
      const b = block!;
      if (++b.lines > MAX_BLOCK || /^\* |^BUILD |^=+$|^FAILURE: /.test(text)) {
        close();
        return false;
      }
      const t = b.causes.length === 0 && b.task === null ? TASK.exec(text) : null;
      if (t) {
        b.task = t[1]!;
        b.evidence.push(ev(text, ctx));
        return true;
      }
      const c = CAUSE.exec(text);
      if (c) {
        b.causes.push({ text, cause: c[1]!.trim(), ctx });
        if (b.evidence.length < 8) b.evidence.push(ev(text, ctx));
      } else if (b.causes.length === 0 && b.task === null && text.trim() !== '') {
        // A failure outside a task (configuration, resolution) states itself on the line under the header.
        b.causes.push({ text, cause: text.trim(), ctx });
        b.evidence.push(ev(text, ctx));
      }
      return true;
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
        if (WENT_WRONG.test(text)) {
          close();
          block = { task: null, header: text, causes: [], evidence: [ev(text, ctx)], lines: 0 };
          return true;
        }
        let open = false;
        if (block) open = inBlock(text, ctx);
        if (COMPILER_DIAG.test(text)) compiled = true;
        if (LINT_DIAG.test(text)) linted = true;
        const t = TEST.exec(text);
        if (t) {
          const name = `${t[1]} > ${t[2]}`;
          tested = true;
          test = { class: 'test_fail', message: `${name} failed`, test: name, tool: 'gradle', evidence: [ev(text, ctx)] };
          return true;
        }
        if (FAILED.test(text)) {
          sink.jobFailed(ev(text, ctx));
          return open;
        }
        const evidence = [ev(text, ctx)];
        const nf = NOT_FOUND.exec(text) ?? PLUGIN.exec(text);
        if (nf) {
          modules.add(nf[1]!);
          sink.emit({ class: 'dependency_missing', message: text.trim().replace(/^> /, ''), package: nf[1]!, tool: 'gradle', evidence });
          return open;
        }
        if (NETWORK.test(text)) sink.emit({ class: 'orchestration_error', message: text.trim().replace(/^> /, ''), tool: 'gradle', evidence });
        return open;
      },
      end() {
        flush();
        close();
      },
    };
  },
};
