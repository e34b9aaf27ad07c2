import type { FileChange } from '../edits/index.ts';

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

/** The pull request's body: closes the issue, then summary, criteria checklist, files, and how it was made. */
export function renderPullRequestBody(facts: PullRequestFacts): string {
  const parts = [`Closes #${facts.issueNumber}.`, '', '## Summary', '', facts.summary.trim() || '(the model gave no summary)'];
  if (facts.acceptanceCriteria.length > 0) {
    // Unchecked: the reviewer, not the model, decides whether each criterion is met.
    parts.push('', '## Acceptance criteria', '', ...facts.acceptanceCriteria.map((c) => `- [ ] ${c}`));
  }
  parts.push('', '## Files changed', '', ...facts.changes.map((c) => ('deleted' in c ? `- \`${c.path}\` (deleted)` : `- \`${c.path}\``)));
  if (facts.refused.length > 0) {
    parts.push('', '## Edits refused', '', ...facts.refused.map((r) => `- \`${r.path}\`: ${r.reason}`));
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
