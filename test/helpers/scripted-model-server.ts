import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible Chat Completions server that answers `POST /chat/completions` (and `/v1/…`) from a
 * script, records every request, and checks its shape: a model, messages with roles and content, and
 * `response_format: { type: "json_schema", json_schema: { schema } }`. A request of the wrong shape is answered
 * 400 and recorded as a problem, so a test that asserts `problems` is empty fails on it.
 */

/** One scripted reply. A function computes it from the request (for end-to-end runs). */
export type ScriptedReply =
  | ({ json: unknown } & ContentOptions)
  | ({ content: string } & ContentOptions)
  | { status: number; retryAfter?: number | string; retryAfterMs?: number; body?: unknown; delayMs?: number }
  /** Never answers: the request stays open until the client gives up (or the server closes), as a hung provider does. */
  | { hang: true }
  | ((request: RecordedRequest) => ScriptedReply);

/** How a content reply is sent. */
export interface ContentOptions {
  /** Token usage to report; default about four characters per token; null sends no usage at all. */
  usage?: { input: number; output: number } | null;
  /** The provider's finish reason (`stop`, `length`; Anthropic: `end_turn`, `max_tokens`). */
  finishReason?: string;
  /** Wait this long before answering, to exercise timeouts and aborts. */
  delayMs?: number;
}

/** A request the server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** How many earlier requests were still hanging (a `hang` reply, not given up) when this one arrived. */
  hangingAtArrival: number;
}

/** Options of a scripted server. */
export interface ScriptedServerOptions {
  /** Reply used once the script is exhausted; without it an exhausted script is a problem and a 500. */
  fallback?: ScriptedReply;
  /** Require this key (`authorization: Bearer …` or `x-api-key`). */
  apiKey?: string;
  /** Model ids the server serves; a request for another is a problem, as a real endpoint would 404 it. */
  models?: readonly string[];
}

/** A running scripted server. */
export interface ScriptedServer {
  /** The base URL to give the client, e.g. `http://127.0.0.1:PORT/v1` (OPENAI_BASE_URL, ANTHROPIC_BASE_URL). */
  baseURL: string;
  requests: RecordedRequest[];
  /** Shape violations and script exhaustion, one line each. */
  problems: string[];
  /** Appends replies to the script. */
  push(...replies: ScriptedReply[]): void;
  /** Replies not used yet. */
  remaining(): number;
  /** Requests still open (a `hang` reply) whose client has not given up. */
  hanging(): number;
  close(): Promise<void>;
}

/** Returns a default token usage for a text: about four characters per token, as tokenisers average. */
export function roughTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A shape-checking request handler: returns problems (empty when the request is well formed). */
export type ShapeCheck = (body: Record<string, unknown>, req: RecordedRequest) => string[];

/** A reply renderer: turns a content reply into the provider's response body. */
export type Renderer = (reply: Extract<ScriptedReply, { content: string } | { json: unknown }>, text: string, request: RecordedRequest) => unknown;

/** An error renderer: turns a status reply into the provider's error body. */
export type ErrorRenderer = (status: number) => unknown;

/** Starts a scripted server for any JSON-over-HTTP model API; the two providers below configure it. */
export async function startScriptedServer(
  script: ScriptedReply[],
  routes: readonly string[],
  check: ShapeCheck,
  render: Renderer,
  renderError: ErrorRenderer,
  basePath: string,
  options: ScriptedServerOptions = {},
): Promise<ScriptedServer> {
  const queue = [...script];
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // Recorded as text; the shape check below names the problem.
      }
      const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, hangingAtArrival: hanging.size };
      requests.push(recorded);
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (req.method !== 'POST' || !routes.includes(path)) {
        problems.push(`unexpected ${req.method} ${req.url}`);
        return send(res, 404, renderError(404));
      }
      const shape = body !== null && typeof body === 'object' && !Array.isArray(body) ? check(body as Record<string, unknown>, recorded) : ['the body is not a JSON object'];
      if (options.apiKey !== undefined) {
        const auth = req.headers.authorization ?? req.headers['x-api-key'];
        if (auth !== `Bearer ${options.apiKey}` && auth !== options.apiKey) shape.push('missing or wrong API key');
      }
      const model = (body as { model?: unknown } | null)?.model;
      if (options.models !== undefined && typeof model === 'string' && !options.models.includes(model)) shape.push(`"model" is "${model}", not one of ${options.models.join(', ')}`);
      if (shape.length > 0) {
        problems.push(...shape.map((p) => `request ${requests.length}: ${p}`));
        return send(res, 400, renderError(400));
      }
      let reply = queue.shift() ?? options.fallback;
      while (typeof reply === 'function') reply = reply(recorded);
      if (reply === undefined) {
        problems.push(`request ${requests.length}: the script is exhausted`);
        return send(res, 500, renderError(500));
      }
      if ('hang' in reply) {
        hanging.add(res);
        res.once('close', () => hanging.delete(res));
        return;
      }
      if (reply.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (res.destroyed) return;
      if ('status' in reply) {
        const headers: Record<string, string> = {};
        if (reply.retryAfter !== undefined) headers['retry-after'] = String(reply.retryAfter);
        if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
        return send(res, reply.status, reply.body ?? renderError(reply.status), headers);
      }
      const text = 'json' in reply ? JSON.stringify(reply.json) : reply.content;
      send(res, 200, render(reply, text, recorded));
    })().catch((err: unknown) => {
      problems.push(`the stand-in failed: ${String(err)}`);
      if (!res.headersSent) send(res, 500, renderError(500));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}${basePath}`,
    requests,
    problems,
    push: (...replies) => void queue.push(...replies),
    remaining: () => queue.length,
    hanging: () => hanging.size,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // A hung request would keep close() waiting for ever.
        server.closeAllConnections();
      }),
  };
}

function checkChatCompletion(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof body.model !== 'string' || body.model === '') problems.push('"model" is not a non-empty string');
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) problems.push('"messages" is not a non-empty array');
  else {
    messages.forEach((m: unknown, i) => {
      const msg = m as Record<string, unknown> | null;
      if (msg === null || typeof msg !== 'object') return problems.push(`"messages[${i}]" is not an object`);
      if (!['system', 'developer', 'user', 'assistant', 'tool'].includes(String(msg.role))) problems.push(`"messages[${i}].role" is ${JSON.stringify(msg.role)}`);
      if (typeof msg.content !== 'string' && !Array.isArray(msg.content)) problems.push(`"messages[${i}].content" is neither text nor parts`);
    });
  }
  const format = body.response_format as Record<string, unknown> | undefined;
  const schema = (format?.json_schema as Record<string, unknown> | undefined)?.schema;
  if (format?.type !== 'json_schema') problems.push(`"response_format.type" is ${JSON.stringify(format?.type)}, not "json_schema"`);
  else if (schema === null || typeof schema !== 'object') problems.push('"response_format.json_schema.schema" is not an object');
  if (body.stream === true) problems.push('"stream" is true; the stand-in answers whole responses only');
  return problems;
}

/** Starts a scripted OpenAI-compatible Chat Completions server on 127.0.0.1. */
export function startScriptedModelServer(script: ScriptedReply[] = [], options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  let id = 0;
  return startScriptedServer(
    script,
    ['/v1/chat/completions', '/chat/completions'],
    checkChatCompletion,
    (reply, text, request) => {
      const body = request.body as { model: string; messages: { content: unknown }[] };
      const prompt = JSON.stringify(body.messages);
      const usage = reply.usage === undefined ? { input: roughTokens(prompt), output: roughTokens(text) } : reply.usage;
      return {
        id: `chatcmpl-${++id}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: reply.finishReason ?? 'stop' }],
        ...(usage !== null ? { usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output } } : {}),
      };
    },
    (status) => ({ error: { message: `scripted error ${status}`, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', code: null } }),
    '/v1',
    options,
  );
}
