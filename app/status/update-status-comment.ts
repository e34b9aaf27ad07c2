import { getWorkOrder, getWorkOrderSpend, type Store } from '../../src/store/index.ts';
import { splitRepository, type GitHub } from '../github/repo-ref.ts';
import { renderStatusComment } from './render-status-comment.ts';

/**
 * Rewrites the work order's status comment from what the store says now. Best effort: the comment is a view
 * of the store, so a failed update is logged and the next step's update repairs it.
 */
export async function updateStatusComment(store: Store, github: GitHub, workOrderId: number, note: string, log: (msg: string) => void): Promise<void> {
  try {
    const order = await getWorkOrder(store.db, workOrderId);
    if (!order || order.statusCommentId === null) return;
    const { spentUsd } = await getWorkOrderSpend(store.db, workOrderId);
    const repo = splitRepository(order.repository);
    const pullRequestUrl = typeof order.context.pullRequestUrl === 'string' ? order.context.pullRequestUrl : null;
    const body = renderStatusComment(order, { spentUsd, note, pullRequestUrl });
    await github.rest.issues.updateComment({ ...repo, comment_id: order.statusCommentId, body });
  } catch (error) {
    log(`Cannot update the status comment of work order ${workOrderId}: ${(error as Error).message}`);
  }
}
