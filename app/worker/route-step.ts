import type { JsonObject, WorkOrder } from '../../src/store/index.ts';
import type { PunchlistConfig } from '../config/index.ts';
import { branchHead, readSnapshot } from '../github/read-tree.ts';
import { splitRepository } from '../github/repo-ref.ts';
import { routeWorkOrder } from '../routing/index.ts';
import { moveAndComplete, type WorkerDeps, type WorkJob } from './worker-deps.ts';

/** The config intake stored with the work order. */
export function orderConfig(order: WorkOrder): PunchlistConfig {
  return order.context.config as unknown as PunchlistConfig;
}

/** Step `queued → routed`: pins the base commit, scores the work order and chooses a model (a `routing` decision). */
export async function routeStep(order: WorkOrder, job: WorkJob, deps: WorkerDeps): Promise<string> {
  const config = orderConfig(order);
  const github = await deps.github(order.installationId);
  const repo = splitRepository(order.repository);
  const defaultBranch = String(order.context.defaultBranch ?? 'main');
  const baseSha = await branchHead(github, repo, defaultBranch);
  const snapshot = await readSnapshot(github, repo, baseSha);
  const sizes = new Map(snapshot.files.map((f) => [f.path, f.size]));
  const input = {
    title: order.title,
    body: order.body,
    acceptanceCriteria: order.acceptanceCriteria.map((text) => ({ text })),
    files: order.files.map((path) => ({ path, size: sizes.get(path) ?? null })),
  };
  const routed = await routeWorkOrder(input, config.models, deps.advisor, { repository: order.repository });
  if (!routed.ok) {
    await moveAndComplete(deps.store, job, {
      id: order.id,
      from: 'queued',
      to: 'failed',
      decision: { kind: 'routing', conclusion: routed.message, evidence: { complexity: routed.inputs.complexity } as unknown as JsonObject, next: 'Configure models and label the issue again' },
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
      context: { baseSha, treeTruncated: snapshot.truncated, routingReason: routed.reason, routingRule: routed.rule },
    },
    decision: { kind: 'routing', conclusion: routed.reason, evidence: { rule: routed.rule, model: routed.model.name, inputs: routed.inputs } as unknown as JsonObject, next: `Ask "${routed.model.name}" for a change` },
    enqueue: {},
  });
  return routed.reason;
}
