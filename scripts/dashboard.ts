// `npm run dashboard`: the dashboard alone, on the store the App uses (DATABASE_URL, else PGlite in
// PUNCHLIST_DATA_DIR), at http://HOST:PORT/dashboard. HOST defaults to 127.0.0.1 here (unlike the App's server):
// with PUNCHLIST_DASHBOARD_AUTH=none that is the only address it may serve. It never migrates or writes the store.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { dashboardAuthFromEnv, isLoopback } from '../app/dashboard/access.ts';
import { mountDashboard } from '../app/dashboard/mount-dashboard.ts';
import { databaseOptionsFromEnv } from '../src/store/index.ts';
import { openDatabase } from '../src/store/open-database.ts';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);
const auth = dashboardAuthFromEnv();
if (auth.mode === 'none' && !isLoopback(host)) {
  process.stderr.write(`Cannot serve the dashboard on "${host}" without sign-in: PUNCHLIST_DASHBOARD_AUTH=none is for HOST=127.0.0.1 only\n`);
  process.exit(2);
}
if (auth.mode === 'unconfigured') {
  process.stderr.write(`Cannot serve the dashboard: ${auth.reason}\n`);
  process.exit(2);
}

let opened;
try {
  opened = await openDatabase(databaseOptionsFromEnv());
  await sql`select 1 from punchlist_migrations limit 1`.execute(opened.db);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Cannot open the store for the dashboard: ${message.includes('punchlist_migrations') ? 'it has no Punchlist tables (start the App once to create them)' : message}\n`);
  await opened?.close();
  process.exit(2);
}
const store = opened;

const server = createServer((_req, res) => {
  res.writeHead(302, { location: '/dashboard' }).end();
});
mountDashboard(server, { db: store.db, auth, log: { error: (m) => process.stderr.write(`${m}\n`) } });
server.listen(port, host, () => {
  const { address, port: bound } = server.address() as AddressInfo;
  process.stdout.write(`punchlist dashboard: http://${address}:${bound}/dashboard (${store.engine}, sign-in: ${auth.mode === 'none' ? 'none' : 'GitHub'})\n`);
});

async function stop(): Promise<void> {
  server.close();
  await store.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
