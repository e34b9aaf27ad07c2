import { rankOf, type Failure } from '../classify/index.ts';
import { caseFailure, type FailedCase } from './test-case.ts';
import type { SuiteCounts, TestReport } from './types.ts';

/** Gathers a report's failures: one per test, the most explaining class when a test is reported twice. */
export class ReportCollector {
  readonly #roots: readonly string[];
  readonly #max: number;
  readonly #byTest = new Map<string, Failure>();
  #omitted = 0;

  constructor(roots: readonly string[], maxFailures: number) {
    this.#roots = roots;
    this.#max = maxFailures;
  }

  /** Adds a failed or errored test case. */
  add(c: FailedCase): void {
    const f = caseFailure(c, this.#roots);
    // jest-junit reports a suite that failed to run twice (an <error> and a <failure>); pytest a rerun per attempt.
    const key = `${f.test ?? ''}\u0000${f.test ? '' : f.message}`;
    const seen = this.#byTest.get(key);
    if (seen) {
      if (rankOf(f.class) < rankOf(seen.class)) this.#byTest.set(key, { ...f, evidence: seen.evidence });
      return;
    }
    if (this.#byTest.size >= this.#max) {
      this.#omitted++;
      return;
    }
    this.#byTest.set(key, f);
  }

  /** The report read so far. */
  result(tool: string, suites: SuiteCounts[], warnings: string[]): TestReport {
    let failures = [...this.#byTest.values()];
    if (tool === 'go') {
      // A Go test that failed only because its subtests failed is not a failure of its own (TAXONOMY.md).
      const parents = new Set<string>();
      for (const f of failures) for (let i = (f.test ?? '').lastIndexOf('/'); i > 0; i = f.test!.lastIndexOf('/', i - 1)) parents.add(f.test!.slice(0, i));
      failures = failures.filter((f) => !f.test || !parents.has(f.test));
    }
    return { tool, suites, failures, omitted: this.#omitted, warnings };
  }
}
