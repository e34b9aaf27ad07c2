import { createServer, request, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';

/** A forwarding proxy on 127.0.0.1 and what it was asked for. */
export interface ForwardProxy {
  url: string;
  /** Each target host:port, in order, as CONNECT or an absolute-form request named it. */
  targets: string[];
  close(): Promise<void>;
}

/**
 * An HTTP forwarding proxy as a self-hosted runner's network has one: CONNECT opens a tunnel, an absolute-form
 * request (`GET http://host/path`) is forwarded. It resolves the names it is asked for through `hosts` first (the
 * test's own DNS), so a client can only reach such a name through it.
 */
export async function startForwardProxy(hosts: Record<string, string>): Promise<ForwardProxy> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  const resolveHost = (host: string) => hosts[host] ?? host;
  const proxy = createServer((req, res) => {
    const target = new URL(req.url ?? '');
    targets.push(target.host);
    const upstream = request({ host: resolveHost(target.hostname), port: target.port, method: req.method, path: `${target.pathname}${target.search}`, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  proxy.on('connection', track);
  proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    targets.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), resolveHost(host!), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        proxy.close(() => resolve());
      }),
  };
}
