import { afterEach, describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../app/config/index.ts';
import {
  buildProposalPrompt,
  costUsd,
  createModelClient,
  DEFAULT_TIMEOUT_MS,
  endpointsFromEnv,
  PROPOSAL_SYSTEM_PROMPT,
  requestedDelayMs,
  retryDelayMs,
  type ProposeRequest,
  type ProviderEndpoints,
  type RetryPolicy,
} from '../../app/model/index.ts';
import { startScriptedAnthropicServer } from '../helpers/scripted-anthropic-server.ts';
import { startScriptedModelServer, type ScriptedReply, type ScriptedServer } from '../helpers/scripted-model-server.ts';

const MINI: ModelConfig = { name: 'gpt-4.1-mini', provider: 'openai', tier: 1, input_per_mtok: 0.4, output_per_mtok: 1.6 };
const SONNET: ModelConfig = { name: 'claude-sonnet-4-5', provider: 'anthropic', tier: 3, input_per_mtok: 3, output_per_mtok: 15 };
const FAST: RetryPolicy = { maxRetries: 3, initialDelayMs: 5, factor: 2, maxDelayMs: 500 };
const ANSWER = { summary: 'Adds a --verbose flag.', edits: [{ path: 'src/cli.ts', search: 'const verbose = false;', replace: 'const verbose = argv.includes("--verbose");' }] };

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function openai(script: ScriptedReply[]): Promise<ScriptedServer> {
  const s = await startScriptedModelServer(script, { apiKey: 'sk-test', models: ['gpt-4.1-mini'] });
  servers.push(s);
  return s;
}

function endpoints(over: Partial<ProviderEndpoints> = {}): ProviderEndpoints {
  return { openai: { baseURL: 'http://127.0.0.1:9/unused', apiKey: null }, anthropic: { baseURL: null, apiKey: null }, ...over };
}

function clientFor(server: ScriptedServer, retry: RetryPolicy = FAST) {
  return createModelClient({ endpoints: endpoints({ openai: { baseURL: server.baseURL, apiKey: 'sk-test' } }), retry });
}

function request(over: Partial<ProposeRequest> = {}): ProposeRequest {
  return { model: MINI, system: PROPOSAL_SYSTEM_PROMPT, prompt: 'Add a --verbose flag to src/cli.ts', ...over };
}

type Body = { model: string; messages: { role: string; content: unknown }[]; response_format: { type: string; json_schema: { schema: { properties: Record<string, unknown> } } } };

describe('createModelClient() against an OpenAI-compatible server', () => {
  it('asks for the fixed shape with a JSON schema and returns the validated answer, tokens and cost', async () => {
    const server = await openai([{ json: ANSWER, usage: { input: 1_000, output: 200 } }]);
    const r = await clientFor(server).propose(request());
    expect(server.problems).toEqual([]);
    expect(r).toEqual({
      ok: true,
      answer: ANSWER,
      model: 'gpt-4.1-mini',
      usage: { inputTokens: 1_000, outputTokens: 200, reported: true },
      costUsd: 0.00072,
      calls: [{ call: 1, outcome: 'ok', message: 'A valid answer', usage: { inputTokens: 1_000, outputTokens: 200, reported: true } }],
    });
    const req = server.requests[0];
    expect(req?.path).toBe('/v1/chat/completions');
    expect(req?.headers.authorization).toBe('Bearer sk-test');
    const body = req?.body as Body;
    expect(body.model).toBe('gpt-4.1-mini');
    expect(body.messages).toEqual([
      { role: 'system', content: PROPOSAL_SYSTEM_PROMPT },
      { role: 'user', content: 'Add a --verbose flag to src/cli.ts' },
    ]);
    expect(body.response_format.type).toBe('json_schema');
    expect(Object.keys(body.response_format.json_schema.schema.properties)).toEqual(['summary', 'edits']);
    // Strict structured-output modes reject length limits; they are checked after the answer arrives.
    expect(JSON.stringify(body.response_format)).not.toContain('minLength');
  });

  it('feeds the validation error back once and accepts the corrected answer', async () => {
    const server = await openai([
      { json: { summary: 'x', edits: [{ path: 'a.ts' }] }, usage: { input: 100, output: 10 } },
      { json: ANSWER, usage: { input: 150, output: 20 } },
    ]);
    const r = await clientFor(server).propose(request());
    expect(server.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.usage).toEqual({ inputTokens: 250, outputTokens: 30, reported: true });
    expect(r.calls.map((c) => c.outcome)).toEqual(['malformed_output', 'ok']);
    const second = (server.requests[1]?.body as Body).messages;
    expect(second).toHaveLength(4);
    expect(second[2]).toEqual({ role: 'assistant', content: '{"summary":"x","edits":[{"path":"a.ts"}]}' });
    expect(second[3]?.role).toBe('user');
    expect(second[3]?.content).toContain('edits[0] must be exactly one of { "path", "content" }, { "path", "search", "replace" } or { "path", "delete": true }');
  });

  it.each<[string, ScriptedReply]>([
    ['text that is not JSON', { content: 'Sure! Here is the change: …' }],
    ['JSON of another shape', { json: { changes: [] } }],
    ['an empty summary', { json: { summary: '', edits: [] } }],
    ['an edit mixing content and search', { json: { summary: 's', edits: [{ path: 'a', content: 'x', search: 'y', replace: 'z' }] } }],
    ['an edit with an empty search text', { json: { summary: 's', edits: [{ path: 'a', search: '', replace: 'z' }] } }],
  ])('fails with malformed_output after two answers of %s', async (_, reply) => {
    const server = await openai([reply, reply]);
    const r = await clientFor(server).propose(request());
    expect(server.problems).toEqual([]);
    expect(server.requests).toHaveLength(2);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.kind).toBe('malformed_output');
    expect(r.message).toMatch(/^The answer does not fit the required shape: .+ \(again after the problem was fed back\)$/);
    expect(r.message).not.toContain('\n');
    expect(r.usage.inputTokens).toBeGreaterThan(0);
    expect(r.costUsd).toBeGreaterThan(0);
  });

  it.each<[string, string]>([
    ['a ```json fence', `\`\`\`json\n${JSON.stringify(ANSWER, null, 2)}\n\`\`\``],
    ['a bare ``` fence', `\`\`\`\n${JSON.stringify(ANSWER)}\n\`\`\``],
    ['a fence with a sentence around it', `Here is the change:\n\n\`\`\`json\n${JSON.stringify(ANSWER)}\n\`\`\`\n\nLet me know.`],
    ['a fence on one line', `\`\`\`json ${JSON.stringify(ANSWER)}\`\`\``],
    ['a tilde fence', `~~~json\n${JSON.stringify(ANSWER)}\n~~~`],
  ])('accepts a valid answer inside %s at the first call', async (_, content) => {
    const server = await openai([{ content, usage: { input: 100, output: 50 } }]);
    const r = await clientFor(server).propose(request());
    expect(server.problems).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(r).toMatchObject({ ok: true, answer: ANSWER, calls: [{ call: 1, outcome: 'ok' }] });
  });

  it.each<[string, string, string]>([
    ['prose', 'Sure! I would change the README to fix it.', 'the answer is not JSON: it neither starts with "{" nor holds a ```json block; send one JSON object and nothing else'],
    ['two fenced blocks', '```json\n{}\n```\nor\n```json\n{}\n```', 'the answer has 2 fenced blocks; send one JSON object and nothing else'],
    ['a fence of another language', '```python\nprint(1)\n```', 'the answer is a fenced block of another language, not JSON; send one JSON object and nothing else'],
    ['a fence of broken JSON', '```json\n{ "summary": "s", "edits": [\n```', 'the answer is not valid JSON ('],
    ['a fence of the wrong shape', '```json\n{ "summary": "s" }\n```', 'edits: '],
  ])('still refuses %s, in one line that says what is wrong', async (_, content, message) => {
    const server = await openai([{ content }, { content }]);
    const r = await clientFor(server).propose(request());
    expect(r).toMatchObject({ ok: false, kind: 'malformed_output' });
    if (r.ok) return;
    expect(r.message).toContain(`The answer does not fit the required shape: ${message}`);
    expect(r.message).not.toContain('\n');
  });

  it('asks for a shorter answer when the first was cut off at the token limit', async () => {
    const server = await openai([{ content: '{"summary":"x","edits":[{"path":"a","content":"lo', finishReason: 'length' }, { json: ANSWER }]);
    const r = await clientFor(server).propose(request());
    expect(r.ok).toBe(true);
    expect(r.calls.map((c) => c.outcome)).toEqual(['output_truncated', 'ok']);
    expect((server.requests[1]?.body as Body).messages[3]?.content).toMatch(/cut off at the output token limit/);
  });

  it('fails with output_truncated when the answer is cut off twice', async () => {
    const cut: ScriptedReply = { content: '{"summary":"x"', finishReason: 'length' };
    const r = await clientFor(await openai([cut, cut])).propose(request());
    expect(!r.ok && r.kind).toBe('output_truncated');
  });

  it('retries a 429 after the wait the server asks for', async () => {
    const server = await openai([{ status: 429, retryAfterMs: 20 }, { json: ANSWER }]);
    const started = performance.now();
    const r = await clientFor(server).propose(request());
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    expect(r.ok).toBe(true);
    expect(r.calls.map((c) => [c.outcome, c.status, c.retryAfterMs])).toEqual([['rate_limited', 429, 20], ['ok', undefined, undefined]]);
  });

  it('honours retry-after in seconds', async () => {
    const server = await openai([{ status: 429, retryAfter: 0 }, { json: ANSWER }]);
    const r = await clientFor(server).propose(request());
    expect(r.ok && r.calls[0]?.retryAfterMs).toBe(0);
  });

  it('does not wait out a retry-after longer than the policy allows', async () => {
    const server = await openai([{ status: 429, retryAfter: 3600 }, { json: ANSWER }]);
    const r = await clientFor(server).propose(request());
    expect(server.requests).toHaveLength(1);
    expect(r).toMatchObject({ ok: false, kind: 'rate_limited', message: 'Rate limited by the provider (429): scripted error 429 (the provider asked to wait longer than 500 ms)' });
  });

  it('retries 5xx with backoff and succeeds', async () => {
    const server = await openai([{ status: 500 }, { status: 503 }, { json: ANSWER }]);
    const r = await clientFor(server).propose(request());
    expect(r.ok).toBe(true);
    expect(r.calls.map((c) => c.status ?? c.outcome)).toEqual([500, 503, 'ok']);
    expect(r.calls[0]?.retryAfterMs).toBeGreaterThanOrEqual(4);
    expect(r.calls[1]?.retryAfterMs).toBeGreaterThanOrEqual(8);
  });

  it('gives up with provider_error after the last retry', async () => {
    const server = await openai(Array.from({ length: 4 }, () => ({ status: 502 })));
    const r = await clientFor(server).propose(request());
    expect(server.requests).toHaveLength(4);
    expect(server.remaining()).toBe(0);
    expect(r).toMatchObject({ ok: false, kind: 'provider_error', message: 'The provider failed (502): scripted error 502 (after 3 retries)', costUsd: 0 });
  });

  it('gives up with rate_limited when every retry is rate limited', async () => {
    const server = await openai(Array.from({ length: 4 }, () => ({ status: 429, retryAfterMs: 1 })));
    const r = await clientFor(server).propose(request());
    expect(!r.ok && r.kind).toBe('rate_limited');
  });

  it.each([
    [401, 'auth_error', 'The provider refused the key (401): scripted error 401'],
    [403, 'auth_error', 'The provider refused the key (403): scripted error 403'],
    [400, 'provider_error', 'The provider rejected the request (400): scripted error 400'],
    [404, 'provider_error', 'The provider rejected the request (404): scripted error 404'],
  ])('does not retry a %i', async (status, kind, message) => {
    const server = await openai([{ status }, { json: ANSWER }]);
    const r = await clientFor(server).propose(request());
    expect(server.requests).toHaveLength(1);
    expect(r).toMatchObject({ ok: false, kind, message });
  });

  it('reports a provider that sends no usage as unreported, not as free', async () => {
    const r = await clientFor(await openai([{ json: ANSWER, usage: null }])).propose(request());
    expect(r.ok && r.usage).toEqual({ inputTokens: 0, outputTokens: 0, reported: false });
  });

  it('ends a call that takes longer than timeoutMs with timeout', async () => {
    const server = await openai([{ json: ANSWER, delayMs: 2_000 }]);
    const r = await clientFor(server).propose(request({ timeoutMs: 100 }));
    expect(!r.ok && r.kind).toBe('timeout');
  });

  it.each<[string, ScriptedReply[], number, number]>([
    ['a provider that never answers', [{ hang: true }], 300, 1],
    // The deadline is the whole proposal's: the waits and the calls before the hanging one count against it.
    ['a hanging retry after two 503s', [{ status: 503, retryAfterMs: 100 }, { status: 503, retryAfterMs: 100 }, { hang: true }], 700, 3],
  ])('aborts %s at the deadline, closing the request, and says why', async (_, script, timeoutMs, requests) => {
    const server = await openai(script);
    const started = performance.now();
    const r = await clientFor(server, { ...FAST, maxDelayMs: 1_000 }).propose(request({ timeoutMs }));
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(timeoutMs - 20);
    expect(took).toBeLessThan(timeoutMs + 1_000);
    expect(r).toMatchObject({ ok: false, kind: 'timeout', costUsd: 0 });
    expect(!r.ok && r.message).toMatch(new RegExp(`^No answer within ${timeoutMs} ms \\("model_timeout_seconds"\\), so the request was aborted`));
    expect(server.requests).toHaveLength(requests);
    // The HTTP request was aborted, not left open: the server saw its client go.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.hanging()).toBe(0);
  });

  it('says the deadline in seconds when it is whole seconds', async () => {
    const server = await openai([{ hang: true }]);
    const r = await clientFor(server).propose(request({ timeoutMs: 1_000 }));
    expect(!r.ok && r.message).toBe('No answer within 1 s ("model_timeout_seconds"), so the request was aborted');
  });

  it('never calls a provider without a deadline', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(300_000);
  });

  it('stops waiting to retry when the caller aborts', async () => {
    const server = await openai([{ status: 429, retryAfterMs: 400 }, { json: ANSWER }]);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    const r = await clientFor(server).propose(request({ abortSignal: abort.signal }));
    expect(server.requests).toHaveLength(1);
    expect(!r.ok && r.kind).toBe('aborted');
  });

  it('reports an unreachable endpoint as network_error after retrying', async () => {
    const server = await openai([]);
    const baseURL = server.baseURL;
    await servers.pop()?.close();
    const client = createModelClient({ endpoints: endpoints({ openai: { baseURL, apiKey: 'k' } }), retry: { ...FAST, maxRetries: 1 } });
    const r = await client.propose(request());
    expect(r).toMatchObject({ ok: false, kind: 'network_error' });
    expect(r.calls).toHaveLength(2);
    expect(!r.ok && r.message).toMatch(/^Cannot reach the provider: .+ \(after 1 retry\)$/);
  });
});

describe('createModelClient() against an Anthropic Messages stand-in', () => {
  it.each([
    ['native structured output', 'claude-sonnet-4-5'],
    ['the JSON-tool fallback of older models', 'claude-3-haiku-20240307'],
  ])('answers through %s, retrying 529', async (_, name) => {
    const server = await startScriptedAnthropicServer([{ status: 529 }, { json: ANSWER, usage: { input: 2_000, output: 500 } }]);
    servers.push(server);
    const client = createModelClient({ endpoints: endpoints({ anthropic: { baseURL: server.baseURL, apiKey: 'sk-ant-test' } }), retry: FAST });
    const r = await client.propose(request({ model: { ...SONNET, name } }));
    expect(server.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, answer: ANSWER, usage: { inputTokens: 2_000, outputTokens: 500, reported: true }, costUsd: 0.0135 });
    expect(server.requests[1]?.headers['x-api-key']).toBe('sk-ant-test');
    expect((server.requests[1]?.body as { model: string }).model).toBe(name);
  });

  it('accepts a valid answer inside a ```json fence at the first call', async () => {
    const server = await startScriptedAnthropicServer([{ content: `\`\`\`json\n${JSON.stringify(ANSWER)}\n\`\`\`` }]);
    servers.push(server);
    const client = createModelClient({ endpoints: endpoints({ anthropic: { baseURL: server.baseURL, apiKey: 'k' } }), retry: FAST });
    const r = await client.propose(request({ model: SONNET }));
    expect(server.problems).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(r).toMatchObject({ ok: true, answer: ANSWER });
  });

  it('feeds malformed output back with the roles alternating as the Messages API requires', async () => {
    const server = await startScriptedAnthropicServer([{ content: 'not json' }, { json: ANSWER }]);
    servers.push(server);
    const client = createModelClient({ endpoints: endpoints({ anthropic: { baseURL: server.baseURL, apiKey: 'k' } }), retry: FAST });
    const r = await client.propose(request({ model: SONNET }));
    expect(server.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect((server.requests[1]?.body as Body).messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  });
});

describe('provider configuration', () => {
  it.each<[string, ModelConfig, ProviderEndpoints, string]>([
    ['Anthropic without a key', SONNET, endpoints(), 'Cannot call "claude-sonnet-4-5": ANTHROPIC_API_KEY is not set'],
    ['OpenAI itself without a key', MINI, endpointsFromEnv({}), 'Cannot call "gpt-4.1-mini": OPENAI_API_KEY is not set and OPENAI_BASE_URL does not name another endpoint'],
  ])('reports %s as not_configured without calling anything', async (_, model, eps, message) => {
    const r = await createModelClient({ endpoints: eps }).propose(request({ model }));
    expect(r).toEqual({ ok: false, kind: 'not_configured', message, model: model.name, usage: { inputTokens: 0, outputTokens: 0, reported: true }, costUsd: 0, calls: [] });
  });

  it('records a request for a model the server does not serve as a problem', async () => {
    const server = await openai([{ json: ANSWER }]);
    const r = await clientFor(server).propose(request({ model: { ...MINI, name: 'gpt-5' } }));
    expect(r).toMatchObject({ ok: false, kind: 'provider_error' });
    expect(server.problems).toEqual(['request 1: "model" is "gpt-5", not one of gpt-4.1-mini']);
  });

  it('reaches a keyless local endpoint named by OPENAI_BASE_URL', async () => {
    const server = await startScriptedModelServer([{ json: ANSWER }]);
    servers.push(server);
    const r = await createModelClient({ endpoints: endpointsFromEnv({ OPENAI_BASE_URL: server.baseURL }) }).propose(request());
    expect(r.ok).toBe(true);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('reads the environment', () => {
    expect(endpointsFromEnv({ OPENAI_BASE_URL: ' http://localhost:11434/v1 ', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: 'a' })).toEqual({
      openai: { baseURL: 'http://localhost:11434/v1', apiKey: null },
      anthropic: { baseURL: null, apiKey: 'a' },
    });
  });
});

describe('costUsd()', () => {
  it.each([
    [{ inputTokens: 1_000_000, outputTokens: 0, reported: true }, 0.4],
    [{ inputTokens: 0, outputTokens: 1_000_000, reported: true }, 1.6],
    [{ inputTokens: 1_234, outputTokens: 567, reported: true }, 0.001401],
    [{ inputTokens: 0, outputTokens: 0, reported: true }, 0],
  ])('prices %j at the configured rates', (usage, usd) => {
    expect(costUsd(usage, MINI)).toBe(usd);
  });
});

describe('retry delays', () => {
  const NOW = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
  it.each([
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after': '2' }, 2_000],
    [{ 'Retry-After': '0' }, 0],
    [{ 'retry-after': 'Wed, 21 Oct 2026 07:28:10 GMT' }, 10_000],
    [{ 'retry-after': 'Wed, 21 Oct 2026 07:27:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, null],
    [{}, null],
  ])('reads %j as %j ms', (headers, ms) => {
    expect(requestedDelayMs(headers, NOW)).toBe(ms);
  });

  it('backs off exponentially within ±20 % and never past the cap', () => {
    const policy = { maxRetries: 5, initialDelayMs: 1_000, factor: 2, maxDelayMs: 5_000 };
    expect([0, 1, 2, 3].map((n) => retryDelayMs(policy, n, undefined, () => 0.5))).toEqual([1_000, 2_000, 4_000, 5_000]);
    expect(retryDelayMs(policy, 0, undefined, () => 0)).toBe(800);
    expect(retryDelayMs(policy, 0, undefined, () => 1)).toBe(1_200);
    expect(retryDelayMs(policy, 0, { 'retry-after': '60' })).toBeNull();
  });
});

describe('buildProposalPrompt()', () => {
  it('puts the issue, the criteria, the failures and the files in one message, fencing file contents safely', () => {
    const prompt = buildProposalPrompt({
      title: 'Add a flag',
      body: 'Details.',
      acceptanceCriteria: [{ text: 'prints files', checked: false }],
      files: [{ path: 'README.md', content: 'Use ```sh\nx\n```' }],
      failures: ['test_fail: cli.test.ts › prints files'],
      tree: ['src/cli.ts'],
    });
    expect(prompt).toBe(
      [
        '# Issue: Add a flag',
        '',
        'Details.',
        '',
        '## Acceptance criteria',
        '- [ ] prints files',
        '',
        '## The previous attempt failed CI with these classified failures; fix them',
        '- test_fail: cli.test.ts › prints files',
        '',
        '## File: README.md',
        '````',
        'Use ```sh\nx\n```',
        '````',
        '',
        '## Other files in the repository',
        'src/cli.ts',
      ].join('\n'),
    );
  });
});
