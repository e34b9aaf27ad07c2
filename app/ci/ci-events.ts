import { findWorkOrderByCommit, WORK_ORDER_QUEUE, type Store } from '../../src/store/index.ts';

/** A CI completion as the App needs it: which commit of which repository, and who ran it. */
export interface CiCompletion {
  repository: string;
  headSha: string;
  /** `workflow_run`, `check_suite` or `status` (a commit status that is no longer pending). */
  source: string;
  /** The slug of the app whose suite completed (`github-actions`, another CI, or this App). */
  appSlug: string | null;
  appId: number | null;
}

/** The states in which a CI result matters. */
const FOLLOWING = new Set(['pr_open', 'ci_running']);

/**
 * A workflow run, check suite or commit status finished: if its commit is the head commit of a work order that follows CI, its
 * worker is asked to evaluate the commit's checks (it waits until all are complete). Linked by head commit only;
 * results for an older commit of the work order are ignored. Check suites of GitHub Actions are left to their
 * `workflow_run` events, and this App's own suite (its check run) to nobody.
 */
export async function handleCiCompletion(event: CiCompletion, store: Store, ownAppId: number | null): Promise<string> {
  if (event.source === 'check_suite' && (event.appSlug === 'github-actions' || (ownAppId !== null && event.appId === ownAppId))) {
    return `ignored: a ${event.appSlug ?? 'this App\'s'} check suite (its workflow_run or nothing says more)`;
  }
  const order = await findWorkOrderByCommit(store.db, event.repository, event.headSha);
  if (!order) return `no work order has ${event.headSha.slice(0, 7)}`;
  if (order.headSha !== event.headSha) return `work order ${order.id} has moved on from ${event.headSha.slice(0, 7)} to ${order.headSha?.slice(0, 7)}`;
  if (!FOLLOWING.has(order.state)) return `work order ${order.id} is ${order.state}, not following CI`;
  await store.queue.send(store.db, WORK_ORDER_QUEUE, { workOrderId: order.id, ci: event.headSha });
  return `work order ${order.id}: evaluating CI of ${event.headSha.slice(0, 7)}`;
}
