// What the Action's steps need to know of its GitHub client without loading it: its type and how to describe a
// failed request. The client itself is in github-client.ts.
export type { GitHubClient } from './github-client.ts';

interface RequestErrorShape {
  status?: unknown;
  message?: unknown;
  response?: unknown;
  request?: { url?: unknown };
  cause?: unknown;
}

/** The system's words for a failed connection (`ECONNREFUSED`, `ENOTFOUND`…), from the error or its causes. */
function networkCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^E[A-Z_]+$|^UND_ERR/.test(e.code)) return e.code;
  }
  return undefined;
}

/**
 * True when a request never got an HTTP answer: Octokit reports a refused connection, an unknown host or a reset
 * as a `RequestError` with status 500 and no response, which would otherwise read as GitHub failing.
 */
export function isConnectionError(error: unknown): boolean {
  const e = error as RequestErrorShape | null;
  return e !== null && typeof e === 'object' && e.response === undefined && (e.status === 500 || e.status === undefined) && (e.cause !== undefined || networkCode(e) !== undefined);
}

/**
 * One line for a failed GitHub request: `HTTP 403: Resource not accessible by integration` for an answer, or
 * `could not connect to the GitHub API at http://…: connect ECONNREFUSED …` when none came.
 */
export function describeRequestError(error: unknown): string {
  const e = (error ?? {}) as RequestErrorShape;
  const message = (typeof e.message === 'string' ? e.message : String(error)).split('\n')[0]!;
  if (isConnectionError(error)) {
    let where = '';
    try {
      if (typeof e.request?.url === 'string') where = ` at ${new URL(e.request.url).origin}`;
    } catch {
      // A URL that does not parse is left out; the message still says what happened.
    }
    return `could not connect to the GitHub API${where}: ${message}`;
  }
  return typeof e.status === 'number' ? `HTTP ${e.status}: ${message}` : message;
}

/** Longest wait before a request is tried again: a CI job pays for every second of it. */
const MAX_WAIT_MS = 60_000;
const RATE_LIMITED = /secondary rate limit|abuse detection|rate limit exceeded/i;

function headerOf(error: RequestErrorShape, name: string): number | undefined {
  const headers = (error.response as { headers?: Record<string, unknown> } | undefined)?.headers;
  const value = Number(headers?.[name]);
  return headers?.[name] !== undefined && Number.isFinite(value) ? value : undefined;
}

/**
 * How long to wait (ms) before trying a failed request again, on its `attempt`th failure; null when trying again
 * cannot help. No answer at all, a 5xx or a 408 may pass (1, 2, 4… s, or GitHub's `retry-after`); so does a rate
 * limit (429, or 403 with `retry-after`, an exhausted limit or "secondary rate limit" in its message), waited out
 * as GitHub asks when that is at most a minute. A request that got no answer may have taken effect: the caller
 * finds out before it sends it again.
 */
export function retryDelay(error: unknown, attempt: number): number | null {
  const e = (error ?? {}) as RequestErrorShape;
  const backoff = 1000 * 2 ** Math.max(0, attempt - 1);
  if (e.response === undefined) return backoff;
  const status = typeof e.status === 'number' ? e.status : 0;
  const retryAfter = headerOf(e, 'retry-after');
  const exhausted = headerOf(e, 'x-ratelimit-remaining') === 0;
  const limited = status === 429 || (status === 403 && (retryAfter !== undefined || exhausted || RATE_LIMITED.test(String(e.message ?? ''))));
  if (!limited && status < 500 && status !== 408) return null;
  let wait = retryAfter !== undefined ? retryAfter * 1000 : backoff;
  const reset = headerOf(e, 'x-ratelimit-reset');
  if (retryAfter === undefined && exhausted && reset !== undefined) wait = Math.max(1000, reset * 1000 - Date.now() + 1000);
  return wait <= MAX_WAIT_MS ? wait : null;
}
