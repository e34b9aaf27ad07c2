import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { githubEndpoints, type GitHubEndpoints } from './github-oauth.ts';

/** How people get in: no sign-in (127.0.0.1 only), GitHub sign-in, or not set up (every page says how to). */
export type DashboardAuth =
  | { mode: 'none' }
  | { mode: 'github'; clientId: string; clientSecret: string; sessionSecret: string; endpoints: GitHubEndpoints; publicUrl: string | null }
  | { mode: 'unconfigured'; reason: string };

/**
 * Reads PUNCHLIST_DASHBOARD_AUTH (`none` or `github`; unset means `github`), GITHUB_CLIENT_ID and
 * GITHUB_CLIENT_SECRET (the App's OAuth credentials), PUNCHLIST_DASHBOARD_SECRET (signs session cookies; default:
 * derived from the client secret, so every App process with the same credentials reads the same sessions) and
 * PUNCHLIST_DASHBOARD_URL (the dashboard's public origin for GitHub's redirect; default: the request's Host).
 */
export function dashboardAuthFromEnv(env: NodeJS.ProcessEnv = process.env): DashboardAuth {
  const mode = env.PUNCHLIST_DASHBOARD_AUTH?.trim() || 'github';
  if (mode === 'none') return { mode: 'none' };
  if (mode !== 'github') return { mode: 'unconfigured', reason: `PUNCHLIST_DASHBOARD_AUTH is "${mode}": use "github" or "none"` };
  const clientId = env.GITHUB_CLIENT_ID?.trim();
  const clientSecret = env.GITHUB_CLIENT_SECRET?.trim();
  if (!clientId || !clientSecret) {
    return { mode: 'unconfigured', reason: 'Sign-in needs the App\'s GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET (the manifest flow writes them to .env); or, on 127.0.0.1 only, set PUNCHLIST_DASHBOARD_AUTH=none' };
  }
  const sessionSecret = env.PUNCHLIST_DASHBOARD_SECRET?.trim() || createHmac('sha256', clientSecret).update('punchlist-dashboard-session').digest('hex');
  return { mode: 'github', clientId, clientSecret, sessionSecret, endpoints: githubEndpoints(env), publicUrl: env.PUNCHLIST_DASHBOARD_URL?.trim() || null };
}

const LOOPBACK = new Set(['127.0.0.1', '::ffff:127.0.0.1']);

/** True when the address is 127.0.0.1 (not 0.0.0.0, not a LAN address). */
export function isLoopback(address: string | undefined | null): boolean {
  return address !== undefined && address !== null && LOOPBACK.has(address);
}

/**
 * True when the server that took this request listens on 127.0.0.1 only and the request came from there: the
 * only place the dashboard opens without sign-in. A server on 0.0.0.0 reached through 127.0.0.1 is refused, since
 * the same pages would be open to its whole network.
 */
export function servedOnLoopback(req: IncomingMessage): boolean {
  const server = (req.socket as { server?: Server }).server;
  const bound = server?.address() as AddressInfo | string | null | undefined;
  const address = bound && typeof bound === 'object' ? bound.address : null;
  return isLoopback(address) && isLoopback(req.socket.remoteAddress);
}
