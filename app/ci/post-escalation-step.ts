import { getOpenEscalation, setEscalationComment } from '../../src/store/index.ts';
import { CREATE_ONCE, fitBody, MAX_BODY_CHARS } from '../github/github-answer.ts';
import { findMarkedComment } from '../github/marked-comment.ts';
import { readContext } from '../worker/work-order-context.ts';
import type { StepContext } from '../worker/step-context.ts';
import { completeIn } from './escalate.ts';
import { NEEDS_HUMAN_LABEL } from './escalation.ts';

/**
 * Step for `escalated`: posts the escalation comment on the issue and adds the `punchlist:needs-human` label, once
 * (the escalation row remembers the comment). Then the work order waits for a person's `/punchlist` reply.
 */
export async function postEscalationStep(ctx: StepContext): Promise<string> {
  const { order, job, store, github, repo } = ctx;
  const escalation = await getOpenEscalation(store.db, order.id);
  if (!escalation || escalation.commentId !== null) {
    await store.queue.complete(store.db, job);
    return 'Waiting for a person to answer the escalation.';
  }
  const issue = { ...repo, issue_number: order.issueNumber };
  const marker = `<!-- punchlist:escalation work-order=${order.id} escalation=${escalation.id} -->`;
  const text = readContext(order).escalationComment ?? `**Punchlist needs a person** for work order ${order.id}: ${escalation.reason}`;
  // Found before it is posted: a post whose answer was lost, or a kill before the id was stored, leaves one comment.
  const commentId = (await findMarkedComment(github, issue, marker)) ?? (await github.rest.issues.createComment({ ...issue, body: `${fitBody(text, MAX_BODY_CHARS - marker.length - 2)}\n\n${marker}`, ...CREATE_ONCE })).data.id;
  // Adding a label it already has changes nothing.
  await github.rest.issues.addLabels({ ...issue, labels: [NEEDS_HUMAN_LABEL] });
  await store.transaction(async (tx) => {
    await setEscalationComment(tx.db, escalation.id, commentId);
    await completeIn(tx, job);
  });
  return `Escalated: ${escalation.reason}. A person can reply \`/punchlist retry\`, \`/punchlist retry --model NAME\` or \`/punchlist abort\`.`;
}
