/**
 * A failure's text laid out as its runner prints it in a console log, so that the classifier's parser for that
 * runner reads it with the context it expects (the section header that opens a block of failures, the line that
 * names the test). The text itself is the report's, unchanged; only the runner's framing lines are added.
 */
export function asRunnerLog(tool: string, test: string, text: string): string {
  const name = test || 'test';
  const indent = (n: number): string => text.split('\n').map((l) => `${' '.repeat(n)}${l}`).join('\n');
  switch (tool) {
    case 'vitest':
      return `⎯⎯⎯⎯⎯⎯⎯ Failed Tests 1 ⎯⎯⎯⎯⎯⎯⎯\n\n FAIL  ${name}\n${text}\n`;
    case 'jest':
      return `FAIL ${name}\n  ● ${name}\n\n${indent(4)}\n`;
    case 'mocha':
      return `  1 failing\n\n  1) ${name}:\n${indent(5)}\n`;
    case 'pytest':
      return `=================================== FAILURES ===================================\n___________________________ ${name} ___________________________\n${text}\n`;
    case 'go':
      return text.startsWith('=== RUN') ? `${text}\n` : `=== RUN   ${name}\n${text}\n--- FAIL: ${name}\n`;
    default:
      // Surefire's console report, which Gradle's and .NET's failures resemble closely enough.
      return `[ERROR] ${name}  Time elapsed: 0 s  <<< ERROR!\n${text}\n`;
  }
}
