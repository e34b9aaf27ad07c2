import type { LineMarker } from './parser.ts';

/** A raw log line made readable: what parsers see, plus the runner's marker. */
export interface CleanLine {
  text: string;
  marker: LineMarker;
  props: Record<string, string> | null;
}

// CSI (colours, cursor moves), OSC (titles, hyperlinks) and two-byte escapes. Every part is bounded by
// a character class, so matching stays linear.
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;
// The same escapes written in caret notation (`^[[31m`), as some log viewers and exporters store them.
const CARET_ANSI = /\^\[\[[0-?]*[ -/]*[@-~]/g;
const TIMESTAMP_TAIL = /^(?:Z|[+-]\d\d:?\d\d)? ?/;
const RUNNER_MARKER = /^##\[(error|warning|notice|group|endgroup|command|debug|section)\]/;
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
 * ANSI escapes, the ISO timestamp of downloaded GitHub job logs, and the runner's `##[…]` / `::…::` prefixes.
 */
export function cleanLine(raw: string): CleanLine {
  let text = raw;
  if (text.includes('\x1b')) text = text.replace(ANSI, '');
  if (text.includes('^[[')) text = text.replace(CARET_ANSI, '');
  if (text.includes('\r')) text = lastVisibleSegment(text);
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
  }
  return { text, marker, props };
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
