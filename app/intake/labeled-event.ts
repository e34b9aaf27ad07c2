import type { Context } from 'probot';

/** What intake needs of an `issues.labeled` delivery, as plain data. */
export interface LabeledEvent {
  deliveryId: string;
  installationId: number | null;
  owner: string;
  repo: string;
  repository: string;
  repositoryId: number;
  defaultBranch: string;
  label: string;
  sender: { login: string; type: string };
  issue: { number: number; title: string; body: string | null; state: string; locked: boolean; author: string | null; isPullRequest: boolean };
}

/** Turns Probot's context of `issues.labeled` into plain data (null when the delivery names no label). */
export function toLabeledEvent(context: Context<'issues.labeled'>): LabeledEvent | null {
  const { payload } = context;
  if (!payload.label) return null;
  const issue = payload.issue;
  return {
    deliveryId: context.id,
    installationId: payload.installation?.id ?? null,
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    repository: payload.repository.full_name,
    repositoryId: payload.repository.id,
    defaultBranch: payload.repository.default_branch,
    label: payload.label.name,
    sender: { login: payload.sender.login, type: payload.sender.type },
    issue: {
      number: issue.number,
      title: issue.title,
      body: issue.body ?? null,
      state: issue.state ?? 'open',
      locked: issue.locked ?? false,
      author: issue.user?.login ?? null,
      isPullRequest: 'pull_request' in issue && issue.pull_request !== undefined,
    },
  };
}
