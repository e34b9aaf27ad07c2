import { PgBoss, fromKysely, fromPglite, type ConstructorOptions, type JobWithMetadata, type Queue as BossQueue } from 'pg-boss';
import type { OpenDatabase } from './open-database.ts';
import type { Executor } from './tables.ts';

/** How one queue retries and leases its jobs (pg-boss queue options). */
export type QueueSettings = Pick<
  BossQueue,
  'expireInSeconds' | 'retryLimit' | 'retryDelay' | 'retryBackoff' | 'retryDelayMax' | 'deleteAfterSeconds' | 'heartbeatSeconds'
>;

/**
 * How long a claimed job (and the work order's step lease, app/worker/run-work-order.ts) outlives its last
 * renewal. A live worker renews both while its step runs, however long it waits on a model; a process that died
 * stops renewing, so its claims lapse after this long and another process (or a restart) takes the work over.
 */
export const DEFAULT_LEASE_SECONDS = 60;

/** The environment variable that shortens or lengthens the lease (tests set it to lapse a killed process's claims fast). */
export const LEASE_ENV = 'PUNCHLIST_LEASE_SECONDS';

/** pg-boss refuses a heartbeat under 10 s; a step may not take longer than a job's expiry in any case. */
const LEASE_RANGE = { min: 10, max: 900 } as const;

/**
 * The lease in seconds: `PUNCHLIST_LEASE_SECONDS` when set (a whole number from 10 to 900), else 60. The one place
 * the setting is read; a bad value is a one-line error, not a silent default.
 */
export function leaseSecondsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[LEASE_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_LEASE_SECONDS;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < LEASE_RANGE.min || seconds > LEASE_RANGE.max) {
    throw new Error(`Cannot read ${LEASE_ENV}: "${raw}" must be a whole number of seconds from ${LEASE_RANGE.min} to ${LEASE_RANGE.max}`);
  }
  return seconds;
}

/**
 * The queues the App needs. A work order job carries the work order's id; its handler reads the state and does
 * the next step, so a retried job resumes where the last run committed. A job is held by heartbeats (the lease,
 * `heartbeatSeconds`), renewed while its step runs: a crashed worker's job runs again once a heartbeat is missed.
 * `expireInSeconds` is only the ceiling of one step, live or not (a model call times out well before it).
 */
export const DEFAULT_QUEUES: Readonly<Record<string, QueueSettings>> = {
  'work-order': { expireInSeconds: 15 * 60, heartbeatSeconds: DEFAULT_LEASE_SECONDS, retryLimit: 20, retryDelay: 5, retryBackoff: true, retryDelayMax: 300 },
};

/** The queues with `leaseSeconds` as the heartbeat of every queue that has one. */
function withLease(queues: Readonly<Record<string, QueueSettings>>, leaseSeconds: number): Record<string, QueueSettings> {
  return Object.fromEntries(Object.entries(queues).map(([name, settings]) => [name, settings.heartbeatSeconds ? { ...settings, heartbeatSeconds: leaseSeconds } : settings]));
}

/** A claimed job. `retryCount` fences it: once the job was handed out again, this claim can no longer settle it. */
export interface QueueJob<T = Record<string, unknown>> {
  readonly id: string;
  readonly name: string;
  readonly data: T;
  readonly retryCount: number;
}

/** A job with its queue state, for inspection. */
export type QueueJobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

/** When and how to send a job. */
export interface EnqueueOptions {
  /** The job's id (a UUID): a second job with the same id is refused, which makes a send idempotent. */
  id?: string;
  /** At most one queued job per key (pg-boss singleton). */
  singletonKey?: string;
  /** Run no earlier than this: seconds from now, or a date. */
  startAfter?: number | Date;
  priority?: number;
}

/** Polling of a worker. */
export interface WorkOptions {
  batchSize?: number;
  pollingIntervalSeconds?: number;
  localConcurrency?: number;
}

/** The durable job queue (pg-boss), on the store's database. */
export interface JobQueue {
  /** The pg-boss instance, for what this interface does not cover. */
  readonly boss: PgBoss;
  /** Sends a job; inside a transaction (`db` a Kysely transaction) it commits or rolls back with it. */
  send(db: Executor, name: string, data: object, options?: EnqueueOptions): Promise<string>;
  /** How long a claim outlives its last renewal, in seconds (see `DEFAULT_LEASE_SECONDS`). */
  readonly leaseSeconds: number;
  /** Renews the lease of a claimed job (its heartbeat). False when the claim had lapsed: the job is another's now. */
  touch(job: Pick<QueueJob, 'id' | 'name' | 'retryCount'>): Promise<boolean>;
  /** Completes a claimed job; inside a transaction, only if that commits. False when the claim had lapsed. */
  complete(db: Executor, job: Pick<QueueJob, 'id' | 'name' | 'retryCount'>, output?: object): Promise<boolean>;
  /** Claims up to `batchSize` ready jobs. */
  fetch<T>(name: string, batchSize?: number): Promise<QueueJob<T>[]>;
  /** Runs `handler` for each claimed job; a job whose handler throws is retried per its queue's settings. */
  work<T>(name: string, options: WorkOptions, handler: (job: QueueJob<T>) => Promise<void>): Promise<string>;
  /** Stops the workers of a queue. */
  offWork(name: string): Promise<void>;
  /** Expires lapsed leases now (pg-boss does this on its own every `superviseIntervalSeconds`). */
  supervise(name?: string): Promise<void>;
  /** Jobs of a queue with their states, oldest first (inspection and tests). */
  jobs<T>(name: string, options?: { data?: object; limit?: number }): Promise<(QueueJob<T> & { state: QueueJobState })[]>;
  stop(): Promise<void>;
}

/** Options of the queue beside its database. */
export interface QueueOptions {
  /** pg-boss's schema (default `pgboss`). */
  bossSchema?: string;
  queues?: Readonly<Record<string, QueueSettings>>;
  /** The heartbeat lease of queues that have one (default: `leaseSecondsFromEnv()`). */
  leaseSeconds?: number;
  /** How often lapsed leases are expired (default half the lease, at most 60 s; tests shorten it). */
  superviseIntervalSeconds?: number;
  /**
   * A store one process uses and then deletes (the App in Actions mode without DATABASE_URL): no other process
   * shares its jobs, so nothing of pg-boss's upkeep is worth its start-up queries (~75 ms of 85 on PGlite). No
   * supervision (lapsed leases are expired only by `supervise()`; there is no other worker to lose a job to), no
   * instance registration, and queues already declared (as in the build's seed) are only updated. A lasting store
   * keeps all of these.
   */
  throwaway?: boolean;
  /**
   * The database at `databaseUrl` is PGlite served over a socket (the App in Actions mode, app/action/store-server.ts):
   * pg-boss is told so (`backend: 'pglite'`), as it is when it shares PGlite's session in this process.
   */
  pgliteServed?: boolean;
}

/** pg-boss's upkeep a throw-away store goes without (see `QueueOptions.throwaway`). */
const THROWAWAY_BOSS: Pick<ConstructorOptions, 'supervise' | 'registerInstance'> = { supervise: false, registerInstance: false };

function toJob<T>(job: { id: string; name: string; data: unknown; retryCount: number }): QueueJob<T> {
  return { id: job.id, name: job.name, data: job.data as T, retryCount: job.retryCount };
}

/** Starts pg-boss on the store's database (sharing PGlite's one session, or its own PostgreSQL pool) and declares the queues. */
export async function startQueue(opened: OpenDatabase, options: QueueOptions = {}): Promise<JobQueue> {
  const schema = options.bossSchema ?? 'pgboss';
  const leaseSeconds = options.leaseSeconds ?? leaseSecondsFromEnv();
  const queues = withLease(options.queues ?? DEFAULT_QUEUES, leaseSeconds);
  // A dead worker's job runs again at most a lease plus a supervise interval after its last heartbeat.
  const supervise = options.superviseIntervalSeconds ?? Math.min(60, Math.max(1, Math.ceil(leaseSeconds / 2)));
  const common: ConstructorOptions = {
    schema,
    schedule: false,
    superviseIntervalSeconds: supervise,
    // Expiry runs inside the monitor pass, which each queue admits once per monitor interval: a shorter supervise
    // interval alone would not expire leases any sooner.
    monitorIntervalSeconds: supervise,
    openTelemetry: { enabled: false },
    ...(options.throwaway ? THROWAWAY_BOSS : {}),
  };
  const boss = opened.pglite
    ? new PgBoss({ ...common, db: fromPglite(opened.pglite), backend: 'pglite' })
    : new PgBoss({ ...common, connectionString: opened.databaseUrl ?? undefined, max: 4, ...(options.pgliteServed ? { backend: 'pglite' as const } : {}) });
  // pg-boss reports background failures (a poll that lost its connection) as events; they are not the caller's.
  boss.on('error', (error) => process.stderr.write(`punchlist queue: ${error.message}\n`));
  await boss.start();
  for (const [name, settings] of Object.entries(queues)) {
    // A lasting store's queue may be created by another process meanwhile; createQueue settles that race.
    if (!options.throwaway || !(await boss.getQueue(name))) await boss.createQueue(name, settings);
    await boss.updateQueue(name, settings);
  }
  const declared = new Set(Object.keys(queues));

  const adapter = (db: Executor) => (db.isTransaction ? { db: fromKysely(db) } : {});
  const known = (name: string) => {
    // pg-boss looks an unknown queue up on its own connection; inside a PGlite transaction that waits for the
    // transaction to end, forever. Declared queues are in its cache from start-up.
    if (!declared.has(name)) throw new Error(`Cannot use queue "${name}": declare it in the store's queues`);
  };

  return {
    boss,
    leaseSeconds,
    async touch(job) {
      known(job.name);
      const result = (await boss.touch(job.name, [{ id: job.id, retryCount: job.retryCount }])) as { affected?: number };
      return (result.affected ?? 0) > 0;
    },
    async send(db, name, data, sendOptions = {}) {
      known(name);
      const id = await boss.send(name, data, { ...sendOptions, ...adapter(db) });
      if (id === null) throw new Error(`Cannot send to queue "${name}": a job with this id or singleton key already exists`);
      return id;
    },
    async complete(db, job, output) {
      known(job.name);
      const result = (await boss.complete(job.name, { id: job.id, retryCount: job.retryCount }, output ?? null, adapter(db))) as { affected?: number };
      return (result.affected ?? 0) > 0;
    },
    async fetch<T>(name: string, batchSize = 1) {
      known(name);
      return (await boss.fetch<T>(name, { batchSize })).map((j) => toJob<T>(j));
    },
    async work<T>(name: string, workOptions: WorkOptions, handler: (job: QueueJob<T>) => Promise<void>) {
      known(name);
      return boss.work<T>(name, { pollingIntervalSeconds: 0.5, ...workOptions }, async (jobs) => {
        for (const job of jobs) await handler(toJob<T>(job));
      });
    },
    offWork: (name) => boss.offWork(name, { wait: true }),
    supervise: (name) => boss.supervise(name),
    async jobs<T>(name: string, find: { data?: object; limit?: number } = {}) {
      known(name);
      const found: JobWithMetadata<T>[] = await boss.findJobs<T>(name, find);
      return found.map((j) => ({ ...toJob<T>(j), state: j.state }));
    },
    stop: () => boss.stop({ graceful: true, timeout: 5000 }),
  };
}
