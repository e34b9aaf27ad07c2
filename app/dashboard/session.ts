import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

// Sessions live in the cookie itself, signed with HMAC-SHA256: any App process holding the same secret can read
// them, nothing is kept on the server, and a changed byte is refused. The GitHub token is never put in one.

/** What a signed-in person's session holds. */
export interface Session {
  login: string;
  /** The repositories (owner/name) the person can read on the App's installations, when they signed in. */
  repositories: string[];
  /** Expiry, in ms since the epoch. */
  expires: number;
}

/** The cookie that holds the session. */
export const SESSION_COOKIE = 'punchlist_session';
/** The cookie that holds the OAuth state between the redirect to GitHub and its answer. */
export const STATE_COOKIE = 'punchlist_oauth_state';
/** How long a sign-in lasts: the repository list is read again at the next sign-in. */
export const SESSION_HOURS = 8;
/** Browsers keep cookies up to about 4 KB. */
const MAX_COOKIE_BYTES = 3900;

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** `payload.mac`, the payload deflated and base64url-encoded. */
export function sign(secret: string, value: unknown): string {
  const payload = deflateRawSync(Buffer.from(JSON.stringify(value))).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The value inside a signed string, or null when it was not signed with `secret` or does not parse. */
export function unsign(secret: string, signed: string | undefined): unknown {
  if (!signed) return null;
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return null;
  const payload = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1));
  const expected = Buffer.from(mac(secret, payload));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(inflateRawSync(Buffer.from(payload, 'base64url'), { maxOutputLength: 1 << 20 }).toString('utf8'));
  } catch {
    return null;
  }
}

/** The session in a cookie value, or null when it is missing, forged or expired. */
export function readSession(secret: string, cookie: string | undefined, now = Date.now()): Session | null {
  const value = unsign(secret, cookie) as Partial<Session> | null;
  if (!value || typeof value.login !== 'string' || !Array.isArray(value.repositories) || typeof value.expires !== 'number') return null;
  if (value.expires <= now) return null;
  if (!value.repositories.every((r) => typeof r === 'string')) return null;
  return { login: value.login, repositories: value.repositories, expires: value.expires };
}

/** Cookies of a request, by name (the first of each). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

/** True when a cookie value is small enough for browsers to keep. */
export function fitsInCookie(value: string): boolean {
  return Buffer.byteLength(value) <= MAX_COOKIE_BYTES;
}

/**
 * A Set-Cookie header: HttpOnly, SameSite=Lax (sent on a top-level navigation back from GitHub, never on another
 * site's form post or fetch), Secure when the dashboard is served over https, scoped to /dashboard.
 */
export function cookieHeader(name: string, value: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  if (!fitsInCookie(value)) throw new Error(`Cannot keep the session in a cookie: it needs ${Buffer.byteLength(value)} bytes, more than ${MAX_COOKIE_BYTES}`);
  return `${name}=${value}; Path=/dashboard; HttpOnly; SameSite=Lax; Max-Age=${options.maxAgeSeconds}${options.secure ? '; Secure' : ''}`;
}
