import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_MAX_MINUTES, readActionInputs } from '../../app/action/action-inputs.ts';
import { escapeCommandData } from '../../app/action/workflow-commands.ts';
import { readWorkflowEvent } from '../../app/action/workflow-event.ts';

const TOKEN = { 'INPUT_GITHUB-TOKEN': 'ghs_token' };

describe('readActionInputs reads the inputs once, each else from the same-named environment variable', () => {
  it('takes the defaults: github.com, a 30-minute limit, no store, OpenAI at its own endpoint', () => {
    expect(readActionInputs(TOKEN)).toEqual({
      githubToken: 'ghs_token',
      databaseUrl: null,
      maxMinutes: DEFAULT_MAX_MINUTES,
      apiUrl: 'https://api.github.com',
      endpoints: { openai: { baseURL: 'https://api.openai.com/v1', apiKey: null }, anthropic: { baseURL: null, apiKey: null } },
    });
  });

  it('prefers an input to the environment, and falls back to the environment for an empty input', () => {
    const inputs = readActionInputs({
      'INPUT_GITHUB-TOKEN': '',
      GITHUB_TOKEN: 'ghs_env',
      'INPUT_DATABASE-URL': 'postgres://db/punchlist',
      DATABASE_URL: 'postgres://other/ignored',
      'INPUT_OPENAI-BASE-URL': 'http://127.0.0.1:11434/v1',
      'INPUT_ANTHROPIC-API-KEY': ' sk-ant ',
      'INPUT_MAX-MINUTES': '0.5',
      GITHUB_API_URL: 'https://ghe.example.com/api/v3',
    });
    expect(inputs).toMatchObject({
      githubToken: 'ghs_env',
      databaseUrl: 'postgres://db/punchlist',
      maxMinutes: 0.5,
      apiUrl: 'https://ghe.example.com/api/v3',
      endpoints: { openai: { baseURL: 'http://127.0.0.1:11434/v1', apiKey: null }, anthropic: { baseURL: null, apiKey: 'sk-ant' } },
    });
  });

  it.each([
    [{}, /^Input "github-token" is empty/],
    [{ ...TOKEN, 'INPUT_MAX-MINUTES': 'soon' }, /^Input "max-minutes" must be a positive number of minutes, not "soon"$/],
    [{ ...TOKEN, 'INPUT_MAX-MINUTES': '-5' }, /^Input "max-minutes" must be a positive number of minutes, not "-5"$/],
    [{ ...TOKEN, 'INPUT_OPENAI-BASE-URL': 'localhost:11434' }, /^Input "openai-base-url" must be an http\(s\) URL, not "localhost:11434"$/],
  ])('refuses %j with a one-line error naming the input', (env, message) => {
    expect(() => readActionInputs(env)).toThrow(message);
  });
});

describe('app/action.yml', () => {
  const APP_DIR = join(import.meta.dirname, '..', '..', 'app');
  const metadata = parse(readFileSync(join(APP_DIR, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; runs: { using: string; main: string } };

  it('runs the bundle that sits beside the repository root, on Node 24', () => {
    expect(metadata.runs.using).toBe('node24');
    expect(existsSync(join(APP_DIR, metadata.runs.main))).toBe(true);
    expect(join(APP_DIR, metadata.runs.main)).toBe(join(APP_DIR, '..', 'dist', 'app.js'));
  });

  it('declares exactly the inputs readActionInputs reads, and its defaults are accepted as the runner passes them', () => {
    expect(Object.keys(metadata.inputs).sort()).toEqual(['anthropic-api-key', 'database-url', 'github-token', 'max-minutes', 'openai-api-key', 'openai-base-url']);
    const env = Object.fromEntries(Object.entries(metadata.inputs).map(([name, input]) => [`INPUT_${name.toUpperCase()}`, (input.default ?? '').replace('${{ github.token }}', 'ghs_workflow')]));
    expect(readActionInputs(env)).toMatchObject({ githubToken: 'ghs_workflow', databaseUrl: null, maxMinutes: DEFAULT_MAX_MINUTES });
  });
});

describe('readWorkflowEvent reads the event the runner wrote', () => {
  const files: Record<string, string> = {
    '/run/labeled.json': JSON.stringify({ action: 'labeled', repository: { full_name: 'octo/repo' } }),
    '/run/bare.json': '{"action":"labeled"}',
    '/run/broken.json': '{"action":',
    '/run/null.json': 'null',
  };
  const readFile = (path: string) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    return text;
  };
  const env = (path: string, extra: Record<string, string> = {}) => ({ GITHUB_EVENT_NAME: 'issues', GITHUB_EVENT_PATH: path, ...extra });

  it('names the delivery after the run, so a re-run of the workflow is a redelivery', () => {
    const event = readWorkflowEvent(env('/run/labeled.json', { GITHUB_RUN_ID: '987' }), readFile);
    expect(event).toEqual({ name: 'issues', payload: { action: 'labeled', repository: { full_name: 'octo/repo' } }, deliveryId: 'actions-run-987', repository: 'octo/repo' });
  });

  it('falls back to a fresh id and to GITHUB_REPOSITORY', () => {
    const event = readWorkflowEvent(env('/run/bare.json', { GITHUB_REPOSITORY: 'octo/other' }), readFile, () => 'fresh-id');
    expect(event).toMatchObject({ deliveryId: 'fresh-id', repository: 'octo/other' });
  });

  it.each([
    [{ GITHUB_EVENT_PATH: '/run/labeled.json' }, /GITHUB_EVENT_NAME is not set/],
    [{ GITHUB_EVENT_NAME: 'issues' }, /GITHUB_EVENT_PATH is not set/],
    [env('/run/missing.json'), /^Cannot read the event file "\/run\/missing.json": ENOENT$/],
    [env('/run/broken.json'), /^Cannot read the event file "\/run\/broken.json": it is not JSON \(/],
    [env('/run/null.json'), /^Cannot read the event file "\/run\/null.json": it holds null, not a JSON object$/],
  ])('refuses %j with a one-line error', (badEnv, message) => {
    expect(() => readWorkflowEvent(badEnv, readFile)).toThrow(message);
  });
});

describe('escapeCommandData', () => {
  it.each([
    ['100% done', '100%25 done'],
    ['line one\r\nline two', 'line one%0D%0Aline two'],
  ])('keeps %j one workflow command', (text, escaped) => {
    expect(escapeCommandData(text)).toBe(escaped);
  });
});
