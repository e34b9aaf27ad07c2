import type { IncomingMessage } from 'node:http';

// The Action's HTTP transport for Octokit (its `request.fetch` option), on node:http and node:https.
//
// Why not Node's own fetch: its first use loads Node's bundled undici and web streams, +17 MB of resident memory
// measured on Node 24 (`new Headers()` alone), a sixth of the Action's budget, spent after the log is classified
// when the heap is at its largest. node:http costs ~4 MB. Octokit only needs a small part of fetch: a request with
// a method, headers and a string body, redirects followed, and an answer with a status, headers and its body as text
// or bytes; that part is here, with fetch's rules where they matter (redirects, errors).
//
// node:http and node:https are taken with process.getBuiltinModule when the first request is sent, not imported: an
// ES import of node:http builds its namespace from every export, and Node 24's include lazy getters that load
// undici, http2 and web streams (+14 MB measured), the very cost this module avoids.

/** What Octokit passes to fetch. */
export interface TransportInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | null;
  redirect?: 'follow' | 'manual' | 'error';
  signal?: AbortSignal | null;
}

/** Header names are case-insensitive; Octokit reads them with `get` and copies them by iterating. */
export class TransportHeaders implements Iterable<[string, string]> {
  readonly #map = new Map<string, string>();
  constructor(raw: IncomingMessage['headers']) {
    for (const [name, value] of Object.entries(raw)) {
      if (value !== undefined) this.#map.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
    }
  }
  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#map.entries();
  }
}

/** An answer, its body read whole (GitHub's answers to the Action are JSON documents and job logs). */
export class TransportResponse {
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: TransportHeaders;
  readonly redirected: boolean;
  readonly ok: boolean;
  readonly #bytes: Buffer;
  constructor(status: number, statusText: string, url: string, headers: TransportHeaders, redirected: boolean, bytes: Buffer) {
    this.status = status;
    this.statusText = statusText;
    this.url = url;
    this.headers = headers;
    this.redirected = redirected;
    this.ok = status >= 200 && status < 300;
    this.#bytes = bytes;
  }
  async text(): Promise<string> {
    return new TextDecoder('utf-8').decode(this.#bytes);
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#bytes.buffer.slice(this.#bytes.byteOffset, this.#bytes.byteOffset + this.#bytes.byteLength) as ArrayBuffer;
  }
}

const MAX_REDIRECTS = 20;
/** As undici's defaults: an answer that has not begun, or a body that stalls, for five minutes is a failure. */
const IDLE_TIMEOUT_MS = 300_000;

/** fetch's failures are TypeErrors with the system error as cause; Octokit reports the cause's message. */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return Object.assign(new Error('This operation was aborted', { cause: reason }), { name: 'AbortError' });
}

interface Answer {
  status: number;
  statusText: string;
  headers: IncomingMessage['headers'];
  bytes: Buffer;
}

/** One request, no redirects: resolves with the whole answer, rejects as fetch does. */
function exchange(url: URL, method: string, headers: Record<string, string>, body: string | Uint8Array | null, signal: AbortSignal | null, idleMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const send = url.protocol === 'https:' ? process.getBuiltinModule('node:https').request : url.protocol === 'http:' ? process.getBuiltinModule('node:http').request : null;
    if (send === null) {
      reject(fetchFailed(new Error(`unsupported protocol ${url.protocol}`)));
      return;
    }
    const outgoing = { ...headers };
    if (body !== null) outgoing['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
    const req = send(url, { method, headers: outgoing });
    const onAbort = () => req.destroy(abortError(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    req.setTimeout(idleMs, () => req.destroy(Object.assign(new Error(`no answer from ${url.origin} for ${idleMs / 1000} s`), { code: 'ETIMEDOUT' })));
    req.on('error', (e) => {
      settle();
      reject(e.name === 'AbortError' ? e : fetchFailed(e));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => {
        settle();
        reject(e.name === 'AbortError' ? e : fetchFailed(e));
      });
      res.on('end', () => {
        settle();
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, bytes: Buffer.concat(chunks) });
      });
    });
    req.end(body ?? undefined);
  });
}

/** Undoes a `content-encoding` the server applied anyway (the transport does not ask for one). */
async function decoded(answer: Answer): Promise<Buffer> {
  const encoding = String(answer.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity' || answer.bytes.length === 0) return answer.bytes;
  const zlib = await import('node:zlib');
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzipSync(answer.bytes);
  if (encoding === 'deflate') return zlib.inflateSync(answer.bytes);
  if (encoding === 'br') return zlib.brotliDecompressSync(answer.bytes);
  throw fetchFailed(new Error(`unsupported content-encoding "${encoding}"`));
}

/**
 * fetch's request for Octokit, on node:http: redirects followed as fetch follows them (a 303, or a 301/302 after a
 * POST, becomes a bodiless GET; the `authorization` header is not sent to another origin, as to the storage host a
 * job log redirects to), connection failures rejected as fetch rejects them.
 */
export async function transport(input: string | URL, init: TransportInit = {}, idleMs = IDLE_TIMEOUT_MS): Promise<TransportResponse> {
  let url = new URL(String(input));
  let method = (init.method ?? 'GET').toUpperCase();
  let headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
  let body = init.body ?? null;
  for (let redirects = 0; ; redirects++) {
    const answer = await exchange(url, method, headers, body, init.signal ?? null, idleMs);
    const location = answer.headers.location;
    const redirect = [301, 302, 303, 307, 308].includes(answer.status) && typeof location === 'string';
    if (!redirect || init.redirect === 'manual') {
      return new TransportResponse(answer.status, answer.statusText, url.href, new TransportHeaders(answer.headers), redirects > 0, await decoded(answer));
    }
    if (init.redirect === 'error') throw fetchFailed(new Error(`redirect to ${location} refused (redirect: "error")`));
    if (redirects >= MAX_REDIRECTS) throw fetchFailed(new Error(`more than ${MAX_REDIRECTS} redirects from ${String(input)}`));
    const next = new URL(location, url);
    if ((answer.status === 303 && method !== 'HEAD') || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
      method = 'GET';
      body = null;
      const { 'content-type': _type, 'content-length': _length, ...rest } = headers;
      headers = rest;
    }
    if (next.origin !== url.origin) {
      const { authorization: _auth, cookie: _cookie, ...rest } = headers;
      headers = rest;
    }
    url = next;
  }
}
