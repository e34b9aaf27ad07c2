import type { FailureDraft } from '../../failure.ts';
import type { ParserSink } from '../../parser.ts';

/**
 * Travis's `travis_retry` reruns a failed command (`The command "npm install" failed. Retrying, 2 of 3.`):
 * what the attempt before it printed did not fail the job.
 */
export const RETRYING = /^The command ".*" failed\. Retrying, \d+ of \d+\.$/;

/** Failures kept until the log ends, so that a later retry of the same command can drop them. */
export class HeldFailures {
  readonly #held: FailureDraft[] = [];

  /** Keeps one failure (at most `max`; the engine only needs the first few to classify). */
  hold(d: FailureDraft, max = 200): void {
    if (this.#held.length < max) this.#held.push(d);
  }

  /** Forgets what an attempt that was retried printed. */
  drop(): void {
    this.#held.length = 0;
  }

  /** Emits everything still held. */
  flush(sink: ParserSink): void {
    for (const d of this.#held) sink.emit(d);
    this.#held.length = 0;
  }
}
