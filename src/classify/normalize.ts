import type { LineMarker, Wrapper } from './parser.ts';

/** A raw log line made readable: what parsers see, plus the runner's marker. */
export interface CleanLine {
  /** The line without escapes, timestamp and runner prefixes, but with any wrapper prefixes still on. */
  text: string;
  marker: LineMarker;
  props: Record<string, string> | null;
  /** The wrappers around the text, outermost first, each with the text inside it; null when there are none. */
  layers: Layer[] | null;
}

/** One wrapper taken off a line, and the text it wrapped. */
export interface Layer {
  wrapper: Wrapper;
  text: string;
}

// CSI (colours, cursor moves), OSC (titles, hyperlinks) and two-byte escapes. Every part is bounded by
// a character class, so matching stays linear.
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;
// The same escapes written in caret notation (`^[[31m`), as some log viewers and exporters store them.
const CARET_ANSI = /\^\[\[[0-?]*[ -/]*[@-~]/g;
const TIMESTAMP_TAIL = /^(?:Z|[+-]\d\d:?\d\d)? ?/;
const RUNNER_MARKER = /^##\[(error|warning|notice|group|endgroup|command|debug|section)\]/;
const WEB_VIEW_EXIT = 'Error: Process completed with exit code ';
const WORKFLOW_COMMAND = /^::(error|warning|notice|group|endgroup|debug)(?: ([^:]*))?::/;

const MARKERS: Record<string, LineMarker> = {
  error: 'error',
  warning: 'warning',
  notice: 'notice',
  group: 'group',
  endgroup: 'endgroup',
  command: 'command',
  debug: 'debug',
  section: 'group',
};

/**
 * Cleans one line of raw output: drops carriage-return overwrites (keeping what a terminal would show last),
 * ANSI escapes, the job and step columns of `gh run view --log`, the ISO timestamp of downloaded GitHub job logs,
 * and the runner's `##[…]` / `::…::` prefixes; then finds the wrappers around the text (see `unwrap`).
 */
export function cleanLine(raw: string): CleanLine {
  let text = raw;
  if (text.includes('\x1b')) text = text.replace(ANSI, '');
  if (text.includes('^[[')) text = text.replace(CARET_ANSI, '');
  if (text.includes('\r')) text = lastVisibleSegment(text);
  // `gh run view --log`: `job<TAB>step<TAB>2026-11-25T18:51:05.7197140Z text` (cli/cli pkg/cmd/run/view).
  const tab = text.indexOf('\t');
  if (tab > 0) text = ghLogColumns(text, tab);
  // "2026-11-25T18:51:05.7197140Z ": read by hand, it is on every line of a downloaded job log.
  if (text.length > 19 && text.charCodeAt(4) === 45 && text.charCodeAt(10) === 84) {
    const end = timestampEnd(text);
    if (end > 0) text = text.slice(end);
  }
  let marker: LineMarker = null;
  let props: Record<string, string> | null = null;
  const first = text.charCodeAt(0);
  if (first === 35 /* # */ && text.startsWith('##[')) {
    const m = RUNNER_MARKER.exec(text);
    if (m) {
      marker = MARKERS[m[1]!] ?? null;
      text = text.slice(m[0].length);
    }
  } else if (first === 58 /* : */ && text.charCodeAt(1) === 58) {
    const m = WORKFLOW_COMMAND.exec(text);
    if (m) {
      marker = MARKERS[m[1]!] ?? null;
      props = m[2] ? parseProps(m[2]) : null;
      text = unescapeData(text.slice(m[0].length));
    }
  } else if (first === 69 /* E */ && text.startsWith(WEB_VIEW_EXIT)) {
    // GitHub's web view shows `##[error]x` as `Error: x`, and people copy logs from it; the runner's exit line is
    // the one such line that cannot be a tool's own words.
    marker = 'error';
    text = text.slice(7);
  }
  return { text, marker, props, layers: unwrap(text) };
}

/**
 * The text a parser is fed: inside every wrapper except the first of those it reads itself (`reads`, a mask of
 * `wrapperBit`s), which it is given with that wrapper still on.
 */
export function textFor(clean: CleanLine, reads: number): string {
  const layers = clean.layers;
  if (layers === null) return clean.text;
  let text = clean.text;
  for (const layer of layers) {
    if ((reads & WRAPPER_BITS[layer.wrapper]) !== 0) return text;
    text = layer.text;
  }
  return text;
}

const WRAPPER_BITS: Record<Wrapper, number> = {
  maven: 1,
  sbt: 2,
  ant: 4,
  buildkit: 8,
  compose: 16,
  cocoapods: 32,
  workspace: 64,
  codeql: 128,
  quoted: 256,
};

/** The mask of wrappers a parser reads itself, for `textFor`. */
export function wrapperMask(wrappers: readonly Wrapper[] | undefined): number {
  let mask = 0;
  for (const w of wrappers ?? []) mask |= WRAPPER_BITS[w];
  return mask;
}

/** Most wrappers taken off one line (CodeQL around CodeQL around Maven around Ant is four). */
const MAX_LAYERS = 4;

// Every wrapper pattern is anchored, its quantifiers bounded, and it is tried only after a literal first
// character says it could match, so most lines cost one charCodeAt.
// Maven's levels (`[ERROR] ` … and the bare `[INFO]` of an empty line); 3.x and 4.x print the same words.
const MAVEN_LEVEL = /^\[(?:ERROR|WARNING|INFO)\](?: |$)/;
// sbt's levels; prettier prints `[warn]` / `[error]` the same way (its parser reads them itself).
const SBT_LEVEL = /^\[(?:error|warn|info|success)\](?: |$)/;
// `[2024-04-12 15:36:40] [build-stdout] ` / `[autobuild] `: CodeQL's log of the build it traced. Its own
// `[ERROR]`-level lines are not a wrapper.
const CODEQL = /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] \[[a-z][\w-]{0,30}\] /;
// Ant's DefaultLogger right-aligns `[task] ` in a 12-column gutter, so a task name of up to 9 characters puts
// `]` at column 10 (`    [javac] `, `   [junit] `, `     [exec] `). Longer names are printed unpadded and are
// not read (too like other bracketed prefixes).
const ANT = /^ {1,8}\[[a-z][\w.:-]{0,8}\] /;
// BuildKit's plain progress: `#12 0.532 ` (step, seconds). `#12 ERROR: …`, `#12 DONE 0.1s` are BuildKit's own.
const BUILDKIT = /^#\d{1,6} \d{1,7}\.\d{1,4} /;
// `pod lib lint` / `pod spec lint`: `- ERROR | [iOS] xcodebuild:  a.m:3:5: error: …`, `- WARN  | xcodebuild:  …`,
// `- ERROR | [iOS] unknown: …`. CocoaPods' own findings (`- ERROR | [iOS] source: …`) are not wrapped output.
const COCOAPODS = /^ {0,8}- (?:ERROR|WARN|NOTE) {0,2}\| (?:\[[^\]]{1,80}\] )?(?:xcodebuild|unknown): +/;
// Lerna `@scope/pkg: ` and Turbo `@scope/pkg:task: ` (scoped: an unscoped Lerna `pkg: ` is too like any message).
const SCOPED_PACKAGE = /^@[a-z0-9][\w.-]{0,100}\/[a-z0-9][\w.-]{0,100}(?::[a-zA-Z][\w-]{0,60}(?::[\w-]{1,60}){0,3})?: /;
// Turbo `web:lint: `, `web:test:unit: `: a lowercase npm name, then a script name that starts with a letter (so
// `a.ts:12:3: ` is not one).
const TURBO = /^[a-z0-9][a-z0-9._-]{0,100}:[a-zA-Z][\w-]{0,60}(?::[\w-]{1,60}){0,3}: /;
// pnpm's recursive run: `packages/core test: ` and the command line `packages/core test$ ` (a path with a `/`).
const PNPM = /^[\w.@-]{1,100}(?:\/[\w.@-]{1,100}){1,8} [a-zA-Z][\w:-]{0,60}[:$] /;
// `docker compose`: `web-1  | ` (v2), `web_1  | ` (v1): a service and its replica number, padded to a column.
const COMPOSE = /^[a-zA-Z0-9][\w.-]{0,100}[-_]\d{1,4} +\|(?: |$)/;
// `stderr: '…'`, `"stderr": "…"` in an error object a tool printed (execa, child_process, @actions/exec).
const QUOTED_KEY = /^ {0,12}(?:"(?:stderr|stdout)"|stderr|stdout): (['"])/;
const JS_ESCAPE = /\\(?:n|r|t|'|"|\\)/g;

/**
 * The wrappers around a line's text, outermost first, each with the text inside it; null when there are none.
 * Each wrapper is a prefix another tool added (see `Wrapper`); they nest (CodeQL around Maven around Ant).
 */
export function unwrap(text: string): Layer[] | null {
  let layers: Layer[] | null = null;
  for (let k = 0; k < MAX_LAYERS; k++) {
    const layer = peel(text);
    if (layer === null) break;
    (layers ??= []).push(layer);
    text = layer.text;
  }
  return layers;
}

// The outermost wrapper of a text, if any.
function peel(t: string): Layer | null {
  const c = t.charCodeAt(0);
  if (c === 91 /* [ */) {
    const c1 = t.charCodeAt(1);
    if (c1 >= 65 && c1 <= 90) return strip(t, MAVEN_LEVEL, 'maven');
    if (c1 >= 97 && c1 <= 122) return strip(t, SBT_LEVEL, 'sbt');
    return isDigit(c1) ? strip(t, CODEQL, 'codeql') : null;
  }
  if (c === 32 /* space */) {
    // Ant's gutter is exactly 12 columns wide.
    if (t.charCodeAt(10) === 93 && t.charCodeAt(11) === 32) {
      const ant = strip(t, ANT, 'ant');
      if (ant !== null && t.length - ant.text.length === 12) return ant;
    }
    return dashOrQuote(t);
  }
  if (c === 35 /* # */) return strip(t, BUILDKIT, 'buildkit');
  if (c === 45 /* - */) return strip(t, COCOAPODS, 'cocoapods');
  if (c === 64 /* @ */) return strip(t, SCOPED_PACKAGE, 'workspace');
  if (c === 34 /* " */ || c === 115 /* s */) {
    const q = quoted(t);
    if (q !== null) return q;
  }
  return isWordStart(c) ? wordPrefix(t) : null;
}

function strip(t: string, re: RegExp, wrapper: Wrapper): Layer | null {
  const m = re.exec(t);
  return m ? { wrapper, text: t.slice(m[0].length) } : null;
}

// Indented: a CocoaPods finding, or a quoted string of an error object (the `stderr: '` key, or a continuation
// line `    'fatal: …\n' +` of a string Node's inspector split on its newlines).
function dashOrQuote(t: string): Layer | null {
  let i = 0;
  while (i < 12 && t.charCodeAt(i) === 32) i++;
  const c = t.charCodeAt(i);
  if (c === 45 /* - */) return strip(t, COCOAPODS, 'cocoapods');
  if (c === 115 /* s */ || (c === 34 /* " */ && t.charCodeAt(i + 1) === 115)) return quoted(t);
  if ((c === 39 || c === 34) && i >= 2) {
    const end = quotedEnd(t, c);
    if (end > 0 && t.charCodeAt(end - 1) === 110 /* n */ && t.charCodeAt(end - 2) === 92 /* \ */) {
      return { wrapper: 'quoted', text: unescapeJs(t.slice(i + 1, end)) };
    }
  }
  return null;
}

// `stderr: '…'`: the string's text, its escaped newlines as spaces (a line model cannot split one line into
// several, so only the first message starts the line: enough for `remote: Permission … denied`, not for a second
// `fatal: …` inside the same string).
function quoted(t: string): Layer | null {
  const m = QUOTED_KEY.exec(t);
  if (!m) return null;
  const q = m[1]!.charCodeAt(0);
  const end = quotedEnd(t, q);
  return { wrapper: 'quoted', text: unescapeJs(t.slice(m[0].length, end > 0 ? end : t.length)) };
}

// Where a quoted string that runs to the end of the line closes (before a trailing ` +` or `,`), or -1.
function quotedEnd(t: string, q: number): number {
  let end = t.length;
  if (t.endsWith(' +')) end -= 2;
  else if (t.charCodeAt(end - 1) === 44 /* , */) end--;
  return end > 1 && t.charCodeAt(end - 1) === q ? end - 1 : -1;
}

function unescapeJs(s: string): string {
  if (!s.includes('\\')) return s;
  return s
    .replace(JS_ESCAPE, (e) => (e === '\\n' || e === '\\r' || e === '\\t' ? ' ' : e.slice(1)))
    .trimEnd();
}

const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isWordStart = (c: number): boolean => isLetter(c) || isDigit(c);

// A prefix that starts with a word: Turbo's `pkg:task: `, pnpm's `dir/pkg script: `, compose's `svc-1  | `. The
// first character that cannot be part of a name decides which to try (at most 128 characters are looked at).
function wordPrefix(t: string): Layer | null {
  let slash = false;
  const n = Math.min(t.length, 128);
  let i = 1;
  for (; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c === 47 /* / */) slash = true;
    else if (!(isWordStart(c) || c === 95 || c === 46 || c === 45 || c === 64)) break;
  }
  const stop = t.charCodeAt(i);
  // Each pattern is tried only when the characters around the stop allow it: Turbo's task begins with a letter,
  // compose's service name ends in `-N` or `_N`, pnpm's script with a letter.
  if (stop === 58 /* : */) return slash || !isLetter(t.charCodeAt(i + 1)) ? null : strip(t, TURBO, 'workspace');
  if (stop === 32 /* space */) {
    if (slash) return isLetter(t.charCodeAt(i + 1)) ? strip(t, PNPM, 'workspace') : null;
    return isDigit(t.charCodeAt(i - 1)) ? strip(t, COMPOSE, 'compose') : null;
  }
  return null;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const DIGIT_AT = new Uint8Array([0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]);

// Where an ISO-8601 timestamp prefix (`YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM] `) ends, or 0 if there is none.
function timestampEnd(t: string): number {
  for (let k = 0; k < DIGIT_AT.length; k++) if (!isDigit(t.charCodeAt(DIGIT_AT[k]!))) return 0;
  if (t.charCodeAt(7) !== 45 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return 0;
  let i = 19;
  const sep = t.charCodeAt(i);
  if (sep === 46 || sep === 44) {
    i++;
    while (isDigit(t.charCodeAt(i))) i++;
  }
  if (t.charCodeAt(i) === 90 /* Z */) return t.charCodeAt(i + 1) === 32 ? i + 2 : i + 1;
  if (t.charCodeAt(i) === 32) return i + 1;
  const tail = TIMESTAMP_TAIL.exec(t.slice(i, i + 8));
  return i + (tail ? tail[0].length : 0);
}

// The text after `gh run view --log`'s job and step columns, when a job log's timestamp follows them; else the line.
function ghLogColumns(text: string, tab: number): string {
  const second = text.indexOf('\t', tab + 1);
  if (second < 0) return text;
  // The first line of a step's log file may keep its byte-order mark.
  const start = text.charCodeAt(second + 1) === 0xfeff ? second + 2 : second + 1;
  const rest = text.slice(start);
  return rest.length > 19 && rest.charCodeAt(4) === 45 && rest.charCodeAt(10) === 84 && timestampEnd(rest) > 0 ? rest : text;
}

function lastVisibleSegment(text: string): string {
  const parts = text.split('\r');
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i]!.trim() !== '') return parts[i]!;
  }
  return '';
}

// Workflow-command property values escape `%`, CR, LF, `:` and `,` (actions/toolkit `escapeProperty`).
function parseProps(raw: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) props[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1));
  }
  return props;
}

function unescapeData(s: string): string {
  return s.includes('%') ? s.replace(/%0D/g, '').replace(/%0A/g, ' ').replace(/%25/g, '%') : s;
}

function unescapeProperty(s: string): string {
  return s.includes('%') ? unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',') : s;
}
