import picomatch from 'picomatch';
import { CONFIG_PATH, type PunchlistConfig } from '../config/config-schema.ts';

/** Why the repository's rules forbid writing a path. */
export interface PolicyRefusal {
  code: 'denied_path' | 'workflow';
  reason: string;
}

/** Decides, for a normalised repository path, whether the repository's rules let the App write it. */
export type PathPolicy = (path: string) => PolicyRefusal | null;

const WORKFLOWS_DIR = '.github/workflows';

/** The ancestors of a path and the path itself: `a`, `a/b`, `a/b/c.ts`. */
function prefixes(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * The write policy of a repository: `deny_paths` globs and the workflow rule. Globs match dotfiles and ignore
 * case, and a glob that matches a directory denies everything under it (as `.gitignore` does): refusing one
 * edit too many is cheap, writing a secret is not.
 */
export function createPathPolicy(config: Pick<PunchlistConfig, 'deny_paths' | 'allow_workflows'>): PathPolicy {
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
    const candidates = prefixes(path);
    if (!config.allow_workflows && candidates.some((p) => p.toLowerCase() === WORKFLOWS_DIR)) {
      return { code: 'workflow', reason: `"${path}" is a workflow file, and "allow_workflows" is false in ${CONFIG_PATH}` };
    }
    for (const { glob, test } of matchers) {
      if (candidates.some((p) => test(p))) return { code: 'denied_path', reason: `"${path}" matches "${glob}" in "deny_paths" of ${CONFIG_PATH}` };
    }
    return null;
  };
}
