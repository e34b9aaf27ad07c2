import { describe, expect, it } from 'vitest';
import { classifyText } from '../../src/classify/index.ts';
import { toAnnotation } from '../../src/report/check-run.ts';
import { describeFailure, fingerprint, fingerprints, fromAnnotationDetails, fromClassifierFailure, primaryClass, type CiFailure } from '../../app/ci/ci-failure.ts';
import { parseCommand } from '../../app/ci/commands.ts';
import { readCheckRunDetails } from '../../src/report/check-run-details.ts';
import { decideCi, type CiFacts } from '../../app/ci/decide-ci.ts';

const fail = (over: Partial<CiFailure>): CiFailure => ({ class: 'test_fail', message: 'expected 5, got -1', check: 'test', file: 'src/sum.test.js', test: 'sum adds', evidence: [], ...over });

const facts = (over: Partial<CiFacts>): CiFacts => ({
  failedChecks: ['test'],
  failures: [fail({})],
  rerunDone: false,
  cycle: 0,
  maxCycles: 3,
  previous: null,
  budget: { remainingUsd: 1, nextCycleUsd: 0.01 },
  ...over,
});

describe('decideCi', () => {
  it('succeeds on green, and calls a pass after a re-run flaky', () => {
    expect(decideCi(facts({ failedChecks: [], failures: [] }))).toMatchObject({ action: 'succeed', flaky: false });
    expect(decideCi(facts({ failedChecks: [], failures: [], rerunDone: true }))).toMatchObject({ action: 'succeed', flaky: true });
  });

  it('re-runs machinery failures once, with no code failure, then escalates', () => {
    const timeout = [fail({ class: 'timeout', file: undefined, test: undefined })];
    expect(decideCi(facts({ failures: timeout }))).toMatchObject({ action: 'rerun', primary: 'timeout' });
    expect(decideCi(facts({ failures: [fail({ class: 'orchestration_error' })] }))).toMatchObject({ action: 'rerun', primary: 'orchestration_error' });
    expect(decideCi(facts({ failures: timeout, rerunDone: true }))).toMatchObject({ action: 'escalate', trigger: 'infra_after_rerun' });
  });

  it('refines code failures, even beside a machinery failure', () => {
    expect(decideCi(facts({}))).toMatchObject({ action: 'refine', primary: 'test_fail', reason: expect.stringContaining('refinement cycle 1 of 3') });
    expect(decideCi(facts({ failures: [fail({ class: 'timeout' }), fail({ class: 'compile_error', file: 'src/a.ts', code: 'TS2322' })] }))).toMatchObject({ action: 'refine' });
  });

  it('escalates an unknown failure, or failed checks with nothing classified', () => {
    expect(decideCi(facts({ failures: [fail({ class: 'unknown' })] }))).toMatchObject({ action: 'escalate', trigger: 'unknown' });
    expect(decideCi(facts({ failures: [] }))).toMatchObject({ action: 'escalate', trigger: 'unknown' });
    // A code failure outranks an unknown one found beside it.
    expect(decideCi(facts({ failures: [fail({ class: 'unknown', check: 'other' }), fail({})] }))).toMatchObject({ action: 'refine' });
  });

  it('escalates the same failures twice in a row, and failures that grow', () => {
    const now = [fail({})];
    expect(decideCi(facts({ failures: now, previous: { fingerprints: fingerprints(now), count: 1 } }))).toMatchObject({ action: 'escalate', trigger: 'repeated' });
    // The message may change between runs (values differ); the fingerprint does not.
    expect(decideCi(facts({ failures: [fail({ message: 'expected 5, got 7' })], previous: { fingerprints: fingerprints(now), count: 1 } }))).toMatchObject({ trigger: 'repeated' });
    const two = [fail({}), fail({ test: 'sum of negatives' })];
    expect(decideCi(facts({ failures: two, previous: { fingerprints: ['compile_error|src/a.ts|TS2322|'], count: 1 } }))).toMatchObject({ action: 'escalate', trigger: 'growing' });
    expect(decideCi(facts({ failures: now, previous: { fingerprints: ['compile_error|src/a.ts|TS2322|'], count: 1 } }))).toMatchObject({ action: 'refine' });
  });

  it('escalates when the cycles are used up, or the next cycle would overrun the budget', () => {
    expect(decideCi(facts({ cycle: 3 }))).toMatchObject({ action: 'escalate', trigger: 'max_cycles' });
    expect(decideCi(facts({ maxCycles: 0 }))).toMatchObject({ action: 'escalate', trigger: 'max_cycles' });
    expect(decideCi(facts({ budget: { remainingUsd: 0.2, nextCycleUsd: 0.8 } }))).toMatchObject({ action: 'escalate', trigger: 'budget', reason: expect.stringContaining('$0.8000, more than the $0.2000 left') });
  });

  it('escalates a failure no change fixes (a CI budget stop)', () => {
    expect(decideCi(facts({ failures: [fail({ class: 'budget_exceeded' })] }))).toMatchObject({ action: 'escalate', trigger: 'not_fixable' });
  });
});

describe('CI failures', () => {
  const log = ['src/sum.ts(3,5): error TS2322: Type \'string\' is not assignable to type \'number\'.'].join('\n');
  const classified = classifyText(log);

  it('round-trips the Action\'s annotation raw_details into the same fingerprint as the log', () => {
    const fromLog = classified.failures.map((f) => fromClassifierFailure(f, 'build'));
    const annotation = toAnnotation(classified.failures[0]!);
    const fromAction = fromAnnotationDetails(annotation?.raw_details, 'punchlist');
    expect(fromAction).toMatchObject({ class: 'compile_error', file: 'src/sum.ts', line: 3, code: 'TS2322', tool: 'tsc' });
    expect(fingerprint(fromAction!)).toBe(fingerprint(fromLog[0]!));
    expect(fromAction!.evidence[0]).toContain('error TS2322');
  });

  it('ignores annotation details that are not a failure', () => {
    expect(fromAnnotationDetails(undefined, 'x')).toBeNull();
    expect(fromAnnotationDetails('{not json', 'x')).toBeNull();
    expect(fromAnnotationDetails(JSON.stringify({ job: 'test', next: 'fix', primary: 'test_fail' }), 'x')).toBeNull();
    expect(fromAnnotationDetails(JSON.stringify({ class: 'nonsense', message: 'x' }), 'x')).toBeNull();
  });

  it('describes a failure in one line and picks the primary class by precedence', () => {
    expect(describeFailure(fail({ line: 6 }))).toBe('test_fail in src/sum.test.js:6 (test "sum adds") [test]: expected 5, got -1');
    expect(primaryClass([fail({}), fail({ class: 'dependency_missing' }), fail({ class: 'lint_error' })])).toBe('dependency_missing');
    expect(primaryClass([])).toBeNull();
  });
});

describe('parseCommand', () => {
  it('reads the three commands from the first line only', () => {
    expect(parseCommand('/punchlist retry')).toEqual({ ok: true, command: { name: 'retry', model: null } });
    expect(parseCommand('\n  /punchlist retry --model big-one  \nbecause')).toEqual({ ok: true, command: { name: 'retry', model: 'big-one' } });
    expect(parseCommand('/punchlist abort')).toEqual({ ok: true, command: { name: 'abort' } });
  });

  it('leaves ordinary comments and quoted commands alone, and explains a malformed one', () => {
    expect(parseCommand('Looks good. Reply `/punchlist retry` if not.')).toBeNull();
    expect(parseCommand('/punchlistretry')).toBeNull();
    expect(parseCommand('/punchlist retry --model')).toMatchObject({ ok: false, error: expect.stringContaining('is not a Punchlist command') });
    expect(parseCommand('/punchlist merge')).toMatchObject({ ok: false });
  });
});

describe('the Action→App contract: raw_details through one schema', () => {
  const failure = { class: 'compile_error' as const, message: 'Cannot find module', file: 'src/a.ts', line: 3, tool: 'tsc', code: 'TS2307', evidence: [{ line: 12, text: 'src/a.ts(3,1): error TS2307' }] };

  it('what the Action writes, the App reads, with the basis when the class was inferred from the step name', () => {
    const written = toAnnotation({ ...failure, basis: 'step' } as Parameters<typeof toAnnotation>[0], '.github/workflows/ci.yml')!;
    const read = fromAnnotationDetails(written.raw_details, 'punchlist');
    expect(read).toEqual({ class: 'compile_error', message: 'Cannot find module', check: 'punchlist', file: 'src/a.ts', line: 3, tool: 'tsc', code: 'TS2307', basis: 'step', evidence: ['src/a.ts(3,1): error TS2307'] });
    expect(describeFailure(read!)).toBe('compile_error (inferred from the step name) in src/a.ts:3 (TS2307) [punchlist]: Cannot find module');
  });

  it('reads details without a basis (an older Action), and refuses what is not a failure', () => {
    const written = toAnnotation(failure as Parameters<typeof toAnnotation>[0], '.github/workflows/ci.yml')!;
    expect(fromAnnotationDetails(written.raw_details, 'punchlist')).not.toHaveProperty('basis');
    expect(readCheckRunDetails(JSON.stringify({ id: 1, kind: 'routing' }))).toBeNull();
    expect(readCheckRunDetails('{"class":"compile_error","mess')).toBeNull();
    expect(readCheckRunDetails(JSON.stringify({ class: 'compile_error', message: 'x', basis: 'guess' }))).toBeNull();
  });
});
