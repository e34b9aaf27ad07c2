import { claimDelivery, type Store } from '../../src/store/index.ts';
import { CREATE_ONCE } from '../github/github-answer.ts';
import { findMarkedComment } from '../github/marked-comment.ts';
import type { GitHub, RepoRef } from '../github/repo-ref.ts';

/**
 * True once a step acted on this delivery (it claimed it when done, or started a work order with it): a step run
 * again after that does nothing.
 */
export async function deliveryActedOn(store: Store, deliveryId: string): Promise<boolean> {
  const row = await store.db.selectFrom('deliveries').select('delivery_id').where('delivery_id', '=', deliveryId).executeTakeFirst();
  return row !== undefined;
}

/** Records that a step acted on this delivery (after its side effects, each of which can be found again). */
export async function markActedOn(store: Store, deliveryId: string, event: string): Promise<void> {
  await claimDelivery(store.db, deliveryId, event);
}

/**
 * The App's answer to one delivery, posted once: found by its hidden marker before it is posted, so a step run
 * again (its first run killed, or the answer to its post lost) leaves one comment.
 */
export async function commentOnce(github: GitHub, issue: RepoRef & { issue_number: number }, deliveryId: string, body: string): Promise<void> {
  const marker = `<!-- punchlist:reply delivery=${deliveryId} -->`;
  if ((await findMarkedComment(github, issue, marker)) !== null) return;
  await github.rest.issues.createComment({ ...issue, body: `${body}\n\n${marker}`, ...CREATE_ONCE });
}
