import { spawn } from 'node:child_process';
import { Classifier, type ClassifyOptions } from '../classify/index.ts';
import type { ClassifiedLogFile } from './types.ts';

/**
 * Runs a command in bash (`-e -o pipefail`, stderr joined to stdout as a runner shows them), streams its
 * output live to `echo` and through the classifier as it comes, and returns the classification and exit code.
 */
export function runAndClassify(
  command: string,
  cwd: string,
  options: ClassifyOptions,
  echo: (chunk: Uint8Array) => void,
  env: NodeJS.ProcessEnv,
): Promise<{ log: ClassifiedLogFile; exitCode: number }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', `exec 2>&1\n${command}`], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // A one-line command names the unit of work: a failure its output does not explain is classed by it.
    const unit = singleCommand(command);
    const classifier = new Classifier({ ...options, ...(unit ? { unit } : {}) });
    child.stdout.on('data', (chunk: Buffer) => {
      echo(chunk);
      classifier.pushBytes(chunk);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const exitCode = code ?? (signal ? 128 + signalNumber(signal) : 1);
      resolvePromise({ log: { name: firstLine(command), classification: classifier.end(exitCode) }, exitCode });
    });
  });
}

/** The command when it is one line (comments and blank lines aside); a script of several names no one unit. */
function singleCommand(command: string): string | undefined {
  const lines = command.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  return lines.length === 1 ? lines[0] : undefined;
}

function firstLine(command: string): string {
  const line = command.trim().split('\n')[0]!;
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
function signalNumber(signal: string): number {
  return SIGNALS[signal] ?? 0;
}
