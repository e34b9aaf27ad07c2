import { z } from 'zod';
import { FAILURE_CLASSES } from '../../src/classify/index.ts';
import type { JsonObject, WorkOrder } from '../../src/store/index.ts';
import { storedConfig, type PunchlistConfig } from '../config/index.ts';
import { answerSchema, type ProposalAnswer } from '../model/index.ts';

/**
 * The work order's context, typed: what its steps remember between runs. It lives in the `context` JSON column,
 * merged key by key; every key is optional because a work order gains them step by step, and unknown keys (written
 * by an older or newer App) are kept. Parsed once per step; a context that does not parse is a bug, so it throws.
 */

const attemptSchema = z.object({
  number: z.number().int().min(1),
  model: z.string(),
  startedAt: z.string(),
  startCycle: z.number().int().min(0),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  lastCall: z.object({ inputTokens: z.number(), outputTokens: z.number() }).nullable(),
});

/** A classified CI failure as the work order keeps it (app/ci/ci-failure.ts). */
export const ciFailureSchema = z.object({
  class: z.enum(FAILURE_CLASSES),
  message: z.string(),
  check: z.string(),
  file: z.string().optional(),
  line: z.number().optional(),
  tool: z.string().optional(),
  code: z.string().optional(),
  test: z.string().optional(),
  package: z.string().optional(),
  basis: z.literal('step').optional(),
  evidence: z.array(z.string()),
  mark: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('flaky'), sha: z.string(), attempt: z.number().optional() }),
      z.object({ kind: z.literal('base_broken'), sha: z.string(), ref: z.string().optional() }),
    ])
    .optional(),
});

const cycleRecordSchema = z.object({ cycle: z.number(), sha: z.string(), model: z.string(), failures: z.number(), classes: z.array(z.string()), spentUsd: z.number() });

/** The model's answer for one change, stored before anything is committed: a retried step reuses it. */
const proposalSchema = z.object({
  /** Which change it answers: the attempt, the cycle it makes (0 for the first proposal) and the commit it starts from. */
  attempt: z.number(),
  forCycle: z.number(),
  parentSha: z.string(),
  model: z.string(),
  answer: z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), summary: z.string(), edits: z.array(z.unknown()) }),
    z.object({ ok: z.literal(false), kind: z.string(), message: z.string() }),
  ]),
  costUsd: z.number(),
  evidence: z.record(z.string(), z.unknown()),
  related: z.array(z.unknown()).optional(),
  left: z.array(z.unknown()).optional(),
});

/** The commit made for a change, recorded before the branch moves: a retried step moves the branch to this one. */
const pendingCommitSchema = z.object({ attempt: z.number(), forCycle: z.number(), parentSha: z.string(), sha: z.string(), changedFiles: z.array(z.string()) });

const contextSchema = z.looseObject({
  config: z.unknown().optional(),
  removedHidden: z.unknown().optional(),
  defaultBranch: z.string().optional(),
  labelledBy: z.string().optional(),
  baseSha: z.string().optional(),
  routingReason: z.string().optional(),
  /** The lowest model tier routing allowed (the band, or the top tier for risky work): the models a red CI may hand over to. */
  requiredTier: z.number().int().optional(),
  attempt: attemptSchema.optional(),
  proposal: proposalSchema.nullable().optional(),
  pendingCommit: pendingCommitSchema.nullable().optional(),
  /** The commit the branch is about to move to: its push is the App's own. */
  pendingHead: z.string().nullable().optional(),
  /** Every commit the App made for this work order, so its own older commits on the branch are told from a person's. */
  ownCommits: z.array(z.string()).optional(),
  changedFiles: z.array(z.string()).optional(),
  pullRequestUrl: z.string().optional(),
  ci: z
    .object({
      decidedSha: z.string().optional(),
      rerunSha: z.string().optional(),
      rerunAt: z.string().optional(),
      /** The workflow runs re-run (with the attempt that failed) and the failing tests in them: a green re-run records them passed. */
      rerunRuns: z.array(z.object({ id: z.number(), attempt: z.number() })).optional(),
      rerunTests: z.array(z.object({ test: z.string(), file: z.string().optional(), check: z.string(), runId: z.number() })).optional(),
    })
    .optional(),
  /** The failures of the last red result set aside (known flaky, broken on the base branch, quarantined), one line each, for the refinement prompt. */
  setAside: z.array(z.string()).optional(),
  lastRed: z.object({ sha: z.string(), fingerprints: z.array(z.string()), count: z.number() }).optional(),
  pendingFailures: z.array(ciFailureSchema).optional(),
  cycles: z.array(cycleRecordSchema).optional(),
  cycleLimit: z.number().optional(),
  escalationComment: z.string().optional(),
  checkRun: z.object({ id: z.number(), sha: z.string(), annotated: z.number() }).optional(),
  /** The state the status comment last showed: a restart brings a comment that lags behind up to date. */
  statusShown: z.string().optional(),
  stop: z.string().nullable().optional(),
  flaky: z.boolean().optional(),
  /** The `punchlist:needs-human` label is to come off the issue (a person answered or stopped): the next job removes it. */
  removeNeedsHuman: z.boolean().nullable().optional(),
  /** A model a person chose for the next attempt (`/punchlist retry --model NAME` on a failed work order). */
  pinnedModel: z.string().nullable().optional(),
});

/** What the work order's steps remember. */
export type WorkOrderContext = z.output<typeof contextSchema>;
/** One attempt at a work order (see attempt.ts). */
export type AttemptRecord = z.output<typeof attemptSchema>;
/** A stored model answer. */
export type StoredProposal = z.output<typeof proposalSchema>;
/** A recorded commit of a change. */
export type PendingCommit = z.output<typeof pendingCommitSchema>;

/** The work order's context, parsed; throws when it does not fit (a bug: only these steps write it). */
export function readContext(order: Pick<WorkOrder, 'id' | 'context'>): WorkOrderContext {
  const parsed = contextSchema.safeParse(order.context);
  if (!parsed.success) throw new Error(`Work order ${order.id} has a context that does not parse: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Keys to merge into the stored context: the one place the typed context becomes the column's JSON. */
export function contextPatch(patch: Partial<{ [K in keyof WorkOrderContext]: WorkOrderContext[K] | null }>): JsonObject {
  return JSON.parse(JSON.stringify(patch)) as JsonObject;
}

/** The configuration intake stored with the work order (as it was then, or as a person's retry re-read it). */
export function orderConfig(order: Pick<WorkOrder, 'id' | 'context'>): PunchlistConfig {
  return storedConfig(readContext(order).config);
}

/** The stored answer as the model gave it (validated again: it crossed the store). */
export function storedAnswer(proposal: StoredProposal): ProposalAnswer | null {
  if (!proposal.answer.ok) return null;
  return answerSchema.parse({ summary: proposal.answer.summary, edits: proposal.answer.edits });
}
