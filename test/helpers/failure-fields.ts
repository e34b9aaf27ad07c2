import type { Failure } from '../../src/classify/index.ts';

const FIELDS = ['file', 'line', 'test', 'code', 'package', 'tool'] as const;

/** The fields of a failure a parser test pins down (class and those present), without message or evidence. */
export function keyFields(f: Failure, fields: readonly (typeof FIELDS)[number][] = FIELDS): Record<string, unknown> {
  const out: Record<string, unknown> = { class: f.class };
  for (const k of fields) if (f[k]) out[k] = f[k];
  return out;
}
