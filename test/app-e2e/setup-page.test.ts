import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { freePort, REGISTER_LINE, ROOT, startUntil, type Started } from '../app/startup-process.ts';

// `npm start` with no APP_ID serves Probot's registration page. A real browser opens it and presses "Register
// GitHub App", up to the point where GitHub takes over: the POST to github.com is intercepted and its manifest read.
// The machine has no internet, so nothing reaches GitHub.

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.warn(`setup-page.test.ts: skipped, no Chromium at ${CHROMIUM} (Debian: apt-get install chromium; CI installs it)`);

const APP_YML = YAML.parse(readFileSync(join(ROOT, 'app.yml'), 'utf8')) as { name: string; description: string; default_events: string[]; default_permissions: Record<string, string> };

describe.skipIf(!available)('the registration page in a real browser', () => {
  // One fresh profile (--user-data-dir) for the run: playwright takes it as a persistent context.
  let browser: BrowserContext;
  /** Requests for github.com, answered in place of GitHub. */
  const posted: { url: string; body: string }[] = [];
  const dirs: string[] = [];
  const servers: Started[] = [];
  const userDataDir = mkdtempSync(join(tmpdir(), 'punchlist-chromium-'));

  beforeAll(async () => {
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    // GitHub's side: anything for github.com is answered here, so the test sees what would have been sent.
    await browser.route(/^https:\/\/([^/]+\.)?github\.com\//, async (route) => {
      const request = route.request();
      posted.push({ url: `${request.method()} ${request.url()}`, body: request.postData() ?? '' });
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<title>GitHub</title><p>GitHub takes over here.</p>' });
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.stop();
    for (const d of [...dirs, userDataDir]) rmSync(d, { recursive: true, force: true });
  });

  /** `npm start` with nothing registered, in a fresh directory (where `.env` is written). */
  async function registrationPage(env: Record<string, string> = {}): Promise<{ base: string; dir: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'punchlist-register-test-'));
    dirs.push(dir);
    const port = await freePort();
    const started = await startUntil({ PORT: String(port), HOST: '127.0.0.1', ...env }, dir, REGISTER_LINE);
    servers.push(started);
    expect(started.match[1]).toBe(`http://127.0.0.1:${port}/probot`);
    return { base: `http://127.0.0.1:${port}`, dir };
  }

  /** Opens the page, presses the register button, and returns the manifest the form POSTs to GitHub. */
  async function register(base: string): Promise<{ manifest: Record<string, any>; action: string; heading: string }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    posted.length = 0;
    const page = await browser.newPage();
    try {
      const response = await page.goto(`${base}/`);
      expect(response?.ok()).toBe(true);
      expect(page.url()).toBe(`${base}/probot`);
      const heading = (await page.locator('h1').innerText()).trim();
      const button = page.getByRole('button', { name: 'Register GitHub App' });
      expect(await button.isVisible()).toBe(true);
      const action = (await page.locator('form').getAttribute('action')) ?? '';
      // The form opens GitHub in a new tab.
      const [github] = await Promise.all([browser.waitForEvent('page'), button.click()]);
      await github.waitForLoadState();
      expect(await github.title()).toBe('GitHub');
      expect(posted).toHaveLength(1);
      expect(posted[0]!.url).toBe('POST https://github.com/settings/apps/new');
      const manifest = JSON.parse(new URLSearchParams(posted[0]!.body).get('manifest') ?? 'null');
      await github.close();
      return { manifest, action, heading };
    } finally {
      await page.close();
    }
  }

  it('shows the App and its register button; the form POSTs app.yml\'s manifest to github.com with this host as the webhook', async () => {
    const { base, dir } = await registrationPage();
    const { manifest, action, heading } = await register(base);
    expect(heading).toMatch(/^Welcome to Punchlist\b/);
    expect(action).toBe('https://github.com/settings/apps/new');
    expect(manifest).toMatchObject({
      name: 'Punchlist',
      description: APP_YML.description,
      public: false,
      hook_attributes: { url: `${base}/` },
      redirect_url: `${base}/probot/setup`,
      default_events: ['issues', 'issue_comment', 'pull_request', 'push', 'workflow_run', 'check_suite', 'status'],
      default_permissions: { contents: 'write', pull_requests: 'write', issues: 'write', metadata: 'read', checks: 'write', actions: 'write', statuses: 'read' },
    });
    expect(manifest.default_events).toEqual(APP_YML.default_events);
    expect(manifest.default_permissions).toEqual(APP_YML.default_permissions);
    // GitHub requires a homepage; no placeholder stands in for it.
    expect(new URL(manifest.url as string).protocol).toMatch(/^https?:$/);
    expect(manifest.url).not.toMatch(/example\.com|OWNER/);
    // Nothing is written before GitHub hands the credentials back.
    expect(existsSync(join(dir, '.env'))).toBe(false);
  }, 60_000);

  it('names WEBHOOK_PROXY_URL as the webhook when it is set (a laptop behind a smee.io channel)', async () => {
    const { base } = await registrationPage({ WEBHOOK_PROXY_URL: 'https://smee.io/punchlist-e2e' });
    const { manifest } = await register(base);
    expect(manifest.hook_attributes).toEqual({ url: 'https://smee.io/punchlist-e2e' });
    expect(manifest.redirect_url).toBe(`${base}/probot/setup`);
  }, 60_000);

  it('"use an existing GitHub App": the form writes the App ID, key and secret to .env', async () => {
    const { base, dir } = await registrationPage();
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
    const page = await browser.newPage();
    try {
      await page.goto(`${base}/probot`);
      await page.getByRole('link', { name: /use an existing Github App/i }).click();
      await page.fill('#appId', '4242');
      await page.fill('#whs', 'existing-secret');
      await page.setInputFiles('#pem', { name: 'punchlist.private-key.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(pem) });
      await Promise.all([page.waitForURL(`${base}/probot/success`), page.getByRole('button', { name: 'Submit' }).click()]);
    } finally {
      await page.close();
    }
    expect(parseEnv(readFileSync(join(dir, '.env'), 'utf8'))).toEqual({ APP_ID: '4242', PRIVATE_KEY: pem, WEBHOOK_SECRET: 'existing-secret' });
  }, 60_000);
});
