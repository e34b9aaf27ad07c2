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
