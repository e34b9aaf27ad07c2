import type { RefusalCode, RefusedEdit } from './validate-edits.ts';

/** Refusals that share a code and a reason: what a status comment shows once, with how many edits it hit. */
export interface RefusalGroup {
  code: RefusalCode;
  /** The first refusal's reason, one line. */
  reason: string;
  count: number;
  /** The model's paths of the refused edits, in answer order. */
  paths: string[];
}

/** At most this many reasons in one line; the decision's evidence keeps every refusal. */
const MAX_REASONS = 3;

/**
 * Groups refusals by code, in order of first appearance. A limit refuses every edit with one reason (500 times the
 * same sentence says nothing more), so a group counts its edits and keeps the first reason.
 */
export function groupRefusals(refused: readonly RefusedEdit[]): RefusalGroup[] {
  const groups = new Map<RefusalCode, RefusalGroup>();
  for (const r of refused) {
    const group = groups.get(r.code);
    if (group) {
      group.count++;
      group.paths.push(r.edit.path);
    } else groups.set(r.code, { code: r.code, reason: r.reason, count: 1, paths: [r.edit.path] });
  }
  return [...groups.values()];
}

/**
 * Text that reads the same but cannot act in a GitHub comment: a zero-width space after `@` (no mention, no
 * notification), after `<` (no HTML tag) and between `]` and `(` or `[` (no link). Model output and user text pass
 * through it before any comment shows them.
 */
export function inertText(text: string): string {
  return text.replace(/@(?=[\p{L}\p{N}_-])/gu, '@\u200B').replace(/<(?=[\p{L}/!?])/gu, '<\u200B').replace(/\](?=[([])/g, ']\u200B');
}

/**
 * One line for a decision and the status comment: how many of the answer's edits were refused, and why, e.g.
 * `The one edit was refused: ".github" is a directory in the repository; …`. Safe to show in a comment (see `inertText`).
 */
export function describeRefusals(refused: readonly RefusedEdit[], total: number): string {
  if (refused.length === 0) return `No edit refused of ${total}`;
  const groups = groupRefusals(refused);
  const reasons = groups.slice(0, MAX_REASONS).map((g) => (g.count > 1 && !isWholeAnswer(g.code) ? `${g.reason} (and ${g.count - 1} more like it)` : g.reason));
  const rest = groups.length > MAX_REASONS ? `; and ${groups.length - MAX_REASONS} more reasons` : '';
  const head = refused.length === total ? (total === 1 ? 'The one edit was refused' : `All ${total} edits refused`) : `${refused.length} of ${total} edits refused`;
  return inertText(`${head}: ${reasons.join('; ')}${rest}`);
}

// These refuse the whole answer with one reason that already counts what it is about.
function isWholeAnswer(code: RefusalCode): boolean {
  return code === 'too_many_edits' || code === 'change_too_large';
}
