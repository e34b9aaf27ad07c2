import { isGithubTimestamp } from './keywords.ts';
import { decodeUtf8, lineEndBefore } from './lines.ts';

/** Most lines a parser can have kept at once (see ParserSink.keep). */
export const KEEP_LINES = 64;
/** Most bytes those lines can take; a line that does not fit ends the keep, as the line limit does. */
export const KEEP_BYTES = 256 * 1024;

/** What can count a region's lines into a keep without reading them here (the keyword scanner, whose scan just read them). */
export interface RegionLines {
  /** See KeywordScanner.keepLines. */
  keepLines(bytes: Uint8Array, start: number, from: number, to: number, count: number, kept: number, maxLines: number, maxBytes: number, untilGroupEnd: boolean, out: Int32Array): number;
}

/** The keep's bytes after `keepLines`. */
const KEPT = new Int32Array(1);

/**
 * The raw bytes of up to KEEP_LINES consecutive lines: what a parser asked the engine to keep (a step's script)
 * instead of staying active to read lines it will need only if the step fails. Nothing here is decoded; the engine
 * decodes the lines only when the parser asks for them. Lines are held as runs of whole lines (the lines a region's
 * scan passes over come in one run, a line the engine reads in a run of its own), each run a byte range; a run in
 * the chunk being read is copied into the keep's own buffer only if it is still kept when the chunk is done
 * (`detach`): most keeps are forgotten before that. The lines of the runs are found only when they are asked for.
 */
export class LineKeep {
  #own: Uint8Array | null = null;
  #used = 0;
  /** Run r holds #runLines[r] lines, numbered from #runN[r]: #runSrc[r][#runFrom[r], #runTo[r]), its last line's end. */
  readonly #runSrc: (Uint8Array | null)[] = new Array<Uint8Array | null>(KEEP_LINES).fill(null);
  readonly #runFrom = new Int32Array(KEEP_LINES);
  readonly #runTo = new Int32Array(KEEP_LINES);
  readonly #runN = new Float64Array(KEEP_LINES);
  readonly #runLines = new Int32Array(KEEP_LINES);
  #runs = 0;
  #count = 0;
  /** Bytes the kept lines take (without their line ends), wherever they are. */
  #bytes = 0;
  /** True while lines are added (from `start` until full or `stop`). */
  #open = false;
  /** The keep stops after a GitHub group's end (see `start`). */
  #untilGroupEnd = false;
  /** Line k (once the runs are split, see #splitRuns): its run, its range there, and its number. */
  readonly #lineRun = new Int32Array(KEEP_LINES);
  readonly #lineN = new Float64Array(KEEP_LINES);
  readonly #lineFrom = new Int32Array(KEEP_LINES);
  readonly #lineTo = new Int32Array(KEEP_LINES);
  #split = 0;

  get open(): boolean {
    return this.#open;
  }

  get count(): number {
    return this.#count;
  }

  /**
   * Forgets what was kept and keeps the lines added from now on; `untilGroupEnd`: up to and including a line that
   * is plainly a GitHub group's end (see `isGroupEnd`).
   */
  start(untilGroupEnd = false): void {
    this.clear();
    this.#open = true;
    this.#untilGroupEnd = untilGroupEnd;
  }

  /** Stops adding lines; those kept stay. */
  stop(): void {
    this.#open = false;
  }

  /** Forgets everything. */
  clear(): void {
    // A loop, not `fill`: Array's fill is a call into V8's runtime, and a keep is cleared at every step a parser
    // starts, for the few runs it holds.
    for (let r = 0; r < this.#runs; r++) this.#runSrc[r] = null;
    this.#runs = 0;
    this.#count = 0;
    this.#split = 0;
    this.#bytes = 0;
    this.#used = 0;
    this.#open = false;
  }

  /**
   * Adds line `n`, bytes[start, end), while open; the keep closes when it is full. `shared`: bytes is the chunk
   * being read, which stays unchanged until `detach` (else the line is copied now).
   */
  add(bytes: Uint8Array, start: number, end: number, n: number, shared: boolean): void {
    if (this.#open && this.#admit(bytes, start, end)) this.#run(bytes, start, end, n, 1, shared);
  }

  /**
   * Adds lines `from` to `to` (exclusive) of a region whose line k begins at `starts[k]` (and ends before
   * `starts[k + 1]`, its LF and a CR before it left out, cut at MAX_LINE_BYTES as the splitter cuts it), numbered
   * from `n`, as `add` would one by one (until the keep closes), in one run. `region`, when given, is what counts
   * them where the region's scan left them (see `RegionLines`).
   */
  addLines(bytes: Uint8Array, starts: Int32Array, from: number, to: number, n: number, shared: boolean, region: RegionLines | null = null): void {
    if (!this.#open || to <= from) return;
    // Counted where the region's scan left them (`region`: the scan that wrote `starts`, from bytes[starts[0]]), when
    // it can: the same lines taken, the keep closed alike.
    const taken = region === null ? -1 : region.keepLines(bytes, starts[0]!, from, to, this.#count, this.#bytes, KEEP_LINES, KEEP_BYTES, this.#untilGroupEnd, KEPT);
    if (taken >= 0) {
      const k = taken >>> 1;
      if ((taken & 1) === 1) this.#open = false;
      this.#count += k - from;
      this.#bytes = KEPT[0]!;
      if (k > from) this.#run(bytes, starts[from]!, lineEndBefore(bytes, starts[k - 1]!, starts[k]! - 1), n, k - from, shared);
      return;
    }
    let k = from;
    let last = -1;
    for (; k < to && this.#open; k++) {
      const end = lineEndBefore(bytes, starts[k]!, starts[k + 1]! - 1);
      if (!this.#admit(bytes, starts[k]!, end)) break;
      last = end;
    }
    if (k > from) this.#run(bytes, starts[from]!, last, n, k - from, shared);
  }

  // Counts line bytes[start, end) in, or closes the keep when it does not fit (false); the keep also closes after a
  // line that fills it or, with `untilGroupEnd`, ends the group.
  #admit(bytes: Uint8Array, start: number, end: number): boolean {
    if (this.#count >= KEEP_LINES || this.#bytes + (end - start) > KEEP_BYTES) {
      this.#open = false;
      return false;
    }
    this.#bytes += end - start;
    this.#count++;
    if (this.#count >= KEEP_LINES || (this.#untilGroupEnd && isGroupEnd(bytes, start, end))) this.#open = false;
    return true;
  }

  /** Copies the runs still kept as ranges of `chunk` into the keep's own buffer, before the chunk is reused. */
  detach(chunk: Uint8Array): void {
    for (let r = 0; r < this.#runs; r++) if (this.#runSrc[r] === chunk) this.#copy(r, chunk, this.#runFrom[r]!, this.#runTo[r]!);
  }

  /** The number of kept line k. */
  lineNumber(k: number): number {
    this.#splitRuns();
    return this.#lineN[k]!;
  }

  /** The text of kept line k, decoded as the classifier decodes a line (see decodeUtf8). */
  lineText(k: number): string {
    this.#splitRuns();
    return decodeUtf8(this.#runSrc[this.#lineRun[k]!]!, this.#lineFrom[k]!, this.#lineTo[k]!);
  }

  #run(bytes: Uint8Array, from: number, to: number, n: number, lines: number, shared: boolean): void {
    const r = this.#runs++;
    this.#runN[r] = n;
    this.#runLines[r] = lines;
    if (shared) {
      this.#runSrc[r] = bytes;
      this.#runFrom[r] = from;
      this.#runTo[r] = to;
    } else {
      this.#copy(r, bytes, from, to);
    }
  }

  #copy(r: number, bytes: Uint8Array, from: number, to: number): void {
    // The lines' bytes, and the line ends between them (at most two bytes for each).
    this.#own ??= new Uint8Array(KEEP_BYTES + 2 * KEEP_LINES);
    const at = this.#used;
    this.#own.set(bytes.subarray(from, to), at);
    this.#used = at + (to - from);
    this.#runSrc[r] = this.#own;
    this.#runFrom[r] = at;
    this.#runTo[r] = this.#used;
    // The lines found in the run, if any, are where it was.
    this.#split = 0;
  }

  // Finds the lines of the runs added since the last call: a run's lines end at its LFs (without a CR before one,
  // cut at MAX_LINE_BYTES), its last line at the run's end.
  #splitRuns(): void {
    let k = this.#split;
    let r = k === 0 ? 0 : this.#lineRun[k - 1]! + 1;
    for (; r < this.#runs; r++) {
      const src = this.#runSrc[r]!;
      const to = this.#runTo[r]!;
      let at = this.#runFrom[r]!;
      for (let line = 0; line < this.#runLines[r]!; line++, k++) {
        const lf = line === this.#runLines[r]! - 1 ? -1 : src.indexOf(10, at);
        const end = lf < 0 || lf >= to ? to : lineEndBefore(src, at, lf);
        this.#lineRun[k] = r;
        this.#lineN[k] = this.#runN[r]! + line;
        this.#lineFrom[k] = at;
        this.#lineTo[k] = end;
        at = lf + 1;
      }
    }
    this.#split = k;
  }
}

/** `##[endgroup]`. */
const GROUP_END = Uint8Array.from('##[endgroup]', (c) => c.charCodeAt(0));

/**
 * True when bytes[start, end) is a line that the line cleaner reads as a GitHub group's end (marker `endgroup`) for
 * certain: it begins with `##[endgroup]`, after a GitHub timestamp or not, and holds no CR (the cleaner keeps what
 * follows the last one) and no TAB (the columns of `gh run view --log`), the only cleaning that can move where its
 * text begins. A group's end this does not see (coloured, say) is still one to the parser that reads it; a keep
 * only stops later.
 */
export function isGroupEnd(bytes: Uint8Array, start: number, end: number): boolean {
  // Most lines a keep is given are not: they are turned down by a byte or two before the timestamp is looked at.
  const at = bytes[start] === 35 /* # */ ? start : start + 29;
  if (end - at < GROUP_END.length) return false;
  for (let k = 0; k < GROUP_END.length; k++) if (bytes[at + k] !== GROUP_END[k]) return false;
  if (at !== start && !isGithubTimestamp(bytes, start, end)) return false;
  for (let k = at + GROUP_END.length; k < end; k++) if (bytes[k] === 13 || bytes[k] === 9) return false;
  return true;
}
