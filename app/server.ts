// `npm start`: the App as an HTTP server. Probot's environment (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH,
// WEBHOOK_SECRET, WEBHOOK_PATH, GHE_HOST, GHE_PROTOCOL, LOG_LEVEL), PORT and HOST, the store from DATABASE_URL or
// PUNCHLIST_DATA_DIR, and model endpoints from OPENAI_BASE_URL / OPENAI_API_KEY / ANTHROPIC_API_KEY.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, createProbot } from 'probot';
import { openStoreFromEnv } from '../src/store/index.ts';
import { createApp } from './create-app.ts';
import { PunchlistOctokit } from './github/octokit-options.ts';
import { createInbox } from './inbox/inbox.ts';
import { createStoreAdvisor } from './routing/index.ts';
import { createModelClient, endpointsFromEnv } from './model/index.ts';

const probot = createProbot({ overrides: { Octokit: PunchlistOctokit } });
if (!process.env.APP_ID || !(process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH) || !process.env.WEBHOOK_SECRET) {
  process.stderr.write('Cannot start Punchlist: set APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, and WEBHOOK_SECRET (see README, "The App")\n');
  process.exit(2);
}
// Migrations run here, before the first webhook is accepted.
const store = await openStoreFromEnv();
// A webhook is answered once it is stored in the inbox; it is handled from there, so a burst or a slow GitHub
// never keeps GitHub waiting, and a crash loses nothing.
const inbox = createInbox(store, { log: { warn: (m) => probot.log.warn(m), error: (m) => probot.log.error(m) } });
const middleware = await createNodeMiddleware(createApp({ store, inbox, appId: Number(process.env.APP_ID), advisor: createStoreAdvisor(store, { log: probot.log }), models: createModelClient({ endpoints: endpointsFromEnv() }) }), { probot });
const server = createServer((req, res) => {
  void middleware(req, res, () => {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
  });
});
const port = Number(process.env.PORT ?? 3000);
server.listen(port, process.env.HOST ?? '0.0.0.0', () => {
  const { address, port: bound } = server.address() as AddressInfo;
  process.stdout.write(`punchlist: listening on http://${address}:${bound}${probot.webhookPath}\n`);
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  probot.log.info(`${signal}: stopping`);
  server.close();
  await inbox.close();
  // Closing the store stops the queue's workers first, so a step in flight finishes or rolls back cleanly.
  await store.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
