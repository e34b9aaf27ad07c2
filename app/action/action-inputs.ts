import { endpointsFromEnv, type ProviderEndpoints } from '../model/index.ts';
import { readDatabaseUrl, readInput, type RunnerEnv } from './runner-env.ts';

export type { RunnerEnv } from './runner-env.ts';

/** What the App's action runs with, read once from the runner's environment. */
export interface ActionInputs {
  githubToken: string;
  /** PostgreSQL connection string; null runs on a throw-away PGlite store. */
  databaseUrl: string | null;
  endpoints: ProviderEndpoints;
  /** Minutes after which no further step is started. */
  maxMinutes: number;
  /** The REST API's base URL: github.com's, or a GitHub Enterprise Server's `/api/v3`. */
  apiUrl: string;
}

/** How long one run may work its queue unless `max-minutes` says otherwise. */
export const DEFAULT_MAX_MINUTES = 30;

const GITHUB_API_DEFAULT = 'https://api.github.com';

/** Throws unless `value` is an http(s) URL (`localhost:11434` parses as a URL of scheme `localhost:`). */
function checkUrl(value: string, what: string): string {
  if (!URL.canParse(value) || !['http:', 'https:'].includes(new URL(value).protocol)) throw new Error(`${what} must be an http(s) URL, not "${value}"`);
  return value;
}

function readMaxMinutes(env: RunnerEnv): number {
  const raw = readInput(env, 'max-minutes');
  if (raw === '') return DEFAULT_MAX_MINUTES;
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`Input "max-minutes" must be a positive number of minutes, not "${raw}"`);
  return minutes;
}

/** Reads the inputs (else the same-named environment variables); a bad one throws a one-line error naming it. */
export function readActionInputs(env: RunnerEnv): ActionInputs {
  const githubToken = readInput(env, 'github-token', 'GITHUB_TOKEN');
  if (githubToken === '') throw new Error('Input "github-token" is empty: pass ${{ github.token }} or a token that may write contents, issues and pull requests');
  const openaiBaseUrl = readInput(env, 'openai-base-url', 'OPENAI_BASE_URL');
  if (openaiBaseUrl !== '') checkUrl(openaiBaseUrl, 'Input "openai-base-url"');
  const endpoints = endpointsFromEnv({
    OPENAI_BASE_URL: openaiBaseUrl,
    OPENAI_API_KEY: readInput(env, 'openai-api-key', 'OPENAI_API_KEY'),
    ANTHROPIC_API_KEY: readInput(env, 'anthropic-api-key', 'ANTHROPIC_API_KEY'),
    ANTHROPIC_BASE_URL: env.ANTHROPIC_BASE_URL,
  });
  return {
    githubToken,
    databaseUrl: readDatabaseUrl(env),
    endpoints,
    maxMinutes: readMaxMinutes(env),
    apiUrl: checkUrl(env.GITHUB_API_URL?.trim() || GITHUB_API_DEFAULT, 'GITHUB_API_URL'),
  };
}
