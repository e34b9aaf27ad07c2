/** How many jobs a worker runs at once unless `PUNCHLIST_WORKERS` says otherwise. */
export const DEFAULT_WORKERS = 4;

/** The setting that says how many jobs a worker runs at once. */
export const WORKERS_ENV = 'PUNCHLIST_WORKERS';

/**
 * How many jobs the worker runs at once: `PUNCHLIST_WORKERS` when set (a whole number from 1 to 32), else 4. Steps
 * mostly wait on GitHub or a model, so a few run side by side and a slow model call holds only its own work order;
 * one work order's steps never run together (its lane, app/worker/run-work-order.ts). Throws a one-line error on a
 * malformed value (start-up checks it first).
 */
export function workersFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[WORKERS_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_WORKERS;
  const workers = Number(raw);
  if (!Number.isInteger(workers) || workers < 1 || workers > 32) throw new Error(`Cannot read ${WORKERS_ENV}: "${raw}" must be a whole number from 1 to 32`);
  return workers;
}
