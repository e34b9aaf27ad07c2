import { leaseSecondsFromEnv } from '../../src/store/queue.ts';
import { workersFromEnv } from '../worker/workers-setting.ts';
import { readPrivateKey } from './private-key.ts';

/** What `npm start` needs to run the App, read and checked once. */
export interface AppSettings {
  appId: number;
  /** PEM text. */
  privateKey: string;
  webhookSecret: string;
  port: number;
  host: string;
  webhookPath: string;
}

/**
 * What start-up does: run the App; serve the registration page (no APP_ID and nothing else of a registration set);
 * or stop with one line per setting to fix.
 */
export type StartupPlan =
  | { mode: 'run'; settings: AppSettings }
  | { mode: 'register'; port: number; host: string | undefined }
  | { mode: 'fix'; problems: string[] };

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const DEFAULT_PORT = 3000;
const DEFAULT_WEBHOOK_PATH = '/api/github/webhooks';

const value = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v ? v : undefined;
};

function checkUrl(env: Env, name: string, protocols: readonly string[], what: string): string | null {
  const raw = value(env, name);
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${name} is "${raw}", which is not a URL: set it to ${what}`;
  }
  if (!protocols.includes(url.protocol)) return `${name} is "${raw}", which is not ${protocols.map((p) => p.replace(':', '://…')).join(' or ')}: set it to ${what}`;
  return null;
}

/** The settings of the server itself, which the registration page needs too. */
function checkServer(env: Env, problems: string[]): number {
  const raw = value(env, 'PORT');
  if (raw !== undefined && !(/^\d+$/.test(raw) && Number(raw) <= 65535)) problems.push(`PORT is "${raw}": set it to the port to listen on, a number from 0 to 65535 (default ${DEFAULT_PORT})`);
  const level = value(env, 'LOG_LEVEL');
  if (level !== undefined && !LOG_LEVELS.includes(level)) problems.push(`LOG_LEVEL is "${level}": set it to one of ${LOG_LEVELS.join(', ')} (default info)`);
  const proxy = checkUrl(env, 'WEBHOOK_PROXY_URL', ['https:', 'http:'], 'the address of your webhook proxy channel, e.g. https://smee.io/<channel>');
  if (proxy) problems.push(proxy);
  const host = value(env, 'GHE_HOST');
  if (host !== undefined && !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host)) problems.push(`GHE_HOST is "${host}": set it to the host name of your GitHub Enterprise Server, without a scheme or path (e.g. github.example.com)`);
  const protocol = value(env, 'GHE_PROTOCOL');
  if (protocol !== undefined && !['http', 'https'].includes(protocol)) problems.push(`GHE_PROTOCOL is "${protocol}": set it to https (the default) or http`);
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : DEFAULT_PORT;
}

/** Model endpoints: at least one provider must be callable, or every work order would fail on its first step. */
function checkModels(env: Env, problems: string[]): void {
  for (const [name, what] of [
    ['OPENAI_BASE_URL', 'the base URL of an OpenAI-compatible Chat Completions endpoint, e.g. http://127.0.0.1:8080/v1 (llama.cpp) or http://127.0.0.1:11434/v1 (Ollama)'],
    ['ANTHROPIC_BASE_URL', 'the base URL of Anthropic\'s Messages API, or leave it unset'],
  ] as const) {
    const p = checkUrl(env, name, ['https:', 'http:'], what);
    if (p) problems.push(p);
  }
  if (!value(env, 'OPENAI_API_KEY') && !value(env, 'OPENAI_BASE_URL') && !value(env, 'ANTHROPIC_API_KEY')) {
    problems.push(
      'OPENAI_API_KEY, OPENAI_BASE_URL and ANTHROPIC_API_KEY are all unset, so no model can be called: set OPENAI_API_KEY (OpenAI), OPENAI_BASE_URL (a local OpenAI-compatible server: llama.cpp, Ollama, vLLM) or ANTHROPIC_API_KEY (Anthropic)',
    );
  }
}

function checkStore(env: Env, problems: string[]): void {
  const raw = value(env, 'DATABASE_URL');
  if (raw === undefined) return;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // Reported below; the value may hold a password, so it is never printed.
  }
  if (url === null || !['postgres:', 'postgresql:'].includes(url.protocol) || url.hostname === '') {
    problems.push('DATABASE_URL is not a PostgreSQL connection URL: set it to postgres://USER:PASSWORD@HOST:5432/DATABASE, or unset it to keep the store in PUNCHLIST_DATA_DIR (embedded PGlite)');
  }
}

function checkLease(env: Env, problems: string[]): void {
  for (const read of [leaseSecondsFromEnv, workersFromEnv]) {
    try {
      read(env as NodeJS.ProcessEnv);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
}

/**
 * Reads and checks every setting `npm start` uses, before anything is created: each missing or malformed one is one
 * line naming the variable and what to put in it. With no APP_ID and nothing else of a registration, the App is not
 * registered yet: start-up serves Probot's registration page instead (never in production, where that is a mistake).
 */
export function checkSettings(env: Env, cwd: string): StartupPlan {
  const problems: string[] = [];
  const port = checkServer(env, problems);
  const appIdRaw = value(env, 'APP_ID');
  const registration = ['PRIVATE_KEY', 'PRIVATE_KEY_PATH', 'WEBHOOK_SECRET'].filter((name) => value(env, name) !== undefined);
  if (appIdRaw === undefined && registration.length === 0 && env.NODE_ENV !== 'production') {
    return problems.length > 0 ? { mode: 'fix', problems } : { mode: 'register', port, host: value(env, 'HOST') };
  }
  if (appIdRaw === undefined) {
    problems.push(
      env.NODE_ENV === 'production' && registration.length === 0
        ? 'APP_ID is not set: set it to the App\'s ID (its settings page, "App ID"); the registration page is not served when NODE_ENV is production'
        : `APP_ID is not set, though ${registration.join(' and ')} ${registration.length === 1 ? 'is' : 'are'}: set it to the App's ID (its settings page, "App ID"), or unset ${registration.join(' and ')} to register a new App in the browser`,
    );
  } else if (!/^[1-9]\d*$/.test(appIdRaw)) {
    problems.push(`APP_ID is "${appIdRaw}": set it to the App's numeric ID (its settings page, "App ID"; not the client ID)`);
  }
  const key = readPrivateKey(env, cwd);
  if (key === null) problems.push('PRIVATE_KEY_PATH is not set: set it to the path of the .pem file from the App\'s settings page ("Private keys" → "Generate a private key"), or put the key itself in PRIVATE_KEY');
  else if (!key.ok) problems.push(key.problem);
  const secret = value(env, 'WEBHOOK_SECRET');
  if (secret === undefined) problems.push('WEBHOOK_SECRET is not set: set it to the webhook secret entered in the App\'s settings page ("Webhook secret")');
  const webhookPath = value(env, 'WEBHOOK_PATH') ?? DEFAULT_WEBHOOK_PATH;
  if (!webhookPath.startsWith('/')) problems.push(`WEBHOOK_PATH is "${webhookPath}": set it to a path starting with "/" (default ${DEFAULT_WEBHOOK_PATH})`);
  checkStore(env, problems);
  checkLease(env, problems);
  checkModels(env, problems);
  if (problems.length > 0) return { mode: 'fix', problems };
  return {
    mode: 'run',
    settings: { appId: Number(appIdRaw), privateKey: (key as { pem: string }).pem, webhookSecret: secret!, port, host: value(env, 'HOST') ?? '0.0.0.0', webhookPath },
  };
}
