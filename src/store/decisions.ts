import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { FailureClass } from '../classify/taxonomy.ts';
import type { DecisionKind } from './decision-kinds.ts';
import { json, type JsonObject } from './json.ts';
import type { DecisionLogsTable, Executor } from './tables.ts';

/** A decision to record: what was concluded, from which evidence, and what should happen next. */
export interface DecisionInput {
  workOrderId?: number | null;
  kind: DecisionKind;
  conclusion: string;
  evidence?: JsonObject;
  next?: string | null;
  failureClass?: FailureClass | null;
  /** Makes the entry idempotent: a second entry with the same key (a redelivery) is not written again. */
  key?: string | null;
}

/** A recorded decision. */
export interface Decision {
  id: number;
  workOrderId: number | null;
  kind: DecisionKind;
  conclusion: string;
  evidence: JsonObject;
  next: string | null;
  failureClass: FailureClass | null;
  key: string | null;
  createdAt: Date;
}

function toDecision(row: Selectable<DecisionLogsTable>): Decision {
  return {
    id: row.id,
    workOrderId: row.work_order_id,
    kind: row.kind,
    conclusion: row.conclusion,
    evidence: row.evidence,
    next: row.next_step,
    failureClass: row.failure_class,
    key: row.idempotency_key,
    createdAt: row.created_at,
  };
}

/** Writes one decision (inside the caller's transaction when given one); a known key returns the first entry's id. */
export async function recordDecision(db: Executor, input: DecisionInput): Promise<{ id: number; duplicate: boolean }> {
  const inserted = await db
    .insertInto('decision_logs')
    .values({
      work_order_id: input.workOrderId ?? null,
      kind: input.kind,
      conclusion: input.conclusion,
      evidence: json(input.evidence ?? {}),
      next_step: input.next ?? null,
      failure_class: input.failureClass ?? null,
      idempotency_key: input.key ?? null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, duplicate: false };
  const existing = await db
    .selectFrom('decision_logs')
    .select('id')
    .where('idempotency_key', '=', input.key ?? '')
    .executeTakeFirstOrThrow();
  return { id: existing.id, duplicate: true };
}

/** Decisions of a work order, oldest first. */
export async function listDecisions(db: Executor, workOrderId: number): Promise<Decision[]> {
  const rows = await db.selectFrom('decision_logs').selectAll().where('work_order_id', '=', workOrderId).orderBy('id').execute();
  return rows.map(toDecision);
}

/** Outcome of one logger call: written, or given up on and reported on stderr. */
export type DecisionLogResult = { ok: true; id: number; duplicate: boolean } | { ok: false; error: string };

/** Writes decisions without ever throwing into the work that made them. */
export interface DecisionLogger {
  log(input: DecisionInput): Promise<DecisionLogResult>;
}

/** How the logger retries and where it reports. */
export interface DecisionLoggerOptions {
  /** Writes tried before giving up (default 3). */
  attempts?: number;
  /** Wait before the second write, doubled for each later one (default 100 ms). */
  backoffMs?: number;
  /** Where a decision that could not be written goes, one line each (default stderr). */
  report?: (line: string) => void;
}

/**
 * A logger over `db` (the store's connection, not a transaction: on PGlite a write from inside a transaction
 * would wait for that transaction). A failed write is retried under the same idempotency key, so a write that
 * committed but lost its answer is not doubled; after the last attempt the decision goes to stderr as JSON.
 */
export function createDecisionLogger(db: Executor, options: DecisionLoggerOptions = {}): DecisionLogger {
  const attempts = Math.max(1, options.attempts ?? 3);
  const backoffMs = options.backoffMs ?? 100;
  const report = options.report ?? ((line: string) => process.stderr.write(`${line}\n`));
  return {
    async log(input) {
      const entry = { ...input, key: input.key ?? `auto:${randomUUID()}` };
      let lastError = '';
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          return { ok: true, ...(await recordDecision(db, entry)) };
        } catch (error) {
          lastError = error instanceof Error ? error.message : String(error);
          if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
        }
      }
      try {
        report(`punchlist: cannot write decision after ${attempts} attempts (${lastError}): ${JSON.stringify(entry)}`);
      } catch {
        // Reporting is the last resort; if even stderr fails there is nowhere left to say so.
      }
      return { ok: false, error: lastError };
    },
  };
}
