import type { GitHub, RepoRef } from './repo-ref.ts';

/**
 * The id of the App's comment on an issue that carries `marker` (a hidden HTML comment), or null. Looked for
 * before a comment is posted, so a post whose answer was lost, or a process killed after posting, never leaves two.
 * Only comments by a bot count: anyone can paste a marker into their own comment.
 */
export async function findMarkedComment(github: GitHub, issue: RepoRef & { issue_number: number }, marker: string): Promise<number | null> {
  const comments = await github.paginate(github.rest.issues.listComments, { ...issue, per_page: 100 });
  const found = comments.find((c) => c.user?.type === 'Bot' && (c.body ?? '').includes(marker));
  return found?.id ?? null;
}
