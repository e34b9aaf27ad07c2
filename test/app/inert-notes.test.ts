import { describe, expect, it } from 'vitest';
import type { RefusedEdit } from '../../app/edits/index.ts';
import { renderStatusComment } from '../../app/status/render-status-comment.ts';
import { noChangeConclusion } from '../../app/worker/make-change.ts';
import { renderPullRequestBody, type PullRequestFacts } from '../../app/worker/render-pull-request-body.ts';
import type { WorkOrder } from '../../src/store/index.ts';

// What the model or a provider says reaches GitHub only as inert text: no live @mention, link or HTML tag.

const refusal = (index: number, path: string, reason: string): RefusedEdit => ({ index, edit: { path, content: 'x' }, code: 'denied_path', reason });

/** True when `text` holds a live @mention, an inline link, or an HTML tag as GitHub would render them. */
function acts(text: string): boolean {
  return /@[\p{L}\p{N}_-]/u.test(text) || /\]\(/.test(text) || /<[\p{L}/!?]/u.test(text);
}

describe('noChangeConclusion()', () => {
  it.each([
    ['every edit refused: no "rest"', [refusal(0, 'secrets/a', 'denied by "deny_paths"'), refusal(1, 'secrets/b', 'denied by "deny_paths"')], 2, /^No change to commit: All 2 edits refused: denied by "deny_paths"[^;]*$/],
    ['some refused, the rest no-ops', [refusal(0, 'secrets/a', 'denied by "deny_paths"')], 3, /^No change to commit: 1 of 3 edits refused: .*; the rest change nothing$/],
    ['none refused, every edit a no-op', [], 2, /^No change to commit: the 2 edits change nothing$/],
    ['the one edit a no-op', [], 1, /^No change to commit: the one edit changes nothing$/],
  ] as const)('%s', (_, refused, total, expected) => {
    expect(noChangeConclusion(refused, total)).toMatch(expected);
  });

  it('says the reason inert when it quotes the model\'s path', () => {
    expect(acts(noChangeConclusion([refusal(0, '@octocat/<img>', 'Path "@octocat/<img src=x>" is denied')], 1))).toBe(false);
  });
});

describe('renderPullRequestBody()', () => {
  const facts: PullRequestFacts = {
    issueNumber: 3,
    summary: 'Fixed it. cc @octocat, see [this](https://evil.example) <img src=x onerror=alert(1)>',
    acceptanceCriteria: [],
    changes: [{ path: 'README.md', content: 'x' }],
    refused: [
      { path: 'a`b@c', reason: 'Path "docs/@team" is denied by [rule](https://evil.example) <script>' },
    ],
    model: 'mini',
    complexity: { score: 1, band: 1 },
    costUsd: 0.001,
    routingReason: 'Routed to "mini".',
    workOrderId: 9,
  };

  it('makes the model\'s summary and the refusal reasons inert, and keeps a path with a backtick in its code span', () => {
    const body = renderPullRequestBody(facts);
    const summary = body.split('## Summary')[1]!.split('## Files changed')[0]!;
    const refused = body.split('## Edits refused')[1]!.split('## How this was made')[0]!;
    expect(acts(summary)).toBe(false);
    expect(summary).toContain('Fixed it. cc @\u200Boctocat');
    expect(refused).toContain('- ``a`b@c``: ');
    expect(acts(refused.replace('``a`b@c``', ''))).toBe(false);
  });
});

describe('renderStatusComment()', () => {
  const order = { id: 4, state: 'failed', model: 'mini', complexityBand: '1', complexity: 1, prNumber: null, branch: null } as WorkOrder;

  it.each([
    ['a provider\'s error text', 'No change from "mini": provider said: contact @admin at <a href="https://x">here</a>'],
    ['the model\'s words', 'The fix of "mini" changes nothing: [click](https://evil.example) @octocat'],
  ])('shows %s inert', (_, note) => {
    const comment = renderStatusComment(order, { spentUsd: 0.01, note });
    const shown = comment.split('\n').filter((l) => !l.startsWith('<!-- punchlist:status'));
    expect(acts(shown.join('\n'))).toBe(false);
    expect(comment).toContain('<!-- punchlist:status work-order=4 -->');
  });
});
