import { getWorkOrder, listDecisions, listWorkOrders, type Store, type WorkOrder } from '../../src/store/index.ts';
import type { GitHub } from '../github/repo-ref.ts';
import { updateStatusComment } from '../status/update-status-comment.ts';
import type { ActionLog } from './workflow-commands.ts';

/** What a status comment says when the run that opened the pull request keeps no store. */
export const CANNOT_FOLLOW_CI_NOTE =
  "Punchlist ran inside GitHub Actions without `DATABASE_URL`, so it cannot follow this pull request's CI: refinement " +
  'cycles and escalation need a store that outlasts the workflow run. To have it follow CI, give the action a ' +
  'PostgreSQL connection string in its `database-url` input (from a secret) and run its workflow on `workflow_run` ' +
  'completions too.';

/** What a status comment says when the run ends before the work order finished, and nothing will resume it. */
export function unfinishedNote(reason: string): string {
  return `This run of Punchlist inside GitHub Actions stopped before the work order finished (${reason}). Without \`DATABASE_URL\` nothing resumes it: remove and add the label again to start over.`;
}

/** The comment's note: the work order's last decision, then what this run adds. */
async function withLastDecision(store: Store, order: WorkOrder, note: string): Promise<string> {
  const last = (await listDecisions(store.db, order.id)).at(-1);
  return last ? `${last.conclusion}\n\n${note}` : note;
}

/** Work orders of `repository` with an open pull request (on a throw-away store, all are this run's). */
async function openPullRequests(store: Store, repository: string | null): Promise<WorkOrder[]> {
  const orders = await listWorkOrders(store.db, { states: ['pr_open'] });
  return repository === null ? orders : orders.filter((o) => o.repository.toLowerCase() === repository.toLowerCase());
}

/**
 * At the end of a run on a throw-away store: every pull request it opened gets the note that its CI will not be
 * followed, on its status comment and in the job log; every work order left unfinished says that nothing resumes it.
 */
export async function noteThrowawayStore(
  store: Store,
  github: (installationId: number | null) => Promise<GitHub>,
  options: { repository: string | null; unfinished: ReadonlyMap<number, string>; log: ActionLog },
): Promise<void> {
  const { log } = options;
  for (const order of await openPullRequests(store, options.repository)) {
    log.notice(`Work order ${order.id} opened pull request #${order.prNumber} on ${order.repository}. ${CANNOT_FOLLOW_CI_NOTE}`);
    await updateStatusComment(store, await github(order.installationId), order.id, await withLastDecision(store, order, CANNOT_FOLLOW_CI_NOTE), log.warning);
  }
  for (const [id, reason] of options.unfinished) {
    const order = await getWorkOrder(store.db, id);
    if (!order) continue;
    const note = unfinishedNote(reason);
    await updateStatusComment(store, await github(order.installationId), order.id, await withLastDecision(store, order, note), log.warning);
  }
}
