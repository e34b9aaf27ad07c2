import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The repository root; `node app/server.ts` is `npm start`. */
export const ROOT = join(import.meta.dirname, '..', '..');
const SERVER = join(ROOT, 'app', 'server.ts');

/** `npm start` that ran to its end: exit status and what it printed. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node app/server.ts` in `cwd` with exactly `env` (plus PATH) and waits for it to exit. */
export function startAndExit(env: Record<string, string>, cwd: string, timeoutMs = 20_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start did not exit within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A long-running `npm start` (the registration page, or the App), stopped with SIGTERM. */
export interface Started {
  /** The first match of the line awaited. */
  match: RegExpExecArray;
  output(): string;
  stop(): Promise<number | null>;
}

/** Starts `node app/server.ts` in `cwd` with exactly `env` and resolves once its output matches `ready`. */
export function startUntil(env: Record<string, string>, cwd: string, ready: RegExp, timeoutMs = 60_000): Promise<Started> {
  const child: ChildProcess = spawn(process.execPath, [SERVER], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start did not print ${ready} within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const check = () => {
      const match = ready.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        match,
        output: () => out,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (c: Buffer) => {
        out += c.toString();
        check();
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before printing ${ready}:\n${out}`));
    });
  });
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The registration page's "not registered" line: its URL. */
export const REGISTER_LINE = /punchlist: not registered with GitHub yet .*? Open (http:\/\/\S+\/probot) /;
