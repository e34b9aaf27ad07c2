import { CONFIG_PATH, type PunchlistConfig } from '../config/config-schema.ts';
import { httpStatus, type GitHub, type RepoRef } from '../github/repo-ref.ts';

/** Roles that may start work (issue 5: write, maintain or admin). */
export const STARTING_ROLES = ['admin', 'maintain', 'write'] as const;

/** Whether a person may start work, and the role GitHub reports for them. */
export interface PermissionCheck {
  allowed: boolean;
  role: string;
}

/** Who sent an event, as the payload's `sender` says. */
export interface Sender {
  login: string;
  /** `User`, `Bot` or `Organization`. */
  type: string;
}

/** Whether a sender may start work, and if not, why in one sentence that names no one (safe in any comment). */
export interface StarterCheck extends PermissionCheck {
  bot: boolean;
  /** Null when allowed. */
  refusal: string | null;
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

/** True for a bot account: GitHub's `Bot` type, or a login GitHub gives Apps (`name[bot]`). */
export function isBot(sender: Sender): boolean {
  return sender.type === 'Bot' || /\[bot\]$/i.test(sender.login);
}

/** Whether `allow_bots` lets this bot start work: `true` lets every bot, a list the bots it names (any case). */
export function botAllowed(login: string, allowBots: PunchlistConfig['allow_bots']): boolean {
  if (typeof allowBots === 'boolean') return allowBots;
  return allowBots.some((name) => name.toLowerCase() === login.toLowerCase());
}

/**
 * Whether the sender of a trigger may start work: someone with write, maintain or admin permission, and, for a bot
 * account, only one `allow_bots` lets in (a bot's label starts paid work with no person deciding, and two bots can
 * start each other in a loop). A bot not let in is refused without asking GitHub for its role.
 */
export async function checkStarter(github: GitHub, repo: RepoRef, sender: Sender, config: Pick<PunchlistConfig, 'allow_bots'>): Promise<StarterCheck> {
  const bot = isBot(sender);
  if (bot && !botAllowed(sender.login, config.allow_bots)) {
    return {
      allowed: false,
      role: 'bot',
      bot,
      refusal: `Punchlist starts work for a bot account only when "allow_bots" in ${CONFIG_PATH} lets it in (it is false by default)`,
    };
  }
  const permission = await checkPermission(github, repo, sender.login);
  if (permission.allowed) return { ...permission, bot, refusal: null };
  return {
    ...permission,
    bot,
    refusal: `Punchlist starts work only for people with write, maintain or admin permission on this repository (yours is "${permission.role}")`,
  };
}
