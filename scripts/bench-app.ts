// `node scripts/bench-app.ts [--deliveries 1000] [--rate 200] [--minutes 10] [--engine pglite|postgres] [--log-dir DIR]`: the App's
// figures on each store engine. The App runs as a process (`node app/server.ts`) against the local fake GitHub and
// an instant scripted model; a burst of signed `issues.labeled` deliveries is sent open-loop (each at its scheduled
// time, whatever the earlier ones are doing), and the App is judged only from outside: HTTP answers, what the fake
// GitHub saw, and the store once the App has stopped. Prints figures; exits non-zero only when the harness fails.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { listWorkOrders, openStore, type StoreOptions, type WorkOrder } from '../src/store/index.ts';
import { startApp, type AppProcess } from '../test/app-e2e/app-process.ts';
import { FILES, labeledPayload, modelReply, REPO } from '../test/app-e2e/fixtures.ts';
import { startFakeGitHub, type FakeGitHub } from '../test/helpers/fake-github.ts';
import { startScriptedModelServer, type ScriptedServer } from '../test/helpers/scripted-model-server.ts';

const POSTGRES_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const GOAL_P99_MS = 50;
const POLL_MS = 250;
const WARM_UP_DELIVERIES = 20;
/** How long a stopping App may take to finish its step in flight before it is killed. */
const STOP_GRACE_MS = 60_000;
/** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ, fixed on every architecture Node runs on). */
const TICKS_PER_SECOND = 100;

/** What to run, from the command line. */
interface BenchArguments {
  deliveries: number;
  perSecond: number;
  minutes: number;
  engines: ('pglite' | 'postgres')[];
  /** Where to write the App's own output, one file per engine, to read what it did; null: nowhere. */
  logDir: string | null;
}

/** One delivery's fate: its HTTP status (or the error instead), its latency and how late the harness sent it. */
interface Sent {
  status: number | null;
  error: string | null;
  latencyMs: number;
  lateMs: number;
  deliveryId: string | null;
}

/** CPU seconds used, per party, over a phase of the run. */
interface CpuSample {
  app: number;
  harness: number;
  machineBusy: number;
  machineTotal: number;
}

/** Everything measured on one engine. */
interface EngineFigures {
  engine: string;
  sent: Sent[];
  burstSeconds: number;
  harnessLagP99Ms: number;
  pullsByIssue: Map<number, number>;
  completionMinutes: number;
  allCompleted: boolean;
  workOrders: WorkOrder[];
  /** Delivery ids in the App's webhook inbox once it stopped: an acked delivery missing here is lost for good. */
  stored: Set<string>;
  commentsByIssue: Map<number, number>;
  stoppedCleanly: boolean;
  cpuBurst: string;
  cpuDrain: string;
  /** Requests that change something on GitHub (not GET), per second, after the burst. */
  drainWritesPerSecond: number;
  violations: number;
  modelProblems: number;
}

/** Reads `--name value` as a positive number, or the default; a bad value is a usage error. */
function numberArgument(argv: string[], name: string, fallback: number): number {
  const at = argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) usage(`"--${name}" must be a positive number, not "${argv[at + 1] ?? ''}"`);
  return value;
}

/** Exits 2 with a one-line reason, as the CLI does on bad usage. */
function usage(reason: string): never {
  process.stderr.write(`bench-app: ${reason}\n`);
  process.exit(2);
}

/** Parses the command line once into a typed object. */
function parseArguments(argv: string[]): BenchArguments {
  const engineAt = argv.indexOf('--engine');
  const engine = engineAt < 0 ? null : argv[engineAt + 1];
  if (engine !== null && engine !== 'pglite' && engine !== 'postgres') usage(`"--engine" must be "pglite" or "postgres", not "${engine ?? ''}"`);
  return {
    deliveries: Math.round(numberArgument(argv, 'deliveries', 1000)),
    perSecond: numberArgument(argv, 'rate', 200),
    minutes: numberArgument(argv, 'minutes', 10),
    engines: engine === null ? ['pglite', 'postgres'] : [engine],
    logDir: argv.includes('--log-dir') ? (argv[argv.indexOf('--log-dir') + 1] ?? usage('"--log-dir" needs a directory')) : null,
  };
}

/** The value at quantile `q` of ascending `sorted` (nearest rank), or NaN for no values. */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** Resolves at performance-clock time `at` (ms); a timer may fire late, which `send` measures rather than hides. */
function sleepUntil(at: number): Promise<void> {
  const wait = at - performance.now();
  return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
}

/**
 * Sends `payloads` open-loop at `perSecond`: delivery i leaves at t0 + i/perSecond whatever the earlier ones are
 * doing, as GitHub's deliveries do. Latency runs from the moment the request is handed to fetch to its answer.
 */
async function sendBurst(app: AppProcess, payloads: unknown[], perSecond: number): Promise<Sent[]> {
  const interval = 1000 / perSecond;
  const t0 = performance.now();
  const pending: Promise<Sent>[] = [];
  for (let i = 0; i < payloads.length; i++) {
    const scheduled = t0 + i * interval;
    await sleepUntil(scheduled);
    const started = performance.now();
    pending.push(
      app.deliver('issues', payloads[i]).then(
        ({ status, deliveryId }) => ({ status, error: null, latencyMs: performance.now() - started, lateMs: started - scheduled, deliveryId }),
        (error: unknown) => ({ status: null, error: (error as Error).message, latencyMs: performance.now() - started, lateMs: started - scheduled, deliveryId: null }),
      ),
    );
  }
  return Promise.all(pending);
}

/** The issue a pull request closes, from its branch name (`punchlist/<issue>-<slug>`). */
function issueOfBranch(branch: string): number | null {
  const match = /^punchlist\/(\d+)-/.exec(branch);
  return match ? Number(match[1]) : null;
}

/** Counts `items` by the key `keyOf` gives, skipping those it gives none. */
function countBy<T>(items: T[], keyOf: (item: T) => number | null): Map<number, number> {
  const counts = new Map<number, number>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Polls the fake until every issue has a pull request or `deadline` passes; returns when the last one appeared. */
async function waitForPulls(github: FakeGitHub, issues: number, deadline: number): Promise<{ lastAt: number; all: boolean }> {
  let seen = 0;
  let lastAt = performance.now();
  for (;;) {
    const distinct = countBy(github.pulls, (p) => issueOfBranch(p.head)).size;
    if (distinct > seen) {
      seen = distinct;
      lastAt = performance.now();
    }
    if (distinct >= issues) return { lastAt, all: true };
    if (performance.now() >= deadline) return { lastAt, all: false };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** How many requests the fake GitHub has had that change something (every method but GET). */
function writeCount(github: FakeGitHub): number {
  return github.requests.filter((r) => r.method !== 'GET').length;
}

/** The App's process id: the harness's child running app/server.ts (AppProcess does not expose it). */
function appPid(): number | null {
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    const children = readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const child of children) {
      const command = readFileSync(`/proc/${child}/cmdline`, 'utf8');
      if (command.includes('app/server.ts')) return Number(child);
    }
  }
  return null;
}

/** CPU seconds of a process so far (user + system), from /proc; 0 once it is gone. */
function processCpuSeconds(pid: number | null): number {
  if (pid === null) return 0;
  try {
    // The command name may hold spaces; the fields after its closing parenthesis are fixed: utime is 14th, stime 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The whole machine's busy and total CPU ticks so far (first line of /proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const values = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, v) => sum + v, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** A snapshot of CPU used so far by the App, by this harness (fake GitHub, model server, sender) and the machine. */
function sampleCpu(pid: number | null): CpuSample {
  const usage = process.cpuUsage();
  const machine = machineTicks();
  return { app: processCpuSeconds(pid), harness: (usage.user + usage.system) / 1e6, machineBusy: machine.busy, machineTotal: machine.total };
}

/** CPU use between two snapshots as percentages of one core (App, harness) and of the whole machine. */
function describeCpu(from: CpuSample, to: CpuSample, seconds: number): string {
  const percent = (cpu: number) => `${((cpu / seconds) * 100).toFixed(0)}%`;
  const machine = to.machineTotal > from.machineTotal ? ((to.machineBusy - from.machineBusy) / (to.machineTotal - from.machineTotal)) * 100 : 0;
  return `App ${percent(to.app - from.app)} of a core, harness ${percent(to.harness - from.harness)}, machine ${machine.toFixed(0)}% busy`;
}

/** Where one engine's store lives for the App, how the harness reads it afterwards, and how it is removed. */
interface EngineStore {
  appEnv: Record<string, string>;
  storeOptions: StoreOptions;
  dataDir: string;
  cleanup(): Promise<void>;
}

/**
 * A fresh store for the App. The App takes its store only from DATABASE_URL, which cannot name a schema for both the
 * tables and pg-boss, so PostgreSQL gets a fresh database (dropped afterwards) rather than a fresh schema.
 */
async function freshStore(engine: 'pglite' | 'postgres'): Promise<EngineStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'punchlist-bench-app-'));
  const removeDir = async () => rmSync(dataDir, { recursive: true, force: true });
  if (engine === 'pglite') return { appEnv: {}, storeOptions: { dataDir }, dataDir, cleanup: removeDir };
  const database = `bench_app_${process.pid}`;
  await adminQuery(`create database ${database}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  return {
    appEnv: { DATABASE_URL: url.toString() },
    storeOptions: { databaseUrl: url.toString() },
    dataDir,
    async cleanup() {
      await removeDir();
      await adminQuery(`drop database if exists ${database} with (force)`);
    },
  };
}

/** Runs one statement on the configured PostgreSQL database (database creation and removal). */
async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** True when a PostgreSQL server answers at POSTGRES_URL. */
async function postgresAnswers(): Promise<boolean> {
  try {
    await adminQuery('select 1');
    return true;
  } catch {
    return false;
  }
}

/**
 * Every work order in the store and every delivery id in the webhook inbox, read after the App has stopped
 * (PGlite's directory is the App's while it runs).
 */
async function readStore(options: StoreOptions): Promise<{ workOrders: WorkOrder[]; stored: Set<string> }> {
  const store = await openStore(options);
  try {
    const all: WorkOrder[] = [];
    for (;;) {
      const page = await listWorkOrders(store.db, { afterId: all.at(-1)?.id ?? 0, limit: 1000 });
      all.push(...page);
      if (page.length < 1000) break;
    }
    const inbox = await store.db.selectFrom('webhook_inbox').select('delivery_id').execute();
    return { workOrders: all, stored: new Set(inbox.map((r) => r.delivery_id)) };
  } finally {
    await store.close();
  }
}

/** Stops the App with SIGTERM; kills it if it has not exited within the grace period. True when it stopped itself. */
async function stopApp(app: AppProcess): Promise<boolean> {
  const timedOut = Symbol('timed out');
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([app.stop(), new Promise<typeof timedOut>((resolve) => (timer = setTimeout(() => resolve(timedOut), STOP_GRACE_MS)))]);
  clearTimeout(timer);
  if (outcome !== timedOut) return true;
  await app.kill();
  return false;
}

/**
 * Deliveries that take the App's whole acknowledgement path (signature, inbox, intake) but start no work: the
 * label is not the trigger. Sent one at a time before the burst, so the burst meets a warm process, as it would.
 */
async function warmUp(app: AppProcess, firstIssue: number): Promise<void> {
  for (let i = 0; i < WARM_UP_DELIVERIES; i++) {
    const payload = labeledPayload({ number: firstIssue + i, title: 'Warm-up', body: 'Not a work order.' });
    const { status } = await app.deliver('issues', { ...payload, label: { ...(payload.label as object), name: 'bug' } });
    if (status < 200 || status >= 300) throw new Error(`The App answered ${status} to a warm-up delivery`);
  }
}

/** The deliveries of a run: one `issues.labeled` per issue, numbered from 1, that the instant model can fix. */
function burstPayloads(count: number): unknown[] {
  return Array.from({ length: count }, (_, i) =>
    labeledPayload({ number: i + 1, title: `Spelling error in the README file (${i + 1})`, body: "It looks like you spelled 'commit' with two 't's in README.md." }),
  );
}

/** Runs the whole measurement on one engine: burst, drain, stop, then the store's account of it. */
async function benchEngine(engine: 'pglite' | 'postgres', args: BenchArguments): Promise<EngineFigures> {
  const location = await freshStore(engine);
  let github: FakeGitHub | undefined;
  let model: ScriptedServer | undefined;
  let app: AppProcess | undefined;
  try {
    github = await startFakeGitHub({ ...REPO, files: FILES });
    github.permissions.set('Codertocat', 'maintain');
    model = await startScriptedModelServer([], { fallback: modelReply });
    app = await startApp({ githubUrl: github.url, modelBaseUrl: model.baseURL, dataDir: location.dataDir, env: location.appEnv });
    const pid = appPid();
    const payloads = burstPayloads(args.deliveries);
    await warmUp(app, args.deliveries + 1);
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const cpuStart = sampleCpu(pid);
    const t0 = performance.now();
    const sent = await sendBurst(app, payloads, args.perSecond);
    const burstSeconds = (performance.now() - t0) / 1000;
    lag.disable();
    const cpuBurst = sampleCpu(pid);
    const writesBefore = writeCount(github);
    const { lastAt, all } = await waitForPulls(github, args.deliveries, t0 + args.minutes * 60_000);
    const cpuDrain = sampleCpu(pid);
    const drainWrites = writeCount(github) - writesBefore;
    const drainSeconds = (performance.now() - t0) / 1000 - burstSeconds;
    const completionMinutes = ((all ? lastAt : performance.now()) - t0) / 60_000;
    const stoppedCleanly = await stopApp(app);
    if (args.logDir) writeFileSync(join(args.logDir, `bench-app-${engine}.log`), app.output());
    app = undefined;
    return {
      engine,
      sent,
      burstSeconds,
      harnessLagP99Ms: lag.percentile(99) / 1e6,
      pullsByIssue: countBy(github.pulls, (p) => issueOfBranch(p.head)),
      completionMinutes,
      allCompleted: all,
      ...(await readStore(location.storeOptions)),
      commentsByIssue: countBy(github.comments, (c) => c.issueNumber),
      stoppedCleanly,
      cpuBurst: describeCpu(cpuStart, cpuBurst, burstSeconds),
      cpuDrain: describeCpu(cpuBurst, cpuDrain, Math.max(drainSeconds, 0.001)),
      drainWritesPerSecond: drainWrites / Math.max(drainSeconds, 0.001),
      violations: github.violations.length,
      modelProblems: model.problems.length,
    };
  } finally {
    if (app) await app.kill();
    await github?.close();
    await model?.close();
    await location.cleanup();
  }
}

/** Prints one engine's details: the figures behind the table, and what was seen wrong. */
function printDetails(figures: EngineFigures, args: BenchArguments): void {
  const late = figures.sent.map((s) => s.lateMs).sort((a, b) => a - b);
  const statuses = countBy(figures.sent, (s) => s.status);
  const orders = new Set(figures.workOrders.map((o) => o.issueNumber));
  const issues = Array.from({ length: args.deliveries }, (_, i) => i + 1);
  const comments = (n: number) => issues.filter((i) => (figures.commentsByIssue.get(i) ?? 0) === n).length;
  console.log(`\n${figures.engine}:`);
  console.log(`  burst: ${figures.sent.length} sent in ${figures.burstSeconds.toFixed(1)} s; answers ${[...statuses].map(([s, n]) => `${s} ×${n}`).join(', ') || 'none'}`);
  console.log(`  harness: sends late by p99 ${quantile(late, 0.99).toFixed(1)} ms, event-loop delay p99 ${figures.harnessLagP99Ms.toFixed(1)} ms`);
  console.log(`  CPU during the burst: ${figures.cpuBurst}`);
  console.log(`  CPU while draining:   ${figures.cpuDrain}; GitHub writes ${figures.drainWritesPerSecond.toFixed(2)}/s`);
  console.log(`  status comments: exactly one on ${comments(1)} issues, none on ${comments(0)}, more than one on ${issues.length - comments(1) - comments(0)}`);
  console.log(`  pull requests: ${figures.pullsByIssue.size} issues have one, ${[...figures.pullsByIssue.values()].filter((n) => n > 1).length} have more than one`);
  console.log(`  store: ${figures.workOrders.length} work orders for ${orders.size} distinct issues; states ${stateCounts(figures.workOrders)}`);
  if (!figures.stoppedCleanly) console.log(`  the App did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM and was killed`);
  if (figures.violations + figures.modelProblems > 0) console.log(`  requests GitHub or the model would reject: ${figures.violations} GitHub, ${figures.modelProblems} model`);
  const errors = [...new Set(figures.sent.flatMap((s) => (s.error ? [s.error] : [])))];
  if (errors.length > 0) console.log(`  delivery errors: ${errors.slice(0, 3).join('; ')}`);
}

/** "state ×n" for each state the work orders are in. */
function stateCounts(orders: WorkOrder[]): string {
  const counts = new Map<string, number>();
  for (const order of orders) counts.set(order.state, (counts.get(order.state) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${state} ×${n}`).join(', ') || 'none';
}

/** The figures of one engine's row, computed once for the table and the goals. */
interface Row {
  acked: number;
  latencies: number[];
  /** Acknowledged deliveries whose issue has no work order in the store. */
  missing: number;
  /** Acknowledged deliveries not in the webhook inbox: lost for good (an inbox row is handled sooner or later). */
  unstored: number;
}

/** Reduces one engine's measurements to its row. Delivery i of the burst is issue i + 1. */
function toRow(r: EngineFigures): Row {
  const ordered = new Set(r.workOrders.map((o) => o.issueNumber));
  const ackedIssues = r.sent.flatMap((s, i) => (s.status !== null && s.status >= 200 && s.status < 300 ? [i + 1] : []));
  return {
    acked: ackedIssues.length,
    latencies: r.sent.filter((s) => s.status !== null).map((s) => s.latencyMs).sort((a, b) => a - b),
    missing: ackedIssues.filter((issue) => !ordered.has(issue)).length,
    unstored: r.sent.filter((s) => s.status !== null && s.status >= 200 && s.status < 300 && (s.deliveryId === null || !r.stored.has(s.deliveryId))).length,
  };
}

/**
 * Lost deliveries as far as the outside can tell: none missing is proof; when the wait was capped, a missing one
 * may still be waiting inside the App, so the figure is an upper bound ("≤ n").
 */
function lostCell(r: EngineFigures, row: Row): string {
  return row.missing === 0 || r.allCompleted ? String(row.missing) : `≤${row.missing}`;
}

/** Prints the table, one row per engine, and whether the goals were met. */
function printTable(results: EngineFigures[], args: BenchArguments): void {
  const head = ['engine', 'deliveries', 'acked', 'p50 ms', 'p99 ms', 'max ms', 'not stored', 'lost', 'work orders', 'PRs', 'minutes', 'orders/min'];
  const rows = results.map((r) => {
    const row = toRow(r);
    return [
      r.engine,
      String(r.sent.length),
      String(row.acked),
      quantile(row.latencies, 0.5).toFixed(1),
      quantile(row.latencies, 0.99).toFixed(1),
      (row.latencies.at(-1) ?? Number.NaN).toFixed(1),
      String(row.unstored),
      lostCell(r, row),
      String(r.workOrders.length),
      String(r.pullsByIssue.size),
      `${r.completionMinutes.toFixed(2)}${r.allCompleted ? '' : ' (cap)'}`,
      (r.pullsByIssue.size / r.completionMinutes).toFixed(1),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\nApp: ${args.deliveries} signed issues.labeled at ${args.perSecond}/s, instant model, wait capped at ${args.minutes} min`);
  console.log(line(head));
  for (const row of rows) console.log(line(row));
  console.log('  (not stored: acked deliveries missing from the App\'s webhook inbox, i.e. lost for good;');
  console.log('   lost: acked deliveries with no work order once the App stopped, "≤" when the wait was capped;');
  console.log('   minutes: first delivery to last PR; orders/min: work orders with a PR per minute)');
  for (const r of results) {
    const row = toRow(r);
    const fast = row.acked === r.sent.length && quantile(row.latencies, 0.99) < GOAL_P99_MS;
    const kept =
      row.unstored > 0 || (r.allCompleted && row.missing > 0)
        ? 'missed'
        : row.missing === 0
          ? 'met'
          : `met as far as storing goes: every acked delivery is in the inbox; ${row.missing} were still waiting there when the wait was capped`;
    console.log(`  ${r.engine}: goal p99 < ${GOAL_P99_MS} ms: ${fast ? 'met' : 'missed'}; goal no delivery lost: ${kept}`);
  }
}

/** Runs every requested engine in turn and prints the figures. */
async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const results: EngineFigures[] = [];
  let skipped: string | null = null;
  for (const engine of args.engines) {
    if (engine === 'postgres' && !(await postgresAnswers())) {
      skipped = `PostgreSQL leg skipped: no server answered at ${POSTGRES_URL.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}`;
      continue;
    }
    const figures = await benchEngine(engine, args);
    printDetails(figures, args);
    results.push(figures);
  }
  printTable(results, args);
  if (skipped) console.log(`  ${skipped}`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench-app: the harness failed: ${(error as Error).message}\n`);
  process.exit(1);
}
