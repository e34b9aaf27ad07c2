import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, formatConfigIssues, parseConfig, storedConfig } from '../../app/config/index.ts';
import { botAllowed, isBot } from '../../app/intake/check-permission.ts';

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
        allow_config_edit: false,
        limits: { max_edits: 50, max_file_bytes: 1_000_000, max_total_bytes: 2_000_000 },
        allow_bots: false,
        model_timeout_seconds: 300,
        routing: { strategy: 'learned', escalate_on_red: true, explore: 0.1, worth_per_success: 3 },
        quarantine: [],
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
    expect(DEFAULT_CONFIG).toEqual({
      label: 'punchlist',
      models: [],
      max_cycles: 3,
      budget: { per_order: 5, per_month: 200 },
      deny_paths: [],
      allow_workflows: false,
      action_check: 'punchlist',
      allow_config_edit: false,
      limits: { max_edits: 50, max_file_bytes: 1_000_000, max_total_bytes: 2_000_000 },
      allow_bots: false,
      model_timeout_seconds: 300,
      routing: { strategy: 'cheapest', escalate_on_red: true, explore: 0.1, worth_per_success: 3 },
      quarantine: [],
    });
  });

  it.each([
    ['label: fix-me', { label: 'fix-me' }],
    ['max_cycles: 0', { max_cycles: 0 }],
    ['budget: { per_order: 1.5 }', { budget: { per_order: 1.5, per_month: 200 } }],
    ['budget: { per_month: 10 }', { budget: { per_order: 5, per_month: 10 } }],
    ['allow_workflows: true', { allow_workflows: true }],
    ['deny_paths: []', { deny_paths: [] }],
    ['label:\nmax_cycles:\n', {}],
    ['allow_config_edit: true', { allow_config_edit: true }],
    ['limits: { max_edits: 10 }', { limits: { max_edits: 10, max_file_bytes: 1_000_000, max_total_bytes: 2_000_000 } }],
    ['limits: { max_file_bytes: 2000000, max_total_bytes: 5000000 }', { limits: { max_edits: 50, max_file_bytes: 2_000_000, max_total_bytes: 5_000_000 } }],
    ['limits:', {}],
    ['allow_bots: true', { allow_bots: true }],
    ['allow_bots: ["renovate[bot]", " dependabot[bot] "]', { allow_bots: ['renovate[bot]', 'dependabot[bot]'] }],
    ['allow_bots: []', { allow_bots: [] }],
    ['model_timeout_seconds: 30', { model_timeout_seconds: 30 }],
    ['model_timeout_seconds: 1.5', { model_timeout_seconds: 1.5 }],
    ['action_check: CI report', { action_check: 'CI report' }],
    ['routing: { strategy: fixed }', { routing: { strategy: 'fixed', escalate_on_red: true, explore: 0.1, worth_per_success: 3 } }],
    ['routing: { explore: false, escalate_on_red: false }', { routing: { strategy: 'cheapest', escalate_on_red: false, explore: false, worth_per_success: 3 } }],
    ['routing: { explore: 0, worth_per_success: 10 }', { routing: { strategy: 'cheapest', escalate_on_red: true, explore: 0, worth_per_success: 10 } }],
    ['routing:', {}],
    ['quarantine:', {}],
    ['quarantine: []', {}],
    ['quarantine: ["tests/net.test.ts > retries"]', { quarantine: [{ test: 'tests/net.test.ts > retries' }] }],
    [
      'quarantine:\n  - " TestSlow "\n  - { test: "tests/test_dns.py::test_lookup", reason: " needs the network " }\n  - { test: a > b, reason: }\n',
      { quarantine: [{ test: 'TestSlow' }, { test: 'tests/test_dns.py::test_lookup', reason: 'needs the network' }, { test: 'a > b' }] },
    ],
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
    ['allow_config_edit: "no"', '"allow_config_edit" must be true or false'],
    ['limits: 50', '"limits" must be a mapping with "max_edits", "max_file_bytes" and "max_total_bytes"'],
    ['limits: { max_edits: 0 }', '"limits.max_edits" must be a whole number, 1 or more'],
    ['limits: { max_edits: 2.5 }', '"limits.max_edits" must be a whole number, 1 or more'],
    ['limits: { max_file_bytes: -1 }', '"limits.max_file_bytes" must be a whole number of bytes, 1 or more'],
    ['limits: { max_file_bytes: 200000000, max_total_bytes: 300000000 }', '"limits.max_file_bytes" must be at most 104857600, GitHub\'s limit on a file'],
    ['limits: { max_total_bytes: "2MB" }', '"limits.max_total_bytes" must be a whole number of bytes, 1 or more'],
    ['limits: { max_file_bytes: 3000000 }', '"limits.max_file_bytes" must not exceed "limits.max_total_bytes"'],
    ['allow_bots: yes', '"allow_bots" must be true, false or a list of bot logins such as "renovate[bot]"'],
    ['allow_bots: renovate[bot]', '"allow_bots" must be true, false or a list of bot logins such as "renovate[bot]"'],
    ['allow_bots: [""]', '"allow_bots[0]" must be a bot login, a non-empty string'],
    ['model_timeout_seconds: 0', '"model_timeout_seconds" must be a number of seconds from 1 to 600'],
    ['model_timeout_seconds: 3600', '"model_timeout_seconds" must be a number of seconds from 1 to 600'],
    ['model_timeout_seconds: 5m', '"model_timeout_seconds" must be a number of seconds from 1 to 600'],
    ['routing: learned', '"routing" must be a mapping with "strategy", "escalate_on_red", "explore" and "worth_per_success"'],
    ['routing: { strategy: smart }', '"routing.strategy" must be one of "learned", "cheapest", "fixed"'],
    ['routing: { escalate_on_red: "yes" }', '"routing.escalate_on_red" must be true or false'],
    ['routing: { explore: 1.5 }', '"routing.explore" must be a number from 0 to 1 (the share of work orders that explore), or false'],
    ['routing: { explore: true }', '"routing.explore" must be a number from 0 to 1 (the share of work orders that explore), or false'],
    ['routing: { worth_per_success: 0 }', '"routing.worth_per_success" must be a positive number'],
    ['quarantine: "a > b"', '"quarantine" must be a list of test names'],
    ['quarantine: [1]', '"quarantine[0]" must be a test name, or a mapping with "test" and an optional "reason"'],
    ['quarantine: [[a]]', '"quarantine[0]" must be a test name, or a mapping with "test" and an optional "reason"'],
    ['quarantine: [""]', '"quarantine[0].test" must be a test\'s full name, a non-empty string'],
    ['quarantine: [a, " > "]', '"quarantine[1].test" must name a test: it has no letter or digit'],
    [`quarantine: [${'x'.repeat(1001)}]`, '"quarantine[0].test" must be at most 1000 characters'],
    ['quarantine: [{ reason: flaky }]', '"quarantine[0].test" is required'],
    ['quarantine: [{ test: a, reason: 5 }]', '"quarantine[0].reason" must be a sentence, a non-empty string'],
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

  it('knows every key it reads, so none of them is warned about as unknown', () => {
    const r = parseConfig(`${FULL}action_check: punchlist\nallow_config_edit: false\nlimits: { max_edits: 50, max_file_bytes: 1000000, max_total_bytes: 2000000 }\nallow_bots: false\nmodel_timeout_seconds: 300\nquarantine: []\n`);
    expect(r.ok && r.warnings).toEqual([]);
    expect(parseConfig('limits: { max_edit: 5 }')).toMatchObject({ ok: true, warnings: ['Ignoring unknown key "limits.max_edit" in .github/punchlist.yml'] });
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

describe('routing', () => {
  const two = 'models:\n  - { name: a, provider: openai, tier: 1, input_per_mtok: 1, output_per_mtok: 1 }\n  - { name: b, provider: openai, tier: 3, input_per_mtok: 3, output_per_mtok: 15 }\n';

  it.each([
    ['no models', '', 'cheapest'],
    ['one model', 'models:\n  - { name: a, provider: openai, tier: 1, input_per_mtok: 1, output_per_mtok: 1 }\n', 'cheapest'],
    ['two models', two, 'learned'],
    ['two models and a chosen strategy', `${two}routing: { strategy: fixed }\n`, 'fixed'],
  ])('defaults the strategy by the number of models: %s', (_, text, strategy) => {
    const r = parseConfig(text);
    expect(r.ok && r.config.routing.strategy).toBe(strategy);
  });

  it('warns about an unknown routing key', () => {
    const r = parseConfig('routing: { strategy: learned, explor: 0.2 }\n');
    expect(r.ok && r.warnings).toEqual(['Ignoring unknown key "routing.explor" in .github/punchlist.yml']);
  });
});

describe('quarantine', () => {
  it('reads the example of DESIGN.md', () => {
    const r = parseConfig('quarantine: ["tests/net.test.ts > retries"]   # tests kept out of decisions (never out of reports)\n');
    expect(r).toMatchObject({ ok: true, warnings: [], config: { quarantine: [{ test: 'tests/net.test.ts > retries' }] } });
  });

  it('warns about an unknown key of an entry, and keeps the entry', () => {
    const r = parseConfig('quarantine:\n  - { test: a > b, why: flaky }\n');
    expect(r).toMatchObject({ ok: true, config: { quarantine: [{ test: 'a > b' }] }, warnings: ['Ignoring unknown key "quarantine[0].why" in .github/punchlist.yml'] });
  });

  it('stores and reads back unchanged, and an older stored config gets none', () => {
    const r = parseConfig('quarantine: [a > b, { test: c, reason: dns }]\n');
    if (!r.ok) throw new Error('expected a config');
    expect(storedConfig(JSON.parse(JSON.stringify(r.config)))).toEqual(r.config);
    expect(storedConfig({ label: 'punchlist' }).quarantine).toEqual([]);
  });
});

describe('storedConfig()', () => {
  it('fills the keys a work order stored before they existed with their defaults', () => {
    const old = { label: 'punchlist', models: [], max_cycles: 2, budget: { per_order: 1, per_month: 10 }, deny_paths: ['secrets/**'], allow_workflows: false };
    expect(storedConfig(old)).toEqual({ ...DEFAULT_CONFIG, max_cycles: 2, budget: { per_order: 1, per_month: 10 }, deny_paths: ['secrets/**'] });
  });

  it('gives back a stored config unchanged', () => {
    const r = parseConfig(FULL);
    if (!r.ok) throw new Error('expected a config');
    expect(storedConfig(JSON.parse(JSON.stringify(r.config)))).toEqual(r.config);
  });
});

describe('allow_bots', () => {
  it.each([
    [{ login: 'renovate[bot]', type: 'Bot' }, true],
    [{ login: 'dependabot[bot]', type: 'User' }, true],
    [{ login: 'some-app', type: 'Bot' }, true],
    [{ login: 'octocat', type: 'User' }, false],
    [{ login: 'robot', type: 'User' }, false],
  ])('reads %j as a bot: %s', (sender, bot) => {
    expect(isBot(sender)).toBe(bot);
  });

  it.each<[string, boolean | string[], boolean]>([
    ['renovate[bot]', false, false],
    ['renovate[bot]', true, true],
    ['renovate[bot]', ['renovate[bot]'], true],
    ['Renovate[bot]', ['renovate[bot]'], true],
    ['dependabot[bot]', ['renovate[bot]'], false],
    ['renovate[bot]', [], false],
  ])('lets %j in with allow_bots %j: %s', (login, allowBots, allowed) => {
    expect(botAllowed(login, allowBots)).toBe(allowed);
  });
});
