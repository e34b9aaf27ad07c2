// Long enough to recognise the issue in a branch list, short enough for every Git host's ref limits.
const MAX_SLUG = 40;

/** The work order's branch: `punchlist/<issue-number>-<slug of the title>`. */
export function branchName(issueNumber: number, title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG)
    .replace(/^-+|-+$/g, '');
  return `punchlist/${issueNumber}${slug ? `-${slug}` : ''}`;
}
