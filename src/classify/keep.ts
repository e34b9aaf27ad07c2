import { isGithubTimestamp } from './keywords.ts';
import { decodeUtf8, lineEnd, MAX_LINE_BYTES } from './lines.ts';

/** Most lines a parser can have kept at once (see ParserSink.keep). */
export const KEEP_LINES = 64;
/** Most bytes those lines can take; a line that does not fit ends the keep, as the line limit does. */
export const KEEP_BYTES = 256 * 1024;

/**
 * The raw bytes of up to KEEP_LINES consecutive lines: what a parser asked the engine to keep (a step's script)
 * instead of staying active to read lines it will need only if the step fails. Nothing here is decoded; the engine
 * decodes the lines only when the parser asks for them. A line of the chunk being read is kept as a byte range into
 * it, and copied into the keep's own buffer only if it is still kept when the chunk is done (`detach`): most keeps
 * are forgotten before that.
 */
export class LineKeep {
  #own: Uint8Array | null = null;
  #used = 0;
  /** Line k is #src[k][#from[k], #to[k]); its number is #ns[k]. */
  readonly #src: (Uint8Array | null)[] = new Array<Uint8Array | null>(KEEP_LINES).fill(null);
  readonly #from = new Int32Array(KEEP_LINES);
  readonly #to = new Int32Array(KEEP_LINES);
  readonly #ns = new Float64Array(KEEP_LINES);
  #count = 0;
  /** Bytes the kept lines take, wherever they are. */
  #bytes = 0;
  /** True while lines are added (from `start` until full or `stop`). */
  #open = false;
  /** The keep stops after a GitHub group's end (see `start`). */
  #untilGroupEnd = false;

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
    this.#src.fill(null, 0, this.#count);
    this.#count = 0;
    this.#bytes = 0;
    this.#used = 0;
    this.#open = false;
  }

  /**
   * Adds line `n`, bytes[start, end), while open; the keep closes when it is full. `shared`: bytes is the chunk
   * being read, which stays unchanged until `detach` (else the line is copied now).
   */
  add(bytes: Uint8Array, start: number, end: number, n: number, shared: boolean): void {
    if (!this.#open) return;
    const k = this.#count;
    if (k >= KEEP_LINES || this.#bytes + (end - start) > KEEP_BYTES) {
      this.#open = false;
      return;
    }
    this.#bytes += end - start;
    this.#ns[k] = n;
    if (shared) {
      this.#src[k] = bytes;
      this.#from[k] = start;
      this.#to[k] = end;
    } else {
      this.#copy(k, bytes, start, end);
    }
    this.#count = k + 1;
    if (this.#count >= KEEP_LINES || (this.#untilGroupEnd && isGroupEnd(bytes, start, end))) this.#open = false;
  }

  /**
   * Adds lines `from` to `to` (exclusive) of a region whose line k begins at `starts[k]` (and ends before
   * `starts[k + 1]`, its LF and a CR before it left out, cut at MAX_LINE_BYTES as the splitter cuts it), numbered
   * from `n`, as `add` would one by one: until the keep closes.
   */
  addLines(bytes: Uint8Array, starts: Int32Array, from: number, to: number, n: number, shared: boolean): void {
    for (let k = from; k < to && this.#open; k++) {
      const start = starts[k]!;
      this.add(bytes, start, lineEnd(bytes, start, Math.min(starts[k + 1]! - 1, start + MAX_LINE_BYTES)), n + (k - from), shared);
    }
  }

  /** Copies the lines still kept as ranges of `chunk` into the keep's own buffer, before the chunk is reused. */
  detach(chunk: Uint8Array): void {
    for (let k = 0; k < this.#count; k++) if (this.#src[k] === chunk) this.#copy(k, chunk, this.#from[k]!, this.#to[k]!);
  }

  /** The number of kept line k. */
  lineNumber(k: number): number {
    return this.#ns[k]!;
  }

  /** The text of kept line k, decoded as the classifier decodes a line (see decodeUtf8). */
  lineText(k: number): string {
    return decodeUtf8(this.#src[k]!, this.#from[k]!, this.#to[k]!);
  }

  #copy(k: number, bytes: Uint8Array, start: number, end: number): void {
    this.#own ??= new Uint8Array(KEEP_BYTES);
    const at = this.#used;
    this.#own.set(bytes.subarray(start, end), at);
    this.#used = at + (end - start);
    this.#src[k] = this.#own;
    this.#from[k] = at;
    this.#to[k] = this.#used;
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
