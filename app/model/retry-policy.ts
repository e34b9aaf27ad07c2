/** How rate limits (429), 5xx and connection failures are retried. */
export interface RetryPolicy {
  /** Retries after the first call; 0 disables retrying. */
  maxRetries: number;
  initialDelayMs: number;
  factor: number;
  /** The longest wait; a `retry-after` longer than this is not waited for (a spent daily quota is not a blip). */
  maxDelayMs: number;
}

/** 1 s, 2 s, 4 s: a rate limit or a restarting server usually clears within seconds. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ maxRetries: 3, initialDelayMs: 1_000, factor: 2, maxDelayMs: 30_000 });

/** The wait a server asked for in `retry-after-ms` or `retry-after` (seconds or an HTTP date), in ms; null if none. */
export function requestedDelayMs(headers: Readonly<Record<string, string>> | undefined, now: number = Date.now()): number | null {
  if (headers === undefined) return null;
  const get = (name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  const ms = Number.parseFloat(get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const after = get('retry-after');
  if (after === undefined) return null;
  const seconds = Number(after.trim());
  if (after.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1_000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * The wait before retry number `retry` (0-based): the server's request when it made one, else exponential with
 * jitter so several workers behind one rate limit do not retry in lockstep. Null: do not wait that long.
 */
export function retryDelayMs(policy: RetryPolicy, retry: number, headers?: Readonly<Record<string, string>>, random: () => number = Math.random): number | null {
  const requested = requestedDelayMs(headers);
  if (requested !== null) return requested <= policy.maxDelayMs ? requested : null;
  const base = policy.initialDelayMs * policy.factor ** retry;
  return Math.min(policy.maxDelayMs, Math.round(base * (0.8 + 0.4 * random())));
}
