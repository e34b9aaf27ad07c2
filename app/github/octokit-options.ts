import { ProbotOctokit } from 'probot';

/**
 * The longest wait the client sits out in-process when GitHub asks it to slow down. A longer wait is the queue's:
 * the step ends, and its job is scheduled again after the wait GitHub named, so a restart keeps the wait and the
 * worker serves other work orders meanwhile (app/github/github-answer.ts classifies the refusal).
 */
export const MAX_IN_PROCESS_WAIT_SECONDS = 1;

function waitHere(retryAfter: number, retryCount: number): boolean {
  return retryCount === 0 && retryAfter <= MAX_IN_PROCESS_WAIT_SECONDS;
}

/** Probot's client with rate-limit waits left to the queue (Probot's default waits in-process, forever). */
export const PunchlistOctokit = ProbotOctokit.defaults({
  throttle: {
    enabled: true,
    onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => waitHere(retryAfter, retryCount),
    onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => waitHere(retryAfter, retryCount),
  },
});
