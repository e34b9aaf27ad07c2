import { glob } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { ClassifyOptions } from '../classify/index.ts';
import { readInput } from '../io/read-input.ts';
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

/**
 * Classifies every file the patterns name, each read as what it is (a log, a gzip'd log, a log archive, a test
 * report); a file that cannot be read is reported, not fatal, and so is a note about one (binary data, a
 * malformed report).
 */
export async function classifyLogFiles(
  patterns: readonly string[],
  cwd: string,
  options: ClassifyOptions,
  stdin: Readable,
): Promise<{ logs: ClassifiedLogFile[]; unreadable: string[]; files: number }> {
  const logs: ClassifiedLogFile[] = [];
  const unreadable: string[] = [];
  const files = await expandGlobs(patterns, cwd);
  for (const file of files) {
    try {
      const read = await readInput(resolve(cwd, file), stdin, options, relative(cwd, resolve(cwd, file)));
      for (const input of read.inputs) {
        logs.push({
          name: input.name,
          ...(input.log ? { path: file } : {}),
          classification: input.classification,
          ...(input.report ? { report: input.report } : {}),
        });
      }
      unreadable.push(...read.notes);
    } catch (e) {
      unreadable.push((e as Error).message);
    }
  }
  return { logs, unreadable, files: files.length };
}
