import { findWorkOrderByPullRequest, listWorkOrdersForIssue, type Store, type WorkOrder } from '../../src/store/index.ts';
import { parseCommand, type CommentEvent } from '../ci/commands.ts';
import { formatConfigIssues } from '../config/index.ts';
import { inertText } from '../edits/index.ts';
import type { GitHub } from '../github/repo-ref.ts';
import { commentOnce, markActedOn } from './act-once.ts';
import { checkPermission } from './check-permission.ts';
import { loadRepoConfig } from './load-repo-config.ts';
import { canStartAgain, startAgain } from './start-again.ts';

async function findOrder(store: Store, event: CommentEvent): Promise<WorkOrder | null> {
  if (event.onPullRequest) return findWorkOrderByPullRequest(store.db, event.repository, event.number);
  return (await listWorkOrdersForIssue(store.db, event.repository, event.number)).at(-1) ?? null;
}

/**
 * `/punchlist retry` (or `retry --model NAME`) on a work order that failed or ran out of budget: a new attempt of
 * the same work order (app/intake/start-again.ts), as re-labelling the issue does. Returns null for any other
 * comment, or a work order in another state, which the command handler (app/ci/commands.ts) answers.
 */
export async function handleRetryOfEnded(event: CommentEvent, github: GitHub, store: Store): Promise<string | null> {
  if (event.sender.type === 'Bot') return null;
  const parsed = parseCommand(event.body);
  if (!parsed?.ok || parsed.command.name !== 'retry') return null;
  const order = await findOrder(store, event);
  if (!order || !canStartAgain(order)) return null;
  // Refusals (no permission) are the command handler's to answer, in one voice.
  const permission = await checkPermission(github, event.repo, event.sender.login);
  if (!permission.allowed) return null;
  const reply = async (body: string) => {
    await commentOnce(github, { ...event.repo, issue_number: event.number }, event.deliveryId, body);
    await markActedOn(store, event.deliveryId, 'issue_comment.created');
  };
  const loaded = await loadRepoConfig(github, event.repo);
  if (!loaded.result.ok) {
    await reply(formatConfigIssues(loaded.result.issues));
    return 'retry refused: bad configuration';
  }
  const config = loaded.result.config;
  const model = parsed.command.model;
  if (model !== null && !config.models.some((m) => m.name === model)) {
    // The name is the person's text: shown inert and cut short, so it can neither mention nor flood.
    await reply(`@${event.sender.login} there is no model "${inertText(model.slice(0, 100))}" in .github/punchlist.yml; configured: ${config.models.map((m) => `\`${m.name}\``).join(', ') || 'none'}.`);
    return `retry refused: unknown model ${model}`;
  }
  const started = await startAgain(store, order, { by: event.sender.login, via: 'command', deliveryId: event.deliveryId, config, model });
  return started ? `work order ${order.id} started again by ${event.sender.login}` : `work order ${order.id}: a redelivery, or it moved on`;
}
