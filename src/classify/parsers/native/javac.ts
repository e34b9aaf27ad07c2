import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `src/a/B.java:12: error: msg` and `… warning: [rawtypes] msg`; javac prints no column. Gradle's plain
// console glues the task name to javac's first line when the task prints output: `:compileJava/a/B.java:3: error:`.
const DIAG = /^(?::[\w:-]*?(?=\/|[A-Za-z]:[\\/]))?(\S(?:[^:]|:[\\/])*?\.java):(\d+): (error|warning): (.*)$/;
const WERROR = /^error: warnings found and -Werror specified$/;
// The closing count of one javac run: `2 errors`, `5 warnings`.
const COUNT = /^\d+ (?:error|warning)s?$/;
const CARET = /^\s*\^$/;
const KOTLIN_WARNING = /\.kts?:\d+:\d+: warning: /;

const MAX_DETAIL = 6;
const MAX_WARNINGS = 1000;

/** javac: located errors with their source and caret lines; with `-Werror`, the warnings that counted. */
export const javac: ParserDef = {
  name: 'javac',
  description: 'javac diagnostics `File.java:12: error: msg` with source and caret lines, and warnings that `-Werror` turned into errors',
  url: 'https://docs.oracle.com/en/java/javase/17/docs/specs/man/javac.html',
  // An idle parser only needs the warning count (it drops the warnings held for -Werror); the error count
  // can only end a diagnostic, which the open block sees anyway.
  trigger: /\.java:\d+: (?:error|warning): |^error: warnings found and -Werror specified$|^\d+ warnings?$/,
  // Not `.java:` with a digit: every stack trace frame `(Foo.java:12)` holds that.
  keywords: [': error: ', ': warning: ', ...[...'0123456789'].map((d) => `${d} warning`), 'error: warnings found and -Werror specified'],
  create(sink) {
    let pending: { draft: FailureDraft; warning: boolean } | null = null;
    let detail = 0;
    let warnings: FailureDraft[] = [];
    // A verdict with no warnings shown yet: kotlinc prints the same line *before* its warnings, so wait one line.
    let verdict: FailureDraft | null = null;

    // A warning is held until we know whether -Werror made it count.
    function settle(): void {
      if (!pending) return;
      const { draft, warning } = pending;
      pending = null;
      if (!warning) sink.emit(draft);
      else if (warnings.length < MAX_WARNINGS) warnings.push(draft);
    }

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (verdict) {
          if (!KOTLIN_WARNING.test(text)) sink.emit(verdict);
          verdict = null;
        }
        const m = DIAG.exec(text);
        if (pending) {
          // The source line, the caret and `symbol:`/`location:` details belong to the diagnostic above.
          if (!m && detail++ < MAX_DETAIL && !COUNT.test(text) && !WERROR.test(text)) {
            pending.draft.evidence.push(ev(text, ctx));
            // javac prints the source line verbatim, then a caret under the column (tabs copied as tabs).
            if (detail === 2 && CARET.test(text)) pending.draft.column = text.indexOf('^') + 1;
            return true;
          }
          settle();
        }
        if (m) {
          const draft: FailureDraft = { class: 'compile_error', message: m[4]!, file: m[1]!, line: Number(m[2]), tool: 'javac', evidence: [ev(text, ctx)] };
          pending = { draft, warning: m[3] === 'warning' };
          detail = 0;
          return true;
        }
        if (WERROR.test(text)) {
          // TAXONOMY: with -Werror every warning that counted is a failure.
          for (const w of warnings) sink.emit(w);
          if (warnings.length === 0) {
            verdict = { class: 'compile_error', message: text, tool: 'javac', evidence: [ev(text, ctx)] };
            return true;
          }
          warnings = [];
        } else if (COUNT.test(text) && text.includes('warning')) warnings = [];
        return false;
      },
      end() {
        settle();
        if (verdict) sink.emit(verdict);
        verdict = null;
      },
    };
  },
};
