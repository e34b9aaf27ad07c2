// zod's tree-shakable build: the Action bundle carries only the checks it uses.
import * as z from 'zod/mini';
import type { Failure } from '../classify/index.ts';
import { FAILURE_CLASSES } from '../classify/index.ts';
import { MARK_KINDS, type FailureMark } from '../decision/index.ts';

/**
 * A failure's mark from history (src/decision/marks.ts). A mark this reader does not know (a newer Action's) reads
 * as none, so the failure itself is never lost to it.
 */
const markSchema = z.catch(
  z.optional(
    z.looseObject({
      kind: z.enum(MARK_KINDS),
      sha: z.string(),
      ref: z.optional(z.string()),
      attempt: z.optional(z.number()),
    }),
  ),
  undefined,
);

/**
 * The contract between the Action and the App: the JSON in a failure annotation's `raw_details`. The Action writes
 * it (src/report/check-run.ts), the App reads it (app/ci/ci-failure.ts); both go through this one schema. Unknown
 * keys are allowed, so an older App reads a newer Action's details and the other way round.
 */
export const checkRunDetailsSchema = z.looseObject({
  class: z.enum(FAILURE_CLASSES),
  message: z.string(),
  file: z.optional(z.string()),
  line: z.optional(z.number()),
  column: z.optional(z.number()),
  endLine: z.optional(z.number()),
  endColumn: z.optional(z.number()),
  tool: z.optional(z.string()),
  code: z.optional(z.string()),
  test: z.optional(z.string()),
  package: z.optional(z.string()),
  /** `step` when the class was inferred from the failed step's name rather than the tool's own words. */
  basis: z.optional(z.literal('step')),
  /** The log lines the failure was read from (the Action writes `{ line, text }`; plain strings are read too). */
  evidence: z.optional(z.array(z.union([z.string(), z.object({ line: z.number(), text: z.string() })]))),
  /** Added with the flaky marks: absent in older details, and in failures that history says nothing about. */
  mark: markSchema,
});

/** A failure as `raw_details` carries it. */
export type CheckRunDetails = z.infer<typeof checkRunDetailsSchema>;

const FIELDS = ['file', 'line', 'column', 'endLine', 'endColumn', 'tool', 'code', 'test', 'package', 'basis'] as const;

/** The details of one failure, for its annotation (the evidence with it, so the App can quote the log). */
export function toCheckRunDetails(f: Failure & { basis?: 'step'; mark?: FailureMark }): CheckRunDetails {
  const out: CheckRunDetails = { class: f.class, message: f.message };
  for (const key of FIELDS) {
    const value = f[key];
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  out.evidence = f.evidence.map((e) => ({ line: e.line, text: e.text }));
  if (f.mark) out.mark = { ...f.mark };
  return out;
}

/** The details in an annotation's `raw_details`, or null when it holds none (a notice, another tool's, cut JSON). */
export function readCheckRunDetails(rawDetails: string | null | undefined): CheckRunDetails | null {
  if (!rawDetails) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(rawDetails);
  } catch {
    return null;
  }
  const parsed = checkRunDetailsSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
