import type { ApplicationFunction, Context, Probot } from 'probot';
import type { Store } from '../src/store/index.ts';
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
}

async function onIssueLabeled(context: Context<'issues.labeled'>, deps: AppDeps): Promise<void> {
  const event = toLabeledEvent(context);
  if (event === null) return;
  const outcome = await handleIssueLabeled(event, context.octokit, { store: deps.store, log: context.log });
  context.log.info(`issues.labeled ${event.repository}#${event.issue.number} (delivery ${event.deliveryId}): ${outcome}`);
}

/** The Probot app function over its dependencies: it routes events to handlers and starts the worker. */
export function createApp(deps: AppDeps): ApplicationFunction {
  return async (app: Probot) => {
    app.on('issues.labeled', (context) => onIssueLabeled(context, deps));
    if (deps.worker === false) return;
    await startWorker({
      store: deps.store,
      models: deps.models,
      ...(deps.advisor ? { advisor: deps.advisor } : {}),
      // Installation clients are made per use: Probot caches the installation token until it expires.
      github: (installationId) => app.auth(installationId ?? undefined),
      log: { info: (m) => app.log.info(m), warn: (m) => app.log.warn(m), error: (m) => app.log.error(m) },
    });
  };
}
