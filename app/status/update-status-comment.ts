import { getWorkOrder, getWorkOrderSpend, isFinalState, listDecisions, updateWorkOrder, type Store } from '../../src/store/index.ts';
import { classifyGitHubError, CREATE_ONCE, fitBody } from '../github/github-answer.ts';
import { findMarkedComment } from '../github/marked-comment.ts';
import { splitRepository, type GitHub } from '../github/repo-ref.ts';
import { contextPatch, readContext } from '../worker/work-order-context.ts';
import { renderStatusComment, statusMarker } from './render-status-comment.ts';

/** Options of a status comment update. */
export interface StatusUpdateOptions {
  /**
   * Post the comment when the work order has none yet (after looking for it by its marker: an earlier post may
   * have reached GitHub with its answer lost). Only the worker posts; a webhook handler only edits, so two processes
   * never race to post the first one.
   */
  create?: boolean;
}

/**
 * Brings the work order's one status comment up to date with what the store says now, and records which state it
 * shows (a restart brings a comment that lags behind up to date). Best effort: the comment is a view of the
 * store, so a failure is logged (and false returned) and a later update repairs it.
 */
export async function updateStatusComment(store: Store, github: GitHub, workOrderId: number, note: string, log: (msg: string) => void, options: StatusUpdateOptions = {}): Promise<boolean> {
  try {
    const order = await getWorkOrder(store.db, workOrderId);
    if (!order) return true;
    const repo = splitRepository(order.repository);
    const issue = { ...repo, issue_number: order.issueNumber };
    const context = readContext(order);
    const { spentUsd } = await getWorkOrderSpend(store.db, workOrderId);
    // An ended work order says what a person can do next, in the words of the decision that ended it.
    const next = isFinalState(order.state) ? (await listDecisions(store.db, order.id)).at(-1)?.next : undefined;
    const shown = next ? `${note}\n\n**Next:** ${next}` : note;
    const body = fitBody(renderStatusComment(order, { spentUsd, note: shown, pullRequestUrl: context.pullRequestUrl ?? null }));
    let id = order.statusCommentId;
    if (id !== null) {
      try {
        await github.rest.issues.updateComment({ ...repo, comment_id: id, body });
      } catch (error) {
        // Someone deleted it: find or post it again below.
        const answer = classifyGitHubError(error);
        if (answer.kind !== 'permanent' || answer.status !== 404) throw error;
        id = null;
      }
    }
    if (id === null) {
      if (!options.create) return true;
      const found = await findMarkedComment(github, issue, statusMarker(order.id));
      if (found) {
        await github.rest.issues.updateComment({ ...repo, comment_id: found, body });
        id = found;
      } else {
        const { data } = await github.rest.issues.createComment({ ...issue, body, ...CREATE_ONCE });
        id = data.id;
      }
    }
    await updateWorkOrder(store, order.id, { statusCommentId: id, context: contextPatch({ statusShown: order.state }) });
    return true;
  } catch (error) {
    log(`Cannot update the status comment of work order ${workOrderId}: ${(error as Error).message}`);
    return false;
  }
}
