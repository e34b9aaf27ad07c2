import { DEFAULT_QUEUES, type QueueSettings } from '../../src/store/index.ts';

/** The queue of the crash test, with a lease short enough to expire during the test. */
export const CRASH_QUEUE = 'crash';

/** Queues the child and the parent both declare. */
export const CRASH_QUEUES: Record<string, QueueSettings> = { ...DEFAULT_QUEUES, [CRASH_QUEUE]: { expireInSeconds: 2, retryLimit: 10, retryDelay: 0 } };

/** Work orders whose job the child claims and never finishes. */
export function hangs(workOrderId: number): boolean {
  return workOrderId === 3 || workOrderId === 7;
}
