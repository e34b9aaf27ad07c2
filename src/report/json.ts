import type { Classification, Failure } from '../classify/index.ts';

/** A failure as the CLI's JSON and the Action's `failures` output carry it (DESIGN.md fixes the fields): no evidence. */
export type FailureJson = Omit<Failure, 'evidence'>;

/** The fixed JSON shape: `{ primary, failures }`. */
export interface ClassificationJson {
  primary: Classification['primary'];
  failures: FailureJson[];
}

const FIELDS = ['file', 'line', 'column', 'endLine', 'endColumn', 'tool', 'code', 'test', 'package', 'basis'] as const;

/** One failure without its evidence, in the documented field order. */
export function failureToJson(f: Failure): FailureJson {
  const out: FailureJson = { class: f.class, message: f.message };
  for (const k of FIELDS) {
    const v = f[k];
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** The classification in DESIGN.md's JSON shape. */
export function toJson(r: Classification): ClassificationJson {
  return { primary: r.primary, failures: r.failures.map(failureToJson) };
}

/**
 * GitHub keeps at most 1 MB of a job's outputs, sized as UTF-16 ("Outputs can be a maximum of 1 MB per job … Size is
 * approximated based on UTF-16 encoding", GitHub's docs on passing information between jobs). The `failures` output
 * takes at most half of that (256 Ki characters), leaving the job's other outputs room.
 */
export const MAX_FAILURES_OUTPUT_CHARS = 256 * 1024;

/**
 * The failures as a JSON array of at most `maxChars` characters: the first ones, whole, in order (the same text as
 * `JSON.stringify` of them all when they fit), and how many it holds.
 */
export function failuresOutput(failures: readonly Failure[], maxChars = MAX_FAILURES_OUTPUT_CHARS): { json: string; count: number } {
  const parts: string[] = [];
  let length = 2;
  for (const f of failures) {
    const one = JSON.stringify(failureToJson(f));
    const added = one.length + (parts.length > 0 ? 1 : 0);
    if (length + added > maxChars) break;
    parts.push(one);
    length += added;
  }
  return { json: `[${parts.join(',')}]`, count: parts.length };
}
