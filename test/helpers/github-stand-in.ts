import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * A local stand-in for the GitHub REST API: it answers the operations Punchlist calls and checks every request
 * against GitHub's published OpenAPI description (extracted by scripts/extract-openapi.ts). A request the real
 * API would reject (51 annotations, a missing field, a bad enum value, an unknown endpoint) is answered 422/404
 * and recorded as a violation, so a test fails on it.
 */

interface OperationSpec {
  method: string;
  path: string;
  operationId: string;
  parameters: { name: string; in: string; required: boolean; schema: object }[];
  requestBody: { required: boolean; schema: object | null } | null;
}

export interface StandInRequest {
  operationId: string;
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

export interface StandInReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * A fault of the connection, after the handler ran (what GitHub did stands): `drop` resets the connection with
   * no answer (an answer lost on the way); `hold` never answers (the caller dies or times out waiting).
   */
  fault?: 'drop' | 'hold';
}

export type Handler = (req: StandInRequest, base: string) => StandInReply;

export interface StandIn {
  url: string;
  requests: StandInRequest[];
  violations: string[];
  close(): Promise<void>;
}

const SPEC = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'github-api', 'operations.json'), 'utf8')) as {
  operations: OperationSpec[];
};

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
(addFormats as unknown as { default: (a: Ajv) => void }).default(ajv);
// GitHub's own format for `owner/name`, used by `head_repo` of a pull request.
ajv.addFormat('repo.nwo', /^[^/\s]+\/[^/\s]+$/);

interface Compiled {
  spec: OperationSpec;
  pattern: RegExp;
  names: string[];
  body: ValidateFunction | null;
  params: Map<string, ValidateFunction>;
}

const COMPILED: Compiled[] = SPEC.operations.map((spec) => {
  const names: string[] = [];
  const pattern = new RegExp(`^${spec.path.replace(/\{(\w+)\}/g, (_, n: string) => (names.push(n), '([^/]+)'))}$`);
  return {
    spec,
    pattern,
    names,
    body: spec.requestBody?.schema ? ajv.compile(spec.requestBody.schema) : null,
    params: new Map(spec.parameters.map((p) => [`${p.in}:${p.name}`, ajv.compile(p.schema)])),
  };
});

function coerce(value: string, schema: { type?: string }): unknown {
  if (schema.type === 'integer' || schema.type === 'number') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (schema.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/** Starts the stand-in on 127.0.0.1 with handlers by operationId; unhandled known operations answer 501. */
export async function startGitHubStandIn(handlers: Record<string, Handler>, extra?: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<StandIn> {
  const requests: StandInRequest[] = [];
  const violations: string[] = [];
  const server = createServer((req, res) => {
    if (extra?.(req, res)) return;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const base = `http://${req.headers.host}`;
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
      };
      const method = req.method ?? 'GET';
      const found = COMPILED.map((c) => ({ c, m: c.spec.method === method ? c.pattern.exec(url.pathname) : null })).find((x) => x.m);
      if (!found) {
        violations.push(`${method} ${url.pathname}: no such operation in GitHub's REST API description`);
        return send(404, { message: 'Not Found' });
      }
      const { c, m } = found;
      // GitHub reads the scheme case-insensitively; an App's JWT goes out as `bearer`.
      if (!/^(token|bearer) \S+/i.test(req.headers.authorization ?? '')) {
        violations.push(`${c.spec.operationId}: no authorization header`);
        return send(401, { message: 'Requires authentication' });
      }
      const params = Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(m![i + 1]!)]));
      const query = Object.fromEntries(url.searchParams);
      const problems: string[] = [];
      for (const p of c.spec.parameters) {
        const raw = p.in === 'path' ? params[p.name] : p.in === 'query' ? query[p.name] : undefined;
        if (p.in !== 'path' && p.in !== 'query') continue;
        if (raw === undefined) {
          if (p.required) problems.push(`missing ${p.in} parameter "${p.name}"`);
          continue;
        }
        const v = c.params.get(`${p.in}:${p.name}`)!;
        if (!v(coerce(raw, p.schema as { type?: string }))) problems.push(`${p.in} parameter "${p.name}" ${ajv.errorsText(v.errors)}`);
      }
      for (const q of Object.keys(query)) {
        if (!c.spec.parameters.some((p) => p.in === 'query' && p.name === q)) problems.push(`unknown query parameter "${q}"`);
      }
      let body: unknown;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          problems.push('body is not JSON');
        }
      }
      if (c.body) {
        if (body === undefined && c.spec.requestBody?.required) problems.push('missing request body');
        else if (body !== undefined && !c.body(body)) problems.push(`body ${ajv.errorsText(c.body.errors, { dataVar: 'body' })}`);
      }
      const request: StandInRequest = { operationId: c.spec.operationId, method, path: url.pathname, params, query, body };
      requests.push(request);
      if (problems.length > 0) {
        violations.push(`${c.spec.operationId}: ${problems.join('; ')}`);
        return send(422, { message: 'Validation Failed', errors: problems });
      }
      const handler = handlers[c.spec.operationId];
      if (!handler) return send(501, { message: `stand-in has no handler for ${c.spec.operationId}` });
      const reply = handler(request, base);
      if (reply.fault === 'drop') return void req.socket.destroy();
      if (reply.fault === 'hold') return;
      send(reply.status, reply.body, reply.headers);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    violations,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        // A held answer keeps its connection open; closing the stand-in ends it.
        server.closeAllConnections();
      }),
  };
}
