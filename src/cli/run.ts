import type { Readable } from 'node:stream';
import { mergeClassifications } from '../classify/index.ts';
import { readInput, type ClassifiedInput } from '../io/read-input.ts';
import { UnreadableLog } from '../io/source.ts';
import { mergeReported } from '../reports/index.ts';
import { toJson, toSarif, toTextByInput, toWorkflowCommands } from '../report/index.ts';
import { parseCliArgs, USAGE, type Format } from './args.ts';

/** What the CLI needs from its process: injected so tests can run it without one. */
export interface CliDeps {
  stdin: Readable;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  version: string;
}

/** Runs `punchlist …`; returns the exit status. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const args = parseCliArgs(argv, deps.isTTY);
  if (args.kind === 'help') {
    deps.stdout(`${USAGE}\n`);
    return 0;
  }
  if (args.kind === 'version') {
    deps.stdout(`${deps.version}\n`);
    return 0;
  }
  if (args.kind === 'error') {
    deps.stderr(`punchlist: ${args.message} (see "punchlist --help")\n`);
    return 2;
  }
  const roots = [...args.roots, ...(deps.env.GITHUB_WORKSPACE ? [deps.env.GITHUB_WORKSPACE] : []), deps.cwd];
  const inputs: ClassifiedInput[] = [];
  try {
    for (const file of args.files) {
      const read = await readInput(file, deps.stdin, {
        roots,
        ...(args.exitCode !== undefined ? { exitCode: args.exitCode } : {}),
      });
      inputs.push(...read.inputs);
      for (const note of read.notes) deps.stderr(`punchlist: ${note}\n`);
    }
  } catch (e) {
    if (e instanceof UnreadableLog) {
      deps.stderr(`punchlist: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  deps.stdout(render(args.format, mergeReported(inputs), deps));
  return 0;
}

function render(format: Format, inputs: readonly ClassifiedInput[], deps: CliDeps): string {
  const merged = mergeClassifications(inputs.map((l) => l.classification));
  switch (format) {
    case 'json':
      return `${JSON.stringify(toJson(merged), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(toSarif(inputs, deps.version), null, 2)}\n`;
    case 'text':
      return toTextByInput(inputs, { color: deps.isTTY && !deps.env.NO_COLOR });
    case 'github': {
      const commands = toWorkflowCommands(merged.failures);
      if (merged.failures.length === 0 && merged.primary === 'unknown') {
        return `::error title=unknown::The job failed and the log shows no recognisable cause\n`;
      }
      return commands;
    }
  }
}
