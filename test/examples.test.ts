import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../app/config/index.ts';

// examples/punchlist.yml is what a person copies to `.github/punchlist.yml`: it must pass the App's own schema, with
// no key the App would ignore, and its commented-out local model must pass too once uncommented.

const EXAMPLE = readFileSync(join(import.meta.dirname, '..', 'examples', 'punchlist.yml'), 'utf8');

describe('examples/punchlist.yml', () => {
  it('is a valid configuration with no ignored keys', () => {
    const result = parseConfig(EXAMPLE);
    expect(result.ok ? result.warnings : result.issues).toEqual([]);
    if (!result.ok) return;
    const { config } = result;
    expect(config.models.map((m) => [m.name, m.provider, m.tier, m.input_per_mtok, m.output_per_mtok])).toEqual([
      ['gpt-4.1-mini', 'openai', 1, 0.4, 1.6],
      ['claude-haiku-4-5', 'anthropic', 2, 1, 5],
      ['claude-sonnet-4-5', 'anthropic', 3, 3, 15],
    ]);
    expect(config.budget).toEqual({ per_order: 2, per_month: 100 });
    expect(config.deny_paths.length).toBeGreaterThan(0);
    expect(config.routing).toEqual({ strategy: 'learned', escalate_on_red: true, explore: 0.1, worth_per_success: 3 });
  });

  it('says when its prices were taken', () => {
    expect(EXAMPLE).toMatch(/list prices in USD per million tokens, as .+ gave them\s+#? ?in \w+ \d{4}/);
    expect(EXAMPLE).toMatch(/written \(\d{1,2} \w+ \d{4}\)/);
  });

  it('its local-model example is valid once uncommented', () => {
    const uncommented = EXAMPLE.replace(/^ {2}# (- name: qwen[^\n]*\n)((?: {2}# {3}[^\n]*\n)+)/m, (_all, first: string, rest: string) => `  ${first}${rest.replace(/^ {2}# /gm, '  ')}`);
    expect(uncommented).not.toBe(EXAMPLE);
    const result = parseConfig(uncommented);
    expect(result.ok && result.config.models.map((m) => m.name)).toEqual(['gpt-4.1-mini', 'claude-haiku-4-5', 'claude-sonnet-4-5', 'qwen2.5-coder:14b']);
  });
});
