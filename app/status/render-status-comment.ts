import type { WorkOrder } from '../../src/store/index.ts';
import { inertText } from '../edits/index.ts';

/** What the status comment shows beside the work order itself. */
export interface StatusFacts {
  spentUsd: number;
  /** The last decision, one sentence; shown inert (it may quote a provider's error or the model's words). */
  note: string;
  /** The pull request's URL once there is one. */
  pullRequestUrl?: string | null;
}

const STATE_WORDS: Readonly<Record<WorkOrder['state'], string>> = {
  queued: 'queued — waiting for a worker',
  routed: 'routed — a model was chosen',
  proposing: 'proposing — asking the model for a change',
  pr_open: 'pull request open',
  ci_running: 'CI running',
  refining: 'refining after CI failures',
  succeeded: 'succeeded',
  escalated: 'escalated to a person',
  failed: 'failed',
  cancelled: 'cancelled',
  budget_exceeded: 'stopped — the budget is spent',
};

/** The hidden marker that finds a work order's status comment among the comments. */
export function statusMarker(workOrderId: number): string {
  return `<!-- punchlist:status work-order=${workOrderId} -->`;
}

/**
 * The markdown of a work order's one status comment, rewritten in place at every step. The note passes through
 * inertText: a provider's error text or the model's words may carry @mentions, links or HTML, which must not act.
 */
export function renderStatusComment(order: WorkOrder, facts: StatusFacts): string {
  const rows: [string, string][] = [['State', STATE_WORDS[order.state]]];
  if (order.model) rows.push(['Model', `\`${order.model}\``]);
  if (order.complexityBand) rows.push(['Complexity', `band ${order.complexityBand} (score ${order.complexity ?? '?'} of 10)`]);
  rows.push(['Cost so far', `$${facts.spentUsd.toFixed(4)}`]);
  if (order.prNumber !== null) rows.push(['Pull request', facts.pullRequestUrl ? `[#${order.prNumber}](${facts.pullRequestUrl})` : `#${order.prNumber}`]);
  if (order.branch) rows.push(['Branch', `\`${order.branch}\``]);
  return [
    `**Punchlist** is on it: work order ${order.id}.`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    inertText(facts.note),
    '',
    statusMarker(order.id),
  ].join('\n');
}
