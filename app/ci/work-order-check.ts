import { getWorkOrder, listDecisions, updateWorkOrder, type Decision, type Store, type WorkOrder } from '../../src/store/index.ts';
import { CONFIG_PATH } from '../config/index.ts';
import { splitRepository, type GitHub } from '../github/repo-ref.ts';
import { readContext } from '../worker/work-order-context.ts';

/** The name of the work order's own check run on its pull request's head commit. */
export const WORK_ORDER_CHECK_NAME = 'Punchlist work order';

/** GitHub takes at most 50 annotations per request, and 65,535 characters of summary (REST docs, check runs). */
const ANNOTATIONS_PER_REQUEST = 50;
const MAX_SUMMARY = 65_535;

/** Where the check run stands: its id, commit, and how many decisions it already carries as annotations. */
interface CheckRunState {
  id: number;
  sha: string;
  annotated: number;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

/** One decision as a notice annotation: the reviewer reads why each step (and so each commit) happened. */
export function decisionNotice(d: Decision, path: string) {
  return {
    path,
    start_line: 1,
    end_line: 1,
    annotation_level: 'notice' as const,
    title: clip(`${d.kind}: ${d.conclusion}`, 255),
    message: clip(`${d.conclusion}${d.next ? `\nNext: ${d.next}` : ''}`, 64 * 1024 - 1),
    raw_details: clip(JSON.stringify({ id: d.id, kind: d.kind, failureClass: d.failureClass, at: d.createdAt.toISOString() }), 64 * 1024 - 1),
  };
}

/** The check run's summary: the decision log as a table, newest last. */
export function renderDecisionLog(order: WorkOrder, decisions: readonly Decision[]): string {
  const lines = [
    `Work order ${order.id} for #${order.issueNumber}: **${order.state}**, cycle ${order.cycle}, model \`${order.model ?? '-'}\`.`,
    '',
    '| # | Kind | Conclusion | Next |',
    '|---|---|---|---|',
    ...decisions.map((d, i) => `| ${i + 1} | ${d.kind} | ${oneLine(d.conclusion)} | ${oneLine(d.next ?? '')} |`),
  ];
  return clip(lines.join('\n'), MAX_SUMMARY);
}

/**
 * Brings the work order's check run up to date on its head commit: created on each new head commit with every
 * decision so far, then one notice annotation per new decision. Best effort, like the status comment: a failure
 * is logged, and the next step repairs it.
 */
export async function syncWorkOrderCheck(store: Store, github: GitHub, workOrderId: number, warn: (msg: string) => void): Promise<void> {
  try {
    const order = await getWorkOrder(store.db, workOrderId);
    if (!order || !order.headSha || order.prNumber === null) return;
    const repo = splitRepository(order.repository);
    const decisions = await listDecisions(store.db, order.id);
    const context = readContext(order);
    const changed = context.changedFiles ?? [];
    const path = changed[0] ?? CONFIG_PATH;
    const output = { title: `Work order ${order.id}: ${order.state}`, summary: renderDecisionLog(order, decisions) };
    const conclusion = order.state === 'succeeded' ? ('success' as const) : ('neutral' as const);
    const stored: CheckRunState | undefined = context.checkRun;
    let state: CheckRunState;
    let annotated = 0;
    // An existing run gets at least one update: its summary and conclusion follow the work order.
    let mustUpdate = false;
    if (stored && stored.sha === order.headSha) {
      state = stored;
      annotated = stored.annotated;
      mustUpdate = true;
    } else {
      const first = decisions.slice(0, ANNOTATIONS_PER_REQUEST).map((d) => decisionNotice(d, path));
      const { data } = await github.rest.checks.create({
        ...repo,
        name: WORK_ORDER_CHECK_NAME,
        head_sha: order.headSha,
        status: 'completed',
        conclusion,
        external_id: `work-order-${order.id}`,
        output: { ...output, annotations: first },
      });
      state = { id: data.id, sha: order.headSha, annotated: first.length };
      annotated = first.length;
      await updateWorkOrder(store, order.id, { context: { checkRun: { ...state } } });
    }
    while (mustUpdate || annotated < decisions.length) {
      mustUpdate = false;
      const batch = decisions.slice(annotated, annotated + ANNOTATIONS_PER_REQUEST).map((d) => decisionNotice(d, path));
      await github.rest.checks.update({ ...repo, check_run_id: state.id, status: 'completed', conclusion, output: { ...output, annotations: batch } });
      annotated += batch.length;
      if (batch.length > 0) await updateWorkOrder(store, order.id, { context: { checkRun: { ...state, annotated } } });
    }
  } catch (error) {
    warn(`Cannot update the check run of work order ${workOrderId}: ${(error as Error).message}`);
  }
}
