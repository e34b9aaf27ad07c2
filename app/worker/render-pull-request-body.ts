import { inertText, type FileChange } from '../edits/index.ts';

/** Everything a reviewer wants on the pull request's first screen. */
export interface PullRequestFacts {
  issueNumber: number;
  summary: string;
  acceptanceCriteria: readonly string[];
  changes: readonly FileChange[];
  refused: readonly { path: string; reason: string }[];
  model: string;
  complexity: { score: number; band: number };
  costUsd: number;
  routingReason: string;
  workOrderId: number;
}

/**
 * The pull request's body: closes the issue, then summary, criteria checklist, files, and how it was made. The
 * model's words (its summary, and the refusal reasons that quote its paths) are made inert: an @mention, a link or
 * HTML in them shows as text and acts on no one.
 */
export function renderPullRequestBody(facts: PullRequestFacts): string {
  const parts = [`Closes #${facts.issueNumber}.`, '', '## Summary', '', inertText(facts.summary.trim()) || '(the model gave no summary)'];
  if (facts.acceptanceCriteria.length > 0) {
    // Unchecked: the reviewer, not the model, decides whether each criterion is met.
    parts.push('', '## Acceptance criteria', '', ...facts.acceptanceCriteria.map((c) => `- [ ] ${c}`));
  }
  parts.push('', '## Files changed', '', ...facts.changes.map((c) => ('deleted' in c ? `- ${codeSpan(c.path)} (deleted)` : `- ${codeSpan(c.path)}`)));
  if (facts.refused.length > 0) {
    parts.push('', '## Edits refused', '', ...facts.refused.map((r) => `- ${codeSpan(r.path)}: ${inertText(r.reason)}`));
  }
  parts.push(
    '',
    '## How this was made',
    '',
    `| Model | Complexity | Cost | Work order |`,
    `|---|---|---|---|`,
    `| \`${facts.model}\` | band ${facts.complexity.band} (score ${facts.complexity.score} of 10) | $${facts.costUsd.toFixed(4)} | ${facts.workOrderId} |`,
    '',
    `Routing: ${facts.routingReason}`,
  );
  return parts.join('\n');
}

/** A path as an inline code span that its own backticks and line breaks cannot end (CommonMark: a longer fence). */
function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
