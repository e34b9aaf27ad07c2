import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';

/** A running App process (`node app/server.ts`) and how to talk to it. */
export interface AppProcess {
  url: string;
  output(): string;
  /** Sends a signed webhook as GitHub does; resolves with the HTTP status. */
  deliver(event: string, payload: unknown, deliveryId?: string): Promise<{ status: number; deliveryId: string }>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash, with no chance to clean up. */
  kill(): Promise<void>;
}

/** A GitHub App private key as GitHub hands it out (PKCS#1 PEM), generated per run. */
export const PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;

const WEBHOOK_SECRET = 'e2e-webhook-secret';
const ROOT = join(import.meta.dirname, '..', '..');

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * Starts the App the way `npm start` does, against a local GitHub and model server, on a free port. `env` adds to
 * or replaces the App's environment (the benchmark points `DATABASE_URL` at PostgreSQL with it).
 */
export async function startApp(options: { githubUrl: string; modelBaseUrl: string; dataDir: string; env?: Record<string, string> }): Promise<AppProcess> {
  const gheHost = new URL(options.githubUrl).host;
  const child = spawn(process.execPath, [join(ROOT, 'app', 'server.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      APP_ID: '4242',
      PRIVATE_KEY,
      WEBHOOK_SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
      GHE_HOST: gheHost,
      GHE_PROTOCOL: 'http',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      PUNCHLIST_DATA_DIR: options.dataDir,
      OPENAI_BASE_URL: options.modelBaseUrl,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The App did not start in time:\n${out}`)), 60_000);
    const check = () => {
      const m = /punchlist: listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The App exited with ${code} before listening:\n${out}`));
    });
  });
  return {
    url,
    output: () => out,
    async deliver(event, payload, deliveryId = randomUUID()) {
      const body = JSON.stringify(payload);
      const signature = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': deliveryId, 'x-hub-signature-256': signature },
        body,
      });
      await response.text();
      return { status: response.status, deliveryId };
    },
    async stop() {
      child.kill('SIGTERM');
      return exited(child);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
}

/** Polls `probe` until it returns a value other than undefined/false, or fails with `what` after `ms`. */
export async function eventually<T>(what: string, probe: () => T | undefined | false, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
