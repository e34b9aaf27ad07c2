import { glob } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { ClassifyOptions } from '../classify/index.ts';
import { classifyLog } from '../io/read-log.ts';
import type { ClassifiedLogFile } from './types.ts';

/** Expands newline-separated globs (a leading `!` excludes) to files, in a stable order. */
export async function expandGlobs(patterns: readonly string[], cwd: string): Promise<string[]> {
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const found = new Set<string>();
  for (const pattern of include) {
    for await (const f of glob(pattern, { cwd, exclude: exclude.length > 0 ? exclude : undefined })) found.add(f);
  }
  return [...found].sort();
}

/** Classifies every log file the patterns name; a file that cannot be read is reported, not fatal. */
export async function classifyLogFiles(
  patterns: readonly string[],
  cwd: string,
  options: ClassifyOptions,
  stdin: Readable,
): Promise<{ logs: ClassifiedLogFile[]; unreadable: string[] }> {
  const logs: ClassifiedLogFile[] = [];
  const unreadable: string[] = [];
  for (const file of await expandGlobs(patterns, cwd)) {
    try {
      const classification = await classifyLog(resolve(cwd, file), stdin, options);
      logs.push({ name: relative(cwd, resolve(cwd, file)), path: file, classification });
    } catch (e) {
      unreadable.push((e as Error).message);
    }
  }
  return { logs, unreadable };
}
