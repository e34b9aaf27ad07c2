import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { startScriptedModelServer, type ScriptedReply, type ScriptedServer } from '../helpers/scripted-model-server.ts';
import { startApp, type AppProcess } from './app-process.ts';
import { REPO } from './fixtures.ts';

/** A running App with its fake GitHub, scripted model and data directory. */
export interface AppStack {
  github: FakeGitHub;
  model: ScriptedServer;
  app: AppProcess;
  dataDir: string;
}

/**
 * Starts the fake GitHub (the fixture repository with `files`, people with `permissions`), a model server answering
 * with `reply`, and the App as a process, before the block's tests; stops and removes them after. `use` receives them.
 */
export function useAppStack(options: { files: Record<string, string>; permissions: Record<string, string>; reply: ScriptedReply }, use: (stack: AppStack) => void): void {
  let stack: Partial<AppStack> = {};
  beforeAll(async () => {
    const github = await startFakeGitHub({ ...REPO, files: options.files });
    for (const [login, role] of Object.entries(options.permissions)) github.permissions.set(login, role);
    stack = { github };
    const model = await startScriptedModelServer([], { fallback: options.reply });
    stack.model = model;
    const dataDir = mkdtempSync(join(tmpdir(), 'punchlist-app-'));
    stack.dataDir = dataDir;
    stack.app = await startApp({ githubUrl: github.url, modelBaseUrl: model.baseURL, dataDir });
    use(stack as AppStack);
  }, 90_000);
  afterAll(async () => {
    await stack.app?.stop();
    await stack.github?.close();
    await stack.model?.close();
    if (stack.dataDir) rmSync(stack.dataDir, { recursive: true, force: true });
  });
}
