import { roughTokens, startScriptedServer, type ScriptedReply, type ScriptedServer, type ScriptedServerOptions } from './scripted-model-server.ts';

/**
 * A local stand-in for Anthropic's Messages API (`POST /v1/messages`), scripted like the OpenAI-compatible one.
 * It checks the request shape (model, max_tokens, alternating messages, the `anthropic-version` header, and a
 * structured-output request: native `output_config.format` or the SDK's forced JSON tool) and answers in kind:
 * a text block for native structured output, a `tool_use` block for the JSON tool.
 */

function structuredMode(body: Record<string, unknown>): { mode: 'native' } | { mode: 'tool'; name: string } | null {
  const format = (body.output_config as { format?: { type?: string; schema?: unknown } } | undefined)?.format;
  if (format?.type === 'json_schema' && format.schema !== null && typeof format.schema === 'object') return { mode: 'native' };
  // Without native support the SDK offers one JSON tool and forces a tool call (`any`, or the tool by name).
  const choice = body.tool_choice as { type?: string; name?: string } | undefined;
  const tools = Array.isArray(body.tools) ? (body.tools as { name?: unknown }[]) : [];
  if (choice?.type === 'tool' && typeof choice.name === 'string') return { mode: 'tool', name: choice.name };
  if (choice?.type === 'any' && tools.length === 1 && typeof tools[0]?.name === 'string') return { mode: 'tool', name: tools[0].name };
  return null;
}

function checkMessages(body: Record<string, unknown>, headers: Record<string, string | string[] | undefined>): string[] {
  const problems: string[] = [];
  if (typeof headers['anthropic-version'] !== 'string') problems.push('the "anthropic-version" header is missing');
  if (typeof body.model !== 'string' || body.model === '') problems.push('"model" is not a non-empty string');
  if (typeof body.max_tokens !== 'number' || body.max_tokens < 1) problems.push('"max_tokens" is not a positive number');
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) problems.push('"messages" is not a non-empty array');
  else {
    let previous = '';
    messages.forEach((m: unknown, i) => {
      const msg = m as Record<string, unknown> | null;
      const role = String(msg?.role);
      if (role !== 'user' && role !== 'assistant') problems.push(`"messages[${i}].role" is ${JSON.stringify(msg?.role)}`);
      // The Messages API rejects two consecutive messages of one role.
      if (role === previous) problems.push(`"messages[${i}]" repeats the role "${role}"`);
      previous = role;
      if (typeof msg?.content !== 'string' && !Array.isArray(msg?.content)) problems.push(`"messages[${i}].content" is neither text nor blocks`);
    });
    if ((messages[0] as { role?: string } | undefined)?.role !== 'user') problems.push('the first message is not from the user');
  }
  if (structuredMode(body) === null) problems.push('no structured output requested (neither "output_config.format" nor a forced tool)');
  if (body.stream === true) problems.push('"stream" is true; the stand-in answers whole responses only');
  return problems;
}

const ERROR_TYPES: Readonly<Record<number, string>> = { 400: 'invalid_request_error', 401: 'authentication_error', 404: 'not_found_error', 429: 'rate_limit_error', 529: 'overloaded_error' };

/** Starts a scripted Anthropic Messages API stand-in on 127.0.0.1; its `baseURL` ends in `/v1`. */
export function startScriptedAnthropicServer(script: ScriptedReply[] = [], options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  let id = 0;
  return startScriptedServer(
    script,
    ['/v1/messages'],
    (body, req) => checkMessages(body, req.headers),
    (reply, text, request) => {
      const body = request.body as Record<string, unknown>;
      // The Messages API always reports usage; `null` in the script sends zeros.
      const usage = reply.usage === undefined ? { input: roughTokens(JSON.stringify(body.messages)), output: roughTokens(text) } : (reply.usage ?? { input: 0, output: 0 });
      const mode = structuredMode(body);
      let input: unknown = null;
      try {
        input = JSON.parse(text);
      } catch {
        // Not JSON: answered as text even in tool mode, as a model that ignored the tool would.
      }
      const content = mode?.mode === 'tool' && input !== null && typeof input === 'object'
        ? [{ type: 'tool_use', id: `toolu_${id + 1}`, name: mode.name, input }]
        : [{ type: 'text', text }];
      return {
        id: `msg_${++id}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content,
        stop_reason: reply.finishReason ?? (content[0]?.type === 'tool_use' ? 'tool_use' : 'end_turn'),
        stop_sequence: null,
        usage: { input_tokens: usage.input, output_tokens: usage.output },
      };
    },
    (status) => ({ type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message: `scripted error ${status}` } }),
    '/v1',
    options,
  );
}
