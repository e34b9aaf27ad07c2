import type { ProbotOctokit } from 'probot';

/** The installation-authenticated REST client every step is handed (Probot's, so retries and throttling come with it). */
export type GitHub = ProbotOctokit;

/** A repository as the REST API addresses it. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** Splits `owner/name` (a work order's `repository`) into the REST API's path parameters. */
export function splitRepository(fullName: string): RepoRef {
  const at = fullName.indexOf('/');
  if (at <= 0 || at === fullName.length - 1) throw new Error(`Cannot split "${fullName}" into owner and repository`);
  return { owner: fullName.slice(0, at), repo: fullName.slice(at + 1) };
}

/** The HTTP status of an Octokit `RequestError`, or null for anything else. */
export function httpStatus(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}
