import { describeMark, type MarkedFailure } from '../decision/index.ts';
import { annotationMessage, annotationTitle } from './workflow-commands.ts';

/** A failure's annotation title, saying "known flaky" or "already failing on <base>" when history marks it. */
export function markedTitle(f: MarkedFailure): string {
  const title = annotationTitle(f);
  if (!f.mark) return title;
  return `${title}, ${f.mark.kind === 'flaky' ? 'known flaky' : `already failing on ${f.mark.ref}`}`;
}

/** A failure's annotation message, led by its mark in full (which commit it passed or failed on). */
export function markedMessage(f: MarkedFailure): string {
  const message = annotationMessage(f);
  if (!f.mark) return message;
  const words = describeMark(f.mark);
  return `${words[0]!.toUpperCase()}${words.slice(1)}. ${message}`;
}

/** The mark as a Markdown badge for a table cell, or empty. */
export function markBadge(f: MarkedFailure): string {
  if (!f.mark) return '';
  return f.mark.kind === 'flaky' ? `🔁 _${describeMark(f.mark)}_` : `⛔ _${describeMark(f.mark)}_`;
}
