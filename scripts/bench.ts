// `npm run bench`: classifier speed and memory on a large realistic log, beside `grep -c error` on the same file,
// then the store's figures, then the App's. Prints figures; asserts nothing (targets are read by people, not tests).
// Usage: node scripts/bench.ts [--mb 512] [--skip-store] [--skip-app]; BENCH_ONLY=classifier|store|app runs one part.
// The App's part (scripts/bench-app.ts) runs the App as a process under a burst of webhooks: allow up to ~25 minutes.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mbArg = process.argv.indexOf('--mb');
const targetMb = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 512;
const FIXTURES = 'test/fixtures/parsers';
const file = join(tmpdir(), `punchlist-bench-v3-${targetMb}mb.log`);

// A small deterministic PRNG (mulberry32) so every run measures the same file with an even mix of noise.
let seed = 42;
const rand = (n: number): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) % n;
};

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

async function generate(): Promise<{ failuresInserted: number }> {
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
  return { failuresInserted: inserted };
}

function peakRss(cmd: string, args: string[]): Promise<{ seconds: number; rssMb: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
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
  if (!existsSync(file) || statSync(file).size < targetMb * 1024 * 1024) {
    console.log(`generating ${file} (${targetMb} MB of passing noise with real failures spread through it)…`);
    await generate();
  }
  const bytes = statSync(file).size;
  const mb = bytes / 1024 / 1024;
  const pin = existsSync('/usr/bin/taskset') ? ['taskset', ['-c', '0']] as const : null;
  const run = (cmd: string, args: string[]) => (pin ? peakRss(pin[0], [...pin[1], cmd, ...args]) : peakRss(cmd, args));

  // Warm the page cache so both commands read from memory.
  spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });
  const grep = await run('grep', ['-c', 'error', file]);
  // As users run it: the package's bin (its shebang sets the runtime flags), with this Node first on PATH.
  const cli = await run('dist/cli.js', ['classify', file, '--format', 'json']);
  const result = JSON.parse(cli.stdout) as { primary: string; failures: { class: string }[] };
  const byClass = new Map<string, number>();
  for (const f of result.failures) byClass.set(f.class, (byClass.get(f.class) ?? 0) + 1);

  console.log(`\nclassifier on ${mb.toFixed(0)} MB (${pin ? 'pinned to one core' : 'unpinned'}):`);
  console.log(`  punchlist classify: ${cli.seconds.toFixed(2)} s · ${(mb / cli.seconds).toFixed(0)} MB/s · peak RSS ${cli.rssMb.toFixed(0)} MB`);
  console.log(`  grep -c error:      ${grep.seconds.toFixed(2)} s · ${(mb / grep.seconds).toFixed(0)} MB/s`);
  console.log(`  ratio (punchlist / grep time): ${(cli.seconds / grep.seconds).toFixed(1)}×`);
  console.log(`  found ${result.failures.length} failures, primary ${result.primary}: ${[...byClass].map(([c, n]) => `${c} ${n}`).join(', ')}`);
  console.log(`  targets: ≥ 150 MB/s, peak RSS < 150 MB`);
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
