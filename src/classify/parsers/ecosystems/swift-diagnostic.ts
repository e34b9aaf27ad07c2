// Shared by the swiftc, swiftlint and xctest parsers, which read the same `path:line[:col]: error: text` shape
// (the format Xcode parses from any tool) and must each claim only their own lines, so none is reported twice.

/** `path:line[:col]: severity: text`; the lazy path cannot cross a `:` unless a drive's `:\` or `:/`, so it stays linear. */
export const XCODE_DIAG = /^\s*(\S(?:[^:]|:[\\/])*?):(\d+):(?:(\d+):)? (fatal error|error|warning|note): (.*)$/;

/** Swift and Objective-C sources, the files whose compiler errors the swiftc parser owns. */
export const SWIFT_OR_OBJC = /\.(?:swift|m|mm)$/;

// SwiftLint's Xcode reporter: `{Rule Name} Violation: {reason} ({rule_id})`.
const LINT_RULE = / \(([a-z][a-z0-9_]*)\)$/;

/** The SwiftLint rule id that ends a message, when the message is a SwiftLint violation. */
export function swiftLintRule(message: string): string | null {
  const rule = LINT_RULE.exec(message)?.[1];
  if (!rule) return null;
  return message.includes(' Violation: ') || rule.includes('_') ? rule : null;
}

// XCTest's failure report: `-[Module.Class testName] : reason` (Darwin) or `Class.testName : reason` (Linux).
const DARWIN_TEST = /^-\[([\w.]+) (\w+)\] : (.*)$/;
const LINUX_TEST = /^([A-Za-z_][\w.]*)\.(\w+) : (.*)$/;

/** The test (`Class.method`, with the module when printed) and reason of an XCTest failure message. */
export function xctestFailure(message: string): { test: string; reason: string } | null {
  const m = DARWIN_TEST.exec(message) ?? LINUX_TEST.exec(message);
  return m ? { test: `${m[1]!}.${m[2]!}`, reason: m[3]! } : null;
}
