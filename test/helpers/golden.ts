import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { classifyText } from '../../src/classify/index.ts';
import type { Classification } from '../../src/classify/index.ts';

/** Where each parser's real-tool fixtures live: `<name>/<case>.log` beside `<case>.json`. */
export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'parsers');

const GoldenFile = z.object({
  /** The real tool and version that printed the log, e.g. "tsc 6.0.3". */
  tool: z.string().min(1),
  /** The command that was run on the small broken project. */
  command: z.string().min(1),
  exitCode: z.number().int().optional(),
  /** Directories that absolute paths in the log are relative to. */
  roots: z.array(z.string()).optional(),
  expected: z.object({ primary: z.string().nullable(), failures: z.array(z.record(z.string(), z.unknown())) }),
});
export type GoldenFile = z.infer<typeof GoldenFile>;

export interface GoldenCase {
  parser: string;
  name: string;
  logPath: string;
  jsonPath: string;
}

/** Lists the fixture cases of one parser folder. */
export function goldenCases(parser: string): GoldenCase[] {
  const dir = join(FIXTURES, parser);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -4);
      return { parser, name, logPath: join(dir, f), jsonPath: join(dir, `${name}.json`) };
    });
}

/** Reads a case's metadata file. */
export function readGolden(c: GoldenCase): GoldenFile {
  return GoldenFile.parse(JSON.parse(readFileSync(c.jsonPath, 'utf8')));
}

/** What a golden file pins down: every field of every failure, and the log lines of its evidence. */
export function summarize(r: Classification): GoldenFile['expected'] {
  return {
    primary: r.primary,
    failures: r.failures.map(({ evidence, ...rest }) => ({ ...rest, evidence: evidence.map((e) => e.line) })),
  };
}

/** Classifies a case's log as its metadata says. */
export function runGolden(c: GoldenCase, meta: GoldenFile): GoldenFile['expected'] {
  const text = readFileSync(c.logPath, 'utf8');
  return summarize(
    classifyText(text, {
      ...(meta.roots ? { roots: meta.roots } : {}),
      ...(meta.exitCode !== undefined ? { exitCode: meta.exitCode } : {}),
    }),
  );
}

/** Rewrites the expected result of a case (UPDATE_GOLDEN=1): review the diff before committing it. */
export function writeGolden(c: GoldenCase, meta: GoldenFile, expected: GoldenFile['expected']): void {
  writeFileSync(c.jsonPath, `${JSON.stringify({ ...meta, expected }, null, 2)}\n`);
}
