// An issue names files in many ways: `src/a.ts`, src/a.ts:12, [link](src/a.ts), a GitHub blob URL. Prose is
// full of look-alikes (e.g., Node.js, v1.2.3, and/or), so a bare name without a slash counts only with an
// extension that source files use, and a slashed one only when its last part looks like a file.

const KNOWN_EXTENSIONS = new Set(
  ('ts tsx mts cts js jsx mjs cjs json jsonc md mdx yml yaml toml py pyi rb go rs java kt kts swift c h cc cpp cxx hpp hh ' +
    'cs fs php sh bash zsh fish ps1 sql css scss sass less html htm vue svelte astro xml gradle lock txt cfg ini conf ' +
    'env proto graphql gql tf tfvars hcl mod sum ex exs erl hrl hs ml mli scala sc clj cljs dart lua r pl pm ipynb csv ' +
    'tsv svg rst adoc tex nix bzl cmake mk dockerfile').split(' '),
);
const EXTENSIONLESS_FILES = new Set(['Dockerfile', 'Makefile', 'Gemfile', 'Rakefile', 'Procfile', 'Jenkinsfile', 'Justfile', 'Vagrantfile', 'LICENSE', 'README', 'CODEOWNERS', 'BUILD', 'WORKSPACE']);
// Product names that end like a file and are written in prose far more often than as paths.
const PRODUCT_NAMES = new Set(['node.js', 'next.js', 'nuxt.js', 'vue.js', 'react.js', 'express.js', 'three.js', 'd3.js', 'chart.js', 'nest.js', 'ember.js', 'socket.io', 'deno.json']);
const MAX_PATHS = 100;

const DELIMITERS = /[\s()<>[\]{}"'`,;|*\\]+/;
const PATH_CHARS = /^[\p{L}\p{N}_@~+.\-/]+$/u;
const BLOB_URL = /^https?:\/\/[^/]+\/[^/]+\/[^/]+\/(?:blob|tree|raw)\/[^/]+\/(.+?)(?:[?#].*)?$/;

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function extensionOf(name: string): string | null {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return null;
  const ext = name.slice(dot + 1);
  return /^[A-Za-z0-9]{1,10}$/.test(ext) && /[A-Za-z]/.test(ext) ? ext : null;
}

function looksLikeFile(name: string): boolean {
  if (EXTENSIONLESS_FILES.has(name)) return true;
  if (/^\.[A-Za-z][\w.-]*$/.test(name)) return true;
  return extensionOf(name) !== null;
}

function clean(token: string): string {
  let t = token.replace(/#L\d+(?:-L\d+)?$/, '');
  t = t.replace(/[.:!?]+$/, '');
  t = t.replace(/:\d+(?::\d+)?$/, '');
  while (t.startsWith('./')) t = t.slice(2);
  return t;
}

function accept(path: string, quoted: boolean): boolean {
  if (path.length === 0 || path.length > 300 || !PATH_CHARS.test(path)) return false;
  if (path.startsWith('/') || path.startsWith('-') || path.endsWith('/') || path.includes('//')) return false;
  const segments = path.split('/');
  if (segments.some((s) => s === '.' || s === '..')) return false;
  const name = lastSegment(path);
  if (segments.length > 1 || quoted) return looksLikeFile(name);
  const ext = extensionOf(name);
  return ext !== null && KNOWN_EXTENSIONS.has(ext.toLowerCase()) && !PRODUCT_NAMES.has(name.toLowerCase());
}

/** The repository-relative file paths the text names, in order of first mention, without duplicates. */
export function extractFilePaths(text: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const add = (raw: string, quoted: boolean) => {
    const blob = BLOB_URL.exec(raw);
    if (raw.includes('://') && blob?.[1] === undefined) return;
    let path = clean(blob?.[1] ?? raw);
    try {
      if (blob) path = decodeURIComponent(path);
    } catch {
      return;
    }
    if (seen.has(path) || found.length >= MAX_PATHS || !accept(path, quoted || blob !== null)) return;
    seen.add(path);
    found.push(path);
  };
  // Backtick spans are what people use to mark a name as code, so a bare name inside them counts as a file.
  const quoted = new Set<string>();
  for (const m of text.matchAll(/`([^`\n]+)`/g)) if (m[1] !== undefined) quoted.add(clean(m[1].trim()));
  for (const token of text.split(DELIMITERS)) {
    if (token === '') continue;
    add(token, quoted.has(clean(token)));
  }
  return found;
}
