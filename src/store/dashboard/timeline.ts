import type { FailureClass } from '../../classify/taxonomy.ts';
import type { DecisionKind } from '../decision-kinds.ts';
import type { Json, JsonObject } from '../json.ts';
import { listOutcomes, type Outcome } from '../outcomes.ts';
import type { Executor, ReservationStatus } from '../tables.ts';
import type { WorkOrderState } from '../work-order-states.ts';
import { mayRead, type RepositoryAccess } from './access.ts';

/** A decision as the timeline shows it. */
export interface TimelineDecision {
  id: number;
  kind: DecisionKind;
  conclusion: string;
  evidence: JsonObject;
  next: string | null;
  failureClass: FailureClass | null;
  createdAt: Date;
}

/** One failure a CI run showed, as the CI step recorded it in its decision's evidence. */
export interface TimelineFailure {
  class: string;
  message: string;
  check: string | null;
  file: string | null;
  line: number | null;
  test: string | null;
  code: string | null;
}

/** One CI run the App read for this work order: the commit, its checks and its classified failures. */
export interface TimelineCiRun {
  decisionId: number;
  kind: DecisionKind;
  sha: string;
  /** The work order's cycle at that run (0 = the first proposal's CI). */
  cycle: number;
  checks: { name: string; conclusion: string | null }[];
  failures: TimelineFailure[];
  createdAt: Date;
}

/** One entry of the money ledger: a reservation and what became of it. */
export interface TimelineLedgerEntry {
  id: number;
  purpose: string | null;
  reservedUsd: number;
  settledUsd: number | null;
  status: ReservationStatus;
  createdAt: Date;
  settledAt: Date | null;
}

/** One recorded attempt: the store's outcome vector, as `listOutcomes` reads it. */
export type TimelineOutcome = Pick<
  Outcome,
  'attempt' | 'model' | 'complexityBand' | 'cycles' | 'inputTokens' | 'outputTokens' | 'costUsd' | 'durationMs' | 'success' | 'failureClass'
>;

/** An escalation and how it was resolved. */
export interface TimelineEscalation {
  id: number;
  reason: string;
  failureClass: FailureClass | null;
  resolvedBy: string | null;
  resolution: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

/** Everything one work order's page shows. */
export interface WorkOrderTimeline {
  id: number;
  repository: string;
  issueNumber: number;
  title: string;
  state: WorkOrderState;
  model: string | null;
  complexity: number | null;
  complexityBand: string | null;
  cycle: number;
  failureClass: FailureClass | null;
  branch: string | null;
  prNumber: number | null;
  pullRequestUrl: string | null;
  headSha: string | null;
  /** The App's own check run on the head commit, when it made one. */
  checkRunId: number | null;
  createdAt: Date;
  updatedAt: Date;
  decisions: TimelineDecision[];
  ciRuns: TimelineCiRun[];
  ledger: TimelineLedgerEntry[];
  outcomes: TimelineOutcome[];
  escalations: TimelineEscalation[];
  money: { reservedUsd: number; settledUsd: number; releasedUsd: number; modelCalls: number };
}

/** Decisions one page shows at most; a work order with more shows the newest this many. */
export const MAX_TIMELINE_DECISIONS = 500;

function text(value: Json | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

function toFailure(value: Json): TimelineFailure | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const cls = text(value.class);
  if (cls === null) return null;
  return {
    class: cls,
    message: text(value.message) ?? '',
    check: text(value.check),
    file: text(value.file),
    line: typeof value.line === 'number' ? value.line : null,
    test: text(value.test),
    code: text(value.code),
  };
}

/** The CI runs recorded in decisions: each CI verdict's evidence carries `sha`, `checks` and `failures`. */
function ciRuns(decisions: readonly TimelineDecision[]): TimelineCiRun[] {
  const runs: TimelineCiRun[] = [];
  let cycle = 0;
  for (const d of decisions) {
    const e = d.evidence;
    const sha = text(e.sha);
    if (sha !== null && Array.isArray(e.failures)) {
      const checks = Array.isArray(e.checks)
        ? e.checks.flatMap((c) => (c && typeof c === 'object' && !Array.isArray(c) && typeof c.name === 'string' ? [{ name: c.name, conclusion: text(c.conclusion) }] : []))
        : [];
      runs.push({ decisionId: d.id, kind: d.kind, sha, cycle, checks, failures: e.failures.flatMap((f) => toFailure(f) ?? []), createdAt: d.createdAt });
    }
    // A refinement cycle decided here: the next CI run is the next cycle's.
    if (d.kind === 'refinement_cycle') cycle++;
  }
  return runs;
}

/** One work order's page, or null when it does not exist or the reader may not see its repository. */
export async function getWorkOrderTimeline(db: Executor, id: number, access: RepositoryAccess): Promise<WorkOrderTimeline | null> {
  const order = await db.selectFrom('work_orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!order || !mayRead(access, order.repository)) return null;
  const [decisionRows, ledgerRows, outcomeRows, escalationRows] = await Promise.all([
    db.selectFrom('decision_logs').selectAll().where('work_order_id', '=', id).orderBy('id', 'desc').limit(MAX_TIMELINE_DECISIONS).execute(),
    db.selectFrom('budgets').selectAll().where('work_order_id', '=', id).orderBy('id').execute(),
    listOutcomes(db, id),
    db.selectFrom('escalations').selectAll().where('work_order_id', '=', id).orderBy('id').execute(),
  ]);
  const decisions = decisionRows.reverse().map((d) => ({
    id: d.id,
    kind: d.kind,
    conclusion: d.conclusion,
    evidence: d.evidence,
    next: d.next_step,
    failureClass: d.failure_class,
    createdAt: d.created_at,
  }));
  const ledger = ledgerRows.map((b) => ({ id: b.id, purpose: b.purpose, reservedUsd: b.amount_usd, settledUsd: b.actual_usd, status: b.status, createdAt: b.created_at, settledAt: b.settled_at }));
  const sum = (status: ReservationStatus, pick: (b: TimelineLedgerEntry) => number) => ledger.filter((b) => b.status === status).reduce((s, b) => s + pick(b), 0);
  const context = order.context;
  const checkRun = context.checkRun;
  const checkRunId = checkRun && typeof checkRun === 'object' && !Array.isArray(checkRun) && typeof checkRun.id === 'number' ? checkRun.id : null;
  return {
    id: order.id,
    repository: order.repository,
    issueNumber: order.issue_number,
    title: order.title,
    state: order.state,
    model: order.model,
    complexity: order.complexity,
    complexityBand: order.complexity_band,
    cycle: order.cycle,
    failureClass: order.failure_class,
    branch: order.branch,
    prNumber: order.pr_number,
    pullRequestUrl: text(context.pullRequestUrl),
    headSha: order.head_sha,
    checkRunId,
    createdAt: order.created_at,
    updatedAt: order.updated_at,
    decisions,
    ciRuns: ciRuns(decisions),
    ledger,
    outcomes: outcomeRows,
    escalations: escalationRows.map((e) => ({ id: e.id, reason: e.reason, failureClass: e.failure_class, resolvedBy: e.resolved_by, resolution: e.resolution, createdAt: e.created_at, resolvedAt: e.resolved_at })),
    money: {
      reservedUsd: sum('reserved', (b) => b.reservedUsd),
      settledUsd: sum('settled', (b) => b.settledUsd ?? 0),
      releasedUsd: sum('released', (b) => b.reservedUsd),
      modelCalls: ledger.filter((b) => b.purpose?.startsWith('model:')).length,
    },
  };
}
