import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { SNIFF_BYTES } from './sniff.ts';

const CHUNK = 1024 * 1024;

/** An input that could not be read, with the one-line reason. */
export class UnreadableLog extends Error {
  override name = 'UnreadableLog';
}

/** A stream of bytes whose first bytes have been read ahead, so they can be looked at before deciding. */
export interface PeekedBytes {
  /** At least SNIFF_BYTES bytes, unless the input is shorter. */
  head: Uint8Array;
  /** Every byte of the input, the head included, in chunks. */
  chunks: AsyncIterable<Uint8Array>;
  /** Stops reading (closes the file) when the rest is not wanted; harmless after the end. */
  close(): Promise<void>;
}

/**
 * Read buffers handed back by a consumer that keeps no reference to them (the classifier copies the little it
 * keeps), so a long file is read through one buffer instead of a fresh megabyte per chunk left for the garbage
 * collector. A consumer that may hold a chunk (a decompressor, a report parser) simply never releases it.
 */
export class ChunkPool {
  readonly #spare: Buffer[] = [];
  readonly #own = new WeakSet<ArrayBufferLike>();

  /** A buffer of `size` bytes: a released one when there is one. */
  take(size: number): Buffer {
    const spare = this.#spare.pop();
    if (spare !== undefined && spare.length === size) return spare;
    const fresh = Buffer.allocUnsafeSlow(size);
    this.#own.add(fresh.buffer);
    return fresh;
  }

  /** Gives back a chunk this pool's reader yielded, once nothing refers to it; other chunks are ignored. */
  release(chunk: Uint8Array): void {
    if (this.#own.has(chunk.buffer) && this.#spare.length < 2) this.#spare.push(Buffer.from(chunk.buffer, 0, chunk.buffer.byteLength));
  }
}

/**
 * Reads a file (or stdin for "-") in chunks; a file that cannot be read is an UnreadableLog naming why. A file is
 * read with blocking reads: each is a copy from the page cache, far cheaper than a trip through libuv's thread
 * pool and back per chunk (which left the classifier idle a quarter of the time on a large log), and nothing else
 * runs while a log is classified.
 */
export async function* readChunks(path: string, stdin: Readable, pool: ChunkPool | null = null): AsyncGenerator<Uint8Array> {
  if (path === '-') {
    for await (const chunk of stdin) yield chunk as Uint8Array;
    return;
  }
  const fail = (e: NodeJS.ErrnoException): UnreadableLog => new UnreadableLog(`Cannot read "${path}": ${reason(e)}`);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw fail(e as NodeJS.ErrnoException);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new UnreadableLog(`Cannot read "${path}": it is a directory`);
    for (;;) {
      // A fresh buffer per chunk unless the consumer released one: it may still hold the previous one (a
      // decompressor, a parser).
      const buffer = pool ? pool.take(CHUNK) : Buffer.allocUnsafe(CHUNK);
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, buffer, 0, CHUNK, null);
      } catch (e) {
        throw fail(e as NodeJS.ErrnoException);
      }
      if (bytesRead === 0) break;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    closeSync(fd);
  }
}

/** Reads ahead until SNIFF_BYTES bytes (or the end) are in hand, without losing any of the stream. */
export async function peek(source: AsyncIterable<Uint8Array>): Promise<PeekedBytes> {
  const iterator = source[Symbol.asyncIterator]();
  const early: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    early.push(next.value);
    size += next.value.length;
  }
  const head = early.length === 1 ? early[0]! : Buffer.concat(early);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return {
    head,
    chunks: chunks(),
    close: async () => {
      await iterator.return?.();
    },
  };
}

/** The one-line reason a file system error gives, in words. */
export function reason(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return e.code ?? e.message;
  }
}
