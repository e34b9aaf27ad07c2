import type { Probot } from 'probot';
import { openStoreFromEnv } from '../src/store/index.ts';
import { createApp } from './create-app.ts';
import { createModelClient, endpointsFromEnv } from './model/index.ts';

export { createApp, type AppDeps } from './create-app.ts';

/**
 * The App for `probot run` and other hosts that load a default export: the store and model endpoints come from
 * the environment (DESIGN.md, "App environment"). `npm start` uses app/server.ts, which also closes the store.
 */
export default async (app: Probot): Promise<void> => {
  const store = await openStoreFromEnv();
  await createApp({ store, models: createModelClient({ endpoints: endpointsFromEnv() }) })(app, { cwd: process.cwd(), addHandler: () => {} });
};
