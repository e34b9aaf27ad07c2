// The store's public surface: the App imports from here.
export { openStore, openStoreFromEnv, type Store, type StoreOptions } from './store.ts';
export { databaseOptionsFromEnv, DEFAULT_DATA_DIR, type DatabaseOptions, type Engine } from './open-database.ts';
export { inTransaction, type Scope } from './scope.ts';
export { DEFAULT_QUEUES, type EnqueueOptions, type JobQueue, type QueueJob, type QueueJobState, type QueueSettings, type WorkOptions } from './queue.ts';
export { WORK_ORDER_STATES, TRANSITIONS, UNFINISHED_STATES, END_STATES, RETRYABLE_STATES, canTransition, isFinalState, type WorkOrderState } from './work-order-states.ts';
export { claimWorkOrderLease, releaseWorkOrderLease, clearWorkOrderLeases } from './work-order-lease.ts';
export { DECISION_KINDS, type DecisionKind } from './decision-kinds.ts';
export {
  WORK_ORDER_QUEUE,
  createWorkOrder,
  transitionWorkOrder,
  updateWorkOrder,
  getWorkOrder,
  findWorkOrder,
  findWorkOrderByDelivery,
  findWorkOrderByCommit,
  findWorkOrderByPullRequest,
  findWorkOrderByBranch,
  listWorkOrdersForIssue,
  listWorkOrders,
  type WorkOrder,
  type NewWorkOrder,
  type WorkOrderPatch,
  type JobRequest,
  type CreateWorkOrderOptions,
  type CreateWorkOrderResult,
  type TransitionRequest,
  type TransitionResult,
} from './work-orders.ts';
export { recordDecision, listDecisions, createDecisionLogger, type Decision, type DecisionInput, type DecisionLogger, type DecisionLogResult } from './decisions.ts';
export { claimDelivery } from './deliveries.ts';
export { acceptDeliveries, claimDeliveries, completeDelivery, failDelivery, inboxCounts, pruneDeliveries, releaseDeliveries, type IncomingDelivery, type InboxDelivery } from './inbox.ts';
export {
  reserveBudget,
  settleBudget,
  releaseBudget,
  releaseStaleReservations,
  getBudgetAccount,
  getWorkOrderSpend,
  orderScope,
  monthScope,
  type BudgetLimit,
  type ReserveRequest,
  type ReserveResult,
  type SettleResult,
  type BudgetAccount,
} from './budgets.ts';
export { recordOutcome, listOutcomes, type Outcome, type OutcomeInput } from './outcomes.ts';
export { openEscalation, resolveEscalation, setEscalationComment, getOpenEscalation, type Escalation, type EscalationInput } from './escalations.ts';
export {
  successByModelAndBand,
  successByFailureClass,
  refinementEffectiveness,
  getPatternConfidence,
  type PatternFilter,
  type SuccessStats,
  type ModelBandStats,
  type FailureClassStats,
  type CycleStats,
  type PatternConfidence,
} from './patterns.ts';
export {
  TEST_OUTCOMES,
  TEST_RESULT_SOURCES,
  recordTestResults,
  flakyTests,
  brokenTests,
  testHistory,
  quarantineTest,
  releaseQuarantinedTest,
  listQuarantinedTests,
  type TestResultInput,
  type TestResult,
  type FlakyQuery,
  type FlakyTest,
  type BrokenQuery,
  type BrokenTest,
  type QuarantinedTest,
} from './test-results.ts';
export { testKey } from './test-key.ts';
export type { TestOutcome, TestResultSource } from './tables.ts';
export { migrate, type MigrateResult } from './migrate.ts';
export { CODE_SCHEMA_VERSION } from './migrations/index.ts';
export type { Json, JsonObject } from './json.ts';
export type { Executor, Tables } from './tables.ts';
