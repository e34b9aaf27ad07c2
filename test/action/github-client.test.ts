import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/action/github-client.ts';
import { startForwardProxy, type ForwardProxy } from '../helpers/forward-proxy.ts';

// The Action's GitHub client: at GITHUB_API_URL with the token, on node:http; behind a proxy (a proxy variable set,
// as on a self-hosted runner behind one), through that proxy. Real servers on 127.0.0.1: an API that records what
// reached it and a forwarding proxy that speaks HTTP's proxy protocol (test/helpers/forward-proxy.ts).

const servers: Server[] = [];
const proxies: ForwardProxy[] = [];
const sockets = new Set<Socket>();
const savedEnv = { ...process.env };
afterEach(async () => {
  for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
  Object.assign(process.env, savedEnv);
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** An API answering `GET /repos/{owner}/{repo}` with the repository, recording each request's headers. */
async function startApi(): Promise<{ port: number; seen: IncomingMessage['headers'][] }> {
  const seen: IncomingMessage['headers'][] = [];
  const port = await listen(
    createServer((req, res) => {
      seen.push(req.headers);
      const m = /^\/repos\/([^/]+)\/([^/?]+)$/.exec(req.url ?? '');
      res.writeHead(m ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(m ? { full_name: `${m[1]}/${m[2]}` } : { message: 'Not Found' }));
    }),
  );
  return { port, seen };
}

describe('createGitHubClient', () => {
  it('without a proxy: the API at GITHUB_API_URL, the token, and the runner\'s orchestration id in the user agent', async () => {
    const api = await startApi();
    const gh = await createGitHubClient('ghs_token', { GITHUB_API_URL: `http://127.0.0.1:${api.port}`, ACTIONS_ORCHESTRATION_ID: ' run 42/job ' });
    const repo = await gh.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' });
    expect(repo.data.full_name).toBe('o/r');
    expect(api.seen).toHaveLength(1);
    expect(api.seen[0]!.authorization).toBe('token ghs_token');
    expect(api.seen[0]!['user-agent']).toMatch(/^punchlist-action actions_orchestration_id\/run_42_job /);
  });

  it('behind a proxy: every request goes through it, and answers come back as without one', async () => {
    const api = await startApi();
    const proxy = await startForwardProxy({ 'api.github.test': '127.0.0.1' });
    proxies.push(proxy);
    // The runner's variables, as @actions/http-client reads them; the API's name is one only the proxy can resolve.
    process.env.http_proxy = proxy.url;
    process.env.GITHUB_API_URL = `http://api.github.test:${api.port}`;
    const gh = await createGitHubClient('ghs_token', process.env, { retries: 0 });
    const repo = await gh.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' });
    expect(repo.data.full_name).toBe('o/r');
    expect(proxy.targets).toEqual([`api.github.test:${api.port}`]);
    expect(api.seen[0]!.authorization).toBe('token ghs_token');
    expect(api.seen[0]!['user-agent']).toMatch(/^punchlist-action/);
  });
});
