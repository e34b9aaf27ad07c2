import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';

/** The REST client the Action uses: @actions/github's, which honours GITHUB_API_URL, plus retries. */
export type GitHubClient = ReturnType<typeof getOctokit>;

/** A client that retries 5xx and rate-limit answers with backoff (429; 4xx that cannot succeed are not retried). */
export function createGitHubClient(token: string): GitHubClient {
  return getOctokit(token, {}, retry);
}
