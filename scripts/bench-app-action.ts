// `node scripts/bench-app-action.ts [--runs 5] [--engine pglite|postgres] [--app PATH]... [--load N]`: the App in
// Actions mode, run as the runner runs it (`node dist/app.js`, INPUT_* and GITHUB_* set, a fresh RUNNER_TEMP), on one
// labelled issue against the local fake GitHub and an instant scripted model. Per engine it runs `--runs` times and
// prints the first run apart (cold: dist/ and PGlite's files not yet read by this bench) and the median of the others:
//   start: from spawning node until the App says it is handling the event (seed unpacked, store open and migrated,
//   queue started, App loaded);
//   total: until the process exits (the pull request opened, the store closed; GitHub's one-second spacing of
//   writes, which octokit keeps, is most of it);
//   peak RSS: the resident set of dist/app.js and the store process it starts (dist/app-store.js), each process's
//   high-water mark (Linux's VmHWM, polled from /proc every 10 ms) summed: an upper bound of what the step held at
//   once. The store's files are not in it: on a tmpfs (/dev/shm) they take ~10 MB of memory besides.
// Goal (issue 13): start < 1 s (median of the later runs) and peak RSS < 300 MB (highest of all runs) with the
// embedded store. Build first (`npm run build`); `--app` measures another build (`node scripts/build.ts --out DIR`).
// An A/B comparison: give `--app` twice (or more); the builds' runs alternate (A, B, A, B, ...), so a change in the
// machine's load falls on all of them alike, and each build's figures are printed. `--load N` keeps N CPU-bound
// processes running meanwhile (one per core of a 2-core runner for a machine as busy as it gets), a reproducible
// stand-in for a loaded runner.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FILES, labeledPayload, modelReply, REPO } from '../test/app-e2e/fixtures.ts';
import { createScratchDatabase, postgresAnswers, type ScratchDatabase } from '../test/app-action/postgres-database.ts';
import { APP_ACTION } from '../test/app-action/run-app-action.ts';
import { startFakeGitHub } from '../test/helpers/fake-github.ts';
import { startScriptedModelServer } from '../test/helpers/scripted-model-server.ts';

const GOAL_START_MS = 1_000;
const GOAL_RSS_MB = 300;
const HANDLING = 'Punchlist: handling ';

interface RunFigures {
  startMs: number;
  totalMs: number;
  rssMb: number;
  pulls: number;
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Peak resident set of a live process in KiB (VmHWM), or 0 once it is gone. */
function highWaterKib(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** `pid` and its descendants. */
function processTree(pid: number): number[] {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${tree[i]}/task`)) {
        const children = readFileSync(`/proc/${tree[i]}/task/${task}/children`, 'utf8').trim();
        if (children) tree.push(...children.split(' ').map(Number));
      }
    } catch {
      // gone meanwhile
    }
  }
  return tree;
}

/** One run of dist/app.js on a labelled issue; `databaseUrl` null runs on the embedded store. */
async function runOnce(app: string, databaseUrl: string | null): Promise<RunFigures> {
  const github = await startFakeGitHub({ ...REPO, files: FILES });
  github.permissions.set('Codertocat', 'maintain');
  const model = await startScriptedModelServer([], { fallback: modelReply });
  const runnerTemp = mkdtempSync(join(tmpdir(), 'punchlist-bench-action-'));
  try {
    const payload = labeledPayload({ number: 1, title: 'Spelling error in the README file', body: "It looks like you spelled 'commit' with two 't's in README.md." });
    delete payload.installation;
    const eventPath = join(runnerTemp, 'event.json');
    writeFileSync(eventPath, JSON.stringify(payload));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      GITHUB_ACTIONS: 'true',
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'Codertocat/Hello-World',
      GITHUB_EVENT_NAME: 'issues',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_RUN_ID: String(Date.now()),
      RUNNER_TEMP: runnerTemp,
      'INPUT_GITHUB-TOKEN': 'ghs_benchtoken',
      'INPUT_OPENAI-BASE-URL': model.baseURL,
      'INPUT_MAX-MINUTES': '3',
      ...(databaseUrl ? { 'INPUT_DATABASE-URL': databaseUrl } : {}),
    };
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [app], { cwd: runnerTemp, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let startMs = NaN;
    let stdout = '';
    let stderr = '';
    const peaks = new Map<number, number>();
    const poll = setInterval(() => {
      for (const pid of processTree(child.pid!)) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, highWaterKib(pid)));
    }, 10);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (Number.isNaN(startMs) && stdout.includes(HANDLING)) startMs = performance.now() - spawnedAt;
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const totalMs = performance.now() - spawnedAt;
    clearInterval(poll);
    if (code !== 0 || Number.isNaN(startMs)) throw new Error(`dist/app.js exited ${code}:\n${stdout}${stderr}`);
    const rssKib = [...peaks.values()].reduce((a, b) => a + b, 0);
    return { startMs, totalMs, rssMb: rssKib / 1024, pulls: github.pulls.length };
  } finally {
    await github.close();
    await model.close();
    rmSync(runnerTemp, { recursive: true, force: true });
  }
}

/** The figures of runs: the first (cold: the bundle, PGlite's files and the seed not yet in the page cache) apart. */
function summary(figures: RunFigures[]): string {
  const [first, ...later] = figures;
  const rest = later.length > 0 ? later : figures;
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  return (
    `start ${ms(median(rest.map((f) => f.startMs))).padStart(7)} (first ${ms(first!.startMs)})  ` +
    `total ${ms(median(rest.map((f) => f.totalMs))).padStart(8)}  peak RSS ${median(rest.map((f) => f.rssMb)).toFixed(0).padStart(4)} MB (first ${first!.rssMb.toFixed(0)} MB)`
  );
}

/** Runs every build `runs` times on `engine`, alternating between them, and prints each build's figures. */
async function benchEngine(apps: string[], engine: 'pglite' | 'postgres', runs: number): Promise<void> {
  const figures = apps.map((): RunFigures[] => []);
  for (let i = 0; i < runs; i++) {
    for (const [index, app] of apps.entries()) {
      let database: ScratchDatabase | null = null;
      try {
        if (engine === 'postgres') database = await createScratchDatabase();
        figures[index]!.push(await runOnce(app, database?.url ?? null));
      } finally {
        await database?.drop();
      }
    }
  }
  for (const [index, app] of apps.entries()) printFigures(apps.length > 1 ? app : null, engine, figures[index]!);
}

function printFigures(app: string | null, engine: 'pglite' | 'postgres', figures: RunFigures[]): void {
  const runs = figures.length;
  const later = figures.length > 1 ? figures.slice(1) : figures;
  const start = median(later.map((f) => f.startMs));
  const rss = Math.max(...figures.map((f) => f.rssMb));
  const goal =
    engine === 'pglite'
      ? `\n         goal: start < ${GOAL_START_MS} ms ${start < GOAL_START_MS ? 'met' : 'MISSED'} (median of the later starts), ` +
        `peak RSS < ${GOAL_RSS_MB} MB ${rss < GOAL_RSS_MB ? 'met' : 'MISSED'} (highest of all ${runs})`
      : '';
  console.log(
    `${app === null ? '' : `${app}\n`}${engine.padEnd(8)} ${summary(figures)}  (${runs} runs, medians of the ${later.length} after the first; starts ${figures.map((f) => f.startMs.toFixed(0)).join('/')} ms; ` +
      `pull requests ${figures.map((f) => f.pulls).join('/')})${goal}`,
  );
}

/** `count` processes that spin on a core each until the bench ends (`--load`). */
function startLoad(count: number): () => void {
  const spinners = Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  return () => {
    for (const spinner of spinners) spinner.kill();
  };
}

function usage(): never {
  console.error('usage: node scripts/bench-app-action.ts [--runs N] [--engine pglite|postgres] [--app PATH]... [--load N]');
  process.exit(2);
}

const runs = Number(argument('runs') ?? 5);
const apps = process.argv.flatMap((arg, at) => (arg === '--app' ? [process.argv[at + 1] ?? usage()] : []));
if (apps.length === 0) apps.push(APP_ACTION);
const only = argument('engine');
const load = Number(argument('load') ?? 0);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(load) || load < 0 || (only !== undefined && only !== 'pglite' && only !== 'postgres')) usage();
for (const app of apps) {
  if (!existsSync(app)) {
    console.error(`${app} is missing: run npm run build first`);
    process.exit(2);
  }
}
console.log(`App in Actions mode: node ${apps.join(', ')} on one labelled issue (fake GitHub, instant model)${load > 0 ? `, ${load} CPU-bound process(es) beside` : ''}`);
const stopLoad = startLoad(load);
try {
  if (only !== 'postgres') await benchEngine(apps, 'pglite', runs);
  if (only !== 'pglite') {
    if (await postgresAnswers()) await benchEngine(apps, 'postgres', runs);
    else console.log('postgres skipped: no PostgreSQL answered (set DATABASE_URL)');
  }
} finally {
  stopLoad();
}
