import { parseArgs } from 'node:util';

/** Output formats of `punchlist classify`. */
export const FORMATS = ['json', 'text', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** A parsed command line, or the one-line reason it is not one. */
export type ParsedArgs =
  | { kind: 'classify'; files: string[]; format: Format; roots: string[]; exitCode?: number }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'error'; message: string };

export const USAGE = `Usage: punchlist classify [FILE…|-] [--format json|text|sarif|github] [--root DIR]… [--exit-code N]

Reads build and test logs (stdin when no FILE, or "-"), classifies every failure and prints them.
  --format      json (default when piped), text (default on a terminal), sarif (SARIF 2.1.0), github (workflow commands)
  --root        directory that absolute paths in the log are made relative to (default: the current directory)
  --exit-code   the step's exit code, when known: a non-zero code with no recognisable cause is "unknown"
Exit status: 0 when the logs were classified (whatever was found), 2 on bad usage or an unreadable file.`;

/** Parses `argv` (without node and the script). */
export function parseCliArgs(argv: readonly string[], isTTY: boolean): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        root: { type: 'string', multiple: true },
        'exit-code': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    return { kind: 'error', message: (e as Error).message.split('\n')[0]! };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...files] = positionals;
  if (command === undefined) return { kind: 'error', message: 'Missing command: expected "classify"' };
  if (command !== 'classify') return { kind: 'error', message: `Unknown command "${command}": expected "classify"` };
  const format = values.format ?? (isTTY ? 'text' : 'json');
  if (!(FORMATS as readonly string[]).includes(format)) {
    return { kind: 'error', message: `Invalid --format "${format}": expected one of ${FORMATS.join(', ')}` };
  }
  let exitCode: number | undefined;
  if (values['exit-code'] !== undefined) {
    exitCode = Number(values['exit-code']);
    if (!/^-?\d+$/.test(values['exit-code'])) {
      return { kind: 'error', message: `Invalid --exit-code "${values['exit-code']}": expected an integer` };
    }
  }
  return {
    kind: 'classify',
    files: files.length > 0 ? files : ['-'],
    format: format as Format,
    roots: values.root ?? [],
    ...(exitCode !== undefined ? { exitCode } : {}),
  };
}
