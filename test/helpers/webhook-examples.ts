import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const INDEX = require('@octokit/webhooks-examples/api.github.com/index.json') as {
  name: string;
  examples: Record<string, unknown>[];
}[];

/** A real webhook payload captured by GitHub (@octokit/webhooks-examples), by event name and action. */
export function webhookExample(name: string, action?: string): Record<string, unknown> {
  const event = INDEX.find((e) => e.name === name);
  const example = event?.examples.find((e) => action === undefined || e.action === action);
  if (!example) throw new Error(`No webhook example for "${name}${action ? `.${action}` : ''}"`);
  return structuredClone(example);
}
