import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * GitHub's OAuth web flow and the user-to-server endpoints the dashboard's sign-in calls, for one App: the authorize
 * page signs in `signInAs` at once and sends the browser back with a code; the code buys a token; the token reads
 * the person, their installations of the App and the repositories they can read on each. Served at the web root
 * and under /api/v3, as GHE_HOST points Probot and the dashboard.
 */
export interface OAuthStandIn {
  url: string;
  host: string;
  clientId: string;
  clientSecret: string;
  /** The person the next authorize request signs in. */
  signInAs: string;
  /** Every request's method and path, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Who may read what: login → installation id → repositories (owner/name). */
export type People = Record<string, Record<number, string[]>>;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

/** Starts the stand-in on 127.0.0.1. */
export async function startOAuthStandIn(people: People): Promise<OAuthStandIn> {
  const clientId = 'Iv1.dashboardtest';
  const clientSecret = randomBytes(16).toString('hex');
  const codes = new Map<string, string>();
  const tokens = new Map<string, string>();
  const requests: string[] = [];
  const standIn = { signInAs: Object.keys(people)[0] ?? '' } as OAuthStandIn;

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      requests.push(`${req.method} ${url.pathname}`);
      if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
        if (url.searchParams.get('client_id') !== clientId) return json(res, 404, { message: 'Not Found' });
        const code = randomBytes(10).toString('hex');
        codes.set(code, standIn.signInAs);
        const back = new URL(url.searchParams.get('redirect_uri') ?? '');
        back.searchParams.set('code', code);
        back.searchParams.set('state', url.searchParams.get('state') ?? '');
        return void res.writeHead(302, { location: back.toString() }).end();
      }
      if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
        const form = JSON.parse((await body(req)) || '{}') as Record<string, string>;
        const login = codes.get(form.code ?? '');
        if (form.client_id !== clientId || form.client_secret !== clientSecret || login === undefined) return json(res, 200, { error: 'bad_verification_code' });
        codes.delete(form.code!);
        const token = `ghu_${randomBytes(12).toString('hex')}`;
        tokens.set(token, login);
        return json(res, 200, { access_token: token, token_type: 'bearer' });
      }
      const login = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!url.pathname.startsWith('/api/v3/')) return json(res, 404, { message: 'Not Found' });
      if (login === undefined) return json(res, 401, { message: 'Bad credentials' });
      const installations = people[login] ?? {};
      const path = url.pathname.slice('/api/v3'.length);
      if (path === '/user') return json(res, 200, { login, id: 1 });
      if (path === '/user/installations') {
        const list = Object.keys(installations).map((id) => ({ id: Number(id) }));
        return json(res, 200, { total_count: list.length, installations: url.searchParams.get('page') === '1' || !url.searchParams.get('page') ? list : [] });
      }
      const match = /^\/user\/installations\/(\d+)\/repositories$/.exec(path);
      if (match) {
        const repos = installations[Number(match[1])];
        if (!repos) return json(res, 404, { message: 'Not Found' });
        const page = url.searchParams.get('page') ?? '1';
        return json(res, 200, { total_count: repos.length, repositories: page === '1' ? repos.map((full_name) => ({ full_name })) : [] });
      }
      json(res, 404, { message: 'Not Found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn, {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    clientId,
    clientSecret,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
