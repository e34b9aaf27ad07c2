import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, transitionWorkOrder, type Store } from '../../src/store/index.ts';
import { CRASH_QUEUE, CRASH_QUEUES } from './crash-plan.ts';
import { describeEngines, type Fresh } from './engines.ts';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Report {
  created: number[];
  notes: number[];
  worked: number[];
  hung: number[];
  stderr: string;
}

// Runs the child until it has committed enough of everything, then kills it with SIGKILL, mid-write.
async function runAndKill(options: object): Promise<Report> {
  const child = spawn(process.execPath, [CHILD], { env: { ...process.env, PUNCHLIST_CRASH_STORE: JSON.stringify(options) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const report: Report = { created: [], notes: [], worked: [], hung: [], stderr: '' };
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const [tag, value] = line.split(' ');
      const n = Number(value);
      if (tag === 'C') report.created.push(n);
      if (tag === 'N') report.notes.push(n);
      if (tag === 'W') report.worked.push(n);
      if (tag === 'H') report.hung.push(n);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (report.stderr += chunk));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 45_000;
  while (report.created.length < 30 || report.worked.length < 10 || report.hung.length < 2) {
    if (child.exitCode !== null) throw new Error(`crash child exited early (${child.exitCode}): ${report.stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      const counts = { created: report.created.length, notes: report.notes.length, worked: report.worked.length, hung: report.hung.length };
      throw new Error(`crash child too slow: ${JSON.stringify(counts)} ${report.stderr.slice(0, 2000)}`);
    }
    await sleep(20);
  }
  child.kill('SIGKILL');
  await exited;
  return report;
}

describeEngines('crash', (engine) => {
  let fresh: Fresh;
  let store: Store | undefined;
  beforeAll(async () => {
    fresh = engine.fresh();
    // Created and migrated here, then closed: the child must be the only process on the data.
    await (await openStore({ ...fresh.options, queues: CRASH_QUEUES })).close();
  }, 60_000);
  afterAll(async () => {
    try {
      await store?.close();
    } finally {
      await fresh?.cleanup();
    }
  });

  it('a SIGKILLed writer loses nothing committed, shows nothing half-written, and its claimed jobs run again', async () => {
    const report = await runAndKill(fresh.options);
    store = await openStore({ ...fresh.options, queues: CRASH_QUEUES, superviseIntervalSeconds: 1 });
    const db = store.db;

    const orders = await db.selectFrom('work_orders').select(['id', 'state']).orderBy('id').execute();
    const decisions = await db.selectFrom('decision_logs').select(['work_order_id', 'kind', 'idempotency_key']).execute();
    const jobs = await store.queue.jobs<{ workOrderId: number }>(CRASH_QUEUE, { limit: 100_000 });
    const kindsOf = (id: number) => decisions.filter((d) => d.work_order_id === id).map((d) => d.kind).sort();
    const jobsOf = (id: number) => jobs.filter((j) => j.data.workOrderId === id);
    const stateOf = new Map(orders.map((o) => [o.id, o.state]));

    // Nothing committed is lost.
    for (const id of report.created) expect(stateOf.has(id), `work order ${id}`).toBe(true);
    for (const id of report.worked) expect(stateOf.get(id), `work order ${id}`).toBe('routed');
    const notes = new Set(decisions.map((d) => d.idempotency_key));
    for (const n of report.notes) expect(notes.has(`note-${n}`), `note ${n}`).toBe(true);

    // Nothing half-written is visible: each work order has exactly the decisions and the one job its state implies.
    for (const { id, state } of orders) {
      expect(kindsOf(id), `decisions of ${id} (${state})`).toEqual(state === 'routed' ? ['intake', 'routing'] : ['intake']);
      expect(jobsOf(id).map((j) => j.state), `jobs of ${id} (${state})`).toEqual(state === 'routed' ? ['completed'] : [expect.stringMatching(/^(created|active|retry)$/)]);
    }
    expect(jobs.every((j) => stateOf.has(j.data.workOrderId)), 'no job without its work order').toBe(true);

    // A hung job was claimed and never finished by that claim: either its lease expired and the child ran it
    // again, or it is still claimed (or, its lease expired by now, waiting for a retry).
    for (const id of report.hung) {
      const [job] = jobsOf(id);
      if (report.worked.includes(id)) expect(job, `job of ${id}`).toMatchObject({ state: 'completed', retryCount: expect.any(Number) });
      else expect(job?.state, `job of ${id}`).toMatch(/^(active|retry)$/);
      if (report.worked.includes(id)) expect(job!.retryCount, `claims of ${id}`).toBeGreaterThanOrEqual(1);
    }

    // Every claimed or queued job runs again (after its lease) or for the first time, and completes exactly once.
    const reruns = new Map<number, number>();
    const errors: string[] = [];
    await store.queue.work<{ workOrderId: number }>(CRASH_QUEUE, { localConcurrency: 2, pollingIntervalSeconds: 0.5, batchSize: 5 }, async (job) => {
      reruns.set(job.data.workOrderId, job.retryCount);
      await store!
        .transaction(async (tx) => {
          const moved = await transitionWorkOrder(tx, { id: job.data.workOrderId, from: 'queued', to: 'routed', decision: { kind: 'routing', conclusion: 'routed after restart' } });
          if (!moved.ok) throw new Error(`step refused: ${moved.reason}`);
          if (!(await tx.queue.complete(tx.db, job))) throw new Error('claim lapsed');
        })
        .catch((error: Error) => {
          errors.push(`${job.data.workOrderId}/${job.retryCount}: ${error.message}`);
          throw error;
        });
    });
    const until = Date.now() + 30_000;
    for (;;) {
      const left = await db.selectFrom('work_orders').select('id').where('state', '=', 'queued').execute();
      if (left.length === 0) break;
      if (Date.now() > until) {
        const stuck = (await store.queue.jobs<{ workOrderId: number }>(CRASH_QUEUE, { limit: 100_000 })).filter((j) => left.some((l) => l.id === j.data.workOrderId));
        throw new Error(`still queued after restart: ${JSON.stringify(stuck)}; handler errors: ${errors.join('; ')}`);
      }
      await store.queue.supervise(CRASH_QUEUE);
      await sleep(300);
    }
    await store.queue.offWork(CRASH_QUEUE);

    const after = await store.queue.jobs<{ workOrderId: number }>(CRASH_QUEUE, { limit: 100_000 });
    expect(after.every((j) => j.state === 'completed')).toBe(true);
    // A hung job was completed by a later claim: the child's own after its lease expired, or the restarted worker's.
    for (const id of report.hung) expect(after.find((j) => j.data.workOrderId === id)?.retryCount, `claims of hung job ${id}`).toBeGreaterThanOrEqual(1);
    expect(reruns.size, 'jobs run after the restart').toBeGreaterThan(0);
    const routingCounts = await db
      .selectFrom('decision_logs')
      .select(['work_order_id'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'routing')
      .groupBy('work_order_id')
      .execute();
    expect(routingCounts.length).toBe(orders.length);
    expect(routingCounts.every((r) => r.n === 1)).toBe(true);
  }, 120_000);
});
