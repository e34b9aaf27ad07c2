// Format: the Swift compiler's diagnostics as swiftc, `swift build` and xcodebuild print them,
// `/path/A.swift:134:2: error: cannot find 'x' in scope` (https://github.com/swiftlang/swift/blob/main/docs/Diagnostics.md),
// plus xcodebuild's `** BUILD FAILED **` banner and its `The following build commands failed:` list
// (https://developer.apple.com/library/archive/technotes/tn2339/_index.html).
// Fixture: excerpts of public xcodebuild / swift build logs, see test/fixtures/parsers/swiftc/*.json.
import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { SWIFT_OR_OBJC, XCODE_DIAG, swiftLintRule, xctestFailure } from './swift-diagnostic.ts';

const MISSING_MODULE = /^no such module '([^']+)'/;
// clang's own wording in an Objective-C file; gcc.ts reads the same line, the engine merges the two.
const MISSING_HEADER = /^'([^']+)' file not found/;
const BUILD_FAILED = /^\*\* (?:BUILD|ARCHIVE|ANALYZE) FAILED \*\*/;
const COMMANDS_FAILED = /^The following build commands failed:$/;
// One entry of that list: `\tCompileSwift normal arm64 /p/A.swift (in target 'A' from project 'A')`.
const COMMAND = /^\s+([A-Z][A-Za-z]+)(?: (.*))?$/;
const COMPILE_COMMANDS = new Set(['CompileSwift', 'SwiftCompile', 'CompileSwiftSources', 'CompileC', 'EmitSwiftModule', 'SwiftEmitModule', 'SwiftDriver', 'SwiftDriverJobDiscovery', 'SwiftGeneratePch', 'ProcessPCH', 'CompileXIB', 'CompileStoryboard']);
const XCPRETTY_LOCATION = /:\d+:\d+: /;
const SOURCE = /\.(?:swift|mm?|c|cc|cpp|cxx)$/;
const MAX_LIST = 200;

/** swiftc and xcodebuild: located Swift/Objective-C compiler errors, and the failed build commands list. */
export const swiftc: ParserDef = {
  name: 'swiftc',
  description: 'Swift compiler / xcodebuild diagnostics `A.swift:12:5: error: msg` (also .m/.mm), `no such module`, `** BUILD FAILED **` and `The following build commands failed:`',
  url: 'https://github.com/swiftlang/swift/blob/main/docs/Diagnostics.md',
  trigger: /\.(?:swift|mm?):\d+:\d+: (?:fatal )?error: |❌ |^\*\* (?:BUILD|ARCHIVE|ANALYZE) FAILED \*\*|^The following build commands failed:$/,
  keywords: [': error: ', ': fatal error: ', ' FAILED **', 'The following build commands failed:', '❌'],
  create(sink) {
    // Whether a located compiler error was read: then the failed-commands list only repeats it.
    let located = 0;
    let listing = false;
    let listed = 0;
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return listing;
        if (listing) {
          // Entries are tab-indented; some CI logs put a blank line between them. `(2 failures)` ends the list.
          if (text.trim() === '' && listed++ < MAX_LIST) return true;
          const c = listed++ < MAX_LIST ? COMMAND.exec(text) : null;
          if (c) {
            command(c[1]!, c[2] ?? '', ev(text, ctx));
            return true;
          }
          listing = false;
          return false;
        }
        if (COMMANDS_FAILED.test(text)) {
          listing = true;
          listed = 0;
          return true;
        }
        if (BUILD_FAILED.test(text)) {
          sink.jobFailed(ev(text, ctx));
          return false;
        }
        // xcpretty's copy of a compiler error (xcpretty.ts reports it): the list below only repeats it.
        if (text.includes('❌') && XCPRETTY_LOCATION.test(text)) {
          located++;
          return false;
        }
        const m = XCODE_DIAG.exec(text);
        if (!m || m[3] === undefined || m[4] === 'warning' || m[4] === 'note') return false;
        const [, file, line, column, , message] = m;
        if (!SWIFT_OR_OBJC.test(file!) || swiftLintRule(message!) || xctestFailure(message!)) return false;
        located++;
        sink.emit({ ...classify(message!, file!), file: file!, line: Number(line), column: Number(column), message: message!, evidence: [ev(text, ctx)] });
        return false;
      },
      end() {},
    };

    // A compile step that failed, when its diagnostics are not in the log (cut off, or printed elsewhere) and the
    // list names its source; any other entry is only evidence that the build failed.
    function command(name: string, args: string, evidence: EvidenceLine): void {
      const inTarget = args.indexOf(' (in target ');
      const rest = inTarget >= 0 ? args.slice(0, inTarget) : args;
      // Paths escape their spaces (`Compiling\ A.swift`): the source is the last unescaped token that is one.
      const source = COMPILE_COMMANDS.has(name)
        ? rest
            .split(/(?<!\\) /)
            .reverse()
            .find((t) => SOURCE.test(t))
        : undefined;
      if (!source || located > 0) {
        sink.jobFailed(evidence);
        return;
      }
      const file = source.replace(/\\ /g, ' ');
      sink.emit({ class: 'compile_error', tool: /\.swift$/.test(file) ? 'swiftc' : 'clang', file, message: `${name} failed`, evidence: [evidence] });
    }
  },
};

// TAXONOMY: a module or header the compiler cannot find is a missing dependency.
function classify(message: string, file: string): Pick<FailureDraft, 'class' | 'tool' | 'package'> {
  const module = MISSING_MODULE.exec(message)?.[1];
  if (module) return { class: 'dependency_missing', tool: 'swiftc', package: module };
  const header = MISSING_HEADER.exec(message)?.[1];
  if (header && !header.startsWith('.')) return { class: 'dependency_missing', tool: 'clang', package: header };
  return { class: 'compile_error', tool: /\.swift$/.test(file) ? 'swiftc' : 'clang' };
}
