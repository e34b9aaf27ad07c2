/**
 * Paths that hold secrets by convention: environment files, private keys and keystores, SSH and GPG directories,
 * credential files of package managers, git, AWS and Docker, and Terraform state. The App never reads, sends or
 * writes them, whatever `.github/punchlist.yml` says: a repository that committed a secret by mistake should not
 * also hand it to a model provider. Matched in any directory, ignoring case; a match on a directory covers all
 * under it. The README lists the same globs.
 */
export const SECRET_PATH_GLOBS: readonly string[] = Object.freeze([
  '.env',
  '.env.*',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '*.jks',
  '*.keystore',
  '*.ppk',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '.ssh',
  '.gnupg',
  '.netrc',
  '_netrc',
  '.npmrc',
  '.pypirc',
  '.git-credentials',
  '.htpasswd',
  '.pgpass',
  '.aws/credentials',
  '.docker/config.json',
  'client_secret*.json',
  '*.tfstate',
  '*.tfstate.backup',
]);

// The globs use only `*` (any characters but `/`), so each becomes a regular expression over whole path segments:
// the glob's segments anywhere in the path, ending at a `/` (a directory of it) or at the end (the path itself).
function segmentPattern(glob: string): string {
  const body = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
  return `(?:^|/)${body}(?:/|$)`;
}

const MATCHERS = SECRET_PATH_GLOBS.map((glob) => ({ glob, re: new RegExp(segmentPattern(glob), 'i') }));
// One expression for all globs, tried once per path: related-file ranking asks this of every path of a tree.
const ANY = new RegExp(SECRET_PATH_GLOBS.map(segmentPattern).join('|'), 'i');

/** The secret-like glob a repository path (or one of its directories) matches, or null. */
export function matchSecretPath(path: string): string | null {
  if (!ANY.test(path)) return null;
  return MATCHERS.find((m) => m.re.test(path))?.glob ?? null;
}
