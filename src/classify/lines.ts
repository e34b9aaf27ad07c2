/** Longest line the classifier reads, in bytes; the rest of a longer line is dropped so memory stays flat. */
export const MAX_LINE_BYTES = 64 * 1024;

/** Receives one line as a byte range (without its LF, or its CR of a CRLF). */
export type OnLine = (bytes: Uint8Array, start: number, end: number) => void;

/**
 * Asked before each whole line of a chunk: the start of the next line to emit, at or after `start` (the lines
 * before it are passed over, not emitted), or `end` to pass over all the rest; bytes[start, end) ends with a LF.
 * `lf[0]`: where that line's LF is, when the callback knows it (it found the line by its lines' starts), else -1.
 */
export type SkipLines = (bytes: Uint8Array, start: number, end: number, lf: Int32Array) => number;

/**
 * Splits a stream of byte chunks into lines on LF. A line that spans chunks is copied into a bounded buffer;
 * a line longer than `MAX_LINE_BYTES` is cut there and the rest of it skipped without being kept.
 */
export class LineSplitter {
  readonly #onLine: OnLine;
  readonly #skip: SkipLines | null;
  /** Where `skip` says the LF of the line it returns is (-1: not known, searched for). */
  readonly #lf = new Int32Array(1);
  readonly #pending = new Uint8Array(MAX_LINE_BYTES);
  #pendingLength = 0;
  #carrying = false;

  /** `skip`, when given, may pass over whole lines of a chunk that its caller has no use for. */
  constructor(onLine: OnLine, skip: SkipLines | null = null) {
    this.#onLine = onLine;
    this.#skip = skip;
  }

  /** Adds a chunk; calls `onLine` for each line it completes (but those `skip` passes over). */
  push(chunk: Uint8Array): void {
    let start = 0;
    if (this.#carrying) {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        this.#hold(chunk, 0, chunk.length);
        return;
      }
      this.#hold(chunk, 0, nl);
      this.#emit(this.#pending, 0, this.#pendingLength);
      this.#pendingLength = 0;
      this.#carrying = false;
      start = nl + 1;
    }
    const end = chunk.lastIndexOf(10) + 1;
    const lf = this.#lf;
    while (start < end) {
      lf[0] = -1;
      if (this.#skip !== null) {
        start = this.#skip(chunk, start, end, lf);
        if (start >= end) break;
      }
      const nl = lf[0]! >= start ? lf[0]! : chunk.indexOf(10, start);
      this.#emit(chunk, start, Math.min(nl, start + MAX_LINE_BYTES));
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.#hold(chunk, start, chunk.length);
      this.#carrying = true;
    }
  }

  /** Flushes the last line if the input did not end with a newline. */
  end(): void {
    if (this.#carrying) this.#emit(this.#pending, 0, this.#pendingLength);
    this.#pendingLength = 0;
    this.#carrying = false;
  }

  #hold(chunk: Uint8Array, start: number, end: number): void {
    const take = Math.min(end - start, MAX_LINE_BYTES - this.#pendingLength);
    if (take > 0) {
      this.#pending.set(chunk.subarray(start, start + take), this.#pendingLength);
      this.#pendingLength += take;
    }
  }

  #emit(bytes: Uint8Array, start: number, end: number): void {
    this.#onLine(bytes, start, lineEnd(bytes, start, end));
  }
}

/** Where a line of bytes[start, end) ends as `OnLine` receives it: without the CR of a CRLF. */
export function lineEnd(bytes: Uint8Array, start: number, end: number): number {
  return end > start && bytes[end - 1] === 13 ? end - 1 : end;
}

/** Where the line that begins at `start` and whose LF is at `lf` ends as `OnLine` receives it (cut as the splitter cuts it). */
export function lineEndBefore(bytes: Uint8Array, start: number, lf: number): number {
  return lineEnd(bytes, start, Math.min(lf, start + MAX_LINE_BYTES));
}

const textDecoder = new TextDecoder('utf-8');
// Node's native UTF-8 slice of any byte view: the same decoder as TextDecoder's (V8's, invalid sequences read as
// U+FFFD by the WHATWG rules), without the view TextDecoder needs for a range. Absent outside Node.
const utf8Slice = (globalThis as { Buffer?: { prototype: { utf8Slice?: (this: Uint8Array, start: number, end: number) => string } } }).Buffer
  ?.prototype.utf8Slice;

/**
 * The text of bytes[start, end) as `new TextDecoder('utf-8').decode` reads it (a leading BOM dropped, invalid
 * sequences as U+FFFD), without allocating a view of the range: one line of a log is decoded per call, and a
 * keyword-rich log decodes a line in eight.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) start += 3;
  return utf8Slice !== undefined ? utf8Slice.call(bytes, start, end) : textDecoder.decode(bytes.subarray(start, end));
}
