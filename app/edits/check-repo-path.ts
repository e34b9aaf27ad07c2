/** Why a path is not a repository path the App may write. */
export type PathProblem = 'invalid_path' | 'absolute_path' | 'parent_segment' | 'git_directory';

/** A repository-relative path, normalised, or why it is refused. */
export type PathCheck = { ok: true; path: string } | { ok: false; code: PathProblem; reason: string };

// Git's own limit on a path is the file system's; 4096 is PATH_MAX on Linux, so longer cannot be checked out.
const MAX_PATH_LENGTH = 4096;

/**
 * Checks that a model-given path stays inside the repository: relative, forward slashes, no `..`, not inside
 * `.git`; a leading `./` is dropped. Pure string work: nothing is resolved against a file system.
 */
export function checkRepoPath(raw: string): PathCheck {
  const quoted = JSON.stringify(raw.length > 200 ? `${raw.slice(0, 200)}…` : raw);
  if (raw.length === 0) return { ok: false, code: 'invalid_path', reason: 'The path is empty' };
  if (raw.length > MAX_PATH_LENGTH) return { ok: false, code: 'invalid_path', reason: `The path ${quoted} is longer than ${MAX_PATH_LENGTH} characters` };
  // Control characters (NUL above all) end or corrupt paths in git and in every tool that prints them.
  if (/[\u0000-\u001F\u007F]/.test(raw)) return { ok: false, code: 'invalid_path', reason: `The path ${quoted} contains control characters` };
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw) || raw.startsWith('\\\\') || raw.startsWith('~/')) {
    return { ok: false, code: 'absolute_path', reason: `The path ${quoted} is absolute; edits take paths relative to the repository root` };
  }
  // A backslash is a legal file name character in git but a separator on Windows checkouts: `a\..\..\x`.
  if (raw.includes('\\')) return { ok: false, code: 'invalid_path', reason: `The path ${quoted} contains a backslash; use forward slashes` };
  let path = raw;
  while (path.startsWith('./')) path = path.slice(2);
  const segments = path.split('/');
  if (segments.includes('..')) return { ok: false, code: 'parent_segment', reason: `The path ${quoted} contains ".."; edits stay inside the repository` };
  if (segments.some((s) => s === '' || s === '.')) return { ok: false, code: 'invalid_path', reason: `The path ${quoted} has an empty or "." segment` };
  // `.git` in any case: case-insensitive file systems (macOS, Windows) treat `.GIT` as the git directory.
  if (segments.some((s) => s.toLowerCase() === '.git')) return { ok: false, code: 'git_directory', reason: `The path ${quoted} is inside ".git"` };
  return { ok: true, path };
}
