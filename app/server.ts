// `npm start`: the App as an HTTP server. Probot's environment (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH,
// WEBHOOK_SECRET, WEBHOOK_PATH, WEBHOOK_PROXY_URL, GHE_HOST, GHE_PROTOCOL, LOG_LEVEL), PORT and HOST, the store from
// DATABASE_URL or PUNCHLIST_DATA_DIR, and model endpoints from OPENAI_BASE_URL / OPENAI_API_KEY / ANTHROPIC_API_KEY,
// each also read from `.env` in the working directory. Every setting is checked before anything starts; with no
// APP_ID at all, Probot's registration page is served instead, and the credentials it gets are written to `.env`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createNodeMiddleware, createProbot } from 'probot';
import { openStoreFromEnv, type Store } from '../src/store/index.ts';
import { createApp } from './create-app.ts';
import { PunchlistOctokit } from './github/octokit-options.ts';
import { createInbox } from './inbox/inbox.ts';
import { mountDashboard } from './dashboard/mount-dashboard.ts';
import { createModelClient, endpointsFromEnv } from './model/index.ts';
import { createStoreAdvisor } from './routing/index.ts';
import { checkSettings, loadEnvFile, serveRegistration, type AppSettings } from './setup/index.ts';

/** Exit status for a setting to fix (the README's promise): one line each on stderr, no stack trace. */
const EXIT_SETTINGS = 2;

function stopWith(lines: readonly string[]): never {
  for (const line of lines) process.stderr.write(`punchlist: ${line}\n`);
  process.exit(EXIT_SETTINGS);
}

const oneLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

const envFile = join(process.cwd(), '.env');
try {
  loadEnvFile(envFile, process.env);
} catch (e) {
  stopWith([`Cannot read ${envFile}: ${oneLine(e)}; fix or remove it`]);
}
const plan = checkSettings(process.env, process.cwd());
if (plan.mode === 'fix') {
  const n = plan.problems.length;
  stopWith([...plan.problems, `Nothing was started: ${n} setting${n === 1 ? '' : 's'} to fix (README, "The App")`]);
}
if (plan.mode === 'register') {
  const page = await serveRegistration({ port: plan.port, host: plan.host, envFile, env: process.env }).catch((e: unknown) =>
    stopWith([`Cannot serve the registration page on port ${plan.port}: ${oneLine(e)}; set PORT to a free port`]),
  );
  process.stdout.write(
    `punchlist: not registered with GitHub yet (APP_ID is not set). Open ${page.url} to register the App; its credentials are written to ${envFile}. Then run npm start again.\n`,
  );
  const close = () => void page.close().then(() => process.exit(0));
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
} else {
  await serve(plan.settings);
}

async function openStore(): Promise<Store> {
  try {
    // Migrations run here, before the first webhook is accepted.
    return await openStoreFromEnv();
  } catch (e) {
    const where = process.env.DATABASE_URL ? 'the PostgreSQL at DATABASE_URL' : `the embedded store in PUNCHLIST_DATA_DIR (${process.env.PUNCHLIST_DATA_DIR || '.punchlist/'})`;
    return stopWith([`Cannot open ${where}: ${oneLine(e)}`]);
  }
}

async function serve(settings: AppSettings): Promise<void> {
  const probot = createProbot({
    overrides: { Octokit: PunchlistOctokit, appId: settings.appId, privateKey: settings.privateKey, secret: settings.webhookSecret, webhookPath: settings.webhookPath },
  });
  const store = await openStore();
  // A webhook is answered once it is stored in the inbox; it is handled from there, so a burst or a slow GitHub
  // never keeps GitHub waiting, and a crash loses nothing.
  const inbox = createInbox(store, { log: { warn: (m) => probot.log.warn(m), error: (m) => probot.log.error(m) } });
  const app = createApp({ store, inbox, appId: settings.appId, advisor: createStoreAdvisor(store, { log: probot.log }), models: createModelClient({ endpoints: endpointsFromEnv() }) });
  const middleware = await createNodeMiddleware(app, { probot });
  const server = createServer((req, res) => {
    // An App registered from the registration page without WEBHOOK_PROXY_URL has its webhook at this host's root
    // (Probot's manifest flow names `<host>/`): deliveries there are the App's too.
    if (req.method === 'POST' && (req.url === '/' || req.url?.startsWith('/?')) && req.headers['x-github-event'] !== undefined) req.url = settings.webhookPath;
    void middleware(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
    });
  });
  mountDashboard(server, { db: store.db, log: { error: (m) => probot.log.error(m) } });
  server.once('error', (e: NodeJS.ErrnoException) => {
    void store.close().finally(() =>
      stopWith([e.code === 'EADDRINUSE' ? `PORT ${settings.port} is in use by another process: set PORT to a free port` : `Cannot listen on ${settings.host}:${settings.port}: ${oneLine(e)}`]),
    );
  });
  server.listen(settings.port, settings.host, () => {
    const { address, port: bound } = server.address() as AddressInfo;
    process.stdout.write(`punchlist: listening on http://${address}:${bound}${settings.webhookPath}\n`);
    const proxy = process.env.WEBHOOK_PROXY_URL;
    if (proxy) process.stdout.write(`punchlist: forward GitHub's deliveries from WEBHOOK_PROXY_URL with: npx smee-client -u ${proxy} -t http://localhost:${bound}${settings.webhookPath}\n`);
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
}
