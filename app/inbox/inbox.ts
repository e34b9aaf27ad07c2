import { acceptDeliveries, claimDeliveries, completeDelivery, failDelivery, pruneDeliveries, releaseDeliveries, type IncomingDelivery, type InboxDelivery, type Store } from '../../src/store/index.ts';

/** What the inbox hands its handler: one delivery as GitHub sent it. */
export type InboxEvent = InboxDelivery;

/** Tuning of the inbox; the defaults suit a server. */
export interface InboxOptions {
  /** Deliveries claimed per round (handled one after another, in arrival order). */
  batchSize?: number;
  /** How long a claimed delivery is held before another process may take it (a crash's worst delay on PostgreSQL). */
  leaseSeconds?: number;
  /** How often to look for deliveries whose retry time came, or that another process accepted. */
  pollMs?: number;
  /** Attempts before a delivery is given up. */
  maxAttempts?: number;
  /** How long a handled delivery is kept (default 7 days); pruned about once an hour. */
  keepSeconds?: number;
  log: { warn(msg: string): void; error(msg: string): void };
}

/** The durable webhook inbox: accept quickly, handle later, in order, with retries. */
export interface Inbox {
  /** Stores a delivery (batched with others arriving meanwhile); true when new, false for a redelivery. */
  accept(delivery: IncomingDelivery): Promise<boolean>;
  /** Starts handling stored deliveries with `handler`; a throw retries the delivery later with backoff. */
  start(handler: (event: InboxEvent) => Promise<void>): void;
  /** Lets the delivery in hand finish, then stops; accepted deliveries stay stored for the next start. */
  close(): Promise<void>;
}

/** How often handled deliveries past their keeping time are deleted. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** Seconds before attempt `n + 1` of a failed delivery: 5, 20, 45 … up to five minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(300, 5 * attempts * attempts);
}

/**
 * An inbox over the store. `accept` answers as soon as its batch is committed: while one batch is being written,
 * arrivals queue in memory and go in the next, so a burst costs one transaction per batch, not per webhook.
 */
export function createInbox(store: Store, options: InboxOptions): Inbox {
  const batchSize = options.batchSize ?? 20;
  const leaseSeconds = options.leaseSeconds ?? 120;
  const pollMs = options.pollMs ?? 1000;
  const maxAttempts = options.maxAttempts ?? 8;
  const keepSeconds = options.keepSeconds ?? 7 * 24 * 3600;
  let prunedAt = 0;
  let waiting: { delivery: IncomingDelivery; resolve(fresh: boolean): void; reject(error: unknown): void }[] = [];
  let writing: Promise<void> | null = null;
  let closed = false;
  let running: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  async function writeBatches(): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        const fresh = await acceptDeliveries(store.db, batch.map((w) => w.delivery));
        for (const w of batch) w.resolve(fresh.has(w.delivery.deliveryId));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
      wake?.();
    }
    writing = null;
  }

  async function handleOne(event: InboxEvent, handler: (event: InboxEvent) => Promise<void>): Promise<void> {
    try {
      await handler(event);
      await completeDelivery(store.db, event.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = event.attempts >= maxAttempts;
      await failDelivery(store.db, event.id, message, giveUp ? null : retryDelaySeconds(event.attempts));
      const what = `${event.event} delivery ${event.deliveryId} (attempt ${event.attempts})`;
      if (giveUp) options.log.error(`Gave up ${what}: ${message}`);
      else options.log.warn(`Will retry ${what}: ${message}`);
    }
  }

  async function loop(handler: (event: InboxEvent) => Promise<void>): Promise<void> {
    // PGlite's data directory is locked to this process, so any claim in it is a dead process's: take it back now.
    if (store.engine === 'pglite') await releaseDeliveries(store.db);
    while (!closed) {
      if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
        prunedAt = Date.now();
        await pruneDeliveries(store.db, keepSeconds).catch((error: unknown) => options.log.warn(`Cannot prune the webhook inbox: ${(error as Error).message}`));
      }
      let claimed: InboxEvent[] = [];
      try {
        claimed = await claimDeliveries(store.db, batchSize, leaseSeconds);
      } catch (error) {
        if (closed) return;
        options.log.warn(`Cannot read the webhook inbox: ${(error as Error).message}`);
      }
      for (const [i, event] of claimed.entries()) {
        if (closed) {
          await releaseDeliveries(store.db, claimed.slice(i).map((e) => e.id));
          return;
        }
        await handleOne(event, handler);
      }
      if (claimed.length === batchSize || closed) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    }
  }

  return {
    accept(delivery) {
      if (closed) return Promise.reject(new Error('The webhook inbox is closed'));
      return new Promise<boolean>((resolve, reject) => {
        waiting.push({ delivery, resolve, reject });
        writing ??= writeBatches();
      });
    },
    start(handler) {
      if (running) throw new Error('The webhook inbox is already started');
      running = loop(handler);
    },
    async close() {
      closed = true;
      wake?.();
      await writing;
      await running;
    },
  };
}
