// Child process of crash.test.ts: writes work orders (each with its intake decision and job) as fast as it can,
// while a worker moves them on (state change, decision and job completion in one transaction). Some jobs hang
// forever after being claimed, as a worker stuck on a model call would. It prints a line after each commit
// returns, and runs until the parent kills it with SIGKILL.
//   C <id>  work order, intake decision and job committed
//   N <id>  a keyed standalone decision committed
//   W <id>  worker step committed (routed, routing decision, job completed)
//   H <id>  job claimed and hanging
import { createWorkOrder, openStore, recordDecision, transitionWorkOrder, type StoreOptions } from '../../src/store/index.ts';
import { CRASH_QUEUE, CRASH_QUEUES, hangs } from './crash-plan.ts';

const options = JSON.parse(process.env.PUNCHLIST_CRASH_STORE ?? '{}') as StoreOptions;
const store = await openStore({ ...options, queues: CRASH_QUEUES });
const say = (line: string) => process.stdout.write(`${line}\n`);
const hanging = new Set<number>();

await store.queue.work<{ workOrderId: number }>(CRASH_QUEUE, { localConcurrency: 4, pollingIntervalSeconds: 0.5 }, async (job) => {
  const id = job.data.workOrderId;
  // Hangs on the first claim only: once the lease expires the job is claimed again (here or after the restart),
  // and a worker slot held forever by every claim would starve the others.
  if (hangs(id) && !hanging.has(id)) {
    hanging.add(id);
    say(`H ${id}`);
    await new Promise(() => {});
  }
  await store.transaction(async (tx) => {
    const moved = await transitionWorkOrder(tx, { id, from: 'queued', to: 'routed', decision: { kind: 'routing', conclusion: 'routed by the child' } });
    if (!moved.ok) throw new Error(`step refused: ${moved.reason}`);
    if (!(await tx.queue.complete(tx.db, job))) throw new Error('claim lapsed');
  });
  say(`W ${id}`);
});
say('READY');

for (let issue = 1; ; issue++) {
  const created = await createWorkOrder(
    store,
    { repository: 'crash/test', issueNumber: issue, trigger: 'label:punchlist', body: 'x'.repeat(2000) },
    { deliveryId: `crash-${issue}`, event: 'issues.labeled', decision: { kind: 'intake', conclusion: 'taken in' }, enqueue: { queue: CRASH_QUEUE } },
  );
  if (!created.created) throw new Error(`issue ${issue} not created: ${created.reason}`);
  say(`C ${created.workOrder.id}`);
  await recordDecision(store.db, { kind: 'skip', conclusion: `note ${issue}`, key: `note-${issue}` });
  say(`N ${issue}`);
  // PGlite is one session: without a pause the writer would keep it to itself and starve the worker's polls.
  await new Promise((resolve) => setTimeout(resolve, 15));
}
