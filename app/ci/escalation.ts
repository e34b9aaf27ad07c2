import type { FailureClass } from '../../src/classify/index.ts';
import { getPatternConfidence, successByModelAndBand, type Executor, type Json, type WorkOrder } from '../../src/store/index.ts';
import type { ModelConfig, PunchlistConfig } from '../config/index.ts';
import { inertText } from '../edits/index.ts';
import { costUsd } from '../model/index.ts';
import type { OptionEstimate, RoutingPlan } from '../routing/index.ts';
import { nextCallEstimate, type AttemptRecord } from '../worker/attempt.ts';
import { describeFailure, type CiFailure } from './ci-failure.ts';
import type { EscalationTrigger } from './decide-ci.ts';

/** The label that tells a person the work order waits for them. */
export const NEEDS_HUMAN_LABEL = 'punchlist:needs-human';

/** Attempts needed before past outcomes replace the stated defaults. */
export const MIN_SAMPLES = 3;

/**
 * Success rates assumed without history: the same model after it failed is unlikely to succeed at once; a
 * higher-tier model is a coin toss; a model of the same or lower tier, a little worse than that.
 */
export const DEFAULT_SUCCESS = { sameModel: 0.25, higherTier: 0.5, otherModel: 0.3 } as const;

/** One option offered to a person: the reply, what it does, its estimated cost and chance, and why. */
export interface EscalationOption {
  reply: string;
  action: 'retry' | 'abort';
  model: string | null;
  what: string;
  estimatedCostUsd: number;
  /** Null for abort (nothing is attempted). */
  estimatedSuccess: number | null;
  /** The central 95 % credible interval of the success rate, when the learned plan estimated it. */
  successInterval?: { low: number; high: number } | null;
  /** Estimated cost over estimated success (null for abort, or when no success is expected). */
  costPerSuccessUsd: number | null;
  basis: string;
}

/** One cycle of the work order, as the escalation comment lists it. */
export interface CycleRecord {
  cycle: number;
  sha: string;
  model: string;
  failures: number;
  classes: string[];
  spentUsd: number;
}

async function successEstimate(db: Executor, model: ModelConfig, band: string, primary: FailureClass | null, fallback: number, label: string) {
  const byClass = (await getPatternConfidence(db, { model: model.name, complexityBand: band, ...(primary ? { failureClass: primary } : {}) })).reduce(
    (acc, p) => ({ samples: acc.samples + p.samples, successes: acc.successes + p.successes }),
    { samples: 0, successes: 0 },
  );
  if (byClass.samples >= MIN_SAMPLES) {
    return { rate: byClass.successes / byClass.samples, basis: `${byClass.successes} of ${byClass.samples} past attempts of "${model.name}" at band ${band}${primary ? ` that met ${primary}` : ''} succeeded` };
  }
  const byBand = (await successByModelAndBand(db, { model: model.name })).find((s) => s.complexityBand === band);
  if (byBand && byBand.samples >= MIN_SAMPLES) {
    return { rate: byBand.successRate, basis: `${byBand.successes} of ${byBand.samples} past attempts of "${model.name}" at band ${band} succeeded` };
  }
  return { rate: fallback, basis: `default for ${label}: fewer than ${MIN_SAMPLES} similar attempts recorded` };
}

function percentOf(rate: number): string {
  return `${Math.round(rate * 100)} %`;
}

/** The learned plan's estimate as an option's figures: the same numbers the routing decision logged. */
function fromPlan(estimate: OptionEstimate): Pick<EscalationOption, 'estimatedCostUsd' | 'estimatedSuccess' | 'successInterval' | 'costPerSuccessUsd' | 'basis'> {
  const { samples, successInterval: interval } = estimate;
  const recorded = `${samples.repository} attempt${samples.repository === 1 ? '' : 's'} in this repository and ${samples.installation} in the installation's others`;
  const overrides = estimate.overrides > 0 ? `, ${estimate.overrides} chosen by a person` : '';
  const budget = estimate.withinBudget ? '' : '; more than the work order\'s budget has left';
  return {
    estimatedCostUsd: estimate.expectedCostUsd,
    estimatedSuccess: estimate.successMean,
    successInterval: interval,
    costPerSuccessUsd: Number.isFinite(estimate.costPerSuccessUsd) ? estimate.costPerSuccessUsd : null,
    basis: `learned plan: posterior mean${interval ? ` ${percentOf(estimate.successMean)} (95 % interval ${percentOf(interval.low)}–${percentOf(interval.high)})` : ''} from ${recorded}${overrides}${budget}`,
  };
}

/**
 * Two to four options for a person: another cycle with the current model, a cycle with up to two other
 * configured models (higher tiers first, then cheaper), and stopping. With a learned plan (strategy `learned` with
 * recorded outcomes), an option the plan estimated quotes the plan's figures: posterior mean and interval, expected
 * cost and cost per success. Otherwise costs are one call of the size of the last one at each model's price, and
 * success rates come from past outcomes of similar work orders, else stated defaults.
 */
export async function escalationOptions(
  db: Executor,
  order: WorkOrder,
  config: PunchlistConfig,
  attempt: AttemptRecord,
  primary: FailureClass | null,
  trigger: EscalationTrigger,
  plan: RoutingPlan | null = null,
): Promise<EscalationOption[]> {
  const planned = (model: ModelConfig) => {
    const estimate = plan?.options.find((o) => o.model === model.name);
    return estimate ? fromPlan(estimate) : null;
  };
  const perSuccess = (cost: number, rate: number) => (rate > 0 ? cost / rate : null);
  const band = order.complexityBand ?? '0';
  const call = nextCallEstimate(attempt);
  const current = config.models.find((m) => m.name === attempt.model);
  const options: EscalationOption[] = [];
  const budgetNote = trigger === 'budget' ? ' (raise `budget.per_order` in .github/punchlist.yml first: a retry reads it again)' : '';
  if (current) {
    const est = await successEstimate(db, current, band, primary, DEFAULT_SUCCESS.sameModel, 'the same model again');
    const cost = costUsd(call, current);
    options.push({
      reply: '/punchlist retry',
      action: 'retry',
      model: current.name,
      what: `One more refinement cycle with \`${current.name}\`${budgetNote}`,
      estimatedCostUsd: cost,
      estimatedSuccess: est.rate,
      costPerSuccessUsd: perSuccess(cost, est.rate),
      basis: est.basis,
      ...planned(current),
    });
  }
  const currentTier = current?.tier ?? 0;
  const others = config.models
    .filter((m) => m.name !== attempt.model)
    .sort((a, b) => Number(b.tier > currentTier) - Number(a.tier > currentTier) || a.output_per_mtok - b.output_per_mtok || a.name.localeCompare(b.name))
    .slice(0, 2);
  for (const model of others) {
    const higher = model.tier > currentTier;
    const est = await successEstimate(db, model, band, primary, higher ? DEFAULT_SUCCESS.higherTier : DEFAULT_SUCCESS.otherModel, higher ? 'a higher-tier model' : 'another model');
    const cost = costUsd(call, model);
    options.push({
      reply: `/punchlist retry --model ${model.name}`,
      action: 'retry',
      model: model.name,
      what: `A refinement cycle with \`${model.name}\` (tier ${model.tier})${budgetNote}`,
      estimatedCostUsd: cost,
      estimatedSuccess: est.rate,
      costPerSuccessUsd: perSuccess(cost, est.rate),
      basis: est.basis,
      ...planned(model),
    });
  }
  options.push({
    reply: '/punchlist abort',
    action: 'abort',
    model: null,
    what: 'Stop here; the pull request stays open for a person to finish or close',
    estimatedCostUsd: 0,
    estimatedSuccess: null,
    costPerSuccessUsd: null,
    basis: 'nothing more is attempted',
  });
  return options;
}

const WHY: Readonly<Record<EscalationTrigger, string>> = {
  unknown: 'the failure is unknown',
  infra_after_rerun: 'the CI machinery failed again after a re-run',
  repeated: 'the same failures came back twice in a row',
  growing: 'the number of failures grew',
  max_cycles: 'the refinement cycles are used up',
  budget: 'the budget would be exceeded',
  not_fixable: 'the failure is not one a code change fixes',
  model_failed: 'the model gave no usable fix',
  plan: 'the learned routing plan expects no further cycle to be worth its cost',
  not_ours: 'the failures are not this work order\'s to fix',
};

function successCell(o: EscalationOption): string {
  if (o.estimatedSuccess === null) return '—';
  const interval = o.successInterval ? ` (${percentOf(o.successInterval.low)}–${percentOf(o.successInterval.high)})` : '';
  return `${percentOf(o.estimatedSuccess)}${interval}`;
}

/** The escalation comment: why, what each cycle tried, the failures now, the money spent, and the options. */
export function renderEscalationComment(facts: {
  order: WorkOrder;
  trigger: EscalationTrigger;
  reason: string;
  cycles: readonly CycleRecord[];
  failures: readonly CiFailure[];
  spentUsd: number;
  budgetUsd: number;
  options: readonly EscalationOption[];
  /** Failures left out of the decision (known flaky, broken on the base branch, quarantined), one markdown bullet each. */
  setAside?: readonly string[];
}): string {
  const { order } = facts;
  const lines = [
    `**Punchlist needs a person** for work order ${order.id}${order.prNumber !== null ? ` (pull request #${order.prNumber})` : ''}: ${WHY[facts.trigger]}.`,
    '',
    /[.!?]$/.test(facts.reason) ? facts.reason : `${facts.reason}.`,
    '',
    '### What was tried',
    '',
    '| Cycle | Commit | Model | Failures after it | Spent so far |',
    '|---|---|---|---|---|',
    ...facts.cycles.map((c) => `| ${c.cycle === 0 ? '0 (first proposal)' : c.cycle} | ${c.sha.slice(0, 7)} | \`${c.model}\` | ${c.failures} (${c.classes.join(', ') || '-'}) | $${c.spentUsd.toFixed(4)} |`),
    '',
    '### Failures now',
    '',
    ...(facts.failures.length > 0 ? facts.failures.slice(0, 10).map((f) => `- ${describeFailure(f)}`) : ['- (none classified)']),
    ...(facts.failures.length > 10 ? [`- … and ${facts.failures.length - 10} more`] : []),
    '',
    ...(facts.setAside && facts.setAside.length > 0
      ? ['### Set aside: not this work order\'s to fix', '', ...facts.setAside.slice(0, 10).map(inertText), ...(facts.setAside.length > 10 ? [`- … and ${facts.setAside.length - 10} more`] : []), '']
      : []),
    `**Spent:** $${facts.spentUsd.toFixed(4)} of this work order's $${facts.budgetUsd.toFixed(2)} budget.`,
    '',
    '### Options — reply with one (people with write access)',
    '',
    '| Reply | What happens | Est. cost | Est. success | Based on | Est. cost per success |',
    '|---|---|---|---|---|---|',
    ...facts.options.map((o) => `| \`${o.reply}\` | ${o.what} | $${o.estimatedCostUsd.toFixed(4)} | ${successCell(o)} | ${o.basis} | ${o.costPerSuccessUsd === null ? '—' : `$${o.costPerSuccessUsd.toFixed(4)}`} |`),
  ];
  return lines.join('\n');
}

/** The options as stored with the escalation. */
export function optionsJson(options: readonly EscalationOption[]): Json[] {
  return options.map((o) => ({ ...o }) as unknown as Json);
}
