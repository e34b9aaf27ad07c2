import { transitionWorkOrder, updateWorkOrder, type Json, type JsonObject, type WorkOrder } from '../../src/store/index.ts';
import { pathsToRead, validateEdits } from '../edits/index.ts';
import { createCommit, moveBranch } from '../github/commit-changes.ts';
import { readSnapshot } from '../github/read-tree.ts';
import { splitRepository } from '../github/repo-ref.ts';
import { attemptContext, currentAttempt, withCall, type AttemptRecord } from '../worker/attempt.ts';
import { gatherContext, readMissing } from '../worker/gather-context.ts';
import { callEvidence, proposeWithinBudget, workOrderPrompt } from '../worker/model-call.ts';
import { orderConfig } from '../worker/route-step.ts';
import type { WorkerDeps, WorkJob } from '../worker/worker-deps.ts';
import { describeFailure, primaryClass, type CiFailure } from './ci-failure.ts';
import type { EscalationTrigger } from './decide-ci.ts';
import { completeIn, cycleRecords, escalate } from './escalate.ts';

/** A failure as the model reads it: one line, then the log lines that show it. */
export function failureForModel(f: CiFailure): string {
  const evidence = f.evidence.length > 0 ? `\n  Log:\n${f.evidence.map((e) => `    ${e}`).join('\n')}` : '';
  return `${describeFailure(f)}${evidence}`;
}

/**
 * Step `refining → pr_open`: the model gets the issue, its previous change (the files it changed, as they are at
 * the head commit), and the classified failures with their evidence; its fix is committed on top of the head
 * commit (a fast-forward, never a force-push) as one more cycle. A model that gives no usable fix, or a budget that
 * cannot pay for the call, escalates: the pull request exists, and a person decides what next.
 */
export async function refineStep(order: WorkOrder, job: WorkJob, deps: WorkerDeps): Promise<string> {
  const { store } = deps;
  const config = orderConfig(order);
  let attempt = currentAttempt(order);
  const failures = Array.isArray(order.context.pendingFailures) ? (order.context.pendingFailures as unknown as CiFailure[]) : [];
  const stop = async (trigger: EscalationTrigger, reason: string, evidence: JsonObject, current: AttemptRecord) => {
    await store.transaction(async (tx) => {
      await escalate(tx, order, 'refining', { trigger, reason, primary: primaryClass(failures), failures, cycles: cycleRecords(order), attempt: current, evidence });
      await completeIn(tx, job);
    });
    return `Escalated: ${reason}.`;
  };

  const model = config.models.find((m) => m.name === attempt.model);
  if (!model) return stop('model_failed', `Model "${attempt.model}" is not in the configuration`, {}, attempt);
  if (!order.headSha || !order.branch) throw new Error(`Work order ${order.id} is refining without a branch and head commit`);
  const github = await deps.github(order.installationId);
  const repo = splitRepository(order.repository);
  const snapshot = await readSnapshot(github, repo, order.headSha);
  const changed = Array.isArray(order.context.changedFiles) ? (order.context.changedFiles as string[]) : [];
  const context = await gatherContext(github, repo, snapshot, [...new Set([...changed, ...order.files])], `${order.title}\n${order.body}\n${failures.map((f) => f.file ?? '').join('\n')}`);
  const prompt = workOrderPrompt(order, context, failures.map(failureForModel));

  const call = await proposeWithinBudget(deps, order, config, model, prompt);
  if (!call.ok) return stop('budget', call.conclusion, call.evidence, attempt);
  const result = call.result;
  attempt = withCall(attempt, result);
  await updateWorkOrder(store, order.id, { context: attemptContext(attempt) });
  const evidence = callEvidence(result);
  if (!result.ok) return stop('model_failed', `"${model.name}" gave no usable fix: ${result.message}`, { ...evidence, kind: result.kind }, attempt);

  const files = new Map(context.files.map((f) => [f.path, f.content]));
  await readMissing(github, repo, snapshot, pathsToRead(result.answer.edits), files);
  const validation = validateEdits(result.answer.edits, { files, config });
  const refused = validation.refused.map((r) => ({ path: r.edit.path, code: r.code, reason: r.reason }));
  if (validation.changes.length === 0) {
    return stop('model_failed', `The fix of "${model.name}" changes nothing (${validation.refused.length} of ${result.answer.edits.length} edits refused)`, { ...evidence, refused }, attempt);
  }

  const cycle = order.cycle + 1;
  const headSha = await createCommit(github, repo, {
    parentSha: snapshot.commitSha,
    baseTreeSha: snapshot.treeSha,
    baseFiles: snapshot.files,
    changes: validation.changes,
    message: `Fix CI failures (cycle ${cycle}): ${order.title}\n\n${result.answer.summary}\n\nPunchlist work order ${order.id} for #${order.issueNumber}, by ${model.name}.`,
  });
  const changedFiles = [...new Set([...changed, ...validation.changes.map((c) => c.path)])];
  await updateWorkOrder(store, order.id, { context: { pendingHead: headSha } });
  const moved = await moveBranch(github, repo, order.branch, headSha, { force: false });
  await store.transaction(async (tx) => {
    if (!moved) {
      await transitionWorkOrder(tx, {
        id: order.id,
        from: 'refining',
        to: 'cancelled',
        patch: { context: { stop: 'branch_moved' } },
        decision: {
          kind: 'skip',
          conclusion: `Stopped: ${order.branch} moved on without Punchlist (someone pushed to it), so the fix for cycle ${cycle} was not pushed`,
          evidence: { ...evidence, unpushed: headSha },
          next: 'The person who pushed carries on; label the issue again to start over',
        },
      });
    } else {
      await transitionWorkOrder(tx, {
        id: order.id,
        from: 'refining',
        to: 'pr_open',
        patch: { headSha, cycle, context: { changedFiles, ...attemptContext(attempt) } },
        decision: {
          kind: 'proposal',
          conclusion: `Pushed ${headSha.slice(0, 7)} to ${order.branch} for refinement cycle ${cycle}: ${validation.changes.length} file(s) changed by "${model.name}"`,
          evidence: { ...evidence, summary: result.answer.summary, files: validation.changes.map((c) => c.path), refused, headSha, fixing: failures.map(describeFailure) as Json },
          next: 'Wait for the pull request\'s CI',
        },
      });
    }
    await completeIn(tx, job);
  });
  return moved ? `Pushed the fix for cycle ${cycle}.` : 'Stopped: someone pushed to the branch.';
}
