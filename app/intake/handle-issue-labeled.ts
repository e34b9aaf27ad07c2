import { claimDelivery, createWorkOrder, findWorkOrder, findWorkOrderByDelivery, type Store } from '../../src/store/index.ts';
import { formatConfigIssues } from '../config/index.ts';
import type { GitHub, RepoRef } from '../github/repo-ref.ts';
import { readIssueText } from '../routing/index.ts';
import { checkStarter } from './check-permission.ts';
import type { LabeledEvent } from './labeled-event.ts';
import { loadRepoConfig } from './load-repo-config.ts';
import { canStartAgain, startAgain } from './start-again.ts';

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
  | 'restarted'
  | 'created';

/** The trigger of a work order started by a label (the third part of its idempotency key). */
export function labelTrigger(label: string): string {
  return `label:${label}`;
}

/**
 * Intake of `issues.labeled`: config, trigger, permission, skips, then the work order, written with its first job;
 * a failed or budget-exhausted work order labelled again starts a new attempt. Everything else (the status comment
 * included) is the worker's, so the webhook is answered within a few API calls.
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

  const permission = await checkStarter(github, repo, event.sender, config);
  if (!permission.allowed) {
    if (!(await claim())) return 'redelivery';
    await github.rest.issues.removeLabel({ ...issue, name: event.label });
    await github.rest.issues.createComment({
      ...issue,
      // A bot is not mentioned: its notifications reach no one, and a mention could start another bot's reply.
      body: `${permission.bot ? '' : `@${event.sender.login} `}${permission.refusal ?? ''}, so the \`${event.label}\` label was removed. Ask a maintainer to add it.`,
    });
    await store.decisions.log({
      kind: 'skip',
      conclusion: `Refused the "${event.label}" label on ${where} added by ${event.sender.login}: ${permission.refusal ?? ''}`,
      evidence: { repository: event.repository, issue: event.issue.number, sender: event.sender.login, senderType: event.sender.type, bot: permission.bot, role: permission.role, deliveryId: event.deliveryId },
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
  // Labelled again after it failed or ran out of budget: a new attempt of the same work order.
  if (existing && canStartAgain(existing)) {
    if (!(await startAgain(store, existing, { by: event.sender.login, via: 'label', deliveryId: event.deliveryId, config }))) return 'redelivery';
    log.info(`${where}: work order ${existing.id} started again`);
    return 'restarted';
  }
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
  // The status comment is the worker's: it finds or posts it at its first step, so a lost answer or a crash here
  // never leaves the issue without one, or with two.
  log.info(`${where}: work order ${order.id} created`);
  return 'created';
}
