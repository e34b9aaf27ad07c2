import type { FailureClass } from '../../src/classify/index.ts';
import { getWorkOrderSpend, recordDecision, recordOutcome, transitionWorkOrder, updateWorkOrder, type Json, type JsonObject, type Scope, type WorkOrder } from '../../src/store/index.ts';
import { classifyGitHubError } from '../github/github-answer.ts';
import { costUsd } from '../model/index.ts';
import { nextModelAfterRed, type RoutingPlan } from '../routing/index.ts';
import { attemptContext, attemptOutcome, nextAttempt, nextCallEstimate } from '../worker/attempt.ts';
import { allowedModels, learnedRouting } from '../worker/learned-routing.ts';
import { contextPatch, readContext } from '../worker/work-order-context.ts';
import type { StepContext } from '../worker/step-context.ts';
import { CODE_CLASSES, fingerprints, primaryClass, type CiFailure } from './ci-failure.ts';
import { decideCi, type CiVerdict, type EscalationTrigger } from './decide-ci.ts';
import { completeIn, cycleRecords, escalate } from './escalate.ts';
import type { CycleRecord } from './escalation.ts';
import { classifiedRows, readFlakiness, recordRows, rerunPassRows, runOfFailure, type RerunTest } from './ci-history.ts';
import { describeSetAside, type FlakinessPartition } from './flakiness.ts';
import { checkFailed, collectFailures, readChecks, runFailed, workflowRunsOf, type CheckInfo, type WorkflowRunInfo } from './read-ci.ts';

/** What the work order remembers about the CI of its head commit. */
export interface CiMemory {
  /** The commit whose CI result was acted on: later events for it change nothing. */
  decidedSha?: string;
  /** The commit whose failed jobs were re-run, and when. */
  rerunSha?: string;
  rerunAt?: string;
  /** The workflow runs re-run, with the attempt that failed, and the failing tests in them (for the history). */
  rerunRuns?: { id: number; attempt: number }[];
  rerunTests?: RerunTest[];
}

/** The red result before this one: what "the same failures twice in a row" and "growing" compare with. */
interface LastRed {
  sha: string;
  fingerprints: string[];
  count: number;
}

/** The most failures kept with a decision or fed to the model. */
const MAX_FAILURES = 30;

function short(sha: string): string {
  return sha.slice(0, 7);
}

/** The states this step handles. */
export type CiState = 'pr_open' | 'ci_running';

/** pr_open moves to ci_running first, in the same transaction as whatever follows. */
async function enterCiRunning(tx: Scope, order: WorkOrder & { state: CiState }): Promise<boolean> {
  if (order.state === 'ci_running') return true;
  const moved = await transitionWorkOrder(tx, { id: order.id, from: 'pr_open', to: 'ci_running' });
  return moved.ok;
}

function checksEvidence(checks: readonly CheckInfo[]): Json {
  return checks.map((c) => ({ name: c.name, status: c.status, conclusion: c.conclusion })) as unknown as Json;
}

/**
 * Step for `pr_open` and `ci_running`: reads the checks of the head commit; while any is unfinished it waits (a
 * later webhook runs it again); once all are done it classifies the failures and acts on the verdict: succeed,
 * re-run the failed jobs once, start a refinement cycle, or escalate. A refinement cycle's model is the routing
 * policy's (`nextModelAfterRed`): the same model, a hand-over to another as a new attempt (the attempt so far is
 * recorded red), or a person when the learned plan says stop. Events for older commits never get here:
 * they are linked by head commit, and only the current head is evaluated.
 */
export async function evaluateCiStep(ctx: StepContext & { order: WorkOrder & { state: CiState } }): Promise<string> {
  const { order, job, deps, store, github, repo, config, attempt } = ctx;
  const sha = order.headSha;
  const context = readContext(order);
  const memory: CiMemory = context.ci ?? {};
  const done = async (note: string) => {
    await store.queue.complete(store.db, job);
    return note;
  };
  if (!sha) return done('No head commit to follow');
  if (memory.decidedSha === sha) return done(`CI of ${short(sha)} was acted on already`);
  const checks = await readChecks(github, repo, sha);
  // Results from before a re-run are stale: the re-run's own results are awaited.
  const rerunAt = memory.rerunSha === sha && memory.rerunAt ? Date.parse(memory.rerunAt) : null;
  const stale = (c: CheckInfo) => rerunAt !== null && checkFailed(c) && c.completedAt !== null && Date.parse(c.completedAt) < rerunAt;
  const pending = checks.filter((c) => c.status !== 'completed' || stale(c));
  if (checks.length === 0) return done(`Waiting for CI to start on ${short(sha)}`);
  if (pending.length > 0) {
    await store.transaction(async (tx) => {
      await enterCiRunning(tx, order);
      await completeIn(tx, job);
    });
    return `CI running on ${short(sha)}: waiting for ${pending.length} of ${checks.length} checks (${pending.map((c) => c.name).join(', ')})`;
  }

  const failed = checks.filter(checkFailed);
  const collected = failed.length > 0 ? await collectFailures(github, repo, checks, config.action_check ?? 'punchlist') : { failures: [] as CiFailure[], source: 'conclusions' as const, notes: [] as string[] };
  const failures = collected.failures.slice(0, MAX_FAILURES);
  const rerunDone = memory.rerunSha === sha;
  const runs = failed.length > 0 || (rerunDone && memory.rerunTests?.length) ? await workflowRunsOf(github, repo, sha) : [];
  const history = { repository: order.repository, sha, branch: order.branch, workOrderId: order.id };
  // Written first: what the loop classified joins the test history of the runs it came from.
  if (failed.length > 0) {
    const { rows, unplaced } = classifiedRows({ ...history, checks, runs, failedRuns: runs.filter(runFailed), failures: collected.failures, source: collected.source });
    await recordRows(store.db, rows);
    if (unplaced > 0) collected.notes.push(`${unplaced} failing tests could not be placed in a workflow run, so they were not added to the test history`);
  } else if (rerunDone && memory.rerunTests?.length) {
    await recordRows(store.db, rerunPassRows({ ...history, tests: memory.rerunTests, runs, rerunRuns: memory.rerunRuns ?? [] }));
  }
  // Which failures are this work order's to fix: known-flaky tests, tests already failing on the base branch and
  // quarantined tests are set aside.
  const partition: FlakinessPartition | null =
    failed.length > 0
      ? await readFlakiness(store.db, collected.failures, { repository: order.repository, baseBranch: context.defaultBranch ?? 'main', quarantine: config.quarantine, rerunDone })
      : null;
  const setAside = partition ? describeSetAside(partition) : [];
  const real = partition ? partition.real : collected.failures;
  const spend = await getWorkOrderSpend(store.db, order.id);
  const model = config.models.find((m) => m.name === attempt.model);
  const cycleLimit = context.cycleLimit ?? config.max_cycles;
  const lastRed: LastRed | undefined = context.lastRed;
  const verdict: CiVerdict =
    partition?.action === 'rerun'
      ? { action: 'rerun', primary: primaryClass(collected.failures) ?? 'test_fail', reason: `${partition.reason}; known flaky: ${testNames(partition.knownFlaky.map((x) => x.failure))}` }
      : partition?.action === 'not_ours'
        ? {
            action: 'escalate',
            trigger: 'not_ours',
            primary: primaryClass(collected.failures),
            reason: `${partition.reason}: ${notOursWhy(partition)}, so no refinement cycle is spent on them`,
          }
        : decideCi({
    failedChecks: failed.map((c) => c.name),
    failures: real,
    rerunDone,
    cycle: order.cycle,
    maxCycles: cycleLimit,
    previous: lastRed && lastRed.sha !== sha ? lastRed : null,
    budget: {
      remainingUsd: config.budget.per_order - spend.spentUsd - spend.reservedUsd,
      nextCycleUsd: model ? costUsd(nextCallEstimate(attempt), model) : 0,
    },
  });
  const evidence: JsonObject = {
    sha,
    checks: checksEvidence(checks),
    source: collected.source,
    failures: failures as unknown as Json,
    notes: collected.notes,
    ...(setAside.length > 0 ? { setAside: partition!.sorted.filter((x) => x.standing !== 'real').map((x) => ({ test: x.failure.test ?? null, standing: x.standing, reason: x.reason })) } : {}),
  };
  const decided = { ...memory, decidedSha: sha };
  const code = real.filter((f) => CODE_CLASSES.has(f.class));
  // Said after the step's own note, in the status comment: what was left out of the decision and why.
  const asideNote = setAside.length > 0 ? `\n\nSet aside (not this work order's to fix, not sent to the model):\n${setAside.join('\n')}` : '';
  const record: CycleRecord = { cycle: order.cycle, sha, model: attempt.model, failures: collected.failures.length, classes: [...new Set(collected.failures.map((f) => f.class))], spentUsd: spend.spentUsd };

  // What a person's retry (or the next cycle) gives the model: the failures left in the decision, or all of them when
  // none is (a person who retries anyway chooses to have them looked at).
  const pendingFailures = partition?.action === 'not_ours' ? failures : real.slice(0, MAX_FAILURES);
  // Hands the work order to a person with this result's failures and the cycle it ends.
  const escalateHere = (trigger: EscalationTrigger, reason: string, primary: FailureClass | null, plan: RoutingPlan | null = null, more: JsonObject = {}) =>
    store.transaction(async (tx) => {
      if (await enterCiRunning(tx, order)) {
        await escalate(tx, order, 'ci_running', { trigger, reason, primary, failures: pendingFailures, cycles: [...cycleRecords(order), record], context: contextPatch({ ci: decided, setAside }), evidence: { ...evidence, ...more }, plan, setAside });
      }
      await completeIn(tx, job);
    });

  switch (verdict.action) {
    case 'succeed': {
      await store.transaction(async (tx) => {
        if (!(await enterCiRunning(tx, order))) return completeIn(tx, job);
        const moved = await transitionWorkOrder(tx, {
          id: order.id,
          from: 'ci_running',
          to: 'succeeded',
          patch: { context: contextPatch({ ci: decided, flaky: verdict.flaky }) },
          decision: { kind: 'outcome', conclusion: `${verdict.reason} at ${short(sha)}`, evidence, next: 'A person reviews and merges the pull request' },
        });
        if (moved.ok) await recordOutcome(tx.db, attemptOutcome(moved.workOrder, { success: true, flaky: verdict.flaky, failureClass: moved.workOrder.failureClass }));
        await completeIn(tx, job);
      });
      return `${verdict.reason}.`;
    }
    case 'rerun': {
      const failedRuns = runs.filter(runFailed);
      if (failedRuns.length === 0) {
        await escalateHere('infra_after_rerun', `${verdict.reason}, but the failed checks (${failed.map((c) => c.name).join(', ')}) are not GitHub Actions workflow runs the App can re-run`, verdict.primary);
        return 'Escalated: the failed checks cannot be re-run by the App.';
      }
      const skipped: string[] = [];
      for (const run of failedRuns) {
        try {
          await github.rest.actions.reRunWorkflowFailedJobs({ ...repo, run_id: run.id });
        } catch (error) {
          // 403 "already running": another process (or a person) re-ran it first; the re-run this step wants exists.
          const answer = classifyGitHubError(error);
          if (answer.kind !== 'already_done') throw error;
          skipped.push(run.name);
        }
      }
      await store.transaction(async (tx) => {
        if (await enterCiRunning(tx, order)) {
          // The red result counts for the outcome even if the re-run passes: "success after timeout, flaky".
          const rerunRuns = failedRuns.map((r) => ({ id: r.id, attempt: r.attempt }));
          const rerunTests = rerunTestsOf(collected.failures, checks, runs, failedRuns);
          await updateWorkOrder(tx, order.id, { failureClass: verdict.primary, context: contextPatch({ ci: { ...memory, rerunSha: sha, rerunAt: new Date().toISOString(), rerunRuns, rerunTests } }) });
          await recordDecision(tx.db, {
            workOrderId: order.id,
            kind: 'retry',
            conclusion: `${verdict.reason}: re-ran ${failedRuns.map((r) => `"${r.name}"`).join(', ')} at ${short(sha)}${skipped.length > 0 ? ` (${skipped.map((n) => `"${n}"`).join(', ')} already running)` : ''}`,
            evidence: { ...evidence, runs: failedRuns.map((r) => ({ id: r.id, name: r.name })) as unknown as Json },
            next: 'Wait for the re-run; a pass marks the failure flaky',
            failureClass: verdict.primary,
            key: `rerun:${order.id}:${sha}`,
          });
        }
        await completeIn(tx, job);
      });
      return `Re-running the failed jobs of ${short(sha)} (${partition?.action === 'rerun' ? `known flaky: ${testNames(partition.knownFlaky.map((x) => x.failure))}` : verdict.primary}).`;
    }
    case 'refine': {
      // Who makes the next cycle: the same model refining, a stronger one (a new attempt), or a person.
      const cycles = [...cycleRecords(order), record];
      const next = nextModelAfterRed(
        { models: allowedModels(order, config, attempt.model), band: order.complexityBand ?? '1', repository: order.repository, tried: cycles.map((c) => c.model), spentUsd: spend.spentUsd },
        await learnedRouting(store.db, deps, order, config),
      );
      const nextCycle = { kind: next.kind, model: next.model?.name ?? null, reason: next.reason, ...(next.plan ? { plan: next.plan } : {}) } as unknown as Json;
      if (next.model === null) {
        await escalateHere('plan', next.reason, verdict.primary, next.plan, { nextCycle });
        return `Escalated: ${next.reason}.`;
      }
      const handover = next.kind === 'escalate' && next.model.name !== attempt.model;
      const nextUsd = costUsd(nextCallEstimate(attempt), next.model);
      const remainingUsd = config.budget.per_order - spend.spentUsd - spend.reservedUsd;
      if (handover && nextUsd > remainingUsd) {
        const reason = `Handing the next cycle to "${next.model.name}" would likely cost $${nextUsd.toFixed(4)}, more than the $${Math.max(0, remainingUsd).toFixed(4)} left of this work order's budget`;
        await escalateHere('budget', reason, verdict.primary, next.plan, { nextCycle });
        return `Escalated: ${reason}.`;
      }
      const red: LastRed = { sha, fingerprints: fingerprints(code), count: code.length };
      const model = next.model.name;
      // A hand-over ends this attempt (red) and starts one with the next model: one outcome row per model.
      const newAttempt = handover ? attemptContext(nextAttempt(attempt, model, order.cycle + 1)) : {};
      await store.transaction(async (tx) => {
        if (await enterCiRunning(tx, order)) {
          const moved = await transitionWorkOrder(tx, {
            id: order.id,
            from: 'ci_running',
            to: 'refining',
            patch: {
              failureClass: verdict.primary,
              ...(handover ? { model } : {}),
              context: { ...contextPatch({ ci: { ...decided }, lastRed: { ...red }, pendingFailures, cycles, setAside }), ...newAttempt },
            },
            decision: {
              kind: 'refinement_cycle',
              conclusion: handover ? `${verdict.reason}, now from "${model}" as a new attempt: ${next.reason}` : verdict.reason,
              evidence: { ...evidence, nextCycle },
              next: handover ? `Ask "${model}" to fix the failures` : `Ask "${attempt.model}" to fix the failures`,
              failureClass: verdict.primary,
            },
            enqueue: {},
          });
          if (moved.ok && handover) {
            await recordOutcome(tx.db, attemptOutcome(order, { success: false, failureClass: verdict.primary, errorContext: { trigger: 'handover', to: model, fingerprints: fingerprints(code) } }));
          }
        }
        await completeIn(tx, job);
      });
      return `${handover ? `${verdict.reason}, now from \`${model}\`.` : verdict.reason}${asideNote}`;
    }
    case 'escalate': {
      await escalateHere(verdict.trigger, verdict.reason, verdict.primary);
      return `Escalated: ${verdict.reason}.${asideNote}`;
    }
  }
}

function testNames(failures: readonly CiFailure[]): string {
  return [...new Set(failures.map((f) => `"${f.test ?? f.message}"`))].join(', ');
}

/** Why the failures of a `not_ours` partition are not the work order's, for the escalation. */
function notOursWhy(p: FlakinessPartition): string {
  const parts = [
    p.brokenOnBase.length > 0 ? `${testNames(p.brokenOnBase.map((x) => x.failure))} already failing on the base branch before this change` : '',
    p.quarantined.length > 0 ? `${testNames(p.quarantined.map((x) => x.failure))} quarantined by a person` : '',
    p.knownFlaky.length > 0 ? `${testNames(p.knownFlaky.map((x) => x.failure))} known flaky` : '',
  ].filter(Boolean);
  return parts.join('; ');
}

/** The failing tests of a red result, each with the workflow run it failed in, for the history of a re-run. */
function rerunTestsOf(failures: readonly CiFailure[], checks: readonly CheckInfo[], runs: readonly WorkflowRunInfo[], failedRuns: readonly WorkflowRunInfo[]): RerunTest[] {
  const out: RerunTest[] = [];
  for (const f of failures) {
    const run = f.test ? runOfFailure(f, checks, runs, failedRuns) : null;
    if (run && f.test) out.push({ test: f.test, ...(f.file ? { file: f.file } : {}), check: f.check, runId: run.id });
  }
  return out;
}
