import { createHash } from 'node:crypto';
import { WORK_ORDER_QUEUE, type Store } from '../../src/store/index.ts';
import type { CommentEvent } from '../ci/commands.ts';
import type { RunCompleted } from '../history/record-run-step.ts';
import type { LabeledEvent } from '../intake/labeled-event.ts';

/** The `workOrderId` of a job that has no work order yet (intake): every job of the queue names one, or this. */
export const NO_WORK_ORDER = 0;

/**
 * What a job of the work-order queue carries. A work order's step: its id (and how often GitHub put the step off).
 * A delivery's step, whose facts the webhook handler wrote into the job: `intake` (an `issues.labeled`) or
 * `command` (a `/punchlist` reply, with the work order it is about), or `runResults` (a finished workflow run whose test
 * results join the history).
 */
export type StepJobData =
  | { workOrderId: number; githubWaits?: number; intake?: undefined; command?: undefined; runResults?: undefined }
  | { workOrderId: typeof NO_WORK_ORDER; intake: LabeledEvent; command?: undefined; runResults?: undefined }
  | { workOrderId: number; command: CommentEvent; intake?: undefined; runResults?: undefined }
  | { workOrderId: typeof NO_WORK_ORDER; runResults: RunCompleted; intake?: undefined; command?: undefined };

/** The job id for `key` (a UUID made from it), so the job of one delivery is sent once however often it arrives. */
export function stepJobId(key: string): string {
  const hex = createHash('sha256').update(`punchlist-step:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** Sends a delivery's step job once (its id made from `key`); false when it was sent before (a redelivery). */
export async function sendStepJob(store: Store, data: StepJobData, key: string): Promise<boolean> {
  const id = stepJobId(key);
  if ((await store.queue.boss.getJobById(WORK_ORDER_QUEUE, id)) !== null) return false;
  try {
    await store.queue.send(store.db, WORK_ORDER_QUEUE, data, { id });
    return true;
  } catch (error) {
    // Sent meanwhile by another process: the same delivery.
    if ((await store.queue.boss.getJobById(WORK_ORDER_QUEUE, id)) !== null) return false;
    throw error;
  }
}
