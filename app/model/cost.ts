import type { ModelConfig } from '../config/config-schema.ts';

/** Tokens a call used; `reported` is false when the provider sent no usage (counted as 0, so cost is a lower bound). */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  reported: boolean;
}

/** No tokens yet. */
export const NO_USAGE: TokenUsage = Object.freeze({ inputTokens: 0, outputTokens: 0, reported: true });

/** The sum of two usages; unreported if either was. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens, reported: a.reported && b.reported };
}

/** The cost in USD of a usage at the model's configured price per million tokens. */
export function costUsd(usage: TokenUsage, model: Pick<ModelConfig, 'input_per_mtok' | 'output_per_mtok'>): number {
  const usd = (usage.inputTokens * model.input_per_mtok + usage.outputTokens * model.output_per_mtok) / 1_000_000;
  // Micro-dollars: enough for budgets, and free of float noise such as 0.30000000000000004 in logs.
  return Math.round(usd * 1e6) / 1e6;
}
