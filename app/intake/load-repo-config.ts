import { parse } from 'yaml';
import { CONFIG_PATH, DEFAULT_CONFIG, parseConfig, type ConfigResult } from '../config/index.ts';
import { readRepoFile } from '../github/read-file.ts';
import type { GitHub, RepoRef } from '../github/repo-ref.ts';

/** The repository's configuration, and the trigger label it means even when the file is bad. */
export interface LoadedConfig {
  result: ConfigResult;
  /** The configured label, read loosely from a bad file so only its trigger gets the "bad file" comment. */
  triggerLabel: string;
}

function looseLabel(text: string | null): string {
  try {
    const raw = text === null ? null : (parse(text) as unknown);
    const label = raw !== null && typeof raw === 'object' ? (raw as { label?: unknown }).label : undefined;
    if (typeof label === 'string' && label.trim() !== '') return label.trim();
  } catch {
    // Unparsable YAML: the default label is the best guess of what the person meant.
  }
  return DEFAULT_CONFIG.label;
}

/** Reads `.github/punchlist.yml` from the default branch through the REST API; no file means the defaults. */
export async function loadRepoConfig(github: GitHub, repo: RepoRef): Promise<LoadedConfig> {
  const text = await readRepoFile(github, repo, CONFIG_PATH);
  const result = parseConfig(text);
  return { result, triggerLabel: result.ok ? result.config.label : looseLabel(text) };
}
