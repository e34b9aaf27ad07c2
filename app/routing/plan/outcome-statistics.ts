import type { RoutingOutcomeGroup } from '../../../src/store/patterns.ts';

/** Attempts of one model in one situation: how many, how many went green, what they cost, how many a person chose. */
export interface Counts {
  trials: number;
  successes: number;
  costUsd: number;
  overrides: number;
}

/** One attempt as the App records it (an outcome row), for sources that are not the store. */
export interface RecordedAttempt {
  model: string;
  complexityBand: string;
  repository: string;
  /** Models of the work order's earlier attempts, in any order. */
  after: readonly string[];
  /** Refinement cycles the attempt used after its own red CI. */
  cycles: number;
  /** CI went green (what the App sees, not whether the change was right). */
  success: boolean;
  costUsd: number;
  override?: boolean;
}

const SEP = '\u0000';
const ALL_REPOSITORIES = '\u0001*';
/** The situation key of "after any red result": every non-empty set of earlier models pooled. */
export const AFTER_ANY_RED = '\u0001red';

/** The key of a set of earlier models: distinct, sorted. */
export function afterKey(after: Iterable<string>): string {
  return [...new Set(after)].sort().join(SEP);
}

function key(band: string, repository: string, model: string, after: string): string {
  return band + SEP + repository + SEP + model + SEP + after;
}

function add(map: Map<string, Counts>, k: string, trials: number, successes: number, costUsd: number, overrides: number): void {
  const c = map.get(k);
  if (c) {
    c.trials += trials;
    c.successes += successes;
    c.costUsd += costUsd;
    c.overrides += overrides;
  } else map.set(k, { trials, successes, costUsd, overrides });
}

const NONE: Readonly<Counts> = Object.freeze({ trials: 0, successes: 0, costUsd: 0, overrides: 0 });

/** The group of one recorded attempt: the same shape the store's query sums, so both sources share one path. */
export function groupOfAttempt(a: RecordedAttempt): RoutingOutcomeGroup {
  const cycles = Math.max(0, Math.floor(a.cycles));
  const share = a.costUsd / (cycles + 1);
  return {
    model: a.model,
    complexityBand: a.complexityBand,
    repository: a.repository,
    after: [...new Set(a.after)].sort(),
    attempts: 1,
    firstSuccesses: a.success && cycles === 0 ? 1 : 0,
    firstCostUsd: share,
    refineCycles: cycles,
    refineSuccesses: a.success && cycles > 0 ? 1 : 0,
    refineCostUsd: share * cycles,
    overrides: a.override ? 1 : 0,
  };
}

/**
 * The outcome statistics routing plans from, indexed per model × band × situation, for one repository and for
 * the whole installation. A situation is the set of models already red on the work order: empty for the first
 * attempt; containing the model itself for a refinement cycle. Add groups from the store (routingOutcomeGroups)
 * or attempt by attempt (the replay); the policy reads both the same way.
 */
export class OutcomeStatistics {
  readonly #cells = new Map<string, Counts>();
  readonly #recorded = new Map<string, number>();

  /** Adds a group of attempts (from the store's query, or groupOfAttempt). */
  addGroup(g: RoutingOutcomeGroup): void {
    const first = afterKey(g.after);
    const refine = afterKey([...g.after, g.model]);
    this.#addCell(g.complexityBand, g.repository, g.model, first, g.attempts, g.firstSuccesses, g.firstCostUsd, g.overrides);
    if (g.refineCycles > 0) this.#addCell(g.complexityBand, g.repository, g.model, refine, g.refineCycles, g.refineSuccesses, g.refineCostUsd, 0);
  }

  /** Adds one recorded attempt. */
  addAttempt(a: RecordedAttempt): void {
    this.addGroup(groupOfAttempt(a));
  }

  #addCell(band: string, repository: string, model: string, after: string, trials: number, successes: number, costUsd: number, overrides: number): void {
    if (trials <= 0) return;
    this.#recorded.set(band, (this.#recorded.get(band) ?? 0) + trials);
    add(this.#cells, key(band, repository, model, after), trials, successes, costUsd, overrides);
    add(this.#cells, key(band, ALL_REPOSITORIES, model, after), trials, successes, costUsd, overrides);
    if (after !== '') {
      add(this.#cells, key(band, repository, model, AFTER_ANY_RED), trials, successes, costUsd, overrides);
      add(this.#cells, key(band, ALL_REPOSITORIES, model, AFTER_ANY_RED), trials, successes, costUsd, overrides);
    }
  }

  /**
   * The counts of `model` at `band` after the models of `after` (an afterKey, or AFTER_ANY_RED), in `repository`
   * or, with null, in every repository of the installation.
   */
  counts(band: string, repository: string | null, model: string, after: string): Readonly<Counts> {
    return this.#cells.get(key(band, repository ?? ALL_REPOSITORIES, model, after)) ?? NONE;
  }

  /** How many cycles were recorded at `band`, in all: lets a cached fit know when it is stale. */
  recorded(band: string): number {
    return this.#recorded.get(band) ?? 0;
  }

  /** True when nothing was recorded at this band in any repository. */
  isEmpty(band: string, models: readonly string[]): boolean {
    return models.every((m) => this.counts(band, null, m, '').trials === 0 && this.counts(band, null, m, AFTER_ANY_RED).trials === 0);
  }

  /** Every attempt recorded at `band` in the installation, all models and situations: for the price prior. */
  totals(band: string, model: string): Readonly<Counts> {
    const first = this.counts(band, null, model, '');
    const red = this.counts(band, null, model, AFTER_ANY_RED);
    return { trials: first.trials + red.trials, successes: first.successes + red.successes, costUsd: first.costUsd + red.costUsd, overrides: first.overrides + red.overrides };
  }
}

/** Statistics built from the store's groups. */
export function statisticsFromGroups(groups: Iterable<RoutingOutcomeGroup>): OutcomeStatistics {
  const stats = new OutcomeStatistics();
  for (const g of groups) stats.addGroup(g);
  return stats;
}
