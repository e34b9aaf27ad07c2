// Format: SwiftLint's default (Xcode) reporter, `/p/A.swift:12:5: error: Line Length Violation: Line should be 120
// characters or less (line_length)` (https://github.com/realm/SwiftLint#command-line, Source/SwiftLintFramework/
// Reporters/XcodeReporter.swift). Warnings fail nothing unless `--strict`, which SwiftLint ≥ 0.50 prints as `error:`.
// Fixture: see test/fixtures/parsers/swiftlint/*.json.
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { XCODE_DIAG, swiftLintRule } from './swift-diagnostic.ts';

/** SwiftLint: serious violations (`error:`), each with its rule id as the code. */
export const swiftlint: ParserDef = {
  name: 'swiftlint',
  description: 'SwiftLint Xcode reporter `A.swift:12:5: error: Rule Name Violation: reason (rule_id)`; warnings are not failures',
  url: 'https://github.com/realm/SwiftLint/blob/main/README.md',
  trigger: /\.swift:\d+(?::\d+)?: error: /,
  keywords: [': error: '],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return false;
        const m = XCODE_DIAG.exec(text);
        if (!m || m[4] !== 'error') return false;
        const rule = swiftLintRule(m[5]!);
        if (!rule) return false;
        const message = m[5]!.slice(0, m[5]!.length - rule.length - 3);
        sink.emit({
          class: 'lint_error',
          tool: 'swiftlint',
          code: rule,
          file: m[1]!,
          line: Number(m[2]),
          ...(m[3] ? { column: Number(m[3]) } : {}),
          message,
          evidence: [ev(text, ctx)],
        });
        return false;
      },
      end() {},
    };
  },
};
