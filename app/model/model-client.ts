import { AISDKError, APICallError, generateText, NoObjectGeneratedError, Output, RetryError, type LanguageModel, type LanguageModelUsage, type ModelMessage } from 'ai';
import type { ModelConfig } from '../config/config-schema.ts';
import { checkAnswer, parseAnswer, wireAnswerSchema, type ProposalAnswer } from './answer-schema.ts';
import { addUsage, costUsd, NO_USAGE, type TokenUsage } from './cost.ts';
import { createLanguageModel, type ProviderEndpoints } from './create-language-model.ts';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-policy.ts';

/** Why a proposal failed. */
export type ProposeErrorKind =
  | 'malformed_output' // the answer did not fit the fixed shape, twice
  | 'output_truncated' // the answer hit the output token limit, twice
  | 'rate_limited' // 429 after every retry, or a retry-after longer than the policy waits
  | 'provider_error' // 5xx after every retry, or a 4xx other than 401/403/429
  | 'auth_error' // 401/403: the key is wrong or lacks access to the model
  | 'network_error' // the endpoint could not be reached, after every retry
  | 'timeout' // no valid answer within `timeoutMs`: the request in flight was aborted
  | 'aborted' // the caller's abort signal fired
  | 'not_configured'; // the provider's key (or endpoint) is missing

/** What the App asks a model for. */
export interface ProposeRequest {
  model: ModelConfig;
  system: string;
  prompt: string;
  maxOutputTokens?: number;
  /**
   * The most the whole proposal may take, its retries and their waits included (default `DEFAULT_TIMEOUT_MS`): the
   * request in flight is aborted when it runs out, so one hanging provider cannot hold a worker for ever.
   */
  timeoutMs?: number;
  abortSignal?: AbortSignal;
}

/** One HTTP call of a proposal, for the decision log: what came back and what was done about it. */
export interface CallRecord {
  /** 1-based, across retries and the malformed-output retry. */
  call: number;
  outcome: 'ok' | ProposeErrorKind;
  status?: number;
  /** One line. */
  message: string;
  /** The wait before the next call when this one is retried. */
  retryAfterMs?: number;
  usage: TokenUsage;
}

interface Totals {
  model: string;
  usage: TokenUsage;
  costUsd: number;
  calls: CallRecord[];
}

/** A proposal: the validated answer, or why there is none; tokens and cost are counted either way. */
export type ProposeResult = ({ ok: true; answer: ProposalAnswer } | { ok: false; kind: ProposeErrorKind; message: string }) & Totals;

/** The App's model client: one call shape for every provider. */
export interface ModelClient {
  propose(request: ProposeRequest): Promise<ProposeResult>;
}

/** How the client reaches providers and retries them. */
export interface ModelClientOptions {
  endpoints: ProviderEndpoints;
  retry?: RetryPolicy;
  /** Replaces provider construction, for wrapping models (logging, caching) or testing without HTTP. */
  languageModelFor?: (model: ModelConfig) => LanguageModel;
}

/** How long a proposal may take when the request does not say: five minutes, as `model_timeout_seconds` defaults to. */
export const DEFAULT_TIMEOUT_MS = 300_000;

type CallOutcome =
  | { ok: true; answer: ProposalAnswer; usage: TokenUsage }
  | { ok: false; kind: ProposeErrorKind; message: string; usage: TokenUsage; status?: number; retryable: boolean; headers?: Record<string, string>; text?: string };

function toUsage(u: LanguageModelUsage | undefined): TokenUsage {
  if (u === undefined || (u.inputTokens === undefined && u.outputTokens === undefined)) return { inputTokens: 0, outputTokens: 0, reported: false };
  return { inputTokens: u.inputTokens ?? 0, outputTokens: u.outputTokens ?? 0, reported: true };
}

function oneLine(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

function classifyApiError(err: APICallError): Extract<CallOutcome, { ok: false }> {
  const status = err.statusCode;
  // Providers do not bill a request they answered with an error status, so its usage is a known zero.
  const base = { usage: NO_USAGE, ...(err.responseHeaders ? { headers: err.responseHeaders } : {}), ...(status !== undefined ? { status } : {}) };
  const detail = oneLine(err.message);
  if (status === 429) return { ok: false, kind: 'rate_limited', message: `Rate limited by the provider (429): ${detail}`, retryable: true, ...base };
  if (status === 401 || status === 403) return { ok: false, kind: 'auth_error', message: `The provider refused the key (${status}): ${detail}`, retryable: false, ...base };
  // Anthropic answers 529 when overloaded; every 5xx is the provider's trouble, not the request's.
  if (status !== undefined && status >= 500) return { ok: false, kind: 'provider_error', message: `The provider failed (${status}): ${detail}`, retryable: true, ...base };
  if (status === undefined) return { ok: false, kind: 'network_error', message: `Cannot reach the provider: ${detail}`, retryable: err.isRetryable, ...base };
  return { ok: false, kind: 'provider_error', message: `The provider rejected the request (${status}): ${detail}`, retryable: err.isRetryable, ...base };
}

/** The deadline of one proposal, and the signal every call and wait of it listens to (the caller's abort too). */
interface Deadline {
  ms: number;
  timer: AbortSignal;
  signal: AbortSignal;
}

function startDeadline(request: ProposeRequest): Deadline {
  const ms = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = AbortSignal.timeout(ms);
  return { ms, timer, signal: request.abortSignal ? AbortSignal.any([request.abortSignal, timer]) : timer };
}

function duration(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Why a call ended early: the caller's abort, or the deadline; null when neither fired. */
function stopped(request: ProposeRequest, deadline: Deadline): Extract<CallOutcome, { ok: false }> | null {
  const unknownUsage = { ...NO_USAGE, reported: false };
  if (request.abortSignal?.aborted) return { ok: false, kind: 'aborted', message: 'The call was aborted', usage: unknownUsage, retryable: false };
  if (deadline.timer.aborted) {
    // The provider may bill a request it was working on when it was aborted; that usage is unknown, not zero.
    return { ok: false, kind: 'timeout', message: `No answer within ${duration(deadline.ms)} ("model_timeout_seconds"), so the request was aborted`, usage: unknownUsage, retryable: false };
  }
  return null;
}

async function callOnce(model: LanguageModel, request: ProposeRequest, messages: ModelMessage[], deadline: Deadline): Promise<CallOutcome> {
  try {
    const result = await generateText({
      model,
      system: request.system,
      messages,
      output: Output.object({ schema: wireAnswerSchema, name: 'proposal', description: 'A summary and the edits that make the change' }),
      // Retries are ours (see proposeWith): they are logged per call and follow RetryPolicy.
      maxRetries: 0,
      ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
      abortSignal: deadline.signal,
    });
    const usage = toUsage(result.totalUsage);
    const checkedAnswer = checkAnswer(result.output);
    if (checkedAnswer.ok) return { ok: true, answer: checkedAnswer.answer, usage };
    return { ok: false, kind: 'malformed_output', message: `The answer does not fit the required shape: ${checkedAnswer.error}`, usage, retryable: false, text: result.text };
  } catch (thrown) {
    const err = RetryError.isInstance(thrown) ? thrown.lastError : thrown;
    if (NoObjectGeneratedError.isInstance(err)) {
      const usage = toUsage(err.usage);
      const text = err.text ?? '';
      if (err.finishReason === 'length') {
        return { ok: false, kind: 'output_truncated', message: 'The answer was cut off at the output token limit', usage, retryable: false, text };
      }
      // The SDK parses the text as bare JSON; a valid answer inside a ```json fence is still a valid answer.
      const parsed = parseAnswer(text);
      if (parsed.ok) return { ok: true, answer: parsed.answer, usage };
      return { ok: false, kind: 'malformed_output', message: `The answer does not fit the required shape: ${parsed.error}`, usage, retryable: false, text };
    }
    const early = stopped(request, deadline);
    if (early) return early;
    if (isAbort(err) || (err instanceof Error && isAbort(err.cause))) {
      return { ok: false, kind: 'timeout', message: `The request was aborted before an answer: ${oneLine(String((err as Error).message))}`, usage: { ...NO_USAGE, reported: false }, retryable: false };
    }
    if (APICallError.isInstance(err)) return classifyApiError(err);
    // Any other SDK error (an unparsable response body, an unsupported setting) is the provider's answer
    // being unusable, which the work order must record; anything else is a bug and throws.
    if (AISDKError.isInstance(err)) return { ok: false, kind: 'provider_error', message: oneLine(`${err.name}: ${err.message}`), usage: { ...NO_USAGE, reported: false }, retryable: false };
    throw thrown;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

const FEEDBACK_TRUNCATED = 'Your answer was cut off at the output token limit. Answer again, shorter: prefer { "path", "search", "replace" } edits over whole-file content.';

/** Asks a model for a proposal in the fixed shape: transient errors retried per policy, a malformed answer retried once with the error fed back. */
export async function proposeWith(model: LanguageModel, request: ProposeRequest, policy: RetryPolicy = DEFAULT_RETRY_POLICY): Promise<ProposeResult> {
  const calls: CallRecord[] = [];
  let usage: TokenUsage = NO_USAGE;
  const messages: ModelMessage[] = [{ role: 'user', content: request.prompt }];
  const totals = (): Totals => ({ model: request.model.name, usage, costUsd: costUsd(usage, request.model), calls });
  let fedBack = false;
  let retries = 0;
  const deadline = startDeadline(request);
  for (;;) {
    // Stopped while waiting to retry: the call is not made, and the result says why.
    const early = calls.length > 0 ? stopped(request, deadline) : null;
    if (early) return { ok: false, kind: early.kind, message: `${early.message} while waiting to retry`, ...totals() };
    const outcome = await callOnce(model, request, messages, deadline);
    usage = addUsage(usage, outcome.usage);
    const record: CallRecord = { call: calls.length + 1, outcome: outcome.ok ? 'ok' : outcome.kind, message: outcome.ok ? 'A valid answer' : outcome.message, usage: outcome.usage };
    calls.push(record);
    if (outcome.ok) return { ok: true, answer: outcome.answer, ...totals() };
    if (outcome.status !== undefined) record.status = outcome.status;
    if ((outcome.kind === 'malformed_output' || outcome.kind === 'output_truncated') && !fedBack) {
      fedBack = true;
      if (outcome.text) messages.push({ role: 'assistant', content: outcome.text });
      messages.push({
        role: 'user',
        content: outcome.kind === 'output_truncated' ? FEEDBACK_TRUNCATED : `${outcome.message}. Answer again with one JSON object of exactly the required shape and nothing else.`,
      });
      continue;
    }
    if (outcome.retryable && retries < policy.maxRetries) {
      const wait = retryDelayMs(policy, retries, outcome.headers);
      if (wait !== null) {
        record.retryAfterMs = wait;
        retries++;
        await sleep(wait, deadline.signal);
        continue;
      }
      return { ok: false, kind: outcome.kind, message: `${outcome.message} (the provider asked to wait longer than ${policy.maxDelayMs} ms)`, ...totals() };
    }
    const after = outcome.kind === 'malformed_output' || outcome.kind === 'output_truncated'
      ? ' (again after the problem was fed back)'
      : retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '';
    return { ok: false, kind: outcome.kind, message: `${outcome.message}${after}`, ...totals() };
  }
}

/** A model client over the AI SDK for the configured providers. */
export function createModelClient(options: ModelClientOptions): ModelClient {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  return {
    async propose(request) {
      let model: LanguageModel;
      if (options.languageModelFor) model = options.languageModelFor(request.model);
      else {
        const created = createLanguageModel(request.model, options.endpoints);
        if (!created.ok) return { ok: false, kind: 'not_configured', message: created.message, model: request.model.name, usage: NO_USAGE, costUsd: 0, calls: [] };
        model = created.model;
      }
      return proposeWith(model, request, policy);
    },
  };
}
