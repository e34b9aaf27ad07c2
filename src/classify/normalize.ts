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
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)? ?/;
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
  // Cheap check before the regex: "2026-11-25T…".
  if (text.length > 20 && text.charCodeAt(4) === 45 && text.charCodeAt(10) === 84) {
    const m = TIMESTAMP.exec(text);
    if (m) text = text.slice(m[0].length);
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
