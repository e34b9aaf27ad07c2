/** Longest line the classifier reads; the rest of a longer line is dropped so memory stays flat. */
export const MAX_LINE_CHARS = 64 * 1024;

/**
 * Splits a stream of text chunks into lines (LF, CRLF; a lone CR stays in the line for the cleaner).
 * A line longer than `MAX_LINE_CHARS` is cut there, and the rest of it is skipped without being kept.
 */
export class LineSplitter {
  #pending = '';
  #skipping = false;

  readonly #onLine: (line: string) => void;

  constructor(onLine: (line: string) => void) {
    this.#onLine = onLine;
  }

  /** Adds a chunk; calls `onLine` for each line it completes. */
  push(chunk: string): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl === -1) break;
      this.#complete(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) this.#hold(chunk, start);
  }

  /** Flushes the last line if the input did not end with a newline. */
  end(): void {
    if (this.#pending !== '' || this.#skipping) this.#onLine(this.#pending);
    this.#pending = '';
    this.#skipping = false;
  }

  #complete(chunk: string, start: number, nl: number): void {
    let line: string;
    if (this.#skipping) {
      line = this.#pending;
    } else if (this.#pending !== '') {
      line = this.#pending + chunk.slice(start, Math.min(nl, start + MAX_LINE_CHARS - this.#pending.length));
    } else {
      line = nl - start > MAX_LINE_CHARS ? chunk.slice(start, start + MAX_LINE_CHARS) : chunk.slice(start, nl);
    }
    this.#pending = '';
    this.#skipping = false;
    if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    this.#onLine(line);
  }

  #hold(chunk: string, start: number): void {
    if (this.#skipping) return;
    const room = MAX_LINE_CHARS - this.#pending.length;
    const rest = chunk.length - start;
    if (rest >= room) {
      this.#pending += chunk.slice(start, start + room);
      this.#skipping = true;
    } else {
      this.#pending += chunk.slice(start);
    }
  }
}
