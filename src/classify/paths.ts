// Workspace roots of hosted CI runners, used when the caller names no root: GitHub's Linux, macOS and
// Windows runners, GitHub container actions, Travis CI, GitLab's builds folder.
const KNOWN_ROOTS: readonly RegExp[] = [
  /^\/home\/runner\/work\/[^/]+\/[^/]+\//,
  /^\/Users\/runner\/work\/[^/]+\/[^/]+\//,
  /^[A-Za-z]:\/a\/[^/]+\/[^/]+\//,
  /^\/github\/workspace\//,
  /^\/home\/travis\/build\/[^/]+\/[^/]+\//,
  /^\/Users\/travis\/build\/[^/]+\/[^/]+\//,
  /^\/builds\/[^/]+\/[^/]+\//,
];

/** Normalizes a root directory for prefix matching: `/` separators and a trailing slash. */
export function normalizeRoot(root: string): string {
  const r = root.replace(/\\/g, '/');
  return r.endsWith('/') ? r : `${r}/`;
}

/**
 * Makes a path as a tool printed it repository-relative: `/` separators, no `file://`, no `./`, and
 * the first matching root (the caller's, else a hosted runner's workspace) removed.
 * Paths outside every root stay as printed.
 */
export function relativizePath(file: string, roots: readonly string[]): string {
  let p = file.trim();
  if (p.startsWith('file://')) p = p.slice(7);
  p = p.replace(/\\/g, '/');
  for (const root of roots) {
    if (p.startsWith(root)) return stripDot(p.slice(root.length));
  }
  for (const re of KNOWN_ROOTS) {
    const m = re.exec(p);
    if (m) return stripDot(p.slice(m[0].length));
  }
  return stripDot(p);
}

function stripDot(p: string): string {
  while (p.startsWith('./')) p = p.slice(2);
  return p;
}
