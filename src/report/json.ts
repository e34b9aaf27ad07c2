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
