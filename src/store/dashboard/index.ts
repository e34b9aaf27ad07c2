// Read-only queries behind the dashboard (app/dashboard/). Every one takes the reader's repository access.
export { canRead, mayRead, type RepositoryAccess } from './access.ts';
export {
  listDashboardWorkOrders,
  countWorkOrdersByState,
  listDashboardRepositories,
  NEEDS_PERSON,
  MAX_PAGE_SIZE,
  type WorkOrderListFilter,
  type WorkOrderListRow,
  type WorkOrderPage,
} from './work-order-list.ts';
export {
  getWorkOrderTimeline,
  MAX_TIMELINE_DECISIONS,
  type WorkOrderTimeline,
  type TimelineDecision,
  type TimelineCiRun,
  type TimelineFailure,
  type TimelineLedgerEntry,
  type TimelineOutcome,
  type TimelineEscalation,
} from './timeline.ts';
export { spendByDay, spendByMonth, monthBudgets, SPEND_DAYS, SPEND_MONTHS, type SpendRow, type MonthBudgetRow, type MoneyFilter } from './money.ts';
export { routingTable, wilsonInterval, type RoutingRow, type Interval } from './routing.ts';
export { failuresByWeek, topFingerprints, flakyByRepository, FAILURE_WEEKS, FINGERPRINT_RUNS, type FailureWeekRow, type FingerprintRow, type FlakyRow, type FailureFilter } from './failures.ts';
