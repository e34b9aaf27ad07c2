export { CONFIG_PATH, configSchema, DEFAULT_CONFIG, PROVIDERS, TIERS } from './config-schema.ts';
export type { ModelConfig, Provider, PunchlistConfig, Tier } from './config-schema.ts';
export { formatConfigIssues, formatKeyPath, parseConfig } from './parse-config.ts';
export type { ConfigIssue, ConfigResult } from './parse-config.ts';
