import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  countWorkOrdersByState,
  failuresByWeek,
  flakyByRepository,
  getWorkOrderTimeline,
  listDashboardRepositories,
  listDashboardWorkOrders,
  monthBudgets,
  routingTable,
  spendByDay,
  topFingerprints,
  type RepositoryAccess,
} from '../../src/store/dashboard/index.ts';
import { WORK_ORDER_STATES, type Executor, type WorkOrderState } from '../../src/store/index.ts';
import { dashboardAuthFromEnv, servedOnLoopback, type DashboardAuth } from './access.ts';
import { readAsset } from './assets.ts';
import { authorizeUrl, exchangeCode, readableRepositories, SignInError } from './github-oauth.ts';
import { html, type Html } from './html.ts';
import { layout, messagePage, type Viewer } from './layout.ts';
import { githubWebUrl } from './links.ts';
import { renderFailures } from './pages/failures.ts';
import { renderMoney } from './pages/money.ts';
import { renderRouting } from './pages/routing.ts';
import { renderWorkOrder } from './pages/work-order.ts';
import { renderWorkOrders } from './pages/work-orders.ts';
import { cookieHeader, fitsInCookie, parseCookies, readSession, SESSION_COOKIE, SESSION_HOURS, sign, STATE_COOKIE, unsign } from './session.ts';

/** What the dashboard reads from and how it lets people in. */
export interface DashboardDeps {
  /** The store's connection (read only: the dashboard never writes). */
  db: Executor;
  /** Default: from the environment (dashboardAuthFromEnv). */
  auth?: DashboardAuth;
  /** GitHub's web address for links (default: github.com, or GHE_HOST). */
  web?: string;
  /** The clock (tests pin it). */
  now?: () => Date;
  log?: { error(message: string): void };
}

/** A request handler in Probot's shape: true when it answered the request. */
export type DashboardHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/** The path prefix every dashboard page and asset lives under. */
export const DASHBOARD_PATH = '/dashboard';

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** True for the dashboard's own paths. */
export function isDashboardPath(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0]!;
  return path === DASHBOARD_PATH || path.startsWith(`${DASHBOARD_PATH}/`);
}

function send(res: ServerResponse, status: number, page: Html, headers: Record<string, string | string[]> = {}): void {
  const body = Buffer.from(page.text);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function redirect(res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(302, { ...SECURITY_HEADERS, location, 'cache-control': 'no-store', ...headers }).end();
}

const MAX_REPOSITORY_CHARS = 200;
const MAX_PAGE = 1_000_000;

function repositoryParam(query: URLSearchParams): string | null {
  const value = query.get('repository')?.trim();
  return value && value.length <= MAX_REPOSITORY_CHARS ? value : null;
}

function pageParam(query: URLSearchParams): number {
  const n = Number(query.get('page'));
  return Number.isInteger(n) && n >= 1 && n <= MAX_PAGE ? n : 1;
}

function statesParam(query: URLSearchParams): WorkOrderState[] {
  return WORK_ORDER_STATES.filter((s) => query.getAll('state').includes(s));
}

/** A `next` path to come back to after sign-in: only the dashboard's own pages. */
function safeNext(next: string | null): string {
  return next && next.startsWith(`${DASHBOARD_PATH}`) && !next.startsWith('//') && !next.includes('\\') ? next : DASHBOARD_PATH;
}

/** Who the request is from, and what they may read; or the answer already sent. */
type Admission = { ok: true; viewer: Viewer; access: RepositoryAccess } | { ok: false };

/** The dashboard's request handler: pages, assets and sign-in under /dashboard; anything else is not its to answer. */
export function createDashboardHandler(deps: DashboardDeps): DashboardHandler {
  const auth = deps.auth ?? dashboardAuthFromEnv();
  const web = deps.web ?? githubWebUrl();
  const now = deps.now ?? (() => new Date());
  const db = deps.db;

  const origin = (req: IncomingMessage) => (auth.mode === 'github' && auth.publicUrl) || `http://${req.headers.host ?? '127.0.0.1'}`;
  const secure = (req: IncomingMessage) => origin(req).startsWith('https:');

  function admit(req: IncomingMessage, res: ServerResponse, url: URL): Admission {
    if (auth.mode === 'none') {
      if (servedOnLoopback(req)) return { ok: true, viewer: { login: null }, access: null };
      send(res, 403, messagePage('Sign-in required', 'PUNCHLIST_DASHBOARD_AUTH=none opens the dashboard only on a server bound to 127.0.0.1, reached from 127.0.0.1. Bind to 127.0.0.1 (HOST=127.0.0.1), or set up sign-in with GitHub (GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET).'));
      return { ok: false };
    }
    if (auth.mode === 'unconfigured') {
      send(res, 503, messagePage('Dashboard not set up', auth.reason));
      return { ok: false };
    }
    const session = readSession(auth.sessionSecret, parseCookies(req.headers.cookie).get(SESSION_COOKIE));
    if (!session) {
      redirect(res, `${DASHBOARD_PATH}/login?next=${encodeURIComponent(url.pathname + url.search)}`);
      return { ok: false };
    }
    return { ok: true, viewer: { login: session.login }, access: session.repositories };
  }

  async function signIn(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (auth.mode !== 'github') return redirect(res, DASHBOARD_PATH);
    const state = randomBytes(18).toString('base64url');
    const cookie = sign(auth.sessionSecret, { state, next: safeNext(url.searchParams.get('next')), expires: Date.now() + 10 * 60_000 });
    redirect(res, authorizeUrl(auth.endpoints, auth.clientId, `${origin(req)}${DASHBOARD_PATH}/oauth/callback`, state), {
      'set-cookie': cookieHeader(STATE_COOKIE, cookie, { maxAgeSeconds: 600, secure: secure(req) }),
    });
  }

  /**
   * The signed session of a person: every repository they can read when that fits in a cookie, else only those of
   * them that have work orders here (the only ones the dashboard shows); when even those do not fit, how many.
   */
  async function sessionFor(secret: string, person: { login: string; repositories: string[] }): Promise<{ cookie: string } | { shown: number }> {
    const expires = Date.now() + SESSION_HOURS * 3_600_000;
    const all = sign(secret, { login: person.login, repositories: person.repositories, expires });
    if (fitsInCookie(all)) return { cookie: all };
    const known = new Set(await listDashboardRepositories(db, null));
    const repositories = person.repositories.filter((r) => known.has(r));
    const shown = sign(secret, { login: person.login, repositories, expires });
    return fitsInCookie(shown) ? { cookie: shown } : { shown: repositories.length };
  }

  async function callback(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (auth.mode !== 'github') return redirect(res, DASHBOARD_PATH);
    const saved = unsign(auth.sessionSecret, parseCookies(req.headers.cookie).get(STATE_COOKIE)) as { state?: unknown; next?: unknown; expires?: unknown } | null;
    const state = url.searchParams.get('state');
    const code = url.searchParams.get('code');
    const clearState = cookieHeader(STATE_COOKIE, '', { maxAgeSeconds: 0, secure: secure(req) });
    if (!saved || typeof saved.state !== 'string' || saved.state !== state || typeof saved.expires !== 'number' || saved.expires < Date.now() || !code) {
      return send(res, 400, messagePage('Sign-in failed', html`The answer from GitHub does not match a sign-in started here (or it took over ten minutes). <a href="${DASHBOARD_PATH}/login">Sign in again</a>.`), { 'set-cookie': clearState });
    }
    try {
      const token = await exchangeCode(auth.endpoints, auth, code, `${origin(req)}${DASHBOARD_PATH}/oauth/callback`);
      const person = await readableRepositories(auth.endpoints, token);
      const session = await sessionFor(auth.sessionSecret, person);
      if (!('cookie' in session)) {
        return send(res, 403, messagePage('Sign-in failed', html`You can read ${session.shown} repositories that have Punchlist work orders, more than a sign-in can hold. Ask for a dashboard with access set to <code>none</code> on 127.0.0.1, or for narrower access on GitHub.`), { 'set-cookie': clearState });
      }
      redirect(res, safeNext(typeof saved.next === 'string' ? saved.next : null), {
        'set-cookie': [clearState, cookieHeader(SESSION_COOKIE, session.cookie, { maxAgeSeconds: SESSION_HOURS * 3600, secure: secure(req) })],
      });
    } catch (error) {
      if (!(error instanceof SignInError) && !(error instanceof TypeError)) throw error;
      send(res, 502, messagePage('Sign-in failed', html`${error.message}. <a href="${DASHBOARD_PATH}/login">Try again</a>.`), { 'set-cookie': clearState });
    }
  }

  async function page(req: IncomingMessage, res: ServerResponse, url: URL, who: Extract<Admission, { ok: true }>): Promise<void> {
    const path = url.pathname.replace(/\/+$/, '') || DASHBOARD_PATH;
    const { access, viewer } = who;
    const query = url.searchParams;
    const at = now();
    const wanted = repositoryParam(query);
    const repositories = await listDashboardRepositories(db, access);
    // A repository the reader may not see is treated as one with nothing in it.
    const repository = wanted !== null && repositories.includes(wanted) ? wanted : null;
    const scope = repository ?? undefined;

    if (path === DASHBOARD_PATH) {
      const states = statesParam(query);
      const [list, counts] = await Promise.all([
        listDashboardWorkOrders(db, { access, states, repository: wanted === null ? undefined : wanted, page: pageParam(query) }),
        countWorkOrdersByState(db, access, wanted ?? undefined),
      ]);
      const body = renderWorkOrders({ page: list, stateCounts: counts, repositories, filter: { states, repository: wanted }, web, now: at });
      return send(res, 200, layout({ title: 'Work orders', current: DASHBOARD_PATH, viewer, body, charts: true }));
    }
    const match = /^\/dashboard\/work-orders\/(\d{1,15})$/.exec(path);
    if (match) {
      const order = await getWorkOrderTimeline(db, Number(match[1]), access);
      if (!order) return send(res, 404, messagePage('No such work order', 'There is no work order with this number in a repository you can read.', viewer));
      return send(res, 200, layout({ title: `Work order #${order.id}: ${order.title || `issue ${order.issueNumber}`}`, current: '', viewer, body: renderWorkOrder({ order, web }) }));
    }
    if (path === `${DASHBOARD_PATH}/money`) {
      const filter = { access, repository: scope, now: at };
      const [daily, budgets] = await Promise.all([spendByDay(db, filter), monthBudgets(db, filter)]);
      return send(res, 200, layout({ title: 'Money', current: path, viewer, body: renderMoney({ daily, budgets, repositories, repository, now: at }), charts: true }));
    }
    if (path === `${DASHBOARD_PATH}/routing`) {
      const rows = await routingTable(db, access, scope);
      return send(res, 200, layout({ title: 'Routing', current: path, viewer, body: renderRouting({ rows, repositories, repository }), charts: true }));
    }
    if (path === `${DASHBOARD_PATH}/failures`) {
      const filter = { access, repository: scope, now: at };
      const [weeks, fingerprints, flaky] = await Promise.all([failuresByWeek(db, filter), topFingerprints(db, filter), flakyByRepository(db, filter)]);
      return send(res, 200, layout({ title: 'Failures', current: path, viewer, body: renderFailures({ weeks, fingerprints, flaky, repositories, repository, now: at }), charts: true }));
    }
    send(res, 404, messagePage('Not found', html`No dashboard page here. <a href="${DASHBOARD_PATH}">Work orders</a>.`, viewer));
  }

  return async (req, res) => {
    if (!isDashboardPath(req.url)) return false;
    const url = new URL(req.url ?? DASHBOARD_PATH, 'http://dashboard.invalid');
    const method = req.method ?? 'GET';
    try {
      if (url.pathname.startsWith(`${DASHBOARD_PATH}/assets/`)) {
        const asset = method === 'GET' || method === 'HEAD' ? readAsset(url.pathname.slice(`${DASHBOARD_PATH}/assets/`.length)) : null;
        if (!asset) {
          send(res, 404, messagePage('Not found', 'No such file.'));
          return true;
        }
        res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.type, 'content-length': asset.body.length, 'cache-control': 'public, max-age=3600' });
        res.end(method === 'HEAD' ? undefined : asset.body);
        return true;
      }
      if (url.pathname === `${DASHBOARD_PATH}/logout`) {
        // A POST from the page's own form: SameSite=Lax keeps another site's form from sending the session cookie.
        if (method !== 'POST') send(res, 405, messagePage('Not allowed', 'Sign out with the button on any page.'), { allow: 'POST' });
        else redirect(res, DASHBOARD_PATH, { 'set-cookie': cookieHeader(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: secure(req) }) });
        return true;
      }
      if (method !== 'GET' && method !== 'HEAD') {
        send(res, 405, messagePage('Not allowed', 'The dashboard only reads.'), { allow: 'GET, HEAD' });
        return true;
      }
      if (url.pathname === `${DASHBOARD_PATH}/login`) await signIn(req, res, url);
      else if (url.pathname === `${DASHBOARD_PATH}/oauth/callback`) await callback(req, res, url);
      else {
        const who = admit(req, res, url);
        if (who.ok) await page(req, res, url, who);
      }
    } catch (error) {
      deps.log?.error(`dashboard: ${req.method} ${url.pathname} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      if (!res.headersSent) send(res, 500, messagePage('Something went wrong', 'The dashboard could not read the store; the App log has the details.'));
      else res.end();
    }
    return true;
  };
}
