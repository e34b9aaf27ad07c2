// `node scripts/bench-history.ts [--json] [--rows N]`: the test-history queries (src/store/test-results.ts) over a
// seeded million results, on PGlite in a temporary directory and on PostgreSQL (DATABASE_URL, else the local
// default) when one answers. Goal: each query the CI loop makes under ~100 ms.
//
// The seed is one repository's CI: 2,000 tests (1 in 50 skipped) run on every commit, one workflow run per commit,
// 4 in 5 on `main` and 1 in 5 on a pull request's branch; every tenth run re-run (attempt 2, all tests again).
// 1 test in 20 is flaky (fails 1 run in 13 on attempt 1, passes on the re-run), 4 tests are broken on `main` for
// its last 30 runs, and 1 test in 97 fails on pull-request branches. Runs are spread over 90 days.
import { sql } from 'kysely';
import { brokenTests, flakyTests, openStore, recordTestResults, testHistory, type Store, type StoreOptions, type TestResultInput } from '../src/store/index.ts';
import { onBothEngines } from './bench-engines.ts';

const asJson = process.argv.includes('--json');
const rowsArg = process.argv.indexOf('--rows');
const TARGET_ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 1_000_000;
if (!Number.isInteger(TARGET_ROWS) || TARGET_ROWS < 10_000) throw new Error(`Cannot seed "${process.argv[rowsArg + 1]}" rows: give --rows a whole number of 10000 or more`);

const REPO = 'bench/shop';
const TESTS = 2000;
// Runs so that runs × 1.1 attempts × tests ≈ the target.
const RUNS = Math.round(TARGET_ROWS / (TESTS * 1.1));
const DAYS = 90;
const RUNS_PER_CHUNK = 25;
const SAMPLES = 7;

interface Figures {
  engine: string;
  rows: number;
  seedSeconds: number;
  /** Query name → median ms. */
  ms: Record<string, number>;
  /** Query name → rows it returned. */
  found: Record<string, number>;
}

/** Inserts runs `from`..`to` for every test in one statement, with the outcomes described at the top. */
async function seedRuns(store: Store, from: number, to: number): Promise<void> {
  await sql`
    insert into test_results (repository, test_key, test_name, commit_sha, branch, workflow_run_id, run_attempt, job_name, outcome, source, recorded_at)
    select ${REPO},
      'suite ' || (t / 50) || ' test ' || t,
      'suite ' || (t / 50) || ' > test ' || t,
      md5('c' || r) || substr(md5('d' || r), 1, 8),
      case when r % 5 = 0 then 'pr-' || r else 'main' end,
      r, a, 'test',
      case
        when t % 50 = 49 then 'skipped'
        when t % 500 = 1 and r % 5 <> 0 and r > ${RUNS - 30}::int then 'failed'
        when t % 20 = 0 and a = 1 and (r * 7919 + t * 104729) % 13 = 0 then 'failed'
        when r % 5 = 0 and t % 97 = 3 then 'failed'
        else 'passed'
      end,
      'report',
      now() - make_interval(secs => (${RUNS}::int - r) * ${(DAYS * 86400) / RUNS}::float8 + (2 - a) * 600)
    from generate_series(${from}::int, ${to}::int) r
    cross join generate_series(1, 2) a
    cross join generate_series(0, ${TESTS - 1}::int) t
    where a = 1 or r % 10 = 0
  `.execute(store.db);
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function bench(engine: string, options: StoreOptions): Promise<Figures> {
  const store = await openStore(options);
  try {
    const t0 = performance.now();
    for (let r = 1; r <= RUNS; r += RUNS_PER_CHUNK) await seedRuns(store, r, Math.min(RUNS, r + RUNS_PER_CHUNK - 1));
    // As autovacuum would have after a million inserts: statistics, and the visibility map that lets the queries
    // answer from their indexes alone.
    await sql`vacuum analyze test_results`.execute(store.db);
    const seedSeconds = (performance.now() - t0) / 1000;
    const count = await store.db.selectFrom('test_results').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

    const since = new Date(Date.now() - 30 * 86_400_000);
    // What the CI loop asks: about the handful of tests that just failed (flaky, broken, and ordinary ones).
    const failing = ['suite 0 > test 20', 'suite 1 > test 60', 'suite 10 > test 501', 'suite 20 > test 1001', 'suite 7 > test 350', 'suite 3 > test 151', 'suite 39 > test 1999', 'suite 5 > test 269'];
    const ms: Record<string, number> = {};
    const found: Record<string, number> = {};
    const time = async (name: string, fn: () => Promise<unknown[]>) => {
      found[name] = (await fn()).length;
      ms[name] = await median(fn);
    };
    await time('flakyTests, 8 tests, 30 days', () => flakyTests(store.db, { repository: REPO, since, tests: failing }));
    await time('flakyTests, all tests, 30 days', () => flakyTests(store.db, { repository: REPO, since }));
    await time('flakyTests, all tests, 90 days', () => flakyTests(store.db, { repository: REPO, since: new Date(Date.now() - 91 * 86_400_000) }));
    await time('brokenTests main, 8 tests', () => brokenTests(store.db, { repository: REPO, branch: 'main', tests: failing }));
    await time('brokenTests main, all tests', () => brokenTests(store.db, { repository: REPO, branch: 'main' }));
    await time('testHistory, 100 newest', () => testHistory(store.db, { repository: REPO, test: 'suite 0 > test 20', limit: 100 }));

    // The write path: one run of every test, as the App records it (2,000 rows, two statements, one transaction).
    let run = RUNS + 1;
    const oneRun = (): TestResultInput[] =>
      Array.from({ length: TESTS }, (_, t) => ({
        repository: REPO,
        test: `suite ${Math.floor(t / 50)} > test ${t}`,
        commitSha: (run * 2654435761).toString(16).padStart(40, '0').slice(-40),
        branch: 'main',
        runId: run,
        runAttempt: 1,
        job: 'test',
        outcome: t % 50 === 49 ? 'skipped' : 'passed',
        source: 'report',
      }));
    ms['recordTestResults, one run of 2,000 tests'] = await median(async () => {
      const rows = oneRun();
      run++;
      return recordTestResults(store.db, rows);
    });
    found['recordTestResults, one run of 2,000 tests'] = TESTS;
    return { engine, rows: count.n, seedSeconds, ms, found };
  } finally {
    await store.close();
  }
}

const { results, skipped } = await onBothEngines('bench-history', bench);

if (asJson) {
  console.log(JSON.stringify({ history: results, skipped }));
} else {
  const pad = 44;
  console.log('test history (median ms of 7, rows found)'.padEnd(pad) + results.map((r) => r.engine.padStart(16)).join(''));
  console.log('  results seeded'.padEnd(pad) + results.map((r) => r.rows.toLocaleString('en').padStart(16)).join(''));
  console.log('  seed + vacuum analyze (s)'.padEnd(pad) + results.map((r) => r.seedSeconds.toFixed(0).padStart(16)).join(''));
  for (const name of Object.keys(results[0]!.ms)) {
    console.log(`  ${name}`.padEnd(pad) + results.map((r) => `${r.ms[name]!.toFixed(1)} (${r.found[name]})`.padStart(16)).join(''));
  }
  if (skipped) console.log(`  ${skipped}`);
}
