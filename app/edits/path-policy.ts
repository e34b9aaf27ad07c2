import picomatch from 'picomatch';
import { CONFIG_PATH, type PunchlistConfig } from '../config/config-schema.ts';
import { matchSecretPath } from './secret-paths.ts';

/** Why the repository's rules forbid reading or writing a path. */
export interface PolicyRefusal {
  code: 'denied_path' | 'workflow' | 'config_file' | 'secret_path';
  reason: string;
}

/** Decides, for a normalised repository path, whether the repository's rules let the App write it. */
export type PathPolicy = (path: string) => PolicyRefusal | null;

/** Decides, for a repository path, whether the App may read it and send it to a model. */
export type ReadPolicy = (path: string) => (PolicyRefusal & { code: 'denied_path' | 'secret_path' }) | null;

const WORKFLOWS_DIR = '.github/workflows';

/** The ancestors of a path and the path itself: `a`, `a/b`, `a/b/c.ts`. */
function prefixes(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * The read policy of a repository: `deny_paths` globs and secret-like paths (never, whatever the config says).
 * Globs match dotfiles and ignore case, and a glob that matches a directory denies everything under it (as
 * `.gitignore` does): refusing one file too many is cheap, sending a secret to a provider is not.
 */
export function createReadPolicy(config: Pick<PunchlistConfig, 'deny_paths'>): ReadPolicy {
  const globs = config.deny_paths.map((g) => g.replace(/\/+$/, '')).filter((g) => g !== '');
  const matchers = globs.map((glob) => {
    try {
      return { glob, test: picomatch(glob, { dot: true, nocase: true, windows: false }) };
    } catch {
      // A glob that cannot be compiled cannot be honoured; denying everything is the safe reading of it.
      return { glob, test: () => true };
    }
  });
  return (path) => {
    // The repository's own glob first: when both apply, the reason names what its people wrote.
    const candidates = prefixes(path);
    for (const { glob, test } of matchers) {
      if (candidates.some((p) => test(p))) return { code: 'denied_path', reason: `"${path}" matches "${glob}" in "deny_paths" of ${CONFIG_PATH}` };
    }
    const secret = matchSecretPath(path);
    if (secret !== null) return { code: 'secret_path', reason: `"${path}" matches "${secret}", a secret-like path the App never reads or writes` };
    return null;
  };
}

/**
 * The write policy of a repository: the workflow rule, the configuration file itself, then everything the read
 * policy refuses (an edit of a file the model may not see would be blind, and `deny_paths` means "never write").
 */
export function createPathPolicy(config: Pick<PunchlistConfig, 'deny_paths' | 'allow_workflows' | 'allow_config_edit'>): PathPolicy {
  const readable = createReadPolicy(config);
  return (path) => {
    const lower = path.toLowerCase();
    if (!config.allow_workflows && prefixes(lower).includes(WORKFLOWS_DIR)) {
      return { code: 'workflow', reason: `"${path}" is a workflow file, and "allow_workflows" is false in ${CONFIG_PATH}` };
    }
    // Case-insensitive: on a macOS or Windows checkout `.GitHub/Punchlist.yml` is the same file.
    if (!config.allow_config_edit && lower === CONFIG_PATH) {
      return { code: 'config_file', reason: `"${path}" is Punchlist's own configuration, and "allow_config_edit" is false in ${CONFIG_PATH}` };
    }
    return readable(path);
  };
}
