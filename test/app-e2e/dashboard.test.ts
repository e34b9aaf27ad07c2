import { createHash } from 'node:crypto';
// The dashboard in a real browser: Chromium (the system's, headless, no network) driven by playwright-core against
// a seeded store on PGlite and on PostgreSQL. Pages must load without console errors, show the seeded numbers in
// their text, filter and page, draw their charts, and pass axe-core with no serious violations. Screenshots go to
// a temporary folder (printed); PUNCHLIST_DOCS_SCREENSHOT=1 also writes docs/dashboard.png.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardAuth } from '../../app/dashboard/access.ts';
import { mountDashboard } from '../../app/dashboard/mount-dashboard.ts';
import { usd } from '../../app/dashboard/format.ts';
import { createWorkOrder, listDecisions, openStore, type Store } from '../../src/store/index.ts';
import { createScratchDatabase, postgresAnswers, type ScratchDatabase } from '../app-action/postgres-database.ts';
import { API, HOSTILE_TITLE, MINI, seedDashboard, SONNET, WEB, type Seeded } from '../helpers/dashboard-seed.ts';
import { startOAuthStandIn, type OAuthStandIn } from '../helpers/oauth-stand-in.ts';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`Dashboard browser tests SKIPPED: no Chromium at ${CHROMIUM}`);
const postgresUp = haveChromium && (await postgresAnswers());
const SHOTS = join(tmpdir(), 'punchlist-dashboard-screenshots');
const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

interface Served {
  url: string;
  close(): Promise<void>;
}

async function serve(store: Store, auth: DashboardAuth, host = '127.0.0.1'): Promise<Served> {
  const server = createServer((_req, res) => res.writeHead(404).end('not the dashboard\n'));
  mountDashboard(server, { db: store.db, auth, web: 'https://github.example' });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    // The browser keeps its connections alive; they are cut so the server can close.
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

let context: BrowserContext;
let userDataDir: string;

/** A page with its console errors collected, at `url`, once its charts are drawn. */
async function visit(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(`[...document.querySelectorAll('canvas')].every((c) => c.getAttribute('data-drawn') === 'true')`);
  return { page, errors };
}

/** Checks what every page must hold: no console errors, charts with pixels, no serious axe violations; saves a screenshot. */
async function checkPage(page: Page, errors: string[], name: string): Promise<void> {
  expect(errors).toEqual([]);
  // Evaluated in the page (strings: this project's TypeScript has no DOM types).
  const painted = (await page.evaluate(`[...document.querySelectorAll('canvas')].map((c) => {
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  })`)) as number[];
  for (const pixels of painted) expect(pixels).toBeGreaterThan(500);
  await page.evaluate(AXE);
  const violations = (await page.evaluate(`axe.run({ resultTypes: ['violations'] }).then((r) => r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`)) as string[];
  expect(violations).toEqual([]);
  expect(await page.evaluate('window.__pwned')).toBeUndefined();
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const text = (page: Page, selector = 'main') => page.locator(selector).innerText();
const rowStates = (page: Page) => page.locator('table.orders tbody tr td:nth-child(4)').allInnerTexts();

describe.skipIf(!haveChromium)('the dashboard in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    userDataDir = mkdtempSync(join(tmpdir(), 'punchlist-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    console.log(`dashboard screenshots: ${SHOTS}`);
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  for (const engine of ['pglite', 'postgres'] as const) {
    describe.skipIf(engine === 'postgres' && !postgresUp)(`[${engine}]`, () => {
      let store: Store;
      let seeded: Seeded;
      let served: Served;
      let dataDir: string | undefined;
      let scratch: ScratchDatabase | undefined;
      beforeAll(async () => {
        if (engine === 'pglite') {
          dataDir = mkdtempSync(join(tmpdir(), 'punchlist-dashboard-'));
          store = await openStore({ dataDir });
        } else {
          scratch = await createScratchDatabase();
          store = await openStore({ databaseUrl: scratch.url });
        }
        seeded = await seedDashboard(store);
        served = await serve(store, { mode: 'none' });
      }, 120_000);
      afterAll(async () => {
        await served?.close();
        await store?.close();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
        await scratch?.drop();
      });

      it('lists work orders, those waiting for a person first, with the seeded numbers', async () => {
        const { page, errors } = await visit(`${served.url}/dashboard`);
        expect(await page.title()).toBe('Work orders · Punchlist');
        const main = await text(page);
        expect(main).toContain('3 waiting for a person');
        expect(main).toContain(`${seeded.total} work orders in all`);
        expect(main).toContain(HOSTILE_TITLE);
        const states = await rowStates(page);
        expect(states).toHaveLength(50);
        expect(states.slice(0, 3).map((s) => s.replace(/^\S+\s/, '')).sort()).toEqual(['budget exceeded', 'escalated', 'failed']);
        const escalated = page.locator(`tr:has(a[href="/dashboard/work-orders/${seeded.byState.escalated.id}"])`);
        expect(await escalated.innerText()).toContain(usd(seeded.byState.escalated.spentUsd));
        if (engine === 'pglite' && process.env.PUNCHLIST_DOCS_SCREENSHOT === '1') await page.screenshot({ path: 'docs/dashboard.png' });
        await checkPage(page, errors, `${engine}-work-orders`);
        await page.close();
      });

      it('filters by state and repository, and pages', async () => {
        const { page, errors } = await visit(`${served.url}/dashboard`);
        await page.getByLabel('escalated').check();
        await page.getByLabel('queued').check();
        await page.getByRole('button', { name: 'Filter' }).click();
        await page.waitForURL(/state=escalated/);
        const states = await rowStates(page);
        expect(new Set(states.map((s) => s.replace(/^\S+\s/, '')))).toEqual(new Set(['escalated', 'queued']));
        expect(states[0]).toContain('escalated');

        await page.goto(`${served.url}/dashboard`);
        await page.getByLabel('Repository').selectOption(WEB);
        await page.getByRole('button', { name: 'Filter' }).click();
        await page.waitForURL(/repository=acme%2Fweb/);
        const repos = await page.locator('table.orders tbody tr td:nth-child(2)').allInnerTexts();
        expect(repos).toHaveLength(seeded.perRepository[WEB]!);
        expect(new Set(repos)).toEqual(new Set([WEB]));

        await page.goto(`${served.url}/dashboard`);
        expect(await text(page, '.pager')).toContain('Page 1 of 2');
        const first = await page.locator('table.orders tbody tr td:first-child').allInnerTexts();
        await page.getByRole('link', { name: 'Next page' }).click();
        await page.waitForURL(/page=2/);
        expect(await text(page, '.pager')).toContain('Page 2 of 2');
        const second = await page.locator('table.orders tbody tr td:first-child').allInnerTexts();
        expect(first.length + second.length).toBe(seeded.total);
        expect(second.filter((id) => first.includes(id))).toEqual([]);
        await checkPage(page, errors, `${engine}-work-orders-page-2`);
        await page.close();
      });

      it("shows one work order's timeline as its decisions say", async () => {
        const { page, errors } = await visit(`${served.url}/dashboard`);
        const { id } = seeded.byState.escalated;
        await page.locator(`a[href="/dashboard/work-orders/${id}"]`).click();
        await page.waitForURL(new RegExp(`/dashboard/work-orders/${id}$`));
        const conclusions = await page.locator('ol.timeline .conclusion').allInnerTexts();
        expect(conclusions).toEqual((await listDecisions(store.db, id)).map((d) => d.conclusion));
        const main = await text(page);
        expect(main).toContain('Cycle 0: CI at');
        expect(main).toContain('test_fail in src/app.test.ts:12, test “adds numbers” [test]: expected 3, got 4'.replace(/[“”]/g, ''));
        expect(main).toContain(`Settled ${usd(seeded.byState.escalated.spentUsd)}`);
        expect(main).toContain('1 model call.');
        expect(await page.locator('h1').innerText()).toContain(HOSTILE_TITLE);
        await checkPage(page, errors, `${engine}-work-order`);
        await page.close();
      });

      it('shows money per day and month against the budgets, per repository and model', async () => {
        const { page, errors } = await visit(`${served.url}/dashboard/money`);
        const totals = await text(page, '#totals-caption + .chart-pair table');
        for (const repository of [WEB, API]) {
          const spent = seeded.spend[repository]!;
          const total = Object.values(spent).reduce((s, n) => s + n, 0);
          const row = await page.locator('#totals-caption + .chart-pair table tbody tr', { hasText: repository }).innerText();
          expect(row).toContain(usd(total));
          for (const model of [MINI, SONNET]) if (spent[model]) expect(row).toContain(usd(spent[model]));
        }
        expect(totals).toContain(MINI);
        expect(await text(page, '#budgets-caption + .chart-pair table')).toContain('$20.00');
        expect(await page.locator('canvas').count()).toBe(3);
        await checkPage(page, errors, `${engine}-money`);
        await page.close();
      });

      it('shows routing success and cost per success with intervals', async () => {
        const { page, errors } = await visit(`${served.url}/dashboard/routing`);
        const rows = page.locator('table tbody tr');
        for (const model of [MINI, SONNET]) {
          const mine = await rows.filter({ hasText: model }).allInnerTexts();
          const samples = mine.reduce((s, r) => s + Number(r.split('\t')[2]), 0);
          const successes = mine.reduce((s, r) => s + Number(r.split('\t')[3]), 0);
          expect(samples).toBe(seeded.attempts[model]!.samples);
          expect(successes).toBe(seeded.attempts[model]!.successes);
        }
        expect(await text(page)).toMatch(/\d+ % \(\d+ %–\d+ %\)/);
        await checkPage(page, errors, `${engine}-routing`);
        await page.close();
      });

      it('shows failures by class over time and the most frequent fingerprints', async () => {
        const { page, errors } = await visit(`${served.url}/dashboard/failures`);
        const weekly = await text(page, '#failures-caption + .chart-pair table');
        expect(weekly).toContain('compile_error');
        const top = await page.locator('#fingerprints ~ table tbody tr').first().innerText();
        expect(top.split('\t')[0]).toBe('2');
        expect(await text(page)).toContain('src/app.test.ts');
        await checkPage(page, errors, `${engine}-failures`);
        await page.close();
      });

      if (engine === 'pglite') {
        describe('sign-in', () => {
          let github: OAuthStandIn;
          let signed: Served;
          let tooMany: string[] = [];
          beforeAll(async () => {
            // carol reads thousands of repositories, few of them with work orders: more names than a cookie holds.
            const many = Array.from({ length: 3000 }, (_, i) => `big-org/${createHash('sha256').update(`c${i}`).digest('hex')}`);
            tooMany = Array.from({ length: 400 }, (_, i) => `acme/${createHash('sha256').update(`d${i}`).digest('hex')}`);
            github = await startOAuthStandIn({ alice: { 7: [WEB] }, bob: { 7: [WEB, API] }, carol: { 7: [...many, WEB] }, dave: { 7: tooMany } });
            signed = await serve(store, {
              mode: 'github',
              clientId: github.clientId,
              clientSecret: github.clientSecret,
              sessionSecret: 'dashboard-test-secret',
              endpoints: { web: github.url, api: `${github.url}/api/v3` },
              publicUrl: null,
            });
          });
          afterAll(async () => {
            await signed?.close();
            await github?.close();
          });

          it('signs a person in with GitHub and shows only the repositories they can read', async () => {
            await context.clearCookies();
            github.signInAs = 'alice';
            const { page, errors } = await visit(`${signed.url}/dashboard?state=escalated&state=failed&state=queued`);
            expect(page.url()).toContain(`${signed.url}/dashboard?state=escalated`);
            expect(await text(page, 'header')).toContain('Signed in as alice');
            const repos = await page.locator('table.orders tbody tr td:nth-child(2)').allInnerTexts();
            expect(repos.length).toBeGreaterThan(0);
            expect(new Set(repos)).toEqual(new Set([WEB]));
            expect(await page.locator('body').innerText()).not.toContain(API);
            const apiOrder = Object.values(seeded.byState).find((o) => o.repository === API)!;
            const hidden = await page.goto(`${signed.url}/dashboard/work-orders/${apiOrder.id}`);
            expect(hidden?.status()).toBe(404);
            errors.length = 0; // the browser logs the 404 just asserted
            await page.goto(`${signed.url}/dashboard/money`);
            expect(await page.locator('body').innerText()).not.toContain(API);
            await checkPage(page, errors, 'pglite-signed-in-money');
            await page.getByRole('button', { name: 'Sign out' }).click();
            await page.waitForURL(/login\/oauth\/authorize|\/dashboard/);
            expect(github.requests).toContain('POST /login/oauth/access_token');
            await page.close();
          });

          it('keeps in the session only the repositories with work orders when all a person reads would not fit', async () => {
            await context.clearCookies();
            github.signInAs = 'carol';
            const { page, errors } = await visit(`${signed.url}/dashboard`);
            expect(await text(page, 'header')).toContain('Signed in as carol');
            const repos = await page.locator('table.orders tbody tr td:nth-child(2)').allInnerTexts();
            expect(new Set(repos)).toEqual(new Set([WEB]));
            await checkPage(page, errors, 'pglite-signed-in-many-repositories');
            await page.close();
          });

          it('refuses, in words, a sign-in whose repositories with work orders would not fit either', async () => {
            await context.clearCookies();
            // dave reads 400 repositories, and every one has a work order.
            for (const [i, repository] of tooMany.entries()) {
              await createWorkOrder(store, { repository, issueNumber: 1, trigger: 'punchlist', title: `Work ${i}`, installationId: 7 }, { enqueue: false, decision: { kind: 'intake', conclusion: 'Took it in', evidence: {} } });
            }
            github.signInAs = 'dave';
            const { page } = await visit(`${signed.url}/dashboard`);
            expect(await page.locator('body').innerText()).toMatch(/You can read 400 repositories that have Punchlist work orders, more than a sign-in can hold/);
            await page.close();
          });

          it('refuses a forged session and sends the person to sign in', async () => {
            const res = await fetch(`${signed.url}/dashboard`, { headers: { cookie: 'punchlist_session=eyJsb2dpbiI6ImV2ZSJ9.forged' }, redirect: 'manual' });
            expect(res.status).toBe(302);
            expect(res.headers.get('location')).toMatch(/^\/dashboard\/login\?next=/);
          });

          it('refuses PUNCHLIST_DASHBOARD_AUTH=none on a server not bound to 127.0.0.1', async () => {
            const open = await serve(store, { mode: 'none' }, '0.0.0.0');
            try {
              const res = await fetch(`${open.url}/dashboard`);
              expect(res.status).toBe(403);
              expect(await res.text()).toContain('only on a server bound to 127.0.0.1');
            } finally {
              await open.close();
            }
          });
        });
      }
    });
  }
});
