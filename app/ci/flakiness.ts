import { testKey, type BrokenTest, type FlakyTest, type QuarantinedTest } from '../../src/store/index.ts';
import { CONFIG_PATH, type QuarantineEntry } from '../config/index.ts';
import { describeFailure, type CiFailure } from './ci-failure.ts';

// Which failures of a red CI result are this work order's to fix (issue 15, "Flakiness changes decisions"). Pure:
// the caller reads the store (flakyTests, brokenTests on the base branch, listQuarantinedTests) and the config,
// and acts on the answer.

/** Where a failure stands. */
export type Standing = 'real' | 'knownFlaky' | 'brokenOnBase' | 'quarantined';

/** A test a person took out of decisions: from `quarantine:` in the config, or `/punchlist quarantine`. */
export interface QuarantineRule {
  test: string;
  reason?: string | null;
  /** Who quarantined it with the command; absent for the config. */
  by?: string | null;
  source: 'config' | 'command';
}

/** What the partition weighs. */
export interface FlakinessFacts {
  /** The classified failures of the CI result. */
  failures: readonly CiFailure[];
  /** The repository's flaky tests in the window (flakyTests), at least for the failing tests. */
  flaky: readonly Pick<FlakyTest, 'testKey' | 'flakyCommits' | 'commits' | 'flakeRate'>[];
  /** The tests broken on the base branch (brokenTests), at least for the failing tests. */
  brokenOnBase: readonly Pick<BrokenTest, 'testKey' | 'since' | 'failingRuns'>[];
  /** The base branch's name, for the reasons. */
  baseBranch: string;
  quarantine: readonly QuarantineRule[];
  /** True when the failed jobs of this commit were already re-run once. */
  rerunDone: boolean;
}

/** One failure, where it stands, and why. */
export interface SortedFailure {
  failure: CiFailure;
  standing: Standing;
  reason: string;
}

/**
 * What the CI loop does next:
 * - `decide`: decide on the `real` failures alone (decideCi with them), naming the set-aside ones in the prompt
 *   and the comment; with none set aside this is the loop as before;
 * - `rerun`: every failure left in decisions is a known-flaky test and this commit was not re-run yet: re-run
 *   the failed jobs, with no model call;
 * - `not_ours`: nothing is left that the work order's change broke (only tests broken on the base branch,
 *   quarantined, or known flaky beside those): no cycle is spent on them.
 */
export type FlakinessAction = 'decide' | 'rerun' | 'not_ours';

/** The failures split by standing, in their original order, and what to do. */
export interface FlakinessPartition {
  real: CiFailure[];
  knownFlaky: SortedFailure[];
  brokenOnBase: SortedFailure[];
  quarantined: SortedFailure[];
  /** Every failure with its standing and reason, in input order. */
  sorted: SortedFailure[];
  action: FlakinessAction;
  reason: string;
}

/** A known-flaky test failing on the base branch for at most this many runs is read as flaking there too. */
const FLAKE_ON_BASE_RUNS = 1;

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function percent(rate: number): string {
  return `${Math.round(rate * 100)} %`;
}

/** The config's and the store's quarantines as one list of rules. */
export function quarantineRules(config: readonly QuarantineEntry[], stored: readonly Pick<QuarantinedTest, 'test' | 'reason' | 'by'>[]): QuarantineRule[] {
  return [
    ...config.map((q): QuarantineRule => ({ test: q.test, reason: q.reason ?? null, source: 'config' })),
    ...stored.map((q): QuarantineRule => ({ test: q.test, reason: q.reason, by: q.by, source: 'command' })),
  ];
}

/**
 * The keys a failure's test is known by: its name's, and (when the failure names a file) the file and name
 * together, since a person quarantining `tests/net.test.ts > retries` names the file that vitest's and jest's own
 * test names leave out.
 */
function quarantineKeys(f: CiFailure): string[] {
  const keys = [testKey(f.test!)];
  if (f.file) keys.push(testKey(`${f.file} > ${f.test}`));
  return keys;
}

function quarantineReason(rule: QuarantineRule): string {
  const why = rule.reason ? `: ${rule.reason}` : '';
  return rule.source === 'config'
    ? `Quarantined in ${CONFIG_PATH}${why}`
    : `Quarantined${rule.by ? ` by @${rule.by}` : ''} with /punchlist quarantine${why}`;
}

/**
 * Splits the failures of a red CI result by standing, first match wins: quarantined (a person's word); broken on
 * the base branch (unless the test is known flaky and failed on the base's last run only, while a re-run of this
 * commit is still to come: that is its flakiness); known flaky (until this commit's re-run, after which a
 * failing known-flaky test is treated as real); else real. A failure that names no test is always real. The
 * Action's marks count as evidence where the store has none: `flaky` as known flaky, `base_broken` as one failing
 * run on the base branch.
 */
export function partitionFailures(facts: FlakinessFacts): FlakinessPartition {
  const flaky = new Map(facts.flaky.map((f) => [f.testKey, f]));
  const broken = new Map(facts.brokenOnBase.map((b) => [b.testKey, b]));
  const rules = new Map<string, QuarantineRule>();
  for (const rule of facts.quarantine) {
    const key = testKey(rule.test);
    if (key && !rules.has(key)) rules.set(key, rule);
  }

  const sorted = facts.failures.map((failure): SortedFailure => {
    const key = failure.test ? testKey(failure.test) : '';
    if (!key) return { failure, standing: 'real', reason: 'Names no test, so no test history applies' };
    const rule = quarantineKeys(failure).map((k) => rules.get(k)).find((r) => r !== undefined);
    if (rule) return { failure, standing: 'quarantined', reason: quarantineReason(rule) };
    const f: KnownFlaky | undefined = flaky.get(key) ?? markedFlaky(failure, key);
    const b: KnownBroken | undefined = broken.get(key) ?? markedBroken(failure, key);
    const flakeOnBase = f !== undefined && b !== undefined && b.failingRuns <= FLAKE_ON_BASE_RUNS && !facts.rerunDone;
    if (b && !flakeOnBase) {
      const reason = isMarked<MarkedBroken>(b)
        ? `Already failing on "${b.ref ?? facts.baseBranch}": the Punchlist Action found it in the check run of ${b.since.slice(0, 7)} there`
        : `Already failing on "${facts.baseBranch}" since ${b.since.slice(0, 7)} (${count(b.failingRuns, 'failing run')} there)`;
      return { failure, standing: 'brokenOnBase', reason };
    }
    if (f) {
      const record = isMarked<MarkedFlaky>(f)
        ? `the Punchlist Action saw it pass in another attempt at ${f.sha.slice(0, 7)}`
        : `failed and passed on the same commit on ${f.flakyCommits} of ${count(f.commits, 'commit')} (${percent(f.flakeRate)})`;
      if (facts.rerunDone) return { failure, standing: 'real', reason: `Known flaky (${record}), but failed again after the re-run at this commit` };
      return { failure, standing: 'knownFlaky', reason: `Known flaky: ${record}` };
    }
    return { failure, standing: 'real', reason: 'Not known flaky, not failing on the base branch, not quarantined' };
  });

  const of = (standing: Standing) => sorted.filter((s) => s.standing === standing);
  const real = of('real').map((s) => s.failure);
  const knownFlaky = of('knownFlaky');
  const brokenOnBase = of('brokenOnBase');
  const quarantined = of('quarantined');
  const { action, reason } = nextStep(real.length, knownFlaky.length, brokenOnBase.length, quarantined.length, facts.baseBranch);
  return { real, knownFlaky, brokenOnBase, quarantined, sorted, action, reason };
}

type MarkedFlaky = FlakinessFacts['flaky'][number] & { fromMark: true; sha: string };
type MarkedBroken = FlakinessFacts['brokenOnBase'][number] & { fromMark: true; ref: string | null };
type KnownFlaky = FlakinessFacts['flaky'][number] | MarkedFlaky;
type KnownBroken = FlakinessFacts['brokenOnBase'][number] | MarkedBroken;

function isMarked<T extends { fromMark: true }>(x: object): x is T {
  return (x as { fromMark?: unknown }).fromMark === true;
}

/** The Action's `flaky` mark (it saw the test pass in another attempt of the commit), when the store knows nothing. */
function markedFlaky(f: CiFailure, key: string): MarkedFlaky | undefined {
  if (f.mark?.kind !== 'flaky') return undefined;
  return { testKey: key, flakyCommits: 1, commits: 1, flakeRate: 1, fromMark: true, sha: f.mark.sha };
}

/** The Action's `base_broken` mark (the same failure is in the base branch's newest `punchlist` check run): one failing run there. */
function markedBroken(f: CiFailure, key: string): MarkedBroken | undefined {
  if (f.mark?.kind !== 'base_broken') return undefined;
  return { testKey: key, since: f.mark.sha, failingRuns: 1, fromMark: true, ref: f.mark.ref ?? null };
}

function nextStep(real: number, flaky: number, broken: number, quarantined: number, base: string): { action: FlakinessAction; reason: string } {
  const aside = [
    flaky ? `${count(flaky, 'known-flaky test')}` : '',
    broken ? `${count(broken, 'test')} already failing on "${base}"` : '',
    quarantined ? `${count(quarantined, 'quarantined test')}` : '',
  ].filter(Boolean);
  if (real > 0) {
    return { action: 'decide', reason: aside.length ? `${count(real, 'failure')} to decide on; set aside: ${aside.join(', ')}` : `${count(real, 'failure')} to decide on` };
  }
  if (flaky > 0 && broken === 0) {
    return { action: 'rerun', reason: `Every failure is a known-flaky test (${aside.join(', ')}): re-running the failed jobs once, with no model call` };
  }
  if (flaky + broken + quarantined > 0) {
    return { action: 'not_ours', reason: `No failure is this work order's to fix (${aside.join(', ')})` };
  }
  return { action: 'decide', reason: 'No failures to set aside' };
}

/** The set-aside failures as markdown bullets, one per failure, for the refinement prompt and the PR comment. */
export function describeSetAside(p: Pick<FlakinessPartition, 'sorted'>): string[] {
  return p.sorted.filter((s) => s.standing !== 'real').map((s) => `- ${describeFailure(s.failure)} — ${s.reason}`);
}
