import { isBareSpecifier, packageName } from '../specifier.ts';
import type { FailureClass } from '../../taxonomy.ts';

/** One frame of a V8 stack trace or of vitest's `❯` list: where it points and the function, if named. */
export interface Frame {
  fn: string;
  file: string;
  line: number;
  column: number;
  /** Leading spaces of the line: jest nests the stack of an error quoted inside a message deeper. */
  indent: number;
}

const MAX_FRAME_CHARS = 2000;

/**
 * Reads `at fn (file:line:col)`, `at file:line:col` (V8), `fn (file:line:col)` (node:test TAP `stack:`)
 * or `❯ fn file:line:col` (vitest). Scans with indexOf rather than a regex so a 1 MB line stays linear.
 */
export function parseFrame(text: string, prefix: 'at' | '❯' | ''): Frame | null {
  if (text.length > MAX_FRAME_CHARS) return null;
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  const indent = i;
  if (prefix !== '') {
    if (!text.startsWith(prefix, i) || text[i + prefix.length] !== ' ') return null;
    i += prefix.length + 1;
  }
  let body = text.slice(i).trimEnd();
  let fn = '';
  if (body.endsWith(')')) {
    const open = body.lastIndexOf(' (');
    if (open > 0) {
      fn = body.slice(0, open);
      body = body.slice(open + 2, -1);
    } else if (body.startsWith('(')) {
      body = body.slice(1, -1);
    }
  } else if (prefix === '❯') {
    // vitest: `❯ fn file:line:col` or `❯ file:line:col`; a file name has no spaces in practice.
    const space = body.lastIndexOf(' ');
    if (space > 0) {
      fn = body.slice(0, space);
      body = body.slice(space + 1);
    }
  }
  const c2 = body.lastIndexOf(':');
  const c1 = c2 > 0 ? body.lastIndexOf(':', c2 - 1) : -1;
  if (c1 <= 0) return null;
  const line = digits(body.slice(c1 + 1, c2));
  const column = digits(body.slice(c2 + 1));
  if (line === null || column === null) return null;
  let file = body.slice(0, c1);
  // source-map-support can glue a compiled folder to the source URL: `out/x/file:/abs/src/x/a.ts`.
  const url = file.indexOf('file:/');
  if (url > 0) file = `/${file.slice(url + 5).replace(/^\/+/, '')}`;
  if (file === '' || file.includes(' (')) return null;
  return { fn, file, line, column, indent };
}

function digits(s: string): number | null {
  return s.length > 0 && s.length < 10 && /^\d+$/.test(s) ? Number(s) : null;
}

/** True for frames in dependencies or the runtime, which never locate a failure in the project. */
export function isExternal(file: string): boolean {
  return (
    file.includes('node_modules/') ||
    file.includes('node_modules\\') ||
    file.startsWith('node:') ||
    file.startsWith('internal/') ||
    file === '<anonymous>' ||
    file === 'native'
  );
}

const TEST_PATH = /(?:^|[\\/])(?:__tests__|tests?|spec|specs|__specs__)[\\/]|[._-](?:test|spec)s?\.[cm]?[jt]sx?$/;

/** True for a path that reads as test code: a tests folder or a `*.test.*` / `*.spec.*` file. */
export function looksLikeTestFile(file: string): boolean {
  return TEST_PATH.test(file);
}

/** True when a printed path names the given (relative) file: `file:///abs/x/a.js` names `x/a.js`. */
export function sameFile(printed: string, file: string): boolean {
  const a = printed.replace(/\\/g, '/').replace(/^file:\/\//, '');
  const b = file.replace(/\\/g, '/').replace(/^\.\//, '');
  if (b === '') return false;
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}

/** The first frame satisfying each test in turn: callers list their preferences, best first. */
export function pickFrame(frames: readonly Frame[], ...prefs: ((f: Frame) => boolean)[]): Frame | undefined {
  for (const p of prefs) {
    const f = frames.find(p);
    if (f) return f;
  }
  return undefined;
}

/** Class and package for a module that could not be resolved: a bare specifier is a missing package. */
export function unresolved(spec: string): { class: FailureClass; package?: string } {
  return isBareSpecifier(spec) ? { class: 'dependency_missing', package: packageName(spec) } : { class: 'compile_error' };
}

/** Strips a trailing runner duration such as ` (12 ms)`, ` (1.2 s)`, ` 12ms` or ` (3.64ms)`. */
export function stripDuration(name: string): string {
  return name.replace(/ \(\d+(?:\.\d+)? ?m?s\)$/, '').replace(/ \d+(?:\.\d+)? ?m?s$/, '');
}
