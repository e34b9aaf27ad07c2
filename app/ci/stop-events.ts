import { findWorkOrderByBranch, findWorkOrderByPullRequest, isFinalState, listWorkOrdersForIssue, type Store } from '../../src/store/index.ts';
import { readContext } from '../worker/work-order-context.ts';
import { stopWorkOrder } from './stop-work-order.ts';

/** A push to a branch, as the App needs it. */
export interface PushEvent {
  deliveryId: string;
  repository: string;
  ref: string;
  after: string;
  deleted: boolean;
  sender: string;
}

/**
 * A push to a work order's branch that the App did not make (its commit is neither a head the work order had nor
 * the one it is about to move to) means a person took over: the work order stops, so nothing of theirs is
 * overwritten. Deleting the branch stops it too.
 */
export async function handlePush(event: PushEvent, store: Store): Promise<string> {
  if (!event.ref.startsWith('refs/heads/')) return 'not a branch';
  const branch = event.ref.slice('refs/heads/'.length);
  const order = await findWorkOrderByBranch(store.db, event.repository, branch);
  if (!order || isFinalState(order.state)) return `no unfinished work order on ${branch}`;
  const context = readContext(order);
  const own = order.commits.includes(event.after) || context.pendingHead === event.after || (context.ownCommits ?? []).includes(event.after);
  if (!event.deleted && own) return `work order ${order.id}: its own push`;
  const what = event.deleted ? `${event.sender} deleted ${branch}` : `${event.sender} pushed ${event.after.slice(0, 7)} to ${branch}`;
  const from = await stopWorkOrder(
    store,
    order,
    {
      conclusion: `Stopped: ${what}, so Punchlist leaves the branch to them`,
      by: event.sender,
      evidence: { branch, after: event.after, deleted: event.deleted, sender: event.sender, deliveryId: event.deliveryId },
      next: 'Nothing: the person carries on',
      key: `stop:${event.deliveryId}`,
    },
  );
  return from ? `work order ${order.id} stopped (was ${from}): ${what}` : `work order ${order.id} had already ended`;
}

/** A pull request closed (merged or not) by a person. */
export interface PullRequestClosedEvent {
  deliveryId: string;
  repository: string;
  number: number;
  merged: boolean;
  sender: string;
}

/** Closing or merging the pull request stops its work order: a person has decided. */
export async function handlePullRequestClosed(event: PullRequestClosedEvent, store: Store): Promise<string> {
  const order = await findWorkOrderByPullRequest(store.db, event.repository, event.number);
  if (!order || isFinalState(order.state)) return `no unfinished work order for pull request #${event.number}`;
  const what = `${event.sender} ${event.merged ? 'merged' : 'closed'} pull request #${event.number}`;
  const from = await stopWorkOrder(
    store,
    order,
    {
      conclusion: `Stopped: ${what}`,
      by: event.sender,
      evidence: { pullRequest: event.number, merged: event.merged, sender: event.sender, deliveryId: event.deliveryId },
      next: event.merged ? 'Nothing: the change is in' : 'Nothing: a person closed it',
      key: `stop:${event.deliveryId}`,
    },
  );
  return from ? `work order ${order.id} stopped (was ${from}): ${what}` : `work order ${order.id} had already ended`;
}

/** An issue closed by a person. */
export interface IssueClosedEvent {
  deliveryId: string;
  repository: string;
  number: number;
  sender: string;
}

/** Closing the issue stops its unfinished work orders. */
export async function handleIssueClosed(event: IssueClosedEvent, store: Store): Promise<string> {
  const orders = (await listWorkOrdersForIssue(store.db, event.repository, event.number)).filter((o) => !isFinalState(o.state));
  if (orders.length === 0) return `no unfinished work order for #${event.number}`;
  const stopped: number[] = [];
  for (const order of orders) {
    const from = await stopWorkOrder(
      store,
      order,
      {
        conclusion: `Stopped: ${event.sender} closed issue #${event.number}`,
        by: event.sender,
        evidence: { issue: event.number, sender: event.sender, deliveryId: event.deliveryId },
        next: 'Nothing: a person closed the issue',
        key: `stop:${event.deliveryId}:${order.id}`,
      },
    );
    if (from) stopped.push(order.id);
  }
  return stopped.length > 0 ? `stopped work order(s) ${stopped.join(', ')}` : 'the work orders had already ended';
}
