// Checkstyle findings in its three printed shapes:
// - the CLI's plain formatter, `[ERROR] /abs/A.java:12:5: msg [RuleName]` (https://checkstyle.org/cmdline.html),
//   which Gradle's checkstyle plugin prints through Ant as `[ant:checkstyle] [ERROR] …`;
// - maven-checkstyle-plugin's `[ERROR] src/main/java/A.java:[12,5] (whitespace) WhitespaceAround: msg`
//   (https://maven.apache.org/plugins/maven-checkstyle-plugin/check-mojo.html).
// `[WARN]`/`[WARNING]` findings count only where the tool then failed with no error-level finding
// (Gradle's `maxWarnings`, Maven's `violationSeverity=warning`).
// Fixtures: checkstyle 8.36.1 CLI (Debian) and Gradle 4.4.1's checkstyle plugin on the same file.
import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const PLAIN = /^(?:\[ant:checkstyle\] )?\[(ERROR|WARN)\] (\S(?:[^:]|:[\\/])*?):(\d+)(?::(\d+))?: (.*) \[(\w+)\]$/;
const MAVEN = /^\[(ERROR|WARNING)\] (\S(?:[^:[]|:[\\/])*?):\[(\d+)(?:,(\d+))?\] \(\w+\) (\w+): (.*)$/;
// The tool failed: Gradle's plugin, maven-checkstyle-plugin's check goal.
const VERDICT = /Checkstyle rule violations were found\b|You have \d+ Checkstyle violations?\b/;

const MAX_WARNINGS = 1000;

/** Checkstyle: plain and Maven-plugin findings; warnings only when the check failed on them. */
export const checkstyle: ParserDef = {
  name: 'checkstyle',
  description: 'Checkstyle `[ERROR] A.java:12:5: msg [Rule]` (CLI, Gradle `[ant:checkstyle]`) and Maven `[ERROR] A.java:[12,5] (cat) Rule: msg`',
  url: 'https://checkstyle.org/cmdline.html',
  trigger: /^(?:\[ant:checkstyle\] )?\[(?:ERROR|WARN|WARNING)\] \S.*\]$|^\[(?:ERROR|WARNING)\] \S[^[]*:\[\d+(?:,\d+)?\] \(|Checkstyle rule violations were found|Checkstyle violations?\b/,
  keywords: ['[ERROR] ', '[WARN] ', '[WARNING] ', 'Checkstyle rule violations were found', 'Checkstyle violation'],
  // The CLI's `[ERROR] ` level and Maven's are part of what it reads.
  readsWrappers: ['maven'],
  create(sink) {
    let errors = 0;
    let warnings: FailureDraft[] = [];
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return false;
        if (VERDICT.test(text)) {
          if (errors === 0) for (const w of warnings) sink.emit(w);
          warnings = [];
          errors = 0;
          return false;
        }
        const p = PLAIN.exec(text);
        const m = p ? null : MAVEN.exec(text);
        if (!p && !m) return false;
        const draft: FailureDraft = p
          ? { class: 'lint_error', message: p[5]!, file: p[2]!, line: Number(p[3]), code: p[6]!, tool: 'checkstyle', evidence: [ev(text, ctx)] }
          : { class: 'lint_error', message: m![6]!, file: m![2]!, line: Number(m![3]), code: m![5]!, tool: 'checkstyle', evidence: [ev(text, ctx)] };
        const column = p ? p[4] : m![4];
        if (column) draft.column = Number(column);
        if ((p ?? m)![1] === 'ERROR') {
          errors++;
          sink.emit(draft);
        } else if (warnings.length < MAX_WARNINGS) warnings.push(draft);
        return false;
      },
      end() {},
    };
  },
};

/** Whether a Maven `[ERROR]`/`[WARNING]` message (without its level) is a Checkstyle finding, not a compiler's. */
export function isCheckstyleFinding(message: string): boolean {
  return /^\S(?:[^:[]|:[\\/])*?:\[\d+(?:,\d+)?\] \(\w+\) \w+: /.test(message) || / \[[A-Z]\w*\]$/.test(message);
}
