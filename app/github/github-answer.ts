/**
 * GitHub's answers, classified once. Every step that talks to GitHub asks this module what a failed request means,
 * so a secondary rate limit is waited out, a request that already took effect is adopted, a body that is too long is
 * trimmed, and only a request that can never succeed ends a work order, with advice naming the real cause.
 */

/** What a failed GitHub request means for the step that made it. */
export type GitHubAnswer =
  /** Try again later: GitHub is down, busy, or pacing this installation. `retryAfterSeconds` is what it asked for. */
  | { kind: 'transient'; status: number | null; retryAfterSeconds: number; reason: string }
  /** What the request would do exists already (a pull request, a branch, a re-run in progress): adopt it. */
  | { kind: 'already_done'; status: number; what: 'pull_request' | 'reference' | 'run_in_progress'; reason: string }
  /** The App can fix the request itself: a body over GitHub's limit is trimmed and sent again. */
  | { kind: 'too_long'; status: number; reason: string }
  /** The request will never succeed as sent: the work order stops, with what a person should do. */
  | { kind: 'permanent'; status: number; reason: string; advice: string };

/**
 * "The body of an issue, pull request or comment may be at most 65,536 characters" — GitHub answers a longer one with
 * 422 "body is too long (maximum is 65536 characters)".
 */
export const MAX_BODY_CHARS = 65_536;

/** How long to wait when GitHub gives no `retry-after`: its docs say "at least one minute" for secondary limits. */
const DEFAULT_SECONDARY_WAIT = 60;
/** A server error or lost connection: a short wait, then the queue's own backoff. */
const DEFAULT_SERVER_WAIT = 5;

interface ErrorShape {
  status?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, unknown>; data?: unknown };
}

function header(error: ErrorShape, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Everything GitHub said: the error's message, the body's message and its `errors` (where 422 details live). */
function wordsOf(error: ErrorShape): string {
  const data = error.response?.data as { message?: unknown; errors?: unknown } | undefined;
  const errors = Array.isArray(data?.errors) ? data.errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))) : [];
  return [typeof error.message === 'string' ? error.message : '', typeof data?.message === 'string' ? data.message : '', ...errors].join(' ');
}

function secondsToWait(error: ErrorShape, fallback: number): number {
  const retryAfter = Number(header(error, 'retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter;
  // The primary rate limit names the moment it resets instead.
  if (header(error, 'x-ratelimit-remaining') === '0') {
    const reset = Number(header(error, 'x-ratelimit-reset'));
    if (Number.isFinite(reset)) return Math.max(1, Math.ceil(reset - Date.now() / 1000) + 1);
  }
  return fallback;
}

const SECONDARY = /secondary rate limit|abuse detection|rate limit exceeded|API rate limit/i;
const PR_EXISTS = /a pull request already exists/i;
const REF_EXISTS = /reference already exists/i;
const RUN_IN_PROGRESS = /already running|is not completed|already (been )?re-?run|in progress/i;
const TOO_LONG = /is too long|maximum is \d+ characters/i;

/**
 * True for an error of a GitHub request (Octokit's `RequestError`, named `HttpError`; a lost connection is one too,
 * with status 500), as opposed to a fault of the App's own.
 */
export function isGitHubError(error: unknown): boolean {
  return error instanceof Error && error.name === 'HttpError' && 'request' in error;
}

/**
 * The HTTP status of an Octokit `RequestError`, or null for anything else (a lost connection, a bug). Octokit reports
 * a request that got no answer at all (a refused connection, an unknown host) as status 500 with no response: that
 * is null here too, so it is never mistaken for GitHub failing.
 */
export function statusOf(error: unknown): number | null {
  const e = error as ErrorShape | null;
  const status = e?.status;
  if (typeof status !== 'number') return null;
  return isGitHubError(error) && e?.response === undefined ? null : status;
}

/** The place a request went to (scheme, host and port), when the error says. */
function originOf(error: unknown): string | null {
  const url = (error as { request?: { url?: unknown } } | null)?.request?.url;
  try {
    return typeof url === 'string' ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

/**
 * Classifies a failed GitHub request. Anything that is not an HTTP answer at all (a connection reset, a timeout)
 * is transient: the request may or may not have taken effect, and every step finds before it creates.
 */
export function classifyGitHubError(error: unknown): GitHubAnswer {
  const e = (error ?? {}) as ErrorShape;
  const status = statusOf(error);
  const words = wordsOf(e);
  if (status === null) {
    const where = originOf(error);
    return { kind: 'transient', status, retryAfterSeconds: DEFAULT_SERVER_WAIT, reason: `Could not connect to GitHub${where ? ` at ${where}` : ''}${words.trim() ? ` (${words.trim().slice(0, 200)})` : ''}` };
  }
  if (status >= 500 || status === 408) {
    return { kind: 'transient', status, retryAfterSeconds: secondsToWait(e, DEFAULT_SERVER_WAIT), reason: `GitHub did not answer usefully (${status}${words.trim() ? `: ${words.trim().slice(0, 200)}` : ''})` };
  }
  if (status === 429 || (status === 403 && (header(e, 'retry-after') !== undefined || header(e, 'x-ratelimit-remaining') === '0' || SECONDARY.test(words)))) {
    return { kind: 'transient', status, retryAfterSeconds: secondsToWait(e, DEFAULT_SECONDARY_WAIT), reason: `GitHub asked the App to slow down (${status}, rate limit)` };
  }
  if (status === 422 && PR_EXISTS.test(words)) return { kind: 'already_done', status, what: 'pull_request', reason: 'A pull request for the branch already exists' };
  if (status === 422 && REF_EXISTS.test(words)) return { kind: 'already_done', status, what: 'reference', reason: 'The branch already exists' };
  if (status === 403 && RUN_IN_PROGRESS.test(words)) return { kind: 'already_done', status, what: 'run_in_progress', reason: 'A run of this commit is already in progress' };
  if (status === 422 && TOO_LONG.test(words)) return { kind: 'too_long', status, reason: `GitHub refused a body over its limit (${MAX_BODY_CHARS.toLocaleString('en')} characters)` };
  return { kind: 'permanent', status, ...permanentAdvice(status, words) };
}

function permanentAdvice(status: number, words: string): { reason: string; advice: string } {
  const said = words.trim().slice(0, 200);
  switch (status) {
    case 401:
      return { reason: `GitHub refused the App's credentials (401${said ? `: ${said}` : ''})`, advice: 'Check the App\'s private key and that it is still installed on the repository, then reply `/punchlist retry`' };
    case 403:
      return {
        reason: `GitHub refused the App permission (403${said ? `: ${said}` : ''})`,
        advice: 'Grant the App the permissions in app.yml (contents, pull requests, issues, checks and actions: write) on this repository, then reply `/punchlist retry`',
      };
    case 404:
      return {
        reason: `GitHub does not know what the App asked for (404${said ? `: ${said}` : ''}): the repository, branch or pull request is gone, or the App cannot see it`,
        advice: 'Check that the repository and its default branch exist and that the App is installed on it, then reply `/punchlist retry`',
      };
    case 410:
      return { reason: `GitHub says it is gone (410${said ? `: ${said}` : ''})`, advice: 'Check that issues are enabled on the repository, then reply `/punchlist retry`' };
    default:
      return { reason: `GitHub refused the request (${status}${said ? `: ${said}` : ''})`, advice: 'Read the reason above, fix what it names, then reply `/punchlist retry`' };
  }
}

/**
 * A body that fits GitHub's limit: kept whole when it fits, else cut at a line break before the limit with a note
 * saying so (the full text stays in the decision log).
 */
export function fitBody(body: string, max = MAX_BODY_CHARS): string {
  if (body.length <= max) return body;
  const note = '\n\n… (cut here: GitHub allows at most 65,536 characters; the work order\'s check run and decision log have the rest)';
  const room = Math.max(0, max - note.length);
  const cut = body.lastIndexOf('\n', room);
  return `${body.slice(0, cut > room / 2 ? cut : room)}${note}`;
}

/**
 * Request options for a POST that creates something: no blind in-process retry. A lost answer may hide a request
 * that took effect; the step finds before it creates when it runs again (by head branch, by marker), so retrying is
 * left to it.
 */
export const CREATE_ONCE = { request: { retries: 0 } } as const;
