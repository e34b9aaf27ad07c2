// Sign-in with GitHub through the App's own OAuth credentials (the manifest flow writes GITHUB_CLIENT_ID and
// GITHUB_CLIENT_SECRET), and the repositories the person can read on the App's installations. The user token is
// used for these calls only and then dropped.

/** Where GitHub answers: its web pages (OAuth) and its API. */
export interface GitHubEndpoints {
  web: string;
  api: string;
}

/** github.com, or the Enterprise Server (or local stand-in) at GHE_HOST, whose API is under /api/v3. */
export function githubEndpoints(env: NodeJS.ProcessEnv = process.env): GitHubEndpoints {
  if (env.GHE_HOST) {
    const web = `${env.GHE_PROTOCOL || 'https'}://${env.GHE_HOST}`;
    return { web, api: `${web}/api/v3` };
  }
  return { web: 'https://github.com', api: 'https://api.github.com' };
}

/** GitHub's authorize page for this App, coming back to `redirectUri` with `state`. */
export function authorizeUrl(endpoints: GitHubEndpoints, clientId: string, redirectUri: string, state: string): string {
  const url = new URL('/login/oauth/authorize', endpoints.web);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('allow_signup', 'false');
  return url.toString();
}

/** Why signing in did not work, in words for the page. */
export class SignInError extends Error {
  override name = 'SignInError';
}

async function getJson(url: string, token: string): Promise<unknown> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'user-agent': 'punchlist-dashboard' } });
  if (!res.ok) throw new SignInError(`GitHub answered ${res.status} to ${new URL(url).pathname}`);
  return res.json();
}

/** Trades the code GitHub sent back for a user token. */
export async function exchangeCode(endpoints: GitHubEndpoints, credentials: { clientId: string; clientSecret: string }, code: string, redirectUri: string): Promise<string> {
  const res = await fetch(new URL('/login/oauth/access_token', endpoints.web), {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'punchlist-dashboard' },
    body: JSON.stringify({ client_id: credentials.clientId, client_secret: credentials.clientSecret, code, redirect_uri: redirectUri }),
  });
  const body = (await res.json().catch(() => null)) as { access_token?: unknown; error?: unknown } | null;
  if (!res.ok || typeof body?.access_token !== 'string') {
    throw new SignInError(`GitHub did not give a token${typeof body?.error === 'string' ? ` (${body.error})` : ` (status ${res.status})`}`);
  }
  return body.access_token;
}

/** Most installations and repositories read; a person with more sees the first ones (a page of 100 each). */
const PAGE = 100;
const MAX_PAGES = 10;

/** The person's login and every repository they can read on the installations of this App. */
export async function readableRepositories(endpoints: GitHubEndpoints, token: string): Promise<{ login: string; repositories: string[] }> {
  const user = (await getJson(`${endpoints.api}/user`, token)) as { login?: unknown };
  if (typeof user.login !== 'string') throw new SignInError('GitHub did not say who signed in');
  const repositories = new Set<string>();
  const installations: number[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const body = (await getJson(`${endpoints.api}/user/installations?per_page=${PAGE}&page=${page}`, token)) as { installations?: { id?: unknown }[] };
    const batch = (body.installations ?? []).flatMap((i) => (typeof i.id === 'number' ? [i.id] : []));
    installations.push(...batch);
    if (batch.length < PAGE) break;
  }
  for (const id of installations) {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const body = (await getJson(`${endpoints.api}/user/installations/${id}/repositories?per_page=${PAGE}&page=${page}`, token)) as { repositories?: { full_name?: unknown }[] };
      const batch = (body.repositories ?? []).flatMap((r) => (typeof r.full_name === 'string' ? [r.full_name] : []));
      batch.forEach((r) => repositories.add(r));
      if (batch.length < PAGE) break;
    }
  }
  return { login: user.login, repositories: [...repositories].sort() };
}
