import { isGithubTimestamp, wasmBytes } from './keywords.ts';
import type { CleanLine } from './normalize.ts';
import { MEMO_WASM } from './scan-wasm.ts';

/**
 * Slots of the memo (a power of two): lines are placed by a hash of their bytes in one of two slots side by side
 * (a set), the one used less lately giving way, so that two lines a log repeats in turn do not push each other out.
 */
const SLOTS = 1024;
/** Longest line (past its timestamp) the memo holds, in bytes; a longer line is read afresh every time. */
const MAX_KEY = 256;
/** GitHub's timestamp, which the memo leaves out of a line's key: its digits change what no reading of the line depends on. */
const STAMP = 29;
/** 32-bit words of a line of MAX_KEY bytes. */
const WORDS = MAX_KEY / 4;

/**
 * What the classifier worked out about a line's text, kept by the line's bytes so that the same line seen again is
 * not decoded, cleaned, scanned for its keywords' owners and matched against the same triggers again. CI logs
 * repeat lines a lot (each test's frames, the runner's step lines, a retry's messages). Everything kept here is a
 * pure function of the line's bytes, and a line is its bytes past a GitHub timestamp, with the fact that it had
 * one: the line cleaner removes such a prefix (`isGithubTimestamp`) whatever its digits are, and the keyword scan
 * starts past it (`timestampSkip`). A line that begins with something only like a timestamp is not kept.
 *
 * Bounded: SLOTS lines of at most MAX_KEY bytes, in typed arrays (the keys in memo.wat's memory where WebAssembly
 * can hold them: see `wasmMemoKeys`); a line's cleaned text is kept only when the line
 * is found a second time in its slot, so a log of lines that never repeat leaves no objects behind for V8's old
 * generation.
 */
export class LineMemo {
  /** The lines' bytes, by which they are found (in WebAssembly where it can, see memo.wat). */
  readonly #keys: MemoKeys;
  /** Per slot: how often its line was found there (1, or 2 for more). */
  readonly #seen = new Uint8Array(SLOTS);
  /** Per slot: 1 once its owner bits are set (a line found first by a replay has none until it is read as a hit). */
  readonly #ownersSet = new Uint8Array(SLOTS);
  /** Per slot: the owner bits of the line (words per line: `words`). */
  readonly #owners: Uint32Array;
  readonly #words: number;
  /** Per slot: the line cleaned, once it is seen again. */
  readonly #clean: (CleanLine | null)[] = new Array<CleanLine | null>(SLOTS).fill(null);
  /** Per slot and parser: 0 not tried yet, 1 the trigger matches the parser's text of the line, 2 it does not. */
  readonly #triggers: Uint8Array;
  readonly #parsers: number;

  /**
   * `words`: the 32-bit words of a line's owner bits; `parsers`: how many triggers a line may be tried against;
   * `scanMemory`: the keyword scanner's WebAssembly memory, where `find` may be told a line lies (see `at`), or null;
   * `wasm`: false keeps the keys in JavaScript (the reference the WebAssembly keys are tested against).
   */
  constructor(words: number, parsers: number, scanMemory: object | null = null, wasm = true) {
    this.#words = words;
    this.#owners = new Uint32Array(SLOTS * words);
    this.#parsers = parsers;
    this.#triggers = new Uint8Array(SLOTS * parsers);
    this.#keys = (wasm ? wasmMemoKeys(scanMemory) : null) ?? new JsMemoKeys();
  }

  /** Where the keys are kept and compared: in WebAssembly where it can, else in JavaScript. */
  get keysIn(): 'webassembly' | 'javascript' {
    return this.#keys instanceof JsMemoKeys ? 'javascript' : 'webassembly';
  }

  /**
   * The slot of line bytes[start, end) (its keyword text from `from`, see `timestampSkip`): the line's own, or one
   * now given to it, which knows nothing of it yet (never `keep`, the slot the caller is still using); -1 when the
   * line is not kept (too long, or a prefix only like a timestamp), and when it is the line in `keep`. `at`: where
   * bytes[start] lies in the scanner's memory (given at construction), when the caller knows the line is there
   * unchanged; -1 when not (the line is then copied).
   */
  find(bytes: Uint8Array, start: number, from: number, end: number, keep = -1, at = -1): number {
    const found = this.#keys.find(bytes, start, from, end, keep, at);
    if (found < SLOTS) {
      if (found >= 0) this.#seen[found] = 2;
      return found;
    }
    // A slot given to the line: what was known there was another line's.
    const slot = found - SLOTS;
    this.#seen[slot] = 1;
    this.#ownersSet[slot] = 0;
    this.#clean[slot] = null;
    this.#triggers.fill(0, slot * this.#parsers, (slot + 1) * this.#parsers);
    return slot;
  }

  /** Copies the slot's owner bits into `out` and returns true, or returns false when they were never set. */
  owners(slot: number, out: Uint32Array): boolean {
    if (this.#ownersSet[slot] === 0) return false;
    const at = slot * this.#words;
    for (let w = 0; w < this.#words; w++) out[w] = this.#owners[at + w]!;
    return true;
  }

  /** Sets the slot's owner bits from `bits`. */
  setOwners(slot: number, bits: Uint32Array): void {
    this.#owners.set(bits.subarray(0, this.#words), slot * this.#words);
    this.#ownersSet[slot] = 1;
  }

  /** The slot's line cleaned, when it was kept. */
  clean(slot: number): CleanLine | null {
    return this.#clean[slot]!;
  }

  /** Keeps the slot's line cleaned, once the line was found there again (a line seen once is not worth an object). */
  setClean(slot: number, clean: CleanLine): void {
    if (this.#seen[slot] === 2) this.#clean[slot] = clean;
  }

  /** What is known of parser i's trigger on the slot's line: 0 nothing yet, 1 it matches, 2 it does not. */
  trigger(slot: number, i: number): number {
    return this.#triggers[slot * this.#parsers + i]!;
  }

  setTrigger(slot: number, i: number, matches: boolean): void {
    this.#triggers[slot * this.#parsers + i] = matches ? 1 : 2;
  }
}

/**
 * The memo's keys: `find` returns the slot found for the line (see `LineMemo.find`), SLOTS + the slot given to it
 * (the line's key now there, the slot's other knowledge to be forgotten), or -1.
 */
export interface MemoKeys {
  find(bytes: Uint8Array, start: number, from: number, end: number, keep: number, at: number): number;
}

/**
 * The keys in JavaScript: where WebAssembly (with SIMD and several memories) is missing, and the reference
 * memo.wat's keys are tested against (test/classify/memo-wasm.test.ts).
 */
export class JsMemoKeys implements MemoKeys {
  /** Per slot: its line's bytes as little-endian 32-bit words, the last one padded with zeros. */
  readonly #keys = new Int32Array(SLOTS * WORDS);
  /** The words of the line being looked up, made while it is hashed. */
  readonly #scratch = new Int32Array(WORDS);
  /** Per slot: the key's length, -1 while empty. */
  readonly #lengths = new Int32Array(SLOTS).fill(-1);
  readonly #hashes = new Int32Array(SLOTS);
  /** Per slot: 1 when the key's line had a GitHub timestamp. */
  readonly #stamped = new Uint8Array(SLOTS);
  /** Per set (two slots side by side): the slot found or filled last. */
  readonly #lately = Int16Array.from({ length: SLOTS / 2 }, (_, set) => 2 * set + 1);
  #viewBytes: Uint8Array | null = null;
  #view: DataView | null = null;

  find(bytes: Uint8Array, start: number, from: number, end: number, keep: number): number {
    const stamped = from === start ? 0 : 1;
    if (end - from > MAX_KEY || (stamped === 1 && (from !== start + STAMP || !isGithubTimestamp(bytes, start, end)))) return -1;
    // Four bytes at a time (a multiply per byte made this slower than the keyword scan of the same line), each word
    // kept to compare with the slot's: a quarter of the loads of a byte-by-byte comparison.
    const words = this.#scratch;
    const view = this.#viewOf(bytes);
    let h = 0x811c9dc5 ^ stamped;
    let k = from;
    let n = 0;
    for (; k + 3 < end; k += 4) {
      const word = view.getInt32(k, true);
      words[n++] = word;
      h = Math.imul(h ^ word, 0x01000193);
    }
    if (k < end) {
      let word = 0;
      for (let shift = 0; k < end; k++, shift += 8) word |= bytes[k]! << shift;
      words[n++] = word;
      h = Math.imul(h ^ word, 0x01000193);
    }
    // The multiplications carry a byte's change only upwards, so a change in a word's top byte (a counter's last
    // digit, say) reached the set's bits through one shift at best, and lines that differ only there shared a set:
    // every bit is mixed into the low ones (MurmurHash3's finaliser).
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    const first = h & (SLOTS - 2);
    const length = end - from;
    const keys = this.#keys;
    for (let slot = first; slot < first + 2; slot++) {
      // Equal lengths and equal words, the last padded alike: equal bytes.
      if (this.#lengths[slot] !== length || this.#hashes[slot] !== h || this.#stamped[slot] !== stamped) continue;
      const at = slot * WORDS;
      let q = 0;
      while (q < n && keys[at + q] === words[q]) q++;
      if (q < n) continue;
      if (slot === keep) return -1;
      this.#lately[first >>> 1] = slot;
      return slot;
    }
    // The slot used less lately gives way, but never the one the caller is using.
    let slot = this.#lately[first >>> 1] === first ? first + 1 : first;
    if (slot === keep) slot ^= 1;
    this.#lately[first >>> 1] = slot;
    const at = slot * WORDS;
    for (let q = 0; q < n; q++) keys[at + q] = words[q]!;
    this.#lengths[slot] = length;
    this.#hashes[slot] = h;
    this.#stamped[slot] = stamped;
    return SLOTS + slot;
  }

  // A view of the line's buffer that reads its bytes four at a time (one per buffer: most lines come from one chunk).
  #viewOf(bytes: Uint8Array): DataView {
    if (bytes !== this.#viewBytes) {
      this.#viewBytes = bytes;
      this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return this.#view!;
  }
}

// The little of the WebAssembly API used here (the project's TypeScript libraries do not declare it).
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: MemoExports };
  Memory: new (descriptor: { initial: number }) => object;
}
interface MemoExports {
  memory: { buffer: ArrayBuffer };
  line: { value: number };
  reset(): void;
  find0(p: number, skip: number, end: number, keep: number): number;
  find1(skip: number, end: number, keep: number): number;
}

/** The module, compiled once (null: not tried yet; false: WebAssembly, SIMD or several memories missing). */
let compiled: object | false | null = null;
/** A memory to import where the scanner has none (its walk in JavaScript): no line is ever looked up there. */
let spareMemory: object | null = null;

/** The keys in memo.wat's module, reading lines where the scanner's memory holds them; null where it cannot load. */
export function wasmMemoKeys(scanMemory: object | null): MemoKeys | null {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined || compiled === false) return null;
  let exports: MemoExports;
  try {
    compiled ??= new api.Module(wasmBytes(MEMO_WASM));
    const memory = scanMemory ?? (spareMemory ??= new api.Memory({ initial: 1 }));
    exports = new api.Instance(compiled, { scan: { memory } }).exports;
  } catch {
    compiled = false;
    return null;
  }
  exports.reset();
  const u8 = new Uint8Array(exports.memory.buffer);
  const LINE = exports.line.value;
  // The functions themselves: an instance's exports object is read through V8's inline cache at every use.
  const { find0, find1 } = exports;
  return {
    find(bytes, start, from, end, keep, at) {
      const skip = from - start;
      // Too long, or a timestamp's place without text after it: not kept (memo.wat checks the timestamp's digits).
      if (end - from > MAX_KEY || (skip !== 0 && (skip !== STAMP || end === from))) return -1;
      if (at >= 0) return find0(at, skip, end - start, keep);
      u8.set(bytes.subarray(start, end), LINE);
      return find1(skip, end - start, keep);
    },
  };
}
