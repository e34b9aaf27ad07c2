import { createWorkOrder, findWorkOrder, findWorkOrderByDelivery, type Store } from '../../src/store/index.ts';
import { formatConfigIssues } from '../config/index.ts';
import { httpStatus, type GitHub, type RepoRef } from '../github/repo-ref.ts';
import { NO_WORK_ORDER, sendStepJob } from '../worker/step-job.ts';
import { contextPatch } from '../worker/work-order-context.ts';
import { commentOnce, deliveryActedOn, markActedOn } from './act-once.ts';
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

/** What the intake step did with a delivery, for logs and tests. */
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

/** What the webhook handler did: handed the delivery to the queue, or knew it for a redelivery. */
export type IntakeHandling = 'queued' | 'redelivery';

/**
 * The webhook handler of `issues.labeled`: it only reads the event, writes and enqueues (DESIGN.md). The delivery's
 * facts travel in the intake job (app/worker/step-job.ts), sent once per delivery; everything that talks to GitHub
 * (the config, the sender's permission, a refusal) is the intake step's (`intakeStep`).
 */
export async function handleIssueLabeled(event: LabeledEvent, deps: HandlerDeps): Promise<IntakeHandling> {
  // A redelivery of the delivery that made a work order: everything it caused exists already.
  if (await findWorkOrderByDelivery(deps.store.db, event.deliveryId)) return 'redelivery';
  return (await sendStepJob(deps.store, { workOrderId: NO_WORK_ORDER, intake: event }, `intake:${event.deliveryId}`)) ? 'queued' : 'redelivery';
}

/**
 * The intake step, run by the queue: config, trigger, permission, skips, then the work order, written with its
 * first job; a failed or budget-exhausted work order labelled again starts a new attempt. Idempotent: a refusal's
 * comment is found by its marker before it is posted, and the delivery is recorded once acted on, so a step run
 * again (its first run killed, or GitHub's answer lost) acts once. The status comment is the worker's.
 */
export async function intakeStep(event: LabeledEvent, github: GitHub, deps: HandlerDeps): Promise<IntakeOutcome> {
  const { store, log } = deps;
  const repo: RepoRef = { owner: event.owner, repo: event.repo };
  const issue = { ...repo, issue_number: event.issue.number };
  const where = `${event.repository}#${event.issue.number}`;
  // Acted on already (a redelivery, or this step run again after it finished).
  if ((await findWorkOrderByDelivery(store.db, event.deliveryId)) || (await deliveryActedOn(store, event.deliveryId))) return 'redelivery';
  const loaded = await loadRepoConfig(github, repo);
  if (event.label !== loaded.triggerLabel) return 'not_trigger';
  // The paths below act without a work order: each side effect can be found again, and the delivery is recorded last.
  const done = () => markActedOn(store, event.deliveryId, 'issues.labeled');

  if (!loaded.result.ok) {
    await commentOnce(github, issue, event.deliveryId, formatConfigIssues(loaded.result.issues));
    await done();
    log.warn(`${where}: bad configuration (${loaded.result.issues.map((i) => i.path || 'file').join(', ')})`);
    return 'bad_config';
  }
  const config = loaded.result.config;

  const permission = await checkStarter(github, repo, event.sender, config);
  if (!permission.allowed) {
    await removeLabelOnce(github, issue, event.label);
    // A bot is not mentioned: its notifications reach no one, and a mention could start another bot's reply.
    const body = `${permission.bot ? '' : `@${event.sender.login} `}${permission.refusal ?? ''}, so the \`${event.label}\` label was removed. Ask a maintainer to add it.`;
    await commentOnce(github, issue, event.deliveryId, body);
    await store.decisions.log({
      kind: 'skip',
      conclusion: `Refused the "${event.label}" label on ${where} added by ${event.sender.login}: ${permission.refusal ?? ''}`,
      evidence: { repository: event.repository, issue: event.issue.number, sender: event.sender.login, senderType: event.sender.type, bot: permission.bot, role: permission.role, deliveryId: event.deliveryId },
      next: 'Label removed and the sender told why; a maintainer may add it again',
      key: `skip:${event.deliveryId}`,
    });
    await done();
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
    const why = skipReason ?? `it already has work order ${existing?.id} (state "${existing?.state}")`;
    await store.decisions.log({
      workOrderId: existing?.id ?? null,
      kind: 'skip',
      conclusion: `Skipped ${where}: ${why}`,
      evidence: { repository: event.repository, issue: event.issue.number, state: event.issue.state, locked: event.issue.locked, deliveryId: event.deliveryId },
      next: existing ? 'Nothing: the existing work order goes on' : 'Nothing until the issue is reopened or unlocked and labelled again',
      key: `skip:${event.deliveryId}`,
    });
    await done();
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
      context: contextPatch({ config, defaultBranch: event.defaultBranch, labelledBy: event.sender.login, removedHidden: text.removedHidden }),
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

/** Takes a label off an issue; a label already gone (404) is what was wanted. */
async function removeLabelOnce(github: GitHub, issue: RepoRef & { issue_number: number }, name: string): Promise<void> {
  try {
    await github.rest.issues.removeLabel({ ...issue, name });
  } catch (error) {
    if (httpStatus(error) !== 404) throw error;
  }
}
