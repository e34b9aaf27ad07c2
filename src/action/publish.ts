import { randomUUID } from 'node:crypto';
import type { CheckRunPlan } from '../report/index.ts';
import { describeRequestError, type GitHubClient, retryDelay } from './github.ts';

/** How publishing the check run went: its URL, or why it could not be written (so the caller falls back). */
export type PublishResult =
  | { ok: true; url: string; requests: number; adopted: boolean }
  | { ok: false; forbidden: boolean; reason: string };

/** Where the check run goes. */
export interface PublishTarget {
  owner: string;
  repo: string;
  headSha: string;
  name: string;
}

export interface PublishOptions {
  /**
   * The check run's `external_id`: what finds it again after an answer was lost. Unique per publication (default:
   * `punchlist:<random>`); the caller may prefix the workflow run, which makes it readable in the API.
   */
  externalId?: string;
  /** Waits before a request is tried again (injected by tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Tries of each step, the first included (default 4). */
  tries?: number;
}

/** A check run as the API lists it: enough to adopt it. */
interface CheckRunShape {
  id: number;
  html_url?: string | null;
  external_id?: string | null;
  output?: { annotations_count?: number };
}

const DEFAULT_TRIES = 4;
/** One try per request: a repeat is this module's decision, made after finding out whether the first took effect. */
const ONCE = { request: { retries: 0 } };
/** The API's pages hold at most 100 check runs. */
const PER_PAGE = 100;
/**
 * Pages of a commit's runs of this name read to find a lost create (GitHub does not document their order): a commit
 * re-run more often than that is not searched further, and the publication stops rather than risk a second run.
 */
const MAX_PAGES = 10;

/** Thrown when a step cannot go on: the reason is the result's. */
class Stop extends Error {
  override name = 'Stop';
  readonly forbidden: boolean;
  constructor(message: string, forbidden: boolean) {
    super(message);
    this.forbidden = forbidden;
  }
}

/**
 * Creates the check run with the first batch of annotations, then appends the other batches with updates (GitHub
 * appends annotations on each update), so that running any request twice leaves one check run with each annotation
 * once:
 * - every request is sent once, not by the client's own retries; after a failure that may be passing (no answer, a
 *   5xx, a rate limit), it waits as GitHub asked (or backs off) and first finds out what the lost request did;
 * - the check run carries an `external_id`: a create whose answer was lost is looked for by it among the commit's
 *   check runs of that name, and adopted when it is there;
 * - an update whose answer was lost is judged by the check run's `annotations_count`: the batch is sent again only
 *   when the count shows it did not land.
 * Errors come back as values: reporting never hides the result.
 */
export async function publishCheckRun(gh: GitHubClient, target: PublishTarget, plan: CheckRunPlan, options: PublishOptions = {}): Promise<PublishResult> {
  const externalId = options.externalId ?? `punchlist:${randomUUID()}`;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const tries = Math.max(1, options.tries ?? DEFAULT_TRIES);
  const repo = { owner: target.owner, repo: target.repo };
  const output = (batch: number) => ({
    title: plan.title,
    summary: plan.summary,
    ...(plan.batches[batch] ? { annotations: plan.batches[batch] } : {}),
  });
  // Annotations on the check run once batches [0, b) have landed.
  const landed = (b: number): number => plan.batches.slice(0, b).reduce((n, batch) => n + batch.length, 0);
  let requests = 0;
  let done = 0;

  // Runs `step` until it answers, at most `tries` times; before each repeat, waits, then asks `settle` whether the
  // failed try took effect after all (its answer, or undefined to try again).
  async function attempt<T>(what: string, step: () => Promise<T>, settle: () => Promise<T | undefined>): Promise<T> {
    for (let t = 1; ; t++) {
      let error: unknown;
      try {
        requests++;
        return await step();
      } catch (e) {
        error = e;
      }
      const wait = retryDelay(error, t);
      if (wait === null || t >= tries) {
        const e = (error ?? {}) as { status?: number; response?: unknown };
        const answered = e.response !== undefined;
        // A fork's pull request runs with a read-only token: the Checks API answers 403 ("Resource not accessible
        // by integration"); a missing app or repository is 404.
        throw new Stop(`${describeRequestError(error)} (${what}${t > 1 ? `, tried ${t} times` : ''})`, answered && wait === null && (e.status === 403 || e.status === 404));
      }
      await sleep(wait);
      const settled = await settle();
      if (settled !== undefined) return settled;
    }
  }

  // The check run this publication created, when a create whose answer was lost did land: the commit's runs of this
  // name are read page by page until it is found or every run was seen. A failure to look is retried like any
  // request, and ends the publication when it persists, as does a list too long to read whole (creating blindly
  // could make a second run).
  async function find(): Promise<CheckRunShape | undefined> {
    let seen = 0;
    for (let page = 1; ; page++) {
      const { runs, total } = await attempt(
        'looking for the check run',
        async () => {
          const { data } = await gh.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
            ...repo,
            ref: target.headSha,
            check_name: target.name,
            filter: 'all',
            per_page: PER_PAGE,
            page,
            ...ONCE,
          });
          return { runs: data.check_runs as CheckRunShape[], total: data.total_count };
        },
        async () => undefined,
      );
      const found = runs.find((r) => r.external_id === externalId);
      if (found) return found;
      seen += runs.length;
      if (runs.length < PER_PAGE || seen >= total) return undefined;
      if (page === MAX_PAGES) {
        throw new Stop(`more than ${MAX_PAGES * PER_PAGE} check runs named "${target.name}" on ${target.headSha}: cannot tell whether this one was created (looking for the check run)`, false);
      }
    }
  }

  async function count(id: number): Promise<number> {
    const run = await attempt(
      'reading the check run',
      async () => (await gh.request('GET /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...repo, check_run_id: id, ...ONCE })).data as CheckRunShape,
      async () => undefined,
    );
    return run.output?.annotations_count ?? 0;
  }

  try {
    let adopted = false;
    const created = await attempt(
      'creating the check run',
      async () =>
        (
          await gh.request('POST /repos/{owner}/{repo}/check-runs', {
            ...repo,
            name: target.name,
            head_sha: target.headSha,
            external_id: externalId,
            status: 'completed',
            conclusion: plan.conclusion,
            completed_at: new Date().toISOString(),
            output: output(0),
            ...ONCE,
          })
        ).data as CheckRunShape,
      async () => {
        const found = await find();
        adopted = found !== undefined;
        return found;
      },
    );
    done = 1;
    if (adopted && (created.output?.annotations_count ?? landed(1)) !== landed(1)) {
      throw new Stop(`the check run found by its external_id holds ${created.output?.annotations_count} annotations, not the ${landed(1)} sent`, false);
    }
    for (let b = 1; b < plan.batches.length; b++) {
      await attempt(
        `adding annotations ${landed(b) + 1}–${landed(b + 1)}`,
        async () => {
          await gh.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...repo, check_run_id: created.id, output: output(b), ...ONCE });
          return true;
        },
        async () => {
          const n = await count(created.id);
          if (n === landed(b + 1)) return true;
          if (n === landed(b)) return undefined;
          throw new Stop(`the check run holds ${n} annotations, neither the ${landed(b)} before this batch nor the ${landed(b + 1)} after it`, false);
        },
      );
      done = b + 1;
    }
    return { ok: true, url: created.html_url ?? '', requests, adopted };
  } catch (e) {
    const stop = e instanceof Stop ? e : new Stop(describeRequestError(e), false);
    return {
      ok: false,
      forbidden: stop.forbidden,
      reason: `${stop.message}${done > 0 ? ` (after ${done} of ${plan.batches.length} batch${plan.batches.length === 1 ? '' : 'es'} landed)` : ''}`,
    };
  }
}
