import { safeUrl } from './html.ts';

// Links to GitHub for what the store names. Repository names are split and encoded segment by segment, so a
// stored name can only ever point inside the GitHub the App talks to.

function repoPath(repository: string): string {
  return repository.split('/').map(encodeURIComponent).join('/');
}

/** Where GitHub's pages live for this App: github.com, or the Enterprise Server / stand-in at GHE_HOST. */
export function githubWebUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.GHE_HOST ? `${env.GHE_PROTOCOL || 'https'}://${env.GHE_HOST}` : 'https://github.com';
}

/** The issue's page. */
export function issueUrl(web: string, repository: string, issue: number): string {
  return `${web}/${repoPath(repository)}/issues/${issue}`;
}

/** The pull request's page: the URL GitHub gave (when it is http/https), else built from its number. */
export function pullUrl(web: string, repository: string, pr: number | null, given: string | null): string | null {
  return safeUrl(given) ?? (pr === null ? null : `${web}/${repoPath(repository)}/pull/${pr}`);
}

/** A check run's page. */
export function checkRunUrl(web: string, repository: string, id: number): string {
  return `${web}/${repoPath(repository)}/runs/${id}`;
}

/** A commit's checks page. */
export function commitChecksUrl(web: string, repository: string, sha: string): string {
  return `${web}/${repoPath(repository)}/commit/${encodeURIComponent(sha)}/checks`;
}
