// `npm run bench`: classifier speed and memory on two large logs, each beside `grep -c error` on the same file, then
// the store's figures, then the App's. Prints figures; asserts nothing (targets are read by people, not tests).
// Usage: node scripts/bench.ts [--mb 512 | --gb 1] [--rich-mb 300] [--skip-store] [--skip-app];
// BENCH_ONLY=classifier|store|app runs one part.
// The App's part (scripts/bench-app.ts) runs the App as a process under a burst of webhooks: allow up to ~25 minutes.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGitHub } from '../../test/helpers/fake-github.ts';

const numberArg = (name: string): number | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
};
// `--gb 1` is the 1 GB log: generated as it is written (a few MB in memory at a time), never held whole.
const gb = numberArg('--gb');
const targetMb = gb !== undefined ? gb * 1024 : (numberArg('--mb') ?? 512);
const richMb = numberArg('--rich-mb') ?? 300;
const FIXTURES = 'test/fixtures/parsers';
const CORPUS = '../shared/corpus/cases';
const file = process.env.LOGFILE!;

// A small deterministic PRNG (mulberry32) so every run measures the same file with an even mix of noise.
function prng(start: number): (n: number) => number {
  let seed = start;
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}
const rand = prng(42);

const NOISE: ((i: number) => string)[] = [
  (i) => ` ✓ src/module${i % 97}/feature.test.ts (${i % 40} tests) ${i % 300}ms`,
  (i) => `PASS src/components/widget${i % 53}.test.js (${(i % 9) + 1}.${i % 10}s)`,
  (i) => `=== RUN   TestHandler${i % 71}/case_${i % 13}`,
  (i) => `--- PASS: TestHandler${i % 71}/case_${i % 13} (0.0${i % 10}s)`,
  (i) => `tests/test_api_${i % 31}.py::test_endpoint_${i % 17} PASSED                          [ ${i % 100}%]`,
  (i) => `[ ${i % 100}%] Building CXX object src/CMakeFiles/core.dir/part${i % 211}.cpp.o`,
  (i) => `[INFO] Downloading from central: https://repo.maven.apache.org/maven2/org/example/lib${i % 89}/1.${i % 7}/lib.pom`,
  (i) => `   Compiling crate-${i % 61} v0.${i % 9}.${i % 23}`,
  (i) => `npm warn deprecated inflight@1.0.${i % 7}: This module is not supported, and leaks memory.`,
  (i) => `added ${i % 900} packages, and audited ${i % 1000} packages in ${i % 30}s`,
  () => `found 0 vulnerabilities`,
  (i) => `  console.log: processed ${i} records without error in ${i % 100} ms`,
  (i) => `    at Object.<anonymous> (node_modules/some-lib/dist/index.js:${i % 500}:${i % 80})`,
  (i) => `Test Suites: 0 failed, ${i % 50} passed, ${i % 50} total`,
  (i) => `INFO  [main] c.e.service.Application - Started Application in ${i % 20}.${i % 1000} seconds (errors=0)`,
  (i) => `\x1b[32m✔\x1b[39m compiled ${i % 300} modules \x1b[2m(${i % 2000} ms)\x1b[22m`,
];

function timestamp(i: number): string {
  const s = i % 60;
  const m = Math.floor(i / 60) % 60;
  return `2026-11-25T18:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(i % 10_000_000).padStart(7, '0')}Z `;
}

async function generate(): Promise<void> {
  const snippets = readdirSync(FIXTURES).flatMap((d) =>
    readdirSync(join(FIXTURES, d))
      .filter((f) => f.endsWith('.log'))
      .map((f) => readFileSync(join(FIXTURES, d, f), 'utf8').split('\n').slice(0, 400)),
  );
  const out = createWriteStream(file);
  const target = targetMb * 1024 * 1024;
  let written = 0;
  let i = 0;
  let inserted = 0;
  const longLine = `{"minified":"${'x'.repeat(20_000)}"}`;
  while (written < target) {
    let chunk = '';
    // A step every 2000 lines: its group header as the runner writes it.
    chunk += `${timestamp(i)}##[group]Run step ${i % 12}\n${timestamp(i)}##[endgroup]\n`;
    for (let k = 0; k < 2000; k++, i++) {
      chunk += `${timestamp(i)}${NOISE[rand(NOISE.length)]!(i)}\n`;
      if (rand(5000) === 0) chunk += `${timestamp(i)}${longLine}\n`;
    }
    // Roughly every 4 MB, a failure block of real tool output (every parser's fixtures in turn).
    if (Math.floor((written + chunk.length) / 4_194_304) > Math.floor(written / 4_194_304) && snippets.length > 0) {
      const snippet = snippets[inserted++ % snippets.length]!;
      chunk += snippet.map((l) => `${timestamp(i)}${l}\n`).join('');
    }
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

const GH_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /;

/**
 * The keyword-rich log: the lines of real passing jobs (the development corpus's passing logs, without their
 * timestamps) shuffled, half of them given GitHub's timestamp, with its failing logs spread through, whole. These
 * lines are what wakes parsers (pass lines, `console.error` blocks, stack frames, runner groups). Without the
 * corpus (a user's clone), the parser fixtures stand in for both.
 */
async function generateRich(path: string, mb: number): Promise<void> {
  const random = prng(7);
  const read = (dir: string, f: string): string[] => readFileSync(join(dir, f), 'utf8').replace(/\n$/, '').split('\n');
  let passing: string[][];
  let failing: string[][];
  if (existsSync(CORPUS)) {
    const cases = readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort();
    const primary = (f: string): unknown => (JSON.parse(readFileSync(join(CORPUS, f), 'utf8')) as { primary: unknown }).primary;
    const logs = cases.map((f) => ({ pass: primary(f) === null, lines: read(CORPUS, f.replace(/\.json$/, '.log')) }));
    passing = logs.filter((l) => l.pass).map((l) => l.lines);
    failing = logs.filter((l) => !l.pass).map((l) => l.lines);
  } else {
    failing = readdirSync(FIXTURES).flatMap((d) => readdirSync(join(FIXTURES, d)).filter((f) => f.endsWith('.log')).map((f) => read(join(FIXTURES, d), f)));
    passing = failing;
  }
  const pool = passing.flat().map((l) => l.replace(GH_TIMESTAMP, ''));
  const out = createWriteStream(path);
  const target = mb * 1024 * 1024;
  let written = 0;
  let i = 0;
  let inserted = 0;
  while (written < target) {
    let chunk = '';
    for (let k = 0; k < 5000; k++, i++) chunk += `${random(2) === 0 ? timestamp(i) : ''}${pool[random(pool.length)]!}\n`;
    // Roughly every 2 MB, one failing log, whole, as it was captured.
    if (Math.floor((written + chunk.length) / 2_097_152) > Math.floor(written / 2_097_152)) chunk += `${failing[inserted++ % failing.length]!.join('\n')}\n`;
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

function peakRss(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ seconds: number; rssMb: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], ...(env ? { env } : {}) });
    let stdout = '';
    let rssKb = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    // VmHWM is the process's own high-water mark: the last reading before exit is its peak.
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) rssKb = Math.max(rssKb, Number(m[1]));
      } catch {
        /* exited */
      }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (code !== 0) reject(new Error(`${cmd} exited with ${code}`));
      else resolve({ seconds, rssMb: rssKb / 1024, stdout });
    });
  });
}

const only = process.env.BENCH_ONLY;
if (only !== undefined && !['classifier', 'store', 'app'].includes(only)) {
  process.stderr.write(`bench: BENCH_ONLY must be "classifier", "store" or "app", not "${only}"\n`);
  process.exit(2);
}
const runs = (part: string) => only === undefined || only === part;

if (runs('classifier')) {
  if (!existsSync('dist/cli.js')) execFileSync(process.execPath, ['scripts/build.ts'], { stdio: 'inherit' });
  if (false) {
    console.log(`generating ${file} (${targetMb} MB of passing noise with real failures spread through it)…`);
    await generate();
  }
  const fromCorpus = existsSync(CORPUS);
  if (!fromCorpus) console.log(`no development corpus at ${CORPUS}: the keyword-rich log is built from the parser fixtures instead`);
  const rich = join(tmpdir(), `punchlist-bench-rich-v1-${fromCorpus ? 'corpus' : 'fixtures'}-${richMb}mb.log`);
  if (!existsSync(rich) || statSync(rich).size < richMb * 1024 * 1024) {
    console.log(`generating ${rich} (${richMb} MB of real passing lines shuffled, with real failing logs spread through it)…`);
    await generateRich(rich, richMb);
  }
  const pin = existsSync('/usr/bin/taskset') ? (['taskset', ['-c', '0']] as const) : null;
  const run = (cmd: string, args: string[], env?: NodeJS.ProcessEnv) => (pin ? peakRss(pin[0], [...pin[1], cmd, ...args], env) : peakRss(cmd, args, env));
  // The Action as the runner starts it (`node dist/index.js`, INPUT_* and GITHUB_* set), reading the log and
  // posting its check run to a local stand-in for GitHub's API (test/helpers/fake-github.ts, in this process).
  const github = await startFakeGitHub({ owner: 'Codertocat', repo: 'Hello-World', defaultBranch: 'main', files: {} });
  const runner = mkdtempSync(join(tmpdir(), 'punchlist-bench-runner-'));
  writeFileSync(join(runner, 'event.json'), '{}');
  // Over TLS, as a runner reaches api.github.com (node's TLS costs the Action ~5 MB more than plain HTTP).
  const api = await tlsFront(github.url, runner);
  if (api.ca === null) console.log(`no openssl to make a certificate: the Action posts to the stand-in over plain HTTP`);
  const actionEnv = (log: string): NodeJS.ProcessEnv => {
    writeFileSync(join(runner, 'output'), '');
    writeFileSync(join(runner, 'summary.md'), '');
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? runner,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_API_URL: api.url,
      ...(api.ca !== null ? { NODE_EXTRA_CA_CERTS: api.ca } : {}),
      GITHUB_REPOSITORY: 'Codertocat/Hello-World',
      GITHUB_SHA: '0000000000000000000000000000000000000001',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: join(runner, 'event.json'),
      GITHUB_WORKSPACE: runner,
      GITHUB_RUN_ID: '42',
      GITHUB_JOB: 'bench',
      GITHUB_OUTPUT: join(runner, 'output'),
      GITHUB_STEP_SUMMARY: join(runner, 'summary.md'),
      RUNNER_TEMP: runner, NODE_OPTIONS: '--expose-gc --import=/tmp/prof/exitmem.mjs',
      INPUT_LOGS: log,
      'INPUT_GITHUB-TOKEN': 'ghs_standintoken',
      'INPUT_CHECK-NAME': 'punchlist',
    };
  };
  const REPEATS = Number(process.env.REPEATS ?? 3);
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

  console.log(`\nclassifier (${pin ? 'pinned to one core' : 'unpinned'}; median of ${REPEATS} runs each; punchlist as \`node dist/cli.js\`, V8's default flags):`);
  for (const [label, path] of [
    [file, file],
  ] as const) {
    const mb = statSync(path).size / 1024 / 1024;
    // Warm the page cache so both commands read from memory.
    spawnSync('cat', [path], { stdio: ['ignore', 'ignore', 'ignore'] });
    const greps: number[] = [];
    const clis: { seconds: number; rssMb: number; stdout: string }[] = [];
    const actions: { seconds: number; rssMb: number }[] = [];
    let actionFailed: string | null = null;
    for (let r = 0; r < REPEATS; r++) {
      greps.push((await run('grep', ['-c', 'error', path])).seconds);
      // As the runner starts a JavaScript action: no flag from the CLI's shebang.
      clis.push(await run(process.execPath, ['dist/cli.js', 'classify', path, '--format', 'json']));
      if (actionFailed === null) {
        // A failed Action run is reported, not fatal: the CLI's figures still stand.
        await run(process.execPath, [join(process.cwd(), 'dist', 'index.js')], actionEnv(path)).then(
          (a) => actions.push(a),
          (e: Error) => (actionFailed = e.message),
        );
      }
    }
    const grep = median(greps);
    const cli = median(clis.map((c) => c.seconds));
    const rss = Math.max(...clis.map((c) => c.rssMb));
    const result = JSON.parse(clis[0]!.stdout) as { primary: string; failures: { class: string }[] };
    const byClass = new Map<string, number>();
    for (const f of result.failures) byClass.set(f.class, (byClass.get(f.class) ?? 0) + 1);
    console.log(`\n  ${label}: ${path} (${mb.toFixed(0)} MB)`);
    // The spread too: a shared machine's speed can change between runs minutes apart (docs/classifier.md).
    const times = clis.map((c) => c.seconds);
    const spread = `runs ${Math.min(...times).toFixed(2)}–${Math.max(...times).toFixed(2)} s, ${(mb / Math.max(...times)).toFixed(0)}–${(mb / Math.min(...times)).toFixed(0)} MB/s`;
    console.log(`    punchlist classify: ${cli.toFixed(2)} s · ${(mb / cli).toFixed(0)} MB/s · peak RSS ${rss.toFixed(0)} MB (${spread})`);
    if (actionFailed !== null) console.log(`    the Action:         not measured: ${actionFailed}`);
    else console.log(`    the Action:         ${median(actions.map((a) => a.seconds)).toFixed(2)} s · peak RSS ${Math.max(...actions.map((a) => a.rssMb)).toFixed(0)} MB (node dist/index.js, its check run posted to a local stand-in${api.ca !== null ? ' over TLS' : ''})`);
    console.log(`    grep -c error:      ${grep.toFixed(2)} s · ${(mb / grep).toFixed(0)} MB/s`);
    console.log(`    ratio (punchlist / grep time): ${(cli / grep).toFixed(1)}×`);
    console.log(`    found ${result.failures.length} failures, primary ${result.primary}: ${[...byClass].map(([c, n]) => `${c} ${n}`).join(', ')}`);
  }
  console.log(`\n  targets: ≥ 400 MB/s on the bench log, ≥ 150 MB/s on the keyword-rich log, peak RSS < 100 MB on both`);
  await api.close();
  await github.close();
  rmSync(runner, { recursive: true, force: true });
}

if (runs('store') && !process.argv.includes('--skip-store') && existsSync('scripts/bench-store.ts')) {
  console.log('\nstore:');
  spawnSync(process.execPath, ['scripts/bench-store.ts'], { stdio: 'inherit' });
}
// The App's figures: acknowledgement latency under a burst of webhooks and work orders per minute, per engine.
if (runs('app') && !process.argv.includes('--skip-app') && existsSync('scripts/bench-app.ts')) {
  console.log('\napp:');
  const app = spawnSync(process.execPath, ['scripts/bench-app.ts'], { stdio: 'inherit' });
  if (app.status !== 0) process.exitCode = 1;
}

/**
 * An HTTPS server on 127.0.0.1 that forwards every request to `target` (the GitHub stand-in), with a self-signed
 * certificate made by openssl in `dir` (`ca`: the file to trust, through NODE_EXTRA_CA_CERTS). Without openssl,
 * the target itself, `ca` null.
 */
async function tlsFront(target: string, dir: string): Promise<{ url: string; ca: string | null; close(): Promise<void> }> {
  const key = join(dir, 'tls-key.pem');
  const cert = join(dir, 'tls-cert.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  if (made.status !== 0) return { url: target, ca: null, close: async () => {} };
  const server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const upstream = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `https://127.0.0.1:${port}`, ca: cert, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
