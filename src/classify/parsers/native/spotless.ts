// Spotless's `check` failure: `The following files had format violations:` then each file (indented) with its
// diff (indented deeper), from both the Gradle plugin (`> The following files …` under `* What went wrong:`) and
// the Maven plugin (`[ERROR] Failed to execute goal com.diffplug.spotless:…:check … The following files …`).
// Format: Spotless's DiffMessageFormatter (https://github.com/diffplug/spotless/blob/main/lib-extra/src/main/java/com/diffplug/spotless/extra/integration/DiffMessageFormatter.java).
// Fixtures: written in that format (Spotless is not installable here), as shown in diffplug/spotless#194 (Gradle)
// and asaikali/modern-spring-on-kubernetes#1 (Maven).
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const HEAD = /The following files had format violations:$/;
const LEVEL = /^\[(?:ERROR|WARNING|INFO)\]/;
const MAX_LINES = 5000;

/** Spotless: one lint failure per file its check lists with format violations. */
export const spotless: ParserDef = {
  name: 'spotless',
  description: 'Spotless `The following files had format violations:` file lists (Gradle and Maven plugins)',
  url: 'https://github.com/diffplug/spotless',
  trigger: /The following files had format violations:$/,
  keywords: ['The following files had format violations:'],
  // Maven's `[ERROR] ` / `[INFO] ` levels are part of what it reads.
  readsWrappers: ['maven'],
  create(sink) {
    let indent = -1;
    let lines = 0;
    let open = false;
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (HEAD.test(text)) {
          open = true;
          indent = -1;
          lines = 0;
          return true;
        }
        if (!open) return false;
        const body = text.replace(LEVEL, '');
        const trimmed = body.trim();
        const depth = body.length - body.trimStart().length;
        if (++lines > MAX_LINES) {
          open = false;
          return false;
        }
        // Blank lines occur inside a diff (Maven prints a bare `[ERROR]`).
        if (trimmed === '') return true;
        // The list ends at a line no deeper than its header's text (`Run 'gradlew spotlessApply'…`, `* Try:`).
        if (depth < 2 || /^Run '|^\.\.\.|^Violations also present in/.test(trimmed)) {
          open = false;
          return false;
        }
        if (indent < 0) indent = depth;
        if (depth === indent && !/^(?:@@|[+-])/.test(trimmed)) {
          sink.emit({ class: 'lint_error', message: 'Format violations', file: trimmed.replace(/\\/g, '/'), tool: 'spotless', evidence: [ev(text, ctx)] });
        }
        return true;
      },
      end() {},
    };
  },
};
