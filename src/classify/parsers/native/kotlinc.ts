// Kotlin compiler diagnostics, in the three shapes it prints them:
// - the command-line compiler, `src/A.kt:12:5: error: msg` with the source and caret lines below
//   (https://kotlinlang.org/docs/command-line.html);
// - the Gradle plugin since Kotlin 1.8, `e: file:///abs/A.kt:12:5 msg`, and before it `e: /abs/A.kt: (12, 5): msg`
//   (`w:` for warnings; https://kotlinlang.org/docs/gradle-compiler-options.html).
// Fixtures: kotlinc 1.3.31 (Debian) run on a small broken file; the `e:` forms are in test/parsers/native.test.ts.
import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const CLI = /^(\S(?:[^:]|:[\\/])*?\.kts?):(\d+):(\d+): (error|warning): (.*)$/;
// The path may hold spaces (`e: /home/a b/A.kt: (1, 2): msg`) but never a `:` other than a drive's or the scheme's.
const GRADLE = /^([ew]): (?:file:\/\/)?(\S(?:[^:]|:[\\/])*?\.kts?):(?:(\d+):(\d+) | ?\((\d+), ?(\d+)\):? ?)(.*)$/;
const WERROR = /^(?:e: |error: )warnings found and -Werror specified$/;
const CARET = /^\s*\^$/;

const MAX_DETAIL = 2;
const MAX_WARNINGS = 1000;

/** kotlinc: CLI `A.kt:1:2: error: msg` and the Gradle plugin's `e: file:///A.kt:1:2 msg` / `e: A.kt: (1, 2): msg`. */
export const kotlinc: ParserDef = {
  name: 'kotlinc',
  description: 'Kotlin compiler errors: CLI `A.kt:12:5: error: msg`, Gradle `e: file:///A.kt:12:5 msg` and `e: /A.kt: (12, 5): msg`; warnings only under -Werror',
  url: 'https://kotlinlang.org/docs/command-line.html',
  trigger: /\.kts?:\d+:\d+: (?:error|warning): |^[ew]: .*\.kts?[:(]|^(?:e: |error: )warnings found and -Werror specified$/,
  // `e: `/`w: ` alone are in every `name: value` line; the file they name holds `.kt:` (`A.kt: (1, 2)` too).
  keywords: ['.kt:', '.kts:', 'warnings found and -Werror specified'],
  create(sink) {
    let pending: { draft: FailureDraft; warning: boolean } | null = null;
    let detail = 0;
    let warnings: FailureDraft[] = [];
    // kotlinc prints its -Werror verdict before the warnings that caused it.
    let werror = false;

    function settle(): void {
      if (!pending) return;
      const { draft, warning } = pending;
      pending = null;
      if (!warning || werror) sink.emit(draft);
      else if (warnings.length < MAX_WARNINGS) warnings.push(draft);
    }

    function open(draft: FailureDraft, warning: boolean): boolean {
      settle();
      pending = { draft, warning };
      detail = 0;
      return true;
    }

    return {
      feed(text: string, ctx: LineContext): boolean {
        const c = CLI.exec(text);
        const g = c ? null : GRADLE.exec(text);
        if (pending && !c && !g && detail < MAX_DETAIL && !WERROR.test(text)) {
          // The CLI copies the source line, then a caret under the column.
          detail++;
          if (detail === 2 && !CARET.test(text)) {
            settle();
            return false;
          }
          pending.draft.evidence.push(ev(text, ctx));
          return detail < MAX_DETAIL;
        }
        settle();
        if (c) {
          const draft: FailureDraft = { class: 'compile_error', message: c[5]!, file: c[1]!, line: Number(c[2]), column: Number(c[3]), tool: 'kotlinc', evidence: [ev(text, ctx)] };
          return open(draft, c[4] === 'warning');
        }
        if (g) {
          const draft: FailureDraft = {
            class: 'compile_error',
            message: g[7]!,
            file: g[2]!,
            line: Number(g[3] ?? g[5]),
            column: Number(g[4] ?? g[6]),
            tool: 'kotlinc',
            evidence: [ev(text, ctx)],
          };
          // The Gradle plugin prints no source line: nothing follows to wait for.
          if (g[1] === 'e' || werror) sink.emit(draft);
          else if (warnings.length < MAX_WARNINGS) warnings.push(draft);
          return false;
        }
        if (WERROR.test(text)) {
          // TAXONOMY: with -Werror every warning that counted is a failure (those held, and those still to come).
          werror = true;
          for (const w of warnings) sink.emit(w);
          warnings = [];
        }
        return false;
      },
      end() {
        settle();
      },
    };
  },
};
