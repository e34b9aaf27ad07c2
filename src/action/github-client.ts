import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { transport } from './http.ts';

// The Action's GitHub client. main.ts imports this module when the first request is made, after the logs are
// classified: Octokit and its retry scheduler are not in memory while the classifier is. It is @octokit/core with
// pagination and retries, its requests named by route (`POST /repos/{owner}/{repo}/check-runs`, typed from GitHub's
// API description), not @octokit/rest: its REST methods object costs ~3.4 MB more resident memory, measured bundled.

/** The REST client the Action uses: Octokit with pages and retries, at GITHUB_API_URL (GitHub Enterprise Server's API too). */
const ActionOctokit = Octokit.plugin(paginateRest, retry);
export type GitHubClient = InstanceType<typeof ActionOctokit>;

const USER_AGENT = 'punchlist-action';

/** The proxy variables the runner and `@actions/http-client` honour. */
const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];

/**
 * A client that retries 5xx and rate-limit answers with backoff (429; 4xx that cannot succeed are not retried);
 * `options.retries` caps the retries (0: fail at once).
 *
 * Without a proxy it is Octokit on node:http (./http.ts says why not Node's own fetch). Behind one (a proxy
 * variable set, as on a self-hosted runner behind one) it is `@actions/github`'s client, for its proxy agent and
 * `no_proxy` rules (github-proxy.ts): it brings undici, whose import alone costs ~29 MB of resident memory, so it is
 * loaded only there.
 */
export async function createGitHubClient(token: string, env: NodeJS.ProcessEnv = process.env, options: { retries?: number } = {}): Promise<GitHubClient> {
  const baseUrl = env.GITHUB_API_URL || 'https://api.github.com';
  if (PROXY_VARIABLES.some((name) => env[name])) {
    const { proxiedGitHubClient } = await import('./github-proxy.ts');
    return proxiedGitHubClient(token, baseUrl, USER_AGENT, options);
  }
  // The runner's orchestration id goes into the user agent, as @actions/github adds it, so GitHub can tie requests to the job.
  const orchestration = env.ACTIONS_ORCHESTRATION_ID?.trim();
  const userAgent = orchestration ? `${USER_AGENT} actions_orchestration_id/${orchestration.replace(/[^a-z0-9_.-]/gi, '_')}` : USER_AGENT;
  return new ActionOctokit({ auth: token, baseUrl, userAgent, request: { fetch: transport }, ...(options.retries !== undefined ? { retry: { retries: options.retries } } : {}) });
}

