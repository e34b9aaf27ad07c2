import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { ModelConfig } from '../config/config-schema.ts';

/** Where each provider is reached: base URL and key; read once from the environment, passed in everywhere else. */
export interface ProviderEndpoints {
  openai: { baseURL: string; apiKey: string | null };
  anthropic: { baseURL: string | null; apiKey: string | null };
}

/** OpenAI's own Chat Completions endpoint, used when `OPENAI_BASE_URL` is not set. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value.trim() : null;
}

/**
 * Reads `OPENAI_BASE_URL`, `OPENAI_API_KEY`, `ANTHROPIC_API_KEY` and `ANTHROPIC_BASE_URL` (the Anthropic SDK's own
 * name, for a proxy or a stand-in).
 */
export function endpointsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): ProviderEndpoints {
  return {
    openai: { baseURL: nonEmpty(env.OPENAI_BASE_URL) ?? OPENAI_DEFAULT_BASE_URL, apiKey: nonEmpty(env.OPENAI_API_KEY) },
    anthropic: { baseURL: nonEmpty(env.ANTHROPIC_BASE_URL), apiKey: nonEmpty(env.ANTHROPIC_API_KEY) },
  };
}

/** A provider's language model for a configured model, or why it cannot be reached (a missing key). */
export function createLanguageModel(
  model: ModelConfig,
  endpoints: ProviderEndpoints,
): { ok: true; model: LanguageModel } | { ok: false; message: string } {
  if (model.provider === 'anthropic') {
    const { apiKey, baseURL } = endpoints.anthropic;
    if (apiKey === null) return { ok: false, message: `Cannot call "${model.name}": ANTHROPIC_API_KEY is not set` };
    return { ok: true, model: createAnthropic({ apiKey, ...(baseURL !== null ? { baseURL } : {}) })(model.name) };
  }
  const { apiKey, baseURL } = endpoints.openai;
  // Local servers (Ollama, vLLM, llama.cpp) need no key; OpenAI's own endpoint always does.
  if (apiKey === null && baseURL === OPENAI_DEFAULT_BASE_URL) {
    return { ok: false, message: `Cannot call "${model.name}": OPENAI_API_KEY is not set and OPENAI_BASE_URL does not name another endpoint` };
  }
  const provider = createOpenAICompatible({
    name: 'openai',
    baseURL,
    ...(apiKey !== null ? { apiKey } : {}),
    // Sends `response_format: { type: "json_schema" }` rather than bare JSON mode: the fixed answer shape.
    supportsStructuredOutputs: true,
  });
  return { ok: true, model: provider.chatModel(model.name) };
}
