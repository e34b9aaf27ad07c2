import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { createScratchDatabase, postgresAnswers, type ScratchDatabase } from '../app-action/postgres-database.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { startScriptedModelServer, type ScriptedReply, type ScriptedServer } from '../helpers/scripted-model-server.ts';
import { startApp, type AppProcess } from './app-process.ts';
import { REPO } from './fixtures.ts';

/** The store engines an App story can run on. */
export type AppEngine = 'pglite' | 'postgres';

/** Whether a PostgreSQL server answers here (checked once per test file). */
export const postgresUp = await postgresAnswers();

/**
 * The engines to run App stories on: PGlite always, PostgreSQL when a server answers. Without one, the PostgreSQL
 * leg is left out with a one-line notice.
 */
export function appEngines(what: string): AppEngine[] {
  if (postgresUp) return ['pglite', 'postgres'];
  console.warn(`${what}: PostgreSQL leg SKIPPED: no server answered (set DATABASE_URL to run it)`);
  return ['pglite'];
}

/** A running App with its fake GitHub, scripted model and store (a data directory, or a fresh PostgreSQL database). */
export interface AppStack {
  engine: AppEngine;
  github: FakeGitHub;
  model: ScriptedServer;
  app: AppProcess;
  dataDir: string;
  /** The App's environment for its store: `DATABASE_URL` on PostgreSQL, nothing on PGlite (it uses `dataDir`). */
  env: Record<string, string>;
  /** Opens the App's store (after the App stopped, on PGlite: its data directory is one process's). */
  openStore(): Promise<Store>;
}

/** What a stack is made of. */
export interface AppStackOptions {
  files: Record<string, string>;
  permissions: Record<string, string>;
  reply: ScriptedReply;
  /** Default `pglite`; `postgres` gives the App a fresh database of its own on the local server. */
  engine?: AppEngine;
  /** More of the App's environment. */
  env?: Record<string, string>;
}

/**
 * Starts the fake GitHub (the fixture repository with `files`, people with `permissions`), a model server answering
 * with `reply`, and the App as a process on the chosen engine, before the block's tests; stops and removes them
 * after. `use` receives them.
 */
export function useAppStack(options: AppStackOptions, use: (stack: AppStack) => void): void {
  const engine = options.engine ?? 'pglite';
  let stack: Partial<AppStack> = { engine };
  let scratch: ScratchDatabase | null = null;
  beforeAll(async () => {
    const github = await startFakeGitHub({ ...REPO, files: options.files });
    for (const [login, role] of Object.entries(options.permissions)) github.permissions.set(login, role);
    stack.github = github;
    const model = await startScriptedModelServer([], { fallback: options.reply });
    stack.model = model;
    const dataDir = mkdtempSync(join(tmpdir(), 'punchlist-app-'));
    stack.dataDir = dataDir;
    scratch = engine === 'postgres' ? await createScratchDatabase() : null;
    const url = scratch?.url;
    stack.env = url ? { DATABASE_URL: url } : {};
    stack.openStore = () => openStore(url ? { databaseUrl: url } : { dataDir });
    stack.app = await startApp({ githubUrl: github.url, modelBaseUrl: model.baseURL, dataDir, env: { ...stack.env, ...options.env } });
    use(stack as AppStack);
  }, 90_000);
  afterAll(async () => {
    await stack.app?.stop();
    await stack.github?.close();
    await stack.model?.close();
    await scratch?.drop();
    if (stack.dataDir) rmSync(stack.dataDir, { recursive: true, force: true });
    stack = { engine };
  });
}
