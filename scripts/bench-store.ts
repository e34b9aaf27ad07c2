// `node scripts/bench-store.ts [--json]`: store throughput on each engine, PGlite in a temporary directory and
// PostgreSQL (DATABASE_URL, else the local default) when one answers. Each measurement is time-boxed, so the whole
// run stays well under a minute. Called by `npm run bench`.
import { DEFAULT_QUEUES, createWorkOrder, openStore, type Store, type StoreOptions } from '../src/store/index.ts';
import { onBothEngines } from './bench-engines.ts';

const PHASE_MS = 3000;
const BENCH_QUEUE = 'bench';
const asJson = process.argv.includes('--json');

interface Figures {
  engine: string;
  openMs: number;
  workOrdersPerSecond: number;
  workOrdersPerSecond8: number;
  decisionsPerSecond: number;
  jobsPerSecond: number;
}

// Runs `op` for PHASE_MS with `concurrency` callers; returns operations per second.
async function rate(concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() - started < PHASE_MS) await op(n++);
    }),
  );
  return n / ((performance.now() - started) / 1000);
}

// Sends jobs as fast as 4 senders can while a worker completes them; counts a job when it is both sent and done.
async function queueRate(store: Store): Promise<number> {
  let completed = 0;
  await store.queue.work(BENCH_QUEUE, { batchSize: 50, localConcurrency: 2, pollingIntervalSeconds: 0.5 }, async () => {
    completed++;
  });
  const started = performance.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (performance.now() - started < PHASE_MS) {
        await store.queue.send(store.db, BENCH_QUEUE, { n: sent++ });
      }
    }),
  );
  const deadline = performance.now() + 10_000;
  while (completed < sent && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = (performance.now() - started) / 1000;
  await store.queue.offWork(BENCH_QUEUE);
  return Math.min(sent, completed) / seconds;
}

async function bench(engine: string, options: StoreOptions): Promise<Figures> {
  const t0 = performance.now();
  const store = await openStore({ ...options, queues: { ...DEFAULT_QUEUES, [BENCH_QUEUE]: { expireInSeconds: 60, retryLimit: 0 } } });
  const openMs = performance.now() - t0;
  try {
    let issue = 0;
    const create = () =>
      createWorkOrder(
        store,
        { repository: 'bench/repo', issueNumber: ++issue, trigger: 'label:punchlist', title: 'Bench', body: 'Body '.repeat(100), acceptanceCriteria: ['a', 'b'] },
        { deliveryId: `bench-${issue}`, event: 'issues.labeled', decision: { kind: 'intake', conclusion: 'taken in', evidence: { sender: 'bench' } } },
      );
    const workOrdersPerSecond = await rate(1, create);
    const workOrdersPerSecond8 = await rate(8, create);
    const decisionsPerSecond = await rate(1, (i) => store.decisions.log({ workOrderId: 1, kind: 'routing', conclusion: `decision ${i}`, evidence: { score: i } }));
    const jobsPerSecond = await queueRate(store);
    return { engine, openMs, workOrdersPerSecond, workOrdersPerSecond8, decisionsPerSecond, jobsPerSecond };
  } finally {
    await store.close();
  }
}

const { results, skipped } = await onBothEngines('bench', bench);

if (asJson) {
  console.log(JSON.stringify({ store: results, skipped }));
} else {
  const f = (n: number) => n.toFixed(0).padStart(8);
  console.log('store                                    ' + results.map((r) => r.engine.padStart(8)).join(' '));
  console.log('  open (ms, fresh)                       ' + results.map((r) => f(r.openMs)).join(' '));
  console.log('  work orders created/s (1 writer)       ' + results.map((r) => f(r.workOrdersPerSecond)).join(' '));
  console.log('  work orders created/s (8 writers)      ' + results.map((r) => f(r.workOrdersPerSecond8)).join(' '));
  console.log('  decisions logged/s                     ' + results.map((r) => f(r.decisionsPerSecond)).join(' '));
  console.log('  queue jobs/s (sent and completed)      ' + results.map((r) => f(r.jobsPerSecond)).join(' '));
  console.log('  (a work order = row + delivery id + intake decision + job, one transaction)');
  if (skipped) console.log(`  ${skipped}`);
}
