import type { JsonObject } from '../../src/store/index.ts';
import { branchHead, readSnapshot } from '../github/read-tree.ts';
import { routeWorkOrder } from '../routing/index.ts';
import { attemptContext } from './attempt.ts';
import { learnedRouting } from './learned-routing.ts';
import { retryAdvice } from './retry-advice.ts';
import type { StepContext } from './step-context.ts';
import { readContext } from './work-order-context.ts';
import { moveAndComplete } from './worker-deps.ts';

// Through the schema again (storedConfig): a work order stored before a key existed gets that key's default.
export { orderConfig } from './work-order-context.ts';

/**
 * Step `queued → routed`: pins the base commit, scores the work order and chooses a model (a `routing` decision).
 * Under strategy `learned` with recorded outcomes at the band, the model is the learned plan's first, and the
 * decision carries the plan (`inputs.plan`) with the numbers behind it.
 */
export async function routeStep(ctx: StepContext): Promise<string> {
  const { order, job, deps, config, github, repo, attempt } = ctx;
  const defaultBranch = readContext(order).defaultBranch ?? 'main';
  const baseSha = await branchHead(github, repo, defaultBranch);
  const snapshot = await readSnapshot(github, repo, baseSha);
  const sizes = new Map(snapshot.files.map((f) => [f.path, f.size]));
  const input = {
    title: order.title,
    body: order.body,
    acceptanceCriteria: order.acceptanceCriteria.map((text) => ({ text })),
    files: order.files.map((path) => ({ path, size: sizes.get(path) ?? null })),
  };
  const learned = await learnedRouting(deps.store.db, deps, order, config);
  const routed = await routeWorkOrder(input, config.models, deps.advisor, { repository: order.repository }, learned);
  // A person's `/punchlist retry --model NAME` on a failed work order chose the model; routing still scores it, and
  // the decision says it is an override, which the statistics count as one (src/store/patterns.ts).
  const pinned = readContext(order).pinnedModel;
  const pinnedModel = pinned ? config.models.find((m) => m.name === pinned) : undefined;
  if (routed.ok && pinnedModel) Object.assign(routed, { model: pinnedModel, reason: `Routed to "${pinnedModel.name}": a person chose it`, rule: 'pinned' });
  if (!routed.ok) {
    await moveAndComplete(deps.store, job, {
      id: order.id,
      from: 'queued',
      to: 'failed',
      decision: { kind: 'routing', conclusion: routed.message, evidence: { complexity: routed.inputs.complexity } as unknown as JsonObject, next: `Configure models in .github/punchlist.yml, then ${retryAdvice(config.label)}` },
    });
    return routed.message;
  }
  await moveAndComplete(deps.store, job, {
    id: order.id,
    from: 'queued',
    to: 'routed',
    patch: {
      model: routed.model.name,
      complexity: routed.inputs.complexity.score,
      complexityBand: String(routed.inputs.complexity.band),
      context: {
        baseSha,
        treeTruncated: snapshot.truncated,
        routingReason: routed.reason,
        routingRule: routed.rule,
        requiredTier: routed.inputs.requiredTier,
        ...attemptContext({ ...attempt, model: routed.model.name }),
      },
    },
    decision: {
      kind: 'routing',
      conclusion: routed.reason,
      evidence: { rule: routed.rule, model: routed.model.name, attempt: attempt.number, ...(pinnedModel ? { override: true } : {}), inputs: routed.inputs } as unknown as JsonObject,
      next: `Ask "${routed.model.name}" for a change`,
    },
    enqueue: {},
  });
  return routed.reason;
}
