import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, formatConfigIssues, parseConfig } from '../../app/config/index.ts';

const FULL = `
label: punchlist
models:
  - name: gpt-4.1-mini
    provider: openai
    tier: 1
    input_per_mtok: 0.4
    output_per_mtok: 1.6
  - name: claude-sonnet-4-5
    provider: anthropic
    tier: 3
    input_per_mtok: 3
    output_per_mtok: 15
max_cycles: 3
budget: { per_order: 5, per_month: 200 }
deny_paths: ["secrets/**"]
allow_workflows: false
`;

describe('parseConfig()', () => {
  it('reads the example of DESIGN.md', () => {
    const r = parseConfig(FULL);
    expect(r).toEqual({
      ok: true,
      warnings: [],
      config: {
        label: 'punchlist',
        models: [
          { name: 'gpt-4.1-mini', provider: 'openai', tier: 1, input_per_mtok: 0.4, output_per_mtok: 1.6 },
          { name: 'claude-sonnet-4-5', provider: 'anthropic', tier: 3, input_per_mtok: 3, output_per_mtok: 15 },
        ],
        max_cycles: 3,
        budget: { per_order: 5, per_month: 200 },
        deny_paths: ['secrets/**'],
        allow_workflows: false,
        action_check: 'punchlist',
      },
    });
  });

  it.each([
    ['no file', null],
    ['an empty file', ''],
    ['a file of comments', '# nothing yet\n'],
    ['a YAML null document', '~\n'],
  ])('gives the documented defaults for %s', (_, text) => {
    expect(parseConfig(text)).toEqual({ ok: true, config: DEFAULT_CONFIG, warnings: [] });
    expect(DEFAULT_CONFIG).toEqual({ label: 'punchlist', models: [], max_cycles: 3, budget: { per_order: 5, per_month: 200 }, deny_paths: [], allow_workflows: false, action_check: 'punchlist' });
  });

  it.each([
    ['label: fix-me', { label: 'fix-me' }],
    ['max_cycles: 0', { max_cycles: 0 }],
    ['budget: { per_order: 1.5 }', { budget: { per_order: 1.5, per_month: 200 } }],
    ['budget: { per_month: 10 }', { budget: { per_order: 5, per_month: 10 } }],
    ['allow_workflows: true', { allow_workflows: true }],
    ['deny_paths: []', { deny_paths: [] }],
    ['label:\nmax_cycles:\n', {}],
  ])('fills every key it is not given with its default: %j', (text, expected) => {
    const r = parseConfig(text);
    expect(r.ok && r.config).toEqual({ ...DEFAULT_CONFIG, ...expected });
  });

  it.each([
    ['budget: { per_order: -1 }', '"budget.per_order" must be a positive number'],
    ['budget: { per_order: 0 }', '"budget.per_order" must be a positive number'],
    ['budget: { per_order: "5" }', '"budget.per_order" must be a positive number'],
    ['budget: { per_order: 300 }', '"budget.per_order" must not exceed "budget.per_month"'],
    ['budget: 5', '"budget" must be a mapping with "per_order" and "per_month" in USD'],
    ['max_cycles: 1.5', '"max_cycles" must be a whole number of 0 or more'],
    ['max_cycles: -1', '"max_cycles" must be a whole number of 0 or more'],
    ['label: ""', '"label" must be a label name, a non-empty string'],
    [`label: ${'x'.repeat(51)}`, '"label" must be at most 50 characters, as GitHub label names are'],
    ['allow_workflows: "yes"', '"allow_workflows" must be true or false'],
    ['deny_paths: "secrets/**"', '"deny_paths" must be a list of globs'],
    ['deny_paths: [1]', '"deny_paths[0]" must be a glob, a non-empty string'],
    ['models: gpt', '"models" must be a list of models'],
    ['models: [{ name: m, provider: azure, tier: 1, input_per_mtok: 1, output_per_mtok: 1 }]', '"models[0].provider" must be one of "openai", "anthropic"'],
    ['models: [{ name: m, provider: openai, tier: 4, input_per_mtok: 1, output_per_mtok: 1 }]', '"models[0].tier" must be 1, 2 or 3'],
    ['models: [{ name: m, provider: openai, tier: 1, input_per_mtok: -1, output_per_mtok: 1 }]', '"models[0].input_per_mtok" must be a number of 0 or more'],
    ['models: [{ name: m, provider: openai, input_per_mtok: 1, output_per_mtok: 1 }]', '"models[0].tier" is required'],
    ['models: [{ name: m, provider: openai, tier: 1, input_per_mtok: 1, output_per_mtok: 1 }, { name: m, provider: openai, tier: 2, input_per_mtok: 1, output_per_mtok: 1 }]', '"models[1].name" repeats model "m" of provider "openai"'],
    ['- a\n- b\n', 'the file must be a mapping of settings'],
  ])('names the bad key of %j', (text, message) => {
    const r = parseConfig(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.message)).toContain(`Cannot read .github/punchlist.yml: ${message}`);
  });

  it('reports every bad key, once each', () => {
    const r = parseConfig('max_cycles: x\nallow_workflows: 2\nbudget: { per_order: -1, per_month: -1 }\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toEqual(['max_cycles', 'budget.per_order', 'budget.per_month', 'allow_workflows']);
  });

  it.each([
    ['an unclosed flow sequence', 'label: [a\n', /^Cannot read \.github\/punchlist\.yml: invalid YAML at line \d+: .+/],
    ['a duplicate key', 'label: a\nlabel: b\n', /^Cannot read \.github\/punchlist\.yml: invalid YAML at line 2: Map keys must be unique/],
    ['a tab indent', 'budget:\n\tper_order: 1\n', /^Cannot read \.github\/punchlist\.yml: invalid YAML/],
  ])('turns malformed YAML (%s) into one one-line issue', (_, text, pattern) => {
    const r = parseConfig(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]?.message).toMatch(pattern);
    expect(r.issues[0]?.message).not.toContain('\n');
  });

  it('refuses an alias bomb without expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    const r = parseConfig(bomb);
    expect(r.ok).toBe(false);
  });

  it('refuses a file too large to be a configuration', () => {
    const r = parseConfig(`label: x\n# ${'y'.repeat(70_000)}\n`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.message).toMatch(/larger than 64 KiB/);
  });

  it('allows unknown keys and warns about each, so a typo is visible', () => {
    const r = parseConfig('max_cycle: 5\nbudget: { per_order: 1, currency: EUR }\nmodels: [{ name: m, provider: openai, tier: 1, input_per_mtok: 0, output_per_mtok: 0, context: 8000 }]\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.max_cycles).toBe(3);
    expect(r.config.models[0]).toEqual({ name: 'm', provider: 'openai', tier: 1, input_per_mtok: 0, output_per_mtok: 0 });
    expect(r.warnings).toEqual([
      'Ignoring unknown key "max_cycle" in .github/punchlist.yml',
      'Ignoring unknown key "budget.currency" in .github/punchlist.yml',
      'Ignoring unknown key "models[0].context" in .github/punchlist.yml',
    ]);
  });

  it('never throws, whatever the text', () => {
    for (const text of ['{', ':', '[]', '0', 'true', '"x"', '!!binary aGk=', '? [a]\n: b', 'label: !!js/function "x"', '\u0000']) {
      expect(() => parseConfig(text)).not.toThrow();
    }
  });
});

describe('formatConfigIssues()', () => {
  it('lists every issue as a bullet of one comment', () => {
    const r = parseConfig('max_cycles: x\nallow_workflows: 2\n');
    if (r.ok) throw new Error('expected issues');
    expect(formatConfigIssues(r.issues)).toBe(
      [
        'Punchlist cannot use `.github/punchlist.yml`, so it will not start work until the file is fixed:',
        '',
        '- Cannot read .github/punchlist.yml: "max_cycles" must be a whole number of 0 or more',
        '- Cannot read .github/punchlist.yml: "allow_workflows" must be true or false',
      ].join('\n'),
    );
  });
});
