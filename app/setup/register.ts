import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from 'probot';
import YAML from 'yaml';
import { updateEnvFile } from './env-file.ts';

/** The repository root: app.yml and package.json live here whatever the working directory. */
const ROOT = join(import.meta.dirname, '..', '..');

/** The https address of a GitHub remote (`git@github.com:o/r.git`, `https://github.com/o/r.git`), or null. */
export function githubPage(remote: string): string | null {
  const m = /^(?:git@github\.com:|ssh:\/\/git@github\.com\/|https:\/\/(?:[^@/]+@)?github\.com\/)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(remote.trim());
  return m ? `https://github.com/${m[1]}/${m[2]}` : null;
}

function originRemote(cwd: string): string | null {
  try {
    return githubPage(execFileSync('git', ['remote', 'get-url', 'origin'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return null;
  }
}

/** A running registration page. */
export interface RegistrationServer {
  /** Where a person opens it, e.g. http://localhost:3000/probot. */
  url: string;
  /** The App's homepage the manifest names. */
  homepage: string;
  close(): Promise<void>;
}

/**
 * Serves Probot's own registration flow (`run()` without an App ID: its setup page, the manifest POSTed to GitHub,
 * the code exchanged for the App's credentials on the way back, and its "use an existing App" form). What Probot takes
 * from the working directory is prepared beside it: app.yml with the App's homepage filled in (app.yml's `url`, else
 * this checkout's GitHub remote, else this server's address: GitHub requires one), and the name, version and
 * description the page shows. The webhook URL is Probot's: WEBHOOK_PROXY_URL, else the address the browser used.
 * Credentials are written to `envFile`, never to the prepared directory.
 */
export async function serveRegistration(options: { port: number; host: string | undefined; envFile: string; env: Readonly<Record<string, string | undefined>> }): Promise<RegistrationServer> {
  const manifest = YAML.parse(readFileSync(join(ROOT, 'app.yml'), 'utf8')) as Record<string, unknown>;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version?: string };
  const shownHost = options.host && options.host !== '0.0.0.0' ? options.host : 'localhost';
  const homepage = typeof manifest.url === 'string' ? manifest.url : (originRemote(ROOT) ?? `http://${shownHost}:${options.port}`);
  const dir = mkdtempSync(join(tmpdir(), 'punchlist-register-'));
  writeFileSync(join(dir, 'app.yml'), YAML.stringify({ ...manifest, url: homepage }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: manifest.name, version: pkg.version, description: manifest.description }));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  // Probot would otherwise fetch smee-client with npx and open a channel on smee.io; WEBHOOK_PROXY_URL says which
  // channel to use instead.
  process.env.NO_SMEE_SETUP ??= 'true';
  // Probot reads app.yml from the working directory on every request, so it stays there while the page is served.
  process.chdir(dir);
  const { env } = options;
  const server = await run(() => {}, {
    env: {
      PORT: String(options.port),
      ...(options.host ? { HOST: options.host } : {}),
      ...(env.LOG_LEVEL ? { LOG_LEVEL: env.LOG_LEVEL as 'info' } : {}),
      ...(env.LOG_FORMAT ? { LOG_FORMAT: env.LOG_FORMAT as 'json' } : {}),
      ...(env.WEBHOOK_PROXY_URL ? { WEBHOOK_PROXY_URL: env.WEBHOOK_PROXY_URL } : {}),
      ...(env.GHE_HOST ? { GHE_HOST: env.GHE_HOST, GHE_PROTOCOL: env.GHE_PROTOCOL ?? 'https' } : {}),
    },
    updateEnv: (values) => updateEnvFile(options.envFile, values),
  });
  return {
    url: `http://${shownHost}:${server.port}/probot`,
    homepage,
    async close() {
      await server.stop();
      removeDir();
    },
  };
}
