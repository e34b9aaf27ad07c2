/** Longest line the classifier reads, in bytes; the rest of a longer line is dropped so memory stays flat. */
export const MAX_LINE_BYTES = 64 * 1024;

/** Receives one line as a byte range (without its LF, or its CR of a CRLF). */
export type OnLine = (bytes: Uint8Array, start: number, end: number) => void;

/**
 * Splits a stream of byte chunks into lines on LF. A line that spans chunks is copied into a bounded buffer;
 * a line longer than `MAX_LINE_BYTES` is cut there and the rest of it skipped without being kept.
 */
export class LineSplitter {
  readonly #onLine: OnLine;
  readonly #pending = new Uint8Array(MAX_LINE_BYTES);
  #pendingLength = 0;
  #carrying = false;

  constructor(onLine: OnLine) {
    this.#onLine = onLine;
  }

  /** Adds a chunk; calls `onLine` for each line it completes. */
  push(chunk: Uint8Array): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) break;
      if (this.#carrying) {
        this.#hold(chunk, start, nl);
        this.#emit(this.#pending, 0, this.#pendingLength);
        this.#pendingLength = 0;
        this.#carrying = false;
      } else {
        this.#emit(chunk, start, Math.min(nl, start + MAX_LINE_BYTES));
      }
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
    this.#onLine(bytes, start, end > start && bytes[end - 1] === 13 ? end - 1 : end);
  }
}
