import type { FailureDraft } from '../../failure.ts';
import type { LineContext, ParserSink } from '../../parser.ts';

/**
 * How the step that printed a held failure ended: `failed`/`passed` when the runner says so, `unknown` when a
 * Travis step began without a verdict on the one before, `end` when an unstructured (single-step) log ended.
 */
export type Outcome = 'failed' | 'passed' | 'unknown' | 'end';

/** Decides whether a held failure counts, given how its step ended and the exit codes printed in it. */
export type Policy = (outcome: Outcome, codes: ReadonlySet<number>) => boolean;

/** Counts only when its step failed (or the single-step log ended): for messages tools often survive. */
export const IF_STEP_FAILED: Policy = (o) => o === 'failed' || o === 'end';

/** Counts unless its step is seen passing: for messages that nearly always stop the step. */
export const UNLESS_STEP_PASSED: Policy = (o) => o !== 'passed';

/** Counts when the step printed the exit status the message causes (127 for a missing command, 126, 137). */
export function ifExitCode(code: number): Policy {
  return (o, codes) => o === 'end' || (o !== 'passed' && codes.has(code));
}

// Travis echoes each command as `$ cmd`, after its fold/timer markers when it has them.
const TRAVIS_COMMAND = /^(?:travis_[\w.:=,-]*)?\$ /;
const TRAVIS_MARK = /travis_(?:fold|time):|^Done\. Your build exited with/;
// `The command "x" exited with N.`, or its last line when the command spans lines.
const TRAVIS_EXIT = /" exited with (\d+)\.$/;
const TRAVIS_FAILED = /" failed(?: and exited with (\d+) during \w*| \d+ times)\.$/;
const GHA_EXIT = /^Process completed with exit code (\d+)\.$|^The process '[^']*' failed with exit code (\d+)$/;
const GHA_JOB_END = /^(?:Post job cleanup\.|Cleaning up orphan processes)$/;
// An exit status reported inside a step: make's `Error 127`, just's `exit code 127`, Python's CalledProcessError.
const EXIT_STATUS = /(?:\bError|exit code|exit status|exited with) (1(?:2[4-7]|37))\b/;

/** The part of a trigger that lets a gated parser see where steps begin and end. */
export const STEP_EVENT_SOURCE =
  String.raw`travis_(?:fold|time):|^\$ |" exited with \d|" failed|Done\. Your build exited|^Run |^Process completed with exit code|^The process '|^Post job cleanup|^Cleaning up orphan processes|(?:Error|exit code|exit status|exited with) 1(?:2[4-7]|37)\b`;

/**
 * Literals of the exit statuses a step prints (`Error 127`): the gate counts them whenever they come, so a gated
 * parser reads them always (its `keywords`).
 */
export const STEP_STATUS_KEYWORDS: readonly string[] = [
  'Error 12', 'Error 137', 'exit code 12', 'exit code 137', 'exit status 12', 'exit status 137', 'exited with 12', 'exited with 137',
];

/**
 * Literals of the step boundaries and verdicts: one of these or of STEP_STATUS_KEYWORDS is in every line that
 * matches `STEP_EVENT_SOURCE`. They change nothing while the gate is not `watching`, so a gated parser reads them as
 * `watchKeywords`: a long log's `##[group]Run …` lines then wake only the parsers that hold a failure.
 */
export const STEP_BOUNDARY_KEYWORDS: readonly string[] = [
  'travis_fold:', 'travis_time:', '$ ', '" exited with ', '" failed', 'Done. Your build exited', 'Run ',
  'Process completed with exit code', "The process '", 'Post job cleanup', 'Cleaning up orphan processes',
];

interface Held {
  draft: FailureDraft;
  policy: Policy;
}

const MAX_HELD = 200;

/**
 * Holds failures until the step that printed them ends, then emits those its policy accepts. A network error or
 * a missing command may be harmless (a probe, a retry, a shell hook): what decides is whether the step failed.
 */
export class StepGate {
  #structured = false;
  #held: Held[] = [];
  /** The step's exit codes; a new set per step that had any (see GoTestRun's records for why not `clear()`). */
  #codes = new Set<number>();
  readonly #sink: ParserSink;

  constructor(sink: ParserSink) {
    this.#sink = sink;
  }

  /**
   * False while a step boundary or verdict would change nothing: the log's structure is known, no failure is held
   * and the step printed no exit status (so the parser need not be fed one; see ParserDef.watchKeywords).
   */
  get watching(): boolean {
    return !this.#structured || this.#held.length > 0 || this.#codes.size > 0;
  }

  /** Keeps a failure until its step ends. */
  hold(draft: FailureDraft, policy: Policy): void {
    if (this.#held.length < MAX_HELD) this.#held.push({ draft, policy });
  }

  /** The failure held last, while its step has not ended (to add evidence from the lines that follow it). */
  last(): FailureDraft | null {
    return this.#held.at(-1)?.draft ?? null;
  }

  /** Reads a line for step boundaries and verdicts; true when the line was one (and needs nothing else). */
  observe(text: string, ctx: LineContext): boolean {
    if (ctx.marker === 'group' && text.startsWith('Run ')) return this.#resolve('passed', true);
    if (GHA_JOB_END.test(text)) return this.#resolve('passed', true);
    const gha = GHA_EXIT.exec(text);
    if (gha) return this.#exit(Number(gha[1] ?? gha[2]), true);
    // Literal checks first: most lines a gated parser sees are its own, not step events.
    if (text.includes('travis_') || text.startsWith('Done.')) {
      if (TRAVIS_MARK.test(text)) this.#structured = true;
    }
    const exit = text.includes('" ') ? (TRAVIS_EXIT.exec(text) ?? TRAVIS_FAILED.exec(text)) : null;
    if (exit) {
      this.#structured = true;
      return this.#exit(exit[1] === undefined ? 1 : Number(exit[1]), true);
    }
    if (this.#structured && TRAVIS_COMMAND.test(text)) return this.#resolve('unknown', false);
    const status = text.includes(' 1') ? EXIT_STATUS.exec(text) : null;
    if (status) this.#codes.add(Number(status[1]));
    return false;
  }

  /** End of input: a log with no step structure is one step, and its end is its verdict. */
  end(): void {
    this.#resolve(this.#structured ? 'unknown' : 'end', false);
  }

  #exit(code: number, consumed: boolean): boolean {
    this.#structured = true;
    if (code === 0) return this.#resolve('passed', consumed);
    this.#codes.add(code);
    return this.#resolve('failed', consumed);
  }

  #resolve(outcome: Outcome, consumed: boolean): boolean {
    if (outcome !== 'end') this.#structured = true;
    // Most step events close a step that held nothing: they allocate nothing (an array per event, promoted by
    // V8's pretenuring, was a third of the garbage on a long log's old generation).
    if (this.#held.length > 0) {
      for (let k = 0; k < this.#held.length; k++) {
        const h = this.#held[k]!;
        if (h.policy(outcome, this.#codes)) this.#sink.emit(h.draft);
      }
      this.#held.length = 0;
    }
    if (this.#codes.size > 0) this.#codes = new Set();
    return consumed;
  }
}
