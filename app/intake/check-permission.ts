import { httpStatus, type GitHub, type RepoRef } from '../github/repo-ref.ts';

/** Roles that may start work (issue 5: write, maintain or admin). */
export const STARTING_ROLES = ['admin', 'maintain', 'write'] as const;

/** Whether a person may start work, and the role GitHub reports for them. */
export interface PermissionCheck {
  allowed: boolean;
  role: string;
}

/** Asks GitHub for the sender's role on the repository; anyone it does not know has role `none`. */
export async function checkPermission(github: GitHub, repo: RepoRef, username: string): Promise<PermissionCheck> {
  try {
    const { data } = await github.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    // `permission` folds maintain into write and triage into read; `role_name` keeps them apart.
    const role = data.role_name || data.permission;
    const allowed = (STARTING_ROLES as readonly string[]).includes(role) || data.permission === 'admin' || data.permission === 'write';
    return { allowed, role };
  } catch (error) {
    if (httpStatus(error) === 404) return { allowed: false, role: 'none' };
    throw error;
  }
}
