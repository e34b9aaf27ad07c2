import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSettings, githubPage, loadEnvFile, updateEnvFile } from '../../app/setup/index.ts';
import { freePort, REGISTER_LINE, startAndExit, startUntil } from './startup-process.ts';

const KEYS = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const PEM = KEYS.privateKey;
/** A PEM whose armour is right but whose body is not a key. */
const BROKEN_PEM = '-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----\n';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'punchlist-startup-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const keyDir = tempDir();
writeFileSync(join(keyDir, 'app.pem'), PEM);
writeFileSync(join(keyDir, 'broken.pem'), BROKEN_PEM);
writeFileSync(join(keyDir, 'notes.txt'), 'not a key\n');
mkdirSync(join(keyDir, 'keys'));

const REGISTERED = { APP_ID: '123', PRIVATE_KEY_PATH: 'app.pem', WEBHOOK_SECRET: 's3cret', OPENAI_API_KEY: 'sk-test' };

describe('checkSettings: every setting checked before anything starts, one line each', () => {
  it('with nothing set, the App is not registered yet: the registration page is served', () => {
    expect(checkSettings({}, keyDir)).toEqual({ mode: 'register', port: 3000, host: undefined });
    expect(checkSettings({ PORT: '8080', HOST: '127.0.0.1' }, keyDir)).toEqual({ mode: 'register', port: 8080, host: '127.0.0.1' });
  });

  it('a full registration runs, with the key read and checked', () => {
    const plan = checkSettings(REGISTERED, keyDir);
    expect(plan).toMatchObject({ mode: 'run', settings: { appId: 123, webhookSecret: 's3cret', port: 3000, host: '0.0.0.0', webhookPath: '/api/github/webhooks' } });
    expect(plan.mode === 'run' && plan.settings.privateKey).toBe(PEM);
  });

  it.each([
    ['the key inline', { PRIVATE_KEY: PEM }],
    ['the key on one line with \\n escapes, as a .env or a secret store keeps it', { PRIVATE_KEY: PEM.replace(/\n/g, '\\n') }],
    ['the key in base64', { PRIVATE_KEY: Buffer.from(PEM).toString('base64') }],
    ['a local OpenAI-compatible server and no key', { OPENAI_API_KEY: '', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }],
    ['Anthropic only', { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: 'sk-ant-test' }],
    ['PostgreSQL', { DATABASE_URL: 'postgres://punchlist:pw@127.0.0.1:5432/punchlist' }],
    ['a GitHub Enterprise Server (or a local stand-in)', { GHE_HOST: '127.0.0.1:8443', GHE_PROTOCOL: 'http' }],
  ])('accepts %s', (_name, extra) => {
    const env: Record<string, string> = { ...REGISTERED, ...extra };
    if ('PRIVATE_KEY' in extra) delete env.PRIVATE_KEY_PATH;
    expect(checkSettings(env, keyDir)).toMatchObject({ mode: 'run' });
  });

  it.each<[string, Record<string, string>, string[]]>([
    [
      'APP_ID alone',
      { APP_ID: '123' },
      [
        'PRIVATE_KEY_PATH is not set: set it to the path of the .pem file from the App\'s settings page ("Private keys" → "Generate a private key"), or put the key itself in PRIVATE_KEY',
        'WEBHOOK_SECRET is not set: set it to the webhook secret entered in the App\'s settings page ("Webhook secret")',
        'OPENAI_API_KEY, OPENAI_BASE_URL and ANTHROPIC_API_KEY are all unset, so no model can be called: set OPENAI_API_KEY (OpenAI), OPENAI_BASE_URL (a local OpenAI-compatible server: llama.cpp, Ollama, vLLM) or ANTHROPIC_API_KEY (Anthropic)',
      ],
    ],
    ['a key and secret but no APP_ID', { ...REGISTERED, APP_ID: '' }, ['APP_ID is not set, though PRIVATE_KEY_PATH and WEBHOOK_SECRET are: set it to the App\'s ID (its settings page, "App ID"), or unset PRIVATE_KEY_PATH and WEBHOOK_SECRET to register a new App in the browser']],
    ['a malformed APP_ID', { ...REGISTERED, APP_ID: 'Iv1.8a61f9b3a7aba766' }, ['APP_ID is "Iv1.8a61f9b3a7aba766": set it to the App\'s numeric ID (its settings page, "App ID"; not the client ID)']],
    ['a key file that is not there', { ...REGISTERED, PRIVATE_KEY_PATH: 'missing.pem' }, ['PRIVATE_KEY_PATH is "missing.pem", but there is no such file: set it to the path of the .pem file from the App\'s settings page ("Private keys" → "Generate a private key")']],
    ['a key path that is a directory', { ...REGISTERED, PRIVATE_KEY_PATH: 'keys' }, ['PRIVATE_KEY_PATH is "keys", but it is a directory: set it to the path of the .pem file from the App\'s settings page ("Private keys" → "Generate a private key")']],
    ['a key file that is not a PEM', { ...REGISTERED, PRIVATE_KEY_PATH: 'notes.txt' }, ['PRIVATE_KEY_PATH ("notes.txt") does not hold a PEM private key: use the .pem file from the App\'s settings page ("Private keys" → "Generate a private key")']],
    ['an inline key that is not a PEM', { ...REGISTERED, PRIVATE_KEY_PATH: '', PRIVATE_KEY: 'paste the key here' }, ['PRIVATE_KEY does not hold a PEM private key: use the .pem file from the App\'s settings page ("Private keys" → "Generate a private key")']],
    ['a PORT that is not a port', { ...REGISTERED, PORT: 'eighty' }, ['PORT is "eighty": set it to the port to listen on, a number from 0 to 65535 (default 3000)']],
    ['a webhook path without a slash', { ...REGISTERED, WEBHOOK_PATH: 'hooks' }, ['WEBHOOK_PATH is "hooks": set it to a path starting with "/" (default /api/github/webhooks)']],
    ['an unknown log level', { ...REGISTERED, LOG_LEVEL: 'verbose' }, ['LOG_LEVEL is "verbose": set it to one of trace, debug, info, warn, error, fatal, silent (default info)']],
    ['a GHE_HOST with a scheme', { ...REGISTERED, GHE_HOST: 'https://github.example.com' }, ['GHE_HOST is "https://github.example.com": set it to the host name of your GitHub Enterprise Server, without a scheme or path (e.g. github.example.com)']],
    [
      'an OPENAI_BASE_URL without a scheme',
      { ...REGISTERED, OPENAI_BASE_URL: 'localhost:11434/v1' },
      ['OPENAI_BASE_URL is "localhost:11434/v1", which is not https://… or http://…: set it to the base URL of an OpenAI-compatible Chat Completions endpoint, e.g. http://127.0.0.1:8080/v1 (llama.cpp) or http://127.0.0.1:11434/v1 (Ollama)'],
    ],
  ])('%s', (_name, env, problems) => {
    expect(checkSettings(env, keyDir)).toEqual({ mode: 'fix', problems });
  });

  it('in production, no APP_ID is a mistake, not a reason to serve the registration page', () => {
    const plan = checkSettings({ NODE_ENV: 'production' }, keyDir);
    expect(plan.mode === 'fix' && plan.problems[0]).toBe('APP_ID is not set: set it to the App\'s ID (its settings page, "App ID"); the registration page is not served when NODE_ENV is production');
  });

  it('names the bad key without printing it, and a PEM that does not parse says so', () => {
    const plan = checkSettings({ ...REGISTERED, PRIVATE_KEY_PATH: 'broken.pem' }, keyDir);
    expect(plan.mode === 'fix' && plan.problems).toEqual([expect.stringMatching(/^PRIVATE_KEY_PATH \("broken\.pem"\) holds a PEM private key that does not parse \(.+\): use the \.pem file/)]);
  });

  it('a step lease outside 10–900 seconds is one line naming the setting', () => {
    expect(checkSettings({ ...REGISTERED, PUNCHLIST_LEASE_SECONDS: '5' }, keyDir)).toEqual({
      mode: 'fix',
      problems: ['Cannot read PUNCHLIST_LEASE_SECONDS: "5" must be a whole number of seconds from 10 to 900'],
    });
    expect(checkSettings({ ...REGISTERED, PUNCHLIST_LEASE_SECONDS: '30' }, keyDir).mode).not.toBe('fix');
    expect(checkSettings({ ...REGISTERED, PUNCHLIST_WORKERS: '0' }, keyDir)).toMatchObject({
      mode: 'fix',
      problems: ['Cannot read PUNCHLIST_WORKERS: "0" must be a whole number from 1 to 32'],
    });
    expect(checkSettings({ ...REGISTERED, PUNCHLIST_WORKERS: '8' }, keyDir).mode).not.toBe('fix');
  });

  it('a malformed DATABASE_URL is named without echoing it (it may hold a password)', () => {
    const plan = checkSettings({ ...REGISTERED, DATABASE_URL: 'mysql://root:hunter2@db/punchlist' }, keyDir);
    expect(plan).toEqual({ mode: 'fix', problems: ['DATABASE_URL is not a PostgreSQL connection URL: set it to postgres://USER:PASSWORD@HOST:5432/DATABASE, or unset it to keep the store in PUNCHLIST_DATA_DIR (embedded PGlite)'] });
  });
});

describe('the .env file the registration writes', () => {
  it('replaces a variable where it stands, keeps comments, appends the rest; the key survives the round trip', () => {
    const dir = tempDir();
    const file = join(dir, '.env');
    writeFileSync(file, '# my settings\nOPENAI_BASE_URL=http://127.0.0.1:11434/v1\nAPP_ID=1\n');
    const env: Record<string, string | undefined> = {};
    // Probot hands the key over wrapped in double quotes.
    updateEnvFile(file, { APP_ID: '4242', PRIVATE_KEY: `"${PEM}"`, WEBHOOK_SECRET: 'abc123' }, env);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n').slice(0, 3)).toEqual(['# my settings', 'OPENAI_BASE_URL=http://127.0.0.1:11434/v1', 'APP_ID=4242']);
    expect(parseEnv(text)).toEqual({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', APP_ID: '4242', PRIVATE_KEY: PEM, WEBHOOK_SECRET: 'abc123' });
    expect(env).toEqual({ APP_ID: '4242', PRIVATE_KEY: PEM, WEBHOOK_SECRET: 'abc123' });
    // Loading it never overrides what the environment says.
    const running: Record<string, string | undefined> = { APP_ID: '7' };
    expect(loadEnvFile(file, running).sort()).toEqual(['OPENAI_BASE_URL', 'PRIVATE_KEY', 'WEBHOOK_SECRET']);
    expect(running.APP_ID).toBe('7');
  });

  it.each([
    ['git@github.com:acme/punchlist.git', 'https://github.com/acme/punchlist'],
    ['https://github.com/acme/punchlist.git', 'https://github.com/acme/punchlist'],
    ['https://x-access-token:t@github.com/acme/punch.list', 'https://github.com/acme/punch.list'],
    ['https://gitlab.com/acme/punchlist.git', null],
  ])('the homepage from the remote %s is %s', (remote, page) => {
    expect(githubPage(remote)).toBe(page);
  });
});

describe('npm start, as a person runs it', () => {
  it('APP_ID alone: one line per missing setting, exit 2, no stack trace, nothing started', async () => {
    const r = await startAndExit({ APP_ID: '123' }, tempDir());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^punchlist: PRIVATE_KEY_PATH is not set: /),
      expect.stringMatching(/^punchlist: WEBHOOK_SECRET is not set: /),
      expect.stringMatching(/^punchlist: OPENAI_API_KEY, OPENAI_BASE_URL and ANTHROPIC_API_KEY are all unset/),
      'punchlist: Nothing was started: 3 settings to fix (README, "The App")',
    ]);
  });

  it('a malformed key and APP_ID: named, exit 2, before Probot is created', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'key.pem'), 'ssh-rsa AAAA… (a public key)\n');
    const r = await startAndExit({ APP_ID: 'my-app', PRIVATE_KEY_PATH: 'key.pem', WEBHOOK_SECRET: 'x', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' }, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('punchlist: APP_ID is "my-app": ');
    expect(r.stderr).toContain('punchlist: PRIVATE_KEY_PATH ("key.pem") does not hold a PEM private key');
    expect(r.stderr).not.toMatch(/\n\s+at |probot|Error:/);
  });

  it('a store that cannot be opened is one line naming DATABASE_URL, exit 2', async () => {
    const port = await freePort();
    const r = await startAndExit({ ...REGISTERED, PRIVATE_KEY: PEM, PRIVATE_KEY_PATH: '', DATABASE_URL: `postgres://punchlist@127.0.0.1:${port}/punchlist` }, tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^punchlist: Cannot open the PostgreSQL at DATABASE_URL: .*ECONNREFUSED/)]);
  });

  describe('registration: GitHub hands the credentials back, they are written to .env, and the next start runs the App', () => {
    let github: Server | undefined;
    afterAll(() => github?.close());

    it('exchanges the code, writes .env, sends the person to install the App; then npm start serves webhooks at the registered URL', async () => {
      const conversions: string[] = [];
      // GitHub's side of the manifest flow: `POST /app-manifests/{code}/conversions` answers the new App's credentials.
      github = createServer((req, res) => {
        conversions.push(`${req.method} ${req.url}`);
        res.writeHead(201, { 'content-type': 'application/json' }).end(
          JSON.stringify({ id: 4242, slug: 'punchlist-test', name: 'Punchlist', client_id: 'Iv1.0123456789abcdef', client_secret: 'c0ffee', webhook_secret: 'w3bh00k', pem: PEM, html_url: 'https://github.com/apps/punchlist-test' }),
        );
      });
      await new Promise<void>((resolve) => github!.listen(0, '127.0.0.1', resolve));
      const ghe = `127.0.0.1:${(github.address() as { port: number }).port}`;
      const dir = tempDir();
      const port = await freePort();
      const page = await startUntil({ PORT: String(port), HOST: '127.0.0.1', GHE_HOST: ghe, GHE_PROTOCOL: 'http' }, dir, REGISTER_LINE);
      try {
        const back = await fetch(`http://127.0.0.1:${port}/probot/setup?code=c0de`, { redirect: 'manual' });
        expect(back.status).toBe(302);
        expect(back.headers.get('location')).toBe('https://github.com/apps/punchlist-test/installations/new');
      } finally {
        expect(await page.stop()).toBe(0);
      }
      expect(conversions).toEqual(['POST /api/v3/app-manifests/c0de/conversions']);
      const written = parseEnv(readFileSync(join(dir, '.env'), 'utf8'));
      expect(written).toMatchObject({ APP_ID: '4242', PRIVATE_KEY: PEM, WEBHOOK_SECRET: 'w3bh00k', GITHUB_CLIENT_ID: 'Iv1.0123456789abcdef' });

      // The next start reads .env and runs the App; the webhook URL the manifest named (this host's `/`) is served.
      const appPort = await freePort();
      const app = await startUntil(
        { PORT: String(appPort), HOST: '127.0.0.1', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', PUNCHLIST_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' },
        dir,
        /punchlist: listening on (http:\/\/\S+)/,
      );
      try {
        const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
        const delivered = await fetch(`http://127.0.0.1:${appPort}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'd-1', 'x-hub-signature-256': `sha256=${createHmac('sha256', 'w3bh00k').update(body).digest('hex')}` },
          body,
        });
        expect(delivered.status).toBe(200);
        const unsigned = await fetch(`http://127.0.0.1:${appPort}/`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'd-2' }, body });
        expect(unsigned.status).toBeGreaterThanOrEqual(400);
      } finally {
        expect(await app.stop()).toBe(0);
      }
    }, 90_000);
  });
});
