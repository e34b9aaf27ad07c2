import { claimDelivery, createWorkOrder, findWorkOrder, findWorkOrderByDelivery, listDecisions, updateWorkOrder, type Store } from '../../src/store/index.ts';
import { formatConfigIssues } from '../config/index.ts';
import type { GitHub, RepoRef } from '../github/repo-ref.ts';
import { readIssueText } from '../routing/index.ts';
import { renderStatusComment } from '../status/render-status-comment.ts';
import { updateStatusComment } from '../status/update-status-comment.ts';
import { checkPermission } from './check-permission.ts';
import type { LabeledEvent } from './labeled-event.ts';
import { loadRepoConfig } from './load-repo-config.ts';

/** What every handler is handed besides the event. */
export interface HandlerDeps {
  store: Store;
  log: { info(msg: string): void; warn(msg: string): void };
}

/** What intake did with a delivery, for logs and tests. */
export type IntakeOutcome =
  | 'not_trigger'
  | 'redelivery'
  | 'bad_config'
  | 'refused'
  | 'skipped'
  | 'created';

/** The trigger of a work order started by a label (the third part of its idempotency key). */
export function labelTrigger(label: string): string {
  return `label:${label}`;
}

/**
 * Intake of `issues.labeled`: config, trigger, permission, skips, then the work order (written first) and one
 * status comment. The long work is left to the worker, so the webhook is answered within a few API calls.
 */
export async function handleIssueLabeled(event: LabeledEvent, github: GitHub, deps: HandlerDeps): Promise<IntakeOutcome> {
  const { store, log } = deps;
  const repo: RepoRef = { owner: event.owner, repo: event.repo };
  const issue = { ...repo, issue_number: event.issue.number };
  const where = `${event.repository}#${event.issue.number}`;
  const loaded = await loadRepoConfig(github, repo);
  if (event.label !== loaded.triggerLabel) return 'not_trigger';
  // A redelivery of the delivery that made a work order: everything it caused exists already.
  if (await findWorkOrderByDelivery(store.db, event.deliveryId)) return 'redelivery';
  // The paths below act without a work order; claiming the delivery first keeps a redelivery from acting twice.
  const claim = () => claimDelivery(store.db, event.deliveryId, 'issues.labeled').then((c) => c.fresh);

  if (!loaded.result.ok) {
    if (!(await claim())) return 'redelivery';
    await github.rest.issues.createComment({ ...issue, body: formatConfigIssues(loaded.result.issues) });
    log.warn(`${where}: bad configuration (${loaded.result.issues.map((i) => i.path || 'file').join(', ')})`);
    return 'bad_config';
  }
  const config = loaded.result.config;

  const permission = await checkPermission(github, repo, event.sender.login);
  if (!permission.allowed) {
    if (!(await claim())) return 'redelivery';
    await github.rest.issues.removeLabel({ ...issue, name: event.label });
    await github.rest.issues.createComment({
      ...issue,
      body: `@${event.sender.login} Punchlist starts work only for people with write, maintain or admin permission on this repository (yours is "${permission.role}"), so the \`${event.label}\` label was removed. Ask a maintainer to add it.`,
    });
    await store.decisions.log({
      kind: 'skip',
      conclusion: `Refused the "${event.label}" label on ${where}: ${event.sender.login} has role "${permission.role}", not write, maintain or admin`,
      evidence: { repository: event.repository, issue: event.issue.number, sender: event.sender.login, role: permission.role, deliveryId: event.deliveryId },
      next: 'Label removed and the sender told why; a maintainer may add it again',
      key: `skip:${event.deliveryId}`,
    });
    return 'refused';
  }

  const trigger = labelTrigger(event.label);
  const skipReason = event.issue.isPullRequest
    ? 'it is a pull request, not an issue'
    : event.issue.state !== 'open'
      ? 'the issue is closed'
      : event.issue.locked
        ? 'the issue is locked'
        : null;
  const existing = skipReason === null ? await findWorkOrder(store.db, { repository: event.repository, issueNumber: event.issue.number, trigger }) : null;
  if (skipReason !== null || existing) {
    if (!(await claim())) return 'redelivery';
    const why = skipReason ?? `it already has work order ${existing?.id} (state "${existing?.state}")`;
    await store.decisions.log({
      workOrderId: existing?.id ?? null,
      kind: 'skip',
      conclusion: `Skipped ${where}: ${why}`,
      evidence: { repository: event.repository, issue: event.issue.number, state: event.issue.state, locked: event.issue.locked, deliveryId: event.deliveryId },
      next: existing ? 'Nothing: the existing work order goes on' : 'Nothing until the issue is reopened or unlocked and labelled again',
      key: `skip:${event.deliveryId}`,
    });
    return 'skipped';
  }

  const text = readIssueText(event.issue.title, event.issue.body);
  const created = await createWorkOrder(
    store,
    {
      repository: event.repository,
      issueNumber: event.issue.number,
      trigger,
      installationId: event.installationId,
      repositoryId: event.repositoryId,
      title: text.title,
      body: text.body,
      author: event.issue.author,
      acceptanceCriteria: text.acceptanceCriteria.map((c) => c.text),
      files: text.filesNamed,
      // The config as it was at intake decides the whole work order: a later edit of the file cannot change the
      // budget or the models of work already under way.
      context: { config, defaultBranch: event.defaultBranch, labelledBy: event.sender.login, removedHidden: text.removedHidden },
    },
    {
      deliveryId: event.deliveryId,
      event: 'issues.labeled',
      decision: {
        kind: 'intake',
        conclusion: `Took in ${where} labelled "${event.label}" by ${event.sender.login} (${permission.role})`,
        evidence: {
          criteria: text.acceptanceCriteria.length,
          files: text.filesNamed,
          removedHidden: text.removedHidden,
          deliveryId: event.deliveryId,
        },
        next: 'Route it to a model',
      },
    },
  );
  if (!created.created) return created.reason === 'duplicate_delivery' ? 'redelivery' : 'skipped';
  const order = created.workOrder;
  const comment = await github.rest.issues.createComment({ ...issue, body: renderStatusComment(order, { spentUsd: 0, note: 'Queued: a worker will route it to a model.' }) });
  const stored = await updateWorkOrder(store, order.id, { statusCommentId: comment.data.id });
  // The worker may have taken steps while the comment was being posted (GitHub paces writes to one a second);
  // it could not update a comment it did not know of, so the comment catches up here.
  if (stored.ok && stored.workOrder.state !== 'queued') {
    const last = (await listDecisions(store.db, order.id)).at(-1);
    await updateStatusComment(store, github, order.id, last?.conclusion ?? '', log.warn);
  }
  log.info(`${where}: work order ${order.id} created`);
  return 'created';
}
