import { transitionWorkOrder, type Json, type JsonObject } from '../../src/store/index.ts';
import { attemptContext, type AttemptRecord } from '../worker/attempt.ts';
import { makeChange } from '../worker/make-change.ts';
import { contextPatch, readContext } from '../worker/work-order-context.ts';
import type { StepContext } from '../worker/step-context.ts';
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
 * commit (a fast-forward, never a force-push) as one more cycle, through the same change path as the first
 * proposal (app/worker/make-change.ts: a retried step reuses the stored answer and the recorded commit). A model
 * that gives no usable fix, or a budget that cannot pay for the call, escalates: the pull request exists, and a
 * person decides what next.
 */
export async function refineStep(ctx: StepContext): Promise<string> {
  const { order, job, deps, store, config, github, repo, attempt } = ctx;
  const context = readContext(order);
  const failures: CiFailure[] = context.pendingFailures ?? [];
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
  const changed = context.changedFiles ?? [];
  const cycle = order.cycle + 1;
  const change = await makeChange(deps, {
    order,
    config,
    model,
    github,
    repo,
    branch: order.branch,
    forCycle: cycle,
    parentSha: order.headSha,
    named: [...new Set([...changed, ...order.files])],
    rankText: `${order.title}\n${order.body}\n${failures.map((f) => f.file ?? '').join('\n')}`,
    failures: failures.map(failureForModel),
    ...(context.setAside && context.setAside.length > 0 ? { setAside: context.setAside } : {}),
    commitMessage: (summary) => `Fix CI failures (cycle ${cycle}): ${order.title}\n\n${summary}\n\nPunchlist work order ${order.id} for #${order.issueNumber}, by ${model.name}.`,
  });
  if (!change.ok && change.stage === 'budget') return stop('budget', change.conclusion, change.evidence, change.attempt);
  if (!change.ok && change.stage === 'model') return stop('model_failed', `"${model.name}" gave no usable fix: ${change.conclusion.replace(/^No change from "[^"]*": /, '')}`, change.evidence, change.attempt);
  if (!change.ok && change.stage === 'no_change') return stop('model_failed', `The fix of "${model.name}" changes nothing (${change.conclusion.replace(/^No change to commit: /, '')})`, change.evidence, change.attempt);

  await store.transaction(async (tx) => {
    if (!change.ok) {
      await transitionWorkOrder(tx, {
        id: order.id,
        from: 'refining',
        to: 'cancelled',
        patch: { context: { stop: 'branch_moved', ...attemptContext(change.attempt) } },
        decision: {
          kind: 'skip',
          conclusion: `Stopped: ${order.branch} moved on without Punchlist (someone pushed to it), so the fix for cycle ${cycle} was not pushed`,
          evidence: change.evidence,
          next: 'Nothing: the person who pushed carries on',
        },
      });
    } else {
      await transitionWorkOrder(tx, {
        id: order.id,
        from: 'refining',
        to: 'pr_open',
        patch: { headSha: change.headSha, cycle, context: { ...contextPatch({ changedFiles: [...new Set([...changed, ...change.changes.map((c) => c.path)])], pendingHead: null }), ...attemptContext(change.attempt) } },
        decision: {
          kind: 'proposal',
          conclusion: `Pushed ${change.headSha.slice(0, 7)} to ${order.branch} for refinement cycle ${cycle}: ${change.changes.length} file(s) changed by "${model.name}"`,
          evidence: { ...change.evidence, fixing: failures.map(describeFailure) as Json },
          next: 'Wait for the pull request\'s CI',
        },
      });
    }
    await completeIn(tx, job);
  });
  return change.ok ? `Pushed the fix for cycle ${cycle}.` : 'Stopped: someone pushed to the branch.';
}
