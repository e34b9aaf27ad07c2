export { CONFIG_PATH, configSchema, DEFAULT_CONFIG, DEFAULT_EXPLORE, DEFAULT_LIMITS, DEFAULT_MODEL_TIMEOUT_SECONDS, DEFAULT_ROUTING, DEFAULT_WORTH_PER_SUCCESS, defaultStrategy, PROVIDERS, ROUTING_STRATEGIES, storedConfig, TIERS } from './config-schema.ts';
export type { ModelConfig, Provider, PunchlistConfig, QuarantineEntry, RoutingStrategy, Tier } from './config-schema.ts';
export { formatConfigIssues, formatKeyPath, parseConfig } from './parse-config.ts';
export type { ConfigIssue, ConfigResult } from './parse-config.ts';
