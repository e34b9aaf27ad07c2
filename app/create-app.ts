import { Context, type ApplicationFunction, type Probot } from 'probot';
import type { Json, Store } from '../src/store/index.ts';
import { handleCiCompletion } from './ci/ci-events.ts';
import { handleCommentDelivery, type CommentEvent } from './ci/commands.ts';
import { handleIssueClosed, handlePullRequestClosed, handlePush } from './ci/stop-events.ts';
import type { Inbox } from './inbox/inbox.ts';
import { handleRunCompleted } from './history/record-run-step.ts';
import { handleIssueLabeled } from './intake/handle-issue-labeled.ts';
import { toLabeledEvent } from './intake/labeled-event.ts';
import type { ModelClient } from './model/index.ts';
import type { PatternAdvisor } from './routing/index.ts';
import { startWorker } from './worker/start-worker.ts';

/** What the App runs on: the store, the model client, the routing advisor, and whether this process works jobs. */
export interface AppDeps {
  store: Store;
  models: ModelClient;
  advisor?: PatternAdvisor;
  /** Default true; false for a process that only takes webhooks in while others work the queue. */
  worker?: boolean;
  /**
   * When given, a webhook is answered as soon as it is stored here, and handled from here afterwards (a server);
   * without one, each webhook is handled before it is answered (a one-shot run inside GitHub Actions).
   */
  inbox?: Inbox;
  /** This App's id (APP_ID), so the completion of its own check suite is not mistaken for CI. */
  appId?: number | null;
}

// Probot's context for any event this App handles; each handler narrows it to its own event.
type AnyContext = Context<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Handler = (context: AnyContext, deps: AppDeps) => Promise<string>;

async function onIssueLabeled(context: Context<'issues.labeled'>, deps: AppDeps): Promise<string> {
  const event = toLabeledEvent(context);
  if (event === null) return 'no label in the delivery';
  return handleIssueLabeled(event, { store: deps.store, log: context.log });
}

async function onWorkflowRunCompleted(context: Context<'workflow_run.completed'>, deps: AppDeps): Promise<string> {
  const { payload } = context;
  const run = payload.workflow_run;
  // Every run's test results join the history, whether or not a work order follows its commit.
  const recording = await handleRunCompleted(
    {
      repository: payload.repository.full_name,
      repo: { owner: payload.repository.owner.login, repo: payload.repository.name },
      installationId: payload.installation?.id ?? null,
      runId: run.id,
      runAttempt: run.run_attempt ?? 1,
      headSha: run.head_sha,
      headBranch: run.head_branch ?? null,
    },
    deps.store,
  );
  const ci = await handleCiCompletion({ repository: payload.repository.full_name, headSha: run.head_sha, source: 'workflow_run', appSlug: 'github-actions', appId: null }, deps.store, deps.appId ?? null);
  return `${ci}; ${recording}`;
}

async function onCheckSuiteCompleted(context: Context<'check_suite.completed'>, deps: AppDeps): Promise<string> {
  const suite = context.payload.check_suite;
  return handleCiCompletion(
    { repository: context.payload.repository.full_name, headSha: suite.head_sha, source: 'check_suite', appSlug: suite.app?.slug ?? null, appId: suite.app?.id ?? null },
    deps.store,
    deps.appId ?? null,
  );
}

async function onStatus(context: Context<'status'>, deps: AppDeps): Promise<string> {
  const { payload } = context;
  if (payload.state === 'pending') return `status "${payload.context}" is pending`;
  return handleCiCompletion({ repository: payload.repository.full_name, headSha: payload.sha, source: 'status', appSlug: null, appId: null }, deps.store, deps.appId ?? null);
}

async function onPush(context: Context<'push'>, deps: AppDeps): Promise<string> {
  const { payload } = context;
  return handlePush(
    { deliveryId: context.id, repository: payload.repository.full_name, ref: payload.ref, after: payload.after, deleted: payload.deleted, sender: payload.sender?.login ?? 'someone' },
    deps.store,
  );
}

async function onPullRequestClosed(context: Context<'pull_request.closed'>, deps: AppDeps): Promise<string> {
  const { payload } = context;
  return handlePullRequestClosed(
    { deliveryId: context.id, repository: payload.repository.full_name, number: payload.pull_request.number, merged: payload.pull_request.merged === true, sender: payload.sender.login },
    deps.store,
  );
}

async function onIssueClosed(context: Context<'issues.closed'>, deps: AppDeps): Promise<string> {
  const { payload } = context;
  return handleIssueClosed({ deliveryId: context.id, repository: payload.repository.full_name, number: payload.issue.number, sender: payload.sender.login }, deps.store);
}

async function onIssueComment(context: Context<'issue_comment.created'>, deps: AppDeps): Promise<string> {
  const { payload } = context;
  const event: CommentEvent = {
    deliveryId: context.id,
    repository: payload.repository.full_name,
    repo: { owner: payload.repository.owner.login, repo: payload.repository.name },
    number: payload.issue.number,
    onPullRequest: payload.issue.pull_request !== undefined && payload.issue.pull_request !== null,
    body: payload.comment.body,
    sender: { login: payload.sender.login, type: payload.sender.type },
  };
  // The command step (run by the queue) checks the author's permission and carries the command out or refuses it.
  return handleCommentDelivery(event, deps.store);
}

/** The events the App acts on, by `event.action`; every other delivery is answered and dropped. */
const HANDLERS: Readonly<Record<string, Handler>> = {
  'issues.labeled': onIssueLabeled,
  'issues.closed': onIssueClosed,
  'issue_comment.created': onIssueComment,
  'pull_request.closed': onPullRequestClosed,
  push: onPush,
  'workflow_run.completed': onWorkflowRunCompleted,
  'check_suite.completed': onCheckSuiteCompleted,
  status: onStatus,
};

/** `event.action` of a delivery (or the event alone, for events without actions). */
export function eventKey(name: string, payload: unknown): string {
  const action = (payload as { action?: unknown } | null)?.action;
  return typeof action === 'string' ? `${name}.${action}` : name;
}

/** True when the App acts on this delivery. */
export function handlesEvent(name: string, payload: unknown): boolean {
  return eventKey(name, payload) in HANDLERS;
}

/** The Probot app function over its dependencies: it routes events to handlers and starts the worker. */
export function createApp(deps: AppDeps): ApplicationFunction {
  return async (app: Probot) => {
    const handle = async (context: AnyContext) => {
      const key = eventKey(context.name, context.payload);
      const handler = HANDLERS[key];
      if (!handler) return;
      const outcome = await handler(context, deps);
      context.log.info(`${key} (delivery ${context.id}): ${outcome}`);
    };
    const { inbox } = deps;
    if (inbox) {
      app.onAny(async (context) => {
        if (handlesEvent(context.name, context.payload)) await inbox.accept({ deliveryId: context.id, event: context.name, payload: context.payload as Json });
      });
      inbox.start(async (event) => {
        // Handlers make no GitHub call (the queue's steps do), so they get the App's own client, which costs no
        // installation token.
        const octokit = await app.auth();
        const log = app.log.child({ name: 'punchlist', id: event.deliveryId });
        await handle(new Context({ id: event.deliveryId, name: event.event, payload: event.payload } as never, octokit, log));
      });
    } else {
      // Probot hands onAny a full Context; its typings only promise the webhook event.
      app.onAny((context) => handle(context as unknown as AnyContext));
    }
    if (deps.worker === false) return;
    await startWorker({
      store: deps.store,
      models: deps.models,
      ...(deps.advisor ? { advisor: deps.advisor } : {}),
      github: (installationId) => app.auth(installationId ?? undefined),
      log: { info: (m) => app.log.info(m), warn: (m) => app.log.warn(m), error: (m) => app.log.error(m) },
    });
  };
}
