import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { CONFIG_PATH, configSchema, DEFAULT_CONFIG, type PunchlistConfig } from './config-schema.ts';

/** One problem with the configuration file: the key it is about and the one-line message to show. */
export interface ConfigIssue {
  /** The bad key as a person writes it (`budget.per_order`, `models[1].tier`); empty for the whole file. */
  path: string;
  /** `Cannot read .github/punchlist.yml: "budget.per_order" must be a positive number`. */
  message: string;
}

/** The outcome of reading the configuration: a config (with warnings about ignored keys) or its issues. */
export type ConfigResult =
  | { ok: true; config: PunchlistConfig; warnings: string[] }
  | { ok: false; issues: ConfigIssue[] };

// The file is untrusted and read on every work order; a config is a few hundred bytes, so this is generous.
const MAX_CONFIG_BYTES = 64 * 1024;

const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': ['label', 'models', 'max_cycles', 'budget', 'deny_paths', 'allow_workflows', 'action_check', 'allow_config_edit', 'limits', 'allow_bots', 'model_timeout_seconds', 'routing', 'quarantine'],
  budget: ['per_order', 'per_month'],
  limits: ['max_edits', 'max_file_bytes', 'max_total_bytes'],
  routing: ['strategy', 'escalate_on_red', 'explore', 'worth_per_success'],
  models: ['name', 'provider', 'tier', 'input_per_mtok', 'output_per_mtok'],
  quarantine: ['test', 'reason'],
};

/** Formats a zod issue path as a person writes it: `models[0].tier`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function issue(path: string, text: string): ConfigIssue {
  return { path, message: `Cannot read ${CONFIG_PATH}: ${path === '' ? text : `"${path}" ${text}`}` };
}

function fromZod(issues: readonly z.core.$ZodIssue[]): ConfigIssue[] {
  // A union or a nested failure can report the same key twice; one line per key is what a person needs.
  const seen = new Set<string>();
  const out: ConfigIssue[] = [];
  for (const i of issues) {
    const path = formatKeyPath(i.path);
    if (seen.has(path)) continue;
    seen.add(path);
    out.push(issue(path, path === '' ? `the file ${i.message}` : i.message));
  }
  return out;
}

function unknownKeys(raw: unknown): string[] {
  const warnings: string[] = [];
  const check = (value: unknown, known: readonly string[] | undefined, prefix: string) => {
    if (known === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) warnings.push(`Ignoring unknown key "${prefix}${key}" in ${CONFIG_PATH}`);
    }
  };
  check(raw, KNOWN_KEYS[''], '');
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const r = raw as Record<string, unknown>;
    check(r.budget, KNOWN_KEYS.budget, 'budget.');
    check(r.limits, KNOWN_KEYS.limits, 'limits.');
    check(r.routing, KNOWN_KEYS.routing, 'routing.');
    if (Array.isArray(r.models)) r.models.forEach((m, i) => check(m, KNOWN_KEYS.models, `models[${i}].`));
    if (Array.isArray(r.quarantine)) r.quarantine.forEach((q, i) => check(q, KNOWN_KEYS.quarantine, `quarantine[${i}].`));
  }
  return warnings;
}

/**
 * Reads `.github/punchlist.yml` text into a validated config; null (no file) or an empty file gives the defaults.
 * A bad file is a list of issues, never a throw.
 */
export function parseConfig(text: string | null | undefined): ConfigResult {
  if (text === null || text === undefined || text.trim() === '') return { ok: true, config: structuredClone(DEFAULT_CONFIG), warnings: [] };
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES) {
    return { ok: false, issues: [issue('', `the file is larger than ${MAX_CONFIG_BYTES / 1024} KiB`)] };
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const where = yamlError.linePos?.[0] ? ` at line ${yamlError.linePos[0].line}` : '';
    const what = yamlError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'malformed YAML';
    return { ok: false, issues: [issue('', `invalid YAML${where}: ${what}`)] };
  }
  let raw: unknown;
  try {
    // Aliases can expand exponentially ("billion laughs"); the yaml package caps them, and that cap throws.
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { ok: false, issues: [issue('', `invalid YAML: ${(err as Error).message.split('\n')[0]}`)] };
  }
  if (raw === null || raw === undefined) return { ok: true, config: structuredClone(DEFAULT_CONFIG), warnings: [] };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: fromZod(parsed.error.issues) };
  return { ok: true, config: parsed.data, warnings: unknownKeys(raw) };
}

/** The issues as the markdown of one issue comment: what is wrong, one bullet per key, and what happens now. */
export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  const lines = issues.map((i) => `- ${i.message}`);
  return [`Punchlist cannot use \`${CONFIG_PATH}\`, so it will not start work until the file is fixed:`, '', ...lines].join('\n');
}
