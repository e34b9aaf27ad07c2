import { randomUUID } from 'node:crypto';
import type { RunnerEnv } from './action-inputs.ts';

/** The event that started the workflow run, as the App's webhook handlers take it. */
export interface WorkflowEvent {
  /** The webhook event name (`issues`); the payload's `action` picks the handler (`issues.labeled`). */
  name: string;
  payload: Record<string, unknown>;
  /** Stands in for the webhook delivery id that makes a redelivery harmless. */
  deliveryId: string;
  /** `owner/name` of the repository the run belongs to, or null when neither payload nor runner names one. */
  repository: string | null;
}

function need(env: RunnerEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`Cannot read the workflow's event: ${name} is not set (this runs as a step of a GitHub Actions job)`);
  return value;
}

function parsePayload(path: string, readFile: (path: string) => string): Record<string, unknown> {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new Error(`Cannot read the event file "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new Error(`Cannot read the event file "${path}": it is not JSON (${(error as Error).message})`);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    const held = Array.isArray(payload) ? 'an array' : payload === null ? 'null' : `a ${typeof payload}`;
    throw new Error(`Cannot read the event file "${path}": it holds ${held}, not a JSON object`);
  }
  return payload as Record<string, unknown>;
}

function repositoryOf(payload: Record<string, unknown>, env: RunnerEnv): string | null {
  const fullName = (payload.repository as { full_name?: unknown } | undefined)?.full_name;
  if (typeof fullName === 'string' && fullName !== '') return fullName;
  return env.GITHUB_REPOSITORY?.trim() || null;
}

/**
 * Reads the event from GITHUB_EVENT_NAME and GITHUB_EVENT_PATH. The delivery id is the run's id: a re-run of the
 * workflow replays the same event, so with a lasting store it is recognised as a redelivery and changes nothing.
 */
export function readWorkflowEvent(env: RunnerEnv, readFile: (path: string) => string, newId: () => string = randomUUID): WorkflowEvent {
  const name = need(env, 'GITHUB_EVENT_NAME');
  const payload = parsePayload(need(env, 'GITHUB_EVENT_PATH'), readFile);
  const runId = env.GITHUB_RUN_ID?.trim();
  return { name, payload, deliveryId: runId ? `actions-run-${runId}` : newId(), repository: repositoryOf(payload, env) };
}
