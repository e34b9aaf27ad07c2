import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import type { GitHubClient } from './github-client.ts';

// The Action's client behind a proxy: @actions/github's, whose requests go through @actions/http-client's proxy
// agent (https_proxy/http_proxy, no_proxy, loopback never proxied). Built into its own bundle, dist/github-proxy.js
// (scripts/build.ts), which the Action loads only when a proxy variable is set: with undici it is ~730 KB that every
// other run would parse and keep.

/** @actions/github's Octokit, with retries, at the given API. */
export function proxiedGitHubClient(token: string, baseUrl: string, userAgent: string, options: { retries?: number } = {}): GitHubClient {
  // No `request` option here: it would replace, not join, the proxied fetch @actions/github sets as its default.
  const retries = options.retries !== undefined ? { retry: { retries: options.retries } } : {};
  // Everything GitHubClient has (@octokit/core with pagination, and retries from the plugin given), and REST methods.
  return getOctokit(token, { baseUrl, userAgent, ...retries }, retry) as unknown as GitHubClient;
}
