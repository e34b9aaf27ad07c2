import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { retry } from '@octokit/plugin-retry';
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { transport } from '../../src/action/http.ts';
import { refusingUrl } from '../helpers/refusing-url.ts';

// The Action's HTTP transport for Octokit, against real HTTP servers on 127.0.0.1: what fetch would do for the
// requests Octokit makes (src/action/http.ts says why it is not fetch).

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** A server whose handler sees every request, its body read. */
async function serve(handle: (req: Seen, res: ServerResponse) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(request);
      handle(request, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, seen };
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(value));
}

async function rejection(run: () => Promise<unknown>): Promise<Error & { cause?: unknown }> {
  try {
    await run();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('transport: a request and its answer', () => {
  it('sends the method, headers and body, and answers with status, headers and body', async () => {
    const api = await serve((_req, res) => json(res, 201, { id: 7, name: 'ünïcode' }, { 'X-RateLimit-Remaining': '4999' }));
    const body = JSON.stringify({ name: 'punchlist', note: 'ü' });
    const response = await transport(`${api.url}/repos/o/r/check-runs`, { method: 'post', headers: { Authorization: 'token t', 'Content-Type': 'application/json' }, body });
    expect(api.seen).toHaveLength(1);
    expect(api.seen[0]).toMatchObject({ method: 'POST', url: '/repos/o/r/check-runs', body });
    expect(api.seen[0]!.headers).toMatchObject({ authorization: 'token t', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${api.url}/repos/o/r/check-runs`);
    expect(response.redirected).toBe(false);
    expect(response.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(response.headers.get('X-RATELIMIT-REMAINING')).toBe('4999');
    expect(response.headers.get('absent')).toBeNull();
    expect(Object.fromEntries(response.headers)).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999' });
    expect(await response.json()).toEqual({ id: 7, name: 'ünïcode' });
  });

  it('an error status is an answer, not a rejection; bytes come back as they were sent', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252]);
    const api = await serve((req, res) => {
      if (req.url === '/bytes') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(bytes);
      } else json(res, 404, { message: 'Not Found' });
    });
    const missing = await transport(`${api.url}/missing`);
    expect(missing.status).toBe(404);
    expect(missing.ok).toBe(false);
    expect(missing.statusText).toBe('Not Found');
    expect(await missing.text()).toBe('{"message":"Not Found"}');
    expect(Buffer.from(await (await transport(`${api.url}/bytes`)).arrayBuffer())).toEqual(bytes);
  });

  it('undoes a gzip content-encoding the server applied', async () => {
    const api = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.end(gzipSync('2026-12-06T10:00:00Z ##[error]Process completed with exit code 1.\n'));
    });
    expect(await (await transport(`${api.url}/log`)).text()).toBe('2026-12-06T10:00:00Z ##[error]Process completed with exit code 1.\n');
  });
});

describe('transport: redirects as fetch follows them', () => {
  it('follows a job log redirect to another origin without the authorization header', async () => {
    const storage = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('the log');
    });
    const api = await serve((_req, res) => {
      res.writeHead(302, { location: `${storage.url}/logs/1?sig=abc` });
      res.end();
    });
    const response = await transport(`${api.url}/repos/o/r/actions/jobs/1/logs`, { headers: { authorization: 'token secret', accept: 'application/vnd.github+json' } });
    expect(response.status).toBe(200);
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${storage.url}/logs/1?sig=abc`);
    expect(await response.text()).toBe('the log');
    expect(api.seen[0]!.headers.authorization).toBe('token secret');
    expect(storage.seen[0]!.headers.authorization).toBeUndefined();
    expect(storage.seen[0]!.headers.accept).toBe('application/vnd.github+json');
  });

  it('keeps the authorization header on the same origin, and a 307 keeps the method and body', async () => {
    const api = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(307, { location: '/new' });
        res.end();
      } else json(res, 200, { ok: true });
    });
    await transport(`${api.url}/old`, { method: 'PATCH', headers: { authorization: 'token t' }, body: '{"a":1}' });
    expect(api.seen.map((s) => [s.method, s.url, s.headers.authorization, s.body])).toEqual([
      ['PATCH', '/old', 'token t', '{"a":1}'],
      ['PATCH', '/new', 'token t', '{"a":1}'],
    ]);
  });

  it('a 303, or a 302 after a POST, becomes a GET without a body', async () => {
    const api = await serve((req, res) => {
      if (req.url === '/see-other' || req.url === '/found') {
        res.writeHead(req.url === '/found' ? 302 : 303, { location: '/result' });
        res.end();
      } else json(res, 200, {});
    });
    await transport(`${api.url}/see-other`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    await transport(`${api.url}/found`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"b":2}' });
    expect(api.seen.map((s) => [s.method, s.url, s.body, s.headers['content-type'] ?? null])).toEqual([
      ['PUT', '/see-other', '{"a":1}', 'application/json'],
      ['GET', '/result', '', null],
      ['POST', '/found', '{"b":2}', 'application/json'],
      ['GET', '/result', '', null],
    ]);
  });

  it('redirect "manual" answers with the redirect; "error" and a loop reject', async () => {
    const api = await serve((req, res) => {
      res.writeHead(302, { location: req.url === '/loop' ? '/loop' : '/elsewhere' });
      res.end();
    });
    const manual = await transport(`${api.url}/here`, { redirect: 'manual' });
    expect([manual.status, manual.headers.get('location')]).toEqual([302, '/elsewhere']);
    const refused = await rejection(() => transport(`${api.url}/here`, { redirect: 'error' }));
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused.cause as Error).message).toBe('redirect to /elsewhere refused (redirect: "error")');
    const loop = await rejection(() => transport(`${api.url}/loop`));
    expect((loop.cause as Error).message).toBe(`more than 20 redirects from ${api.url}/loop`);
    expect(api.seen.filter((s) => s.url === '/loop')).toHaveLength(21);
  });
});

describe('transport: failures as fetch reports them', () => {
  it('a refused connection rejects with a TypeError whose cause is the system error', async () => {
    const url = await refusingUrl();
    const error = await rejection(() => transport(`${url}/x`));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('fetch failed');
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('a server that never answers is given up after the idle time', async () => {
    const api = await serve(() => {
      // No answer.
    });
    const error = await rejection(() => transport(`${api.url}/slow`, {}, 200));
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ETIMEDOUT');
    expect((error.cause as Error).message).toBe(`no answer from ${api.url} for 0.2 s`);
  });

  it('an aborted request rejects with an AbortError', async () => {
    const api = await serve(() => {
      // No answer: the caller aborts.
    });
    const controller = new AbortController();
    const pending = rejection(() => transport(`${api.url}/slow`, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect((await pending).name).toBe('AbortError');
    expect((await rejection(() => transport(`${api.url}/x`, { signal: controller.signal }))).name).toBe('AbortError');
  });
});

describe('transport under Octokit', () => {
  it('Octokit reads answers, pages and errors through it as through fetch', async () => {
    const api = await serve((req, res) => {
      if (req.url.startsWith('/repos/o/r/issues?')) {
        const page = Number(new URL(req.url, 'http://x').searchParams.get('page') ?? '1');
        json(res, 200, [{ number: page }], page === 1 ? { link: `<${`http://127.0.0.1:${(req.headers.host ?? '').split(':')[1]}`}/repos/o/r/issues?per_page=1&page=2>; rel="next"` } : {});
      } else json(res, 422, { message: 'Validation Failed', errors: [{ code: 'custom', message: 'body is too long' }] });
    });
    const RetryingOctokit = Octokit.plugin(retry);
    const gh = new RetryingOctokit({ auth: 't', baseUrl: api.url, request: { fetch: transport, retries: 0 }, log: { debug() {}, info() {}, warn() {}, error() {} } });
    expect((await gh.paginate(gh.rest.issues.listForRepo, { owner: 'o', repo: 'r', per_page: 1 })).map((i) => i.number)).toEqual([1, 2]);
    const error = (await rejection(() => gh.rest.issues.create({ owner: 'o', repo: 'r', title: 't' }))) as Error & { status?: number };
    expect(error.status).toBe(422);
    expect(error.message).toContain('Validation Failed');
    expect(api.seen.every((s) => s.headers.authorization === 'token t')).toBe(true);
  });
});
