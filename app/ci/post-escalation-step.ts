import { getOpenEscalation, setEscalationComment, type WorkOrder } from '../../src/store/index.ts';
import { splitRepository } from '../github/repo-ref.ts';
import type { WorkerDeps, WorkJob } from '../worker/worker-deps.ts';
import { completeIn } from './escalate.ts';
import { NEEDS_HUMAN_LABEL } from './escalation.ts';

/**
 * Step for `escalated`: posts the escalation comment on the issue and adds the `punchlist:needs-human` label, once
 * (the escalation row remembers the comment). Then the work order waits for a person's `/punchlist` reply.
 */
export async function postEscalationStep(order: WorkOrder, job: WorkJob, deps: WorkerDeps): Promise<string> {
  const { store } = deps;
  const escalation = await getOpenEscalation(store.db, order.id);
  if (!escalation || escalation.commentId !== null) {
    await store.queue.complete(store.db, job);
    return 'Waiting for a person to answer the escalation.';
  }
  const github = await deps.github(order.installationId);
  const issue = { ...splitRepository(order.repository), issue_number: order.issueNumber };
  const body = typeof order.context.escalationComment === 'string' ? order.context.escalationComment : `**Punchlist needs a person** for work order ${order.id}: ${escalation.reason}`;
  const { data: comment } = await github.rest.issues.createComment({ ...issue, body });
  await github.rest.issues.addLabels({ ...issue, labels: [NEEDS_HUMAN_LABEL] });
  await store.transaction(async (tx) => {
    await setEscalationComment(tx.db, escalation.id, comment.id);
    await completeIn(tx, job);
  });
  return `Escalated: ${escalation.reason}. A person can reply \`/punchlist retry\`, \`/punchlist retry --model NAME\` or \`/punchlist abort\`.`;
}
