import type { ColumnType, Generated, Insertable, Kysely, Selectable } from 'kysely';
import type { FailureClass } from '../classify/taxonomy.ts';
import type { DecisionKind } from './decision-kinds.ts';
import type { Json, JsonObject } from './json.ts';
import type { WorkOrderState } from './work-order-states.ts';

// Row shapes exactly as PostgreSQL stores them (snake_case). int8 and numeric read as numbers on both engines
// (type-parsers.ts); JSONB columns are written through json(), never as bare objects.

type Created = ColumnType<Date, never, never>;
type Updated = ColumnType<Date, never, Date>;
type JsonColumn<T> = ColumnType<T, T | undefined, T>;

/** Row of `work_orders`. */
export interface WorkOrdersTable {
  id: Generated<number>;
  installation_id: number | null;
  repository: string;
  repository_id: number | null;
  issue_number: number;
  trigger: string;
  delivery_id: string | null;
  state: ColumnType<WorkOrderState, WorkOrderState | undefined, WorkOrderState>;
  title: string;
  body: string;
  author: string | null;
  acceptance_criteria: JsonColumn<string[]>;
  files: JsonColumn<string[]>;
  branch: string | null;
  pr_number: number | null;
  head_sha: string | null;
  commits: JsonColumn<string[]>;
  status_comment_id: number | null;
  model: string | null;
  complexity: number | null;
  complexity_band: string | null;
  cycle: Generated<number>;
  failure_class: FailureClass | null;
  context: JsonColumn<JsonObject>;
  /** The process running one of its steps, and until when (migration 4). */
  lease_owner: ColumnType<string | null, string | null | undefined, string | null>;
  lease_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Created;
  updated_at: Updated;
}

/** Row of `deliveries`: webhook delivery ids already acted on. */
export interface DeliveriesTable {
  delivery_id: string;
  event: string;
  received_at: Created;
}

/** Row of `decision_logs`. */
export interface DecisionLogsTable {
  id: Generated<number>;
  work_order_id: number | null;
  kind: DecisionKind;
  conclusion: string;
  evidence: JsonColumn<JsonObject>;
  next_step: string | null;
  failure_class: FailureClass | null;
  idempotency_key: string | null;
  created_at: Created;
}

/** Row of `outcome_vectors`: one per attempt. */
export interface OutcomeVectorsTable {
  id: Generated<number>;
  work_order_id: number;
  attempt: number;
  model: string;
  complexity: number | null;
  complexity_band: string;
  cycles: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  duration_ms: number;
  success: boolean;
  failure_class: FailureClass | null;
  error_context: JsonColumn<JsonObject>;
  flaky: boolean;
  created_at: Created;
}

/** Row of `escalations`. */
export interface EscalationsTable {
  id: Generated<number>;
  work_order_id: number;
  failure_class: FailureClass | null;
  reason: string;
  options: JsonColumn<Json[]>;
  comment_id: number | null;
  resolved_by: string | null;
  resolution: string | null;
  resolved_at: Date | null;
  created_at: Created;
}

/** Row of `pattern_confidence`: running success statistics per model × complexity band × failure class. */
export interface PatternConfidenceTable {
  model: string;
  complexity_band: string;
  failure_class: FailureClass | null;
  samples: number;
  successes: number;
  total_cost_usd: number;
  total_cycles: number;
  updated_at: Updated;
}

/** Row of `budget_accounts`: the limit and running totals of one budget scope. */
export interface BudgetAccountsTable {
  scope: string;
  limit_usd: number;
  reserved_usd: Generated<number>;
  spent_usd: Generated<number>;
  updated_at: Updated;
}

/** Status of one ledger entry. */
export type ReservationStatus = 'reserved' | 'settled' | 'released';

/** Row of `budgets`: the ledger, one entry per reservation, later settled or released. */
export interface BudgetsTable {
  id: Generated<number>;
  work_order_id: number | null;
  scopes: JsonColumn<string[]>;
  purpose: string | null;
  amount_usd: number;
  actual_usd: number | null;
  status: ColumnType<ReservationStatus, ReservationStatus | undefined, ReservationStatus>;
  created_at: Created;
  settled_at: Date | null;
}

/** Row of `work_order_transitions`: the legal moves, read by the trigger that guards `work_orders.state`. */
export interface WorkOrderTransitionsTable {
  from_state: WorkOrderState;
  to_state: WorkOrderState;
}

/** Row of `webhook_inbox`: a delivery accepted and not yet (or already) acted on. */
export interface WebhookInboxTable {
  id: Generated<number>;
  delivery_id: string;
  event: string;
  payload: JsonColumn<Json>;
  received_at: Created;
  attempts: Generated<number>;
  locked_until: Date | null;
  last_error: string | null;
  processed_at: Date | null;
}

/** How one test ended in one run: `errored` is JUnit's `<error>` or a failure of another class than `test_fail`. */
export type TestOutcome = 'passed' | 'failed' | 'skipped' | 'errored';

/** Where a test result was read: a test report, a job's log, or the Punchlist Action's check-run annotations. */
export type TestResultSource = 'report' | 'log' | 'check-run';

/** Row of `test_results` (migration 6): one test's outcome in one job of one workflow run attempt. */
export interface TestResultsTable {
  id: Generated<number>;
  repository: string;
  /** testKey() of the test's full name (src/store/test-key.ts). */
  test_key: string;
  test_name: string;
  test_file: string | null;
  commit_sha: string;
  branch: string | null;
  workflow_run_id: number;
  run_attempt: number;
  job_name: string | null;
  outcome: TestOutcome;
  source: TestResultSource;
  recorded_at: ColumnType<Date, Date | undefined, never>;
  work_order_id: number | null;
}

/** Row of `quarantined_tests` (migration 6): a test a person took out of decisions, and when they put it back. */
export interface QuarantinedTestsTable {
  id: Generated<number>;
  repository: string;
  test_key: string;
  test_name: string;
  quarantined_by: string;
  reason: string | null;
  created_at: Created;
  removed_by: string | null;
  removed_at: Date | null;
}

/** Row of `punchlist_migrations`. */
export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: Created;
}

/** Every table of the store. */
export interface Tables {
  work_orders: WorkOrdersTable;
  deliveries: DeliveriesTable;
  decision_logs: DecisionLogsTable;
  outcome_vectors: OutcomeVectorsTable;
  escalations: EscalationsTable;
  pattern_confidence: PatternConfidenceTable;
  budget_accounts: BudgetAccountsTable;
  budgets: BudgetsTable;
  work_order_transitions: WorkOrderTransitionsTable;
  webhook_inbox: WebhookInboxTable;
  test_results: TestResultsTable;
  quarantined_tests: QuarantinedTestsTable;
  punchlist_migrations: MigrationsTable;
}

/** A connection or an open transaction: every store function accepts either. */
export type Executor = Kysely<Tables>;

export type WorkOrderRow = Selectable<WorkOrdersTable>;
export type NewWorkOrderRow = Insertable<WorkOrdersTable>;
