import { MAX_LINE_BYTES } from './lines.ts';
import { SCAN_WASM } from './scan-wasm.ts';

/**
 * A byte-level Aho–Corasick automaton over the parsers' keywords. `scan` answers "does this line hold any
 * keyword?" in one pass over the raw bytes, so the many lines that concern no parser are never decoded,
 * cleaned or matched against a regular expression; `owners` then tells, for the few lines that do, which
 * parsers' keywords they hold, so only those parsers' triggers are tried. ANSI CSI and OSC sequences are
 * skipped, so a coloured keyword still matches.
 */
export interface KeywordScanner {
  /** True when bytes[start, end) hold a keyword (ANSI escapes ignored), or begin with an anchored one. */
  scan(bytes: Uint8Array, start: number, end: number): boolean;
  /**
   * Sets `out[g] = 1` for every group g with a keyword in bytes[start, end), or an anchored keyword at `anchor`
   * (where the line's text begins, past a timestamp), and for every group without keywords.
   */
  owners(bytes: Uint8Array, start: number, end: number, out: Uint8Array, anchor?: number): void;
  /** The same groups as `owners`, as bits (group g is bit g % 32 of word g / 32) OR-ed into `out`. */
  ownerBits(bytes: Uint8Array, start: number, end: number, out: Uint32Array, anchor?: number): void;
  /**
   * Finds, in one pass over whole lines, the lines that `scan` matches as the classifier reads a line (from past a
   * GitHub timestamp, see `timestampSkip`), without splitting them first: bytes[start, end) must end with a LF.
   * Writes each such line's start offset and 0-based index (lines since `start`) to `hits` (room for two numbers per
   * line of the range) and returns how many; `lines[0]` is set to the number of lines in the range, and `starts[k]`
   * to the offset of its line k (room for one number per line of the range and one more: `starts[lines]` is `end`).
   */
  scanLines(bytes: Uint8Array, start: number, end: number, hits: Int32Array, lines: Int32Array, starts: Int32Array): number;
  /**
   * The lines of bytes[start, end) (whole lines, ending with a LF) that `scanLines` finds, as bits (line k is bit k;
   * lines after the 32nd are not read): for a few lines at once, in one call (the window a replay filter reads).
   */
  lineBits(bytes: Uint8Array, start: number, end: number): number;
  /** Where `scanLines` walks the table: in WebAssembly where it can, else in JavaScript. */
  readonly walksIn: 'webassembly' | 'javascript';
  /** The WebAssembly memory `scanLines` copies the lines it walks into (null when it walks them in JavaScript). */
  readonly memory: object | null;
  /**
   * Where bytes[start] lies in `memory`, when bytes[start, end) is within the range the last `scanLines` walked
   * there (and neither `scanLines` nor `lineBits` was called since); else -1. The bytes there are those `bytes`
   * held then: a caller that may have changed them since must not ask.
   */
  regionAddress(bytes: Uint8Array, start: number, end: number): number;
  /**
   * How many of the lines [from, to) (by index) of the last `scanLines`, which walked bytes from `start`, a keep takes
   * that holds `count` lines of `kept` bytes (keep.ts `LineKeep.addLines` says how; `untilGroupEnd` as there): the
   * index of the first line not taken times 2, plus 1 when the keep closed, the keep's bytes after in `out[0]`; -1
   * when that scan's lines are not at hand (walked in JavaScript, or another scan since).
   */
  keepLines(bytes: Uint8Array, start: number, from: number, to: number, count: number, kept: number, maxLines: number, maxBytes: number, untilGroupEnd: boolean, out: Int32Array): number;
}

/**
 * Where the text of a line begins for keyword matching: past the fixed-width timestamp GitHub puts on every line
 * of a downloaded job log (`2026-11-25T18:51:05.7197140Z `, 29 bytes, a third of a typical line), which holds no
 * keyword, when more follows it; else `start`. `end` is the line's end (without its LF or CR).
 */
export function timestampSkip(bytes: Uint8Array, start: number, end: number): number {
  return end - start > 29 && bytes[start + 4] === 45 && bytes[start + 10] === 84 && bytes[start + 27] === 90 && bytes[start + 28] === 32
    ? start + 29
    : start;
}

/**
 * True when bytes[start, end) begins with GitHub's timestamp exactly (`2026-11-25T18:51:05.7197140Z `: every digit
 * a digit, `timestampSkip` looks at four bytes only) and more follows it: a prefix that the line cleaner removes
 * whatever its digits are. Asked for every line the memo looks up: the separators are compared, and the digits
 * tested without a branch each (a byte b is a digit when b - 48 and 57 - b are both not negative, so the OR of those
 * of all 21 is negative when one is not).
 */
export function isGithubTimestamp(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start <= 29) return false;
  const s = start;
  if (bytes[s + 4] !== 45 || bytes[s + 7] !== 45 || bytes[s + 10] !== 84 || bytes[s + 13] !== 58 || bytes[s + 16] !== 58) return false;
  if (bytes[s + 19] !== 46 || bytes[s + 27] !== 90 || bytes[s + 28] !== 32) return false;
  let digits = 0;
  for (let k = 0; k < 4; k++) digits |= digitSign(bytes[s + k]!);
  digits |= digitSign(bytes[s + 5]!) | digitSign(bytes[s + 6]!) | digitSign(bytes[s + 8]!) | digitSign(bytes[s + 9]!);
  digits |= digitSign(bytes[s + 11]!) | digitSign(bytes[s + 12]!) | digitSign(bytes[s + 14]!) | digitSign(bytes[s + 15]!);
  digits |= digitSign(bytes[s + 17]!) | digitSign(bytes[s + 18]!);
  for (let k = 20; k < 27; k++) digits |= digitSign(bytes[s + k]!);
  return digits >= 0;
}

/** Negative unless b is an ASCII digit. */
const digitSign = (b: number): number => (b - 48) | (57 - b);


/** A keyword written `^…`: it counts only where the line's text begins (npm's `> app@1.0.0 lint` header). */
interface Anchored {
  bytes: Uint8Array;
  group: number;
}

/** Longest line scanned: where the classifier cuts a line (it takes a hit of `scanLines` as `scan`'s). */
const MAX_SCANNED = MAX_LINE_BYTES;

/** Byte values. */
const ROW = 256;

/** How a scanner reads what it is given. */
export interface ScannerOptions {
  /**
   * `scanLines` walks the table in WebAssembly when it can (default); false keeps it in JavaScript (the reference
   * the WebAssembly walk is tested against).
   */
  wasm?: boolean;
}

/**
 * Builds the automaton over groups of keywords (one group per parser). A group without keywords owns every
 * line, and then `scan` matches every line.
 */
export function keywordScanner(allGroups: readonly (readonly string[])[], options: ScannerOptions = {}): KeywordScanner {
  const enc = new TextEncoder();
  // Anchored keywords are checked by hand at the line's start, before the automaton: there are few of them, and a
  // 256-entry table of their first bytes rejects almost every line with one load.
  const anchored: Anchored[] = [];
  const firstByte = new Uint8Array(ROW);
  const groups = allGroups.map((g, group) =>
    g.filter((k) => {
      if (!k.startsWith('^') || k.length < 2) return true;
      const bytes = enc.encode(k.slice(1));
      anchored.push({ bytes, group });
      firstByte[bytes[0]!] = 1;
      return false;
    }),
  );
  const atStart = (bytes: Uint8Array, at: number, end: number, out: Uint8Array | null): boolean => {
    if (at >= end || firstByte[bytes[at]!] !== 1) return false;
    let any = false;
    for (const a of anchored) {
      if (at + a.bytes.length > end) continue;
      let k = 0;
      while (k < a.bytes.length && bytes[at + k] === a.bytes[k]) k++;
      if (k < a.bytes.length) continue;
      if (out === null) return true;
      out[a.group] = 1;
      any = true;
    }
    return any;
  };
  const atStartBits = (bytes: Uint8Array, at: number, end: number, out: Uint32Array): void => {
    if (at >= end || firstByte[bytes[at]!] !== 1) return;
    for (const a of anchored) {
      if (at + a.bytes.length > end) continue;
      let k = 0;
      while (k < a.bytes.length && bytes[at + k] === a.bytes[k]) k++;
      if (k === a.bytes.length) out[a.group >>> 5]! |= 1 << (a.group & 31);
    }
  };
  for (const g of allGroups) for (const k of g) if (k.includes('\n') || k.includes('\r')) throw new Error(`A keyword cannot hold a line break: ${JSON.stringify(k)}`);
  // ESC is its own byte class, read past or (where cleaning keeps it) a character that leads back to the root.
  for (const g of allGroups) for (const k of g) if (k.includes('\x1b')) throw new Error(`A keyword cannot hold an ESC: ${JSON.stringify(k)}`);
  const always = groups.flatMap((g, i) => (g.some((k) => k !== '') || anchored.some((a) => a.group === i) ? [] : [i]));
  // Byte classes keep the tables small (they are walked for every byte of the log, so they should sit in cache):
  // every byte that occurs in a keyword is its own class, ESC is its own, and every other byte is one class that
  // leads back to the root.
  const words = groups.map((g) => [...new Set(g)].filter((w) => w !== '').map((w) => enc.encode(w)));
  const cls = new Uint8Array(ROW);
  let C = 2; // 0: any other byte, 1: ESC
  for (const g of words) for (const w of g) for (const b of w) if (cls[b] === 0 && b !== 27) cls[b] = C++;
  cls[27] = 1;
  // The tables below are built in WebAssembly where it can walk them, else in JavaScript (the same steps).
  const W = Math.max(1, Math.ceil(groups.length / 32));
  let bound = 1;
  for (const g of words) for (const w of g) bound += w.length;
  const wasm = options.wasm === false || always.length > 0 || bound > 0xffff ? null : wasmScanner(words, cls, C, W, bound, firstByte, anchored);
  const { walk, masks, accept, table, sink: SINK } = wasm ?? buildTables(words, cls, C, W, bound);
  const marker: Automaton = { walk, cls, masks, accept, seen: new Uint32Array(W), C, W, groups: groups.length };

  // Whether bytes[start, end) holds a keyword in the text cleaning leaves (escapes removed as `escapeEnd` says).
  const exact = (bytes: Uint8Array, start: number, end: number): boolean => {
    let st = 0;
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      if (b === 27) {
        const after = escapeEnd(bytes, i, end);
        // Removed: the text on either side of it joins. Kept: the ESC is a character of the text.
        if (after > i) {
          i = after - 1;
          continue;
        }
      }
      st = walk[st * C + cls[b]!]!;
      if (accept[st] === 1) return true;
    }
    return false;
  };
  // After the table reached the sink at bytes[i, i + 4): a keyword, unless an ESC took it there.
  const confirm = (bytes: Uint8Array, start: number, end: number, i: number): boolean => {
    const to = Math.min(i + 4, end);
    for (let k = i; k < to; k++) if (bytes[k] === 27) return exact(bytes, start, end);
    return true;
  };

  if (always.length > 0) {
    return {
      walksIn: 'javascript',
      memory: null,
      regionAddress: () => -1,
      keepLines: () => -1,
      scan: () => true,
      scanLines(bytes, start, end, hits, lines, starts) {
        let count = 0;
        let n = 0;
        for (let i = start; i < end; i = bytes.indexOf(10, i) + 1, n++) {
          starts[n] = i;
          hits[2 * count] = i;
          hits[2 * count++ + 1] = n;
        }
        starts[n] = end;
        lines[0] = n;
        return count;
      },
      lineBits(bytes, start, end) {
        let bits = 0;
        for (let i = start, n = 0; i < end && n < 32; i = bytes.indexOf(10, i) + 1, n++) bits |= 1 << n;
        return bits;
      },
      owners(bytes, start, end, out, anchor = start) {
        for (const g of always) out[g] = 1;
        atStart(bytes, anchor, end, out);
        markOwners(marker, bytes, start, end, out);
      },
      ownerBits(bytes, start, end, out, anchor = start) {
        for (const g of always) out[g >>> 5]! |= 1 << (g & 31);
        atStartBits(bytes, anchor, end, out);
        walkOwners(marker, bytes, start, end);
        for (let w = 0; w < marker.W; w++) out[w]! |= marker.seen[w]!;
      },
    };
  }
  const scanner: KeywordScanner = {
    // A plain property, not a getter: an object literal with an accessor is made with slow (dictionary) properties,
    // and every method of the scanner was then looked up through V8's inline cache at each call.
    walksIn: wasm === null ? 'javascript' : 'webassembly',
    memory: wasm === null ? null : wasm.memory,
    regionAddress(bytes, start, end) {
      return wasm === null ? -1 : wasm.regionAddress(bytes, start, end);
    },
    keepLines(bytes, start, from, to, count, kept, maxLines, maxBytes, untilGroupEnd, out) {
      return wasm === null ? -1 : wasm.keepLines(bytes, start, from, to, count, kept, maxLines, maxBytes, untilGroupEnd, out);
    },
    scan(bytes, start, end) {
      if (atStart(bytes, start, end, null)) return true;
      let s = 0;
      // Unrolled by four with one sink test per block: most lines hold no keyword and run to the end.
      let i = start;
      for (; i + 4 <= end; i += 4) {
        s = table[(s >> 2) + cls[bytes[i]!]!]!;
        s = table[(s >> 2) + cls[bytes[i + 1]!]!]!;
        s = table[(s >> 2) + cls[bytes[i + 2]!]!]!;
        s = table[(s >> 2) + cls[bytes[i + 3]!]!]!;
        if (s === SINK) return confirm(bytes, start, end, i);
      }
      for (; i < end; i++) {
        s = table[(s >> 2) + cls[bytes[i]!]!]!;
        if (s === SINK) return confirm(bytes, start, end, i);
      }
      return false;
    },
    owners(bytes, start, end, out, anchor = start) {
      atStart(bytes, anchor, end, out);
      markOwners(marker, bytes, start, end, out);
    },
    ownerBits(bytes, start, end, out, anchor = start) {
      atStartBits(bytes, anchor, end, out);
      walkOwners(marker, bytes, start, end);
      for (let w = 0; w < marker.W; w++) out[w]! |= marker.seen[w]!;
    },
    // Most lines of a long log hold no keyword: they are found here without a call into the classifier per line.
    scanLines(bytes, start, end, hits, lines, starts) {
      if (wasm !== null && end - start <= MAX_SCANNED) return wasm.scanLines(bytes, start, end, hits, lines, starts);
      wasm?.forget();
      return scanLinesJs(bytes, start, end, hits, lines, starts);
    },
    lineBits(bytes, start, end) {
      if (wasm !== null && end - start <= MAX_SCANNED) return wasm.lineBits(bytes, start, end);
      wasm?.forget();
      let bits = 0;
      for (let i = start, n = 0; i < end && n < 32; n++) {
        const lf = bytes.indexOf(10, i);
        const stop = lf - i > MAX_SCANNED ? i + MAX_SCANNED : lf;
        const last = stop > i && bytes[stop - 1] === 13 ? stop - 1 : stop;
        if (scanner.scan(bytes, timestampSkip(bytes, i, last), last)) bits |= 1 << n;
        i = lf + 1;
      }
      return bits;
    },
  };
  // The same walk in JavaScript: for a region longer than WebAssembly's buffer, and where WebAssembly is missing.
  const scanLinesJs = (bytes: Uint8Array, start: number, end: number, hits: Int32Array, lines: Int32Array, starts: Int32Array): number => {
    let count = 0;
    let n = 0;
    for (let i = start; i < end; n++) {
      starts[n] = i;
      const lf = bytes.indexOf(10, i);
      const stop = lf - i > MAX_SCANNED ? i + MAX_SCANNED : lf;
      const last = stop > i && bytes[stop - 1] === 13 ? stop - 1 : stop;
      if (scanner.scan(bytes, timestampSkip(bytes, i, last), last)) {
        hits[2 * count] = i;
        hits[2 * count++ + 1] = n;
      }
      i = lf + 1;
    }
    starts[n] = end;
    lines[0] = n;
    return count;
  };
  return scanner;
}

/**
 * Where the escape sequence at bytes[i] (an ESC) ends as the line cleaner removes it (normalize.ts's ANSI pattern:
 * a CSI `ESC [ params intermediates final`, an OSC `ESC ] … (BEL | ESC \\)?`, or a two-byte `ESC @`…`ESC _` but
 * `ESC [`), or i itself when cleaning leaves the ESC in the text (a CSI cut short or holding another byte, `ESC (`,
 * an ESC at the end): the keyword walks then read the bytes after it as text, as cleaning leaves them. Bytes of
 * UTF-8 sequences (0x80 and up) fall in none of the pattern's ASCII ranges, as their characters do not.
 */
export function escapeEnd(bytes: Uint8Array, i: number, end: number): number {
  if (i + 1 >= end) return i;
  const kind = bytes[i + 1]!;
  if (kind === 91 /* [ */) {
    let j = i + 2;
    while (j < end && bytes[j]! >= 0x30 && bytes[j]! <= 0x3f) j++;
    while (j < end && bytes[j]! >= 0x20 && bytes[j]! <= 0x2f) j++;
    return j < end && bytes[j]! >= 0x40 && bytes[j]! <= 0x7e ? j + 1 : i;
  }
  if (kind === 93 /* ] */) {
    let j = i + 2;
    while (j < end && bytes[j] !== 7 && bytes[j] !== 27) j++;
    if (j < end && bytes[j] === 7) return j + 1;
    // `ESC \\` ends it too; another escape after it is one of its own.
    return j + 1 < end && bytes[j] === 27 && bytes[j + 1] === 92 ? j + 2 : j;
  }
  return (kind >= 0x40 && kind <= 0x5a) || (kind >= 0x5c && kind <= 0x5f) ? i + 2 : i;
}

/** The full DFA: per state and byte class, the next state. */
type StateTable = Uint16Array | Int32Array;

/**
 * What keywordScanner walks. `walk`, `masks`, `accept`: the full DFA over byte classes (C per row), each state's
 * groups (W 32-bit words per state), whether any keyword ends there; for owner marking. `table`: the scanning
 * table, the states that accept nothing renumbered (breadth-first, so the rows the walk reads most lie together)
 * and one sink that every keyword and every ESC leads to and that absorbs every byte, so the hot loop needs a test
 * only now and then (a line that reaches the sink with an ESC in it is read again by `exact`, which skips escapes as
 * the terminal would). A state there is the byte offset of its row (4 bytes per class): WebAssembly reads it as an
 * address (the table begins its memory), and JavaScript reads the row at offset / 4. `sink`: the sink's.
 */
interface Tables {
  walk: StateTable;
  masks: Uint32Array;
  accept: Uint8Array;
  table: Int32Array;
  sink: number;
}

// The tables, built in JavaScript: a trie over classes, built in place in the DFA's rows (0: no edge yet; the root
// is never a child), one flat array instead of a row per state, so building the tables leaves no garbage behind to
// grow the heap at start-up. `bound`: more states than the words can make.
function buildTables(words: readonly (readonly Uint8Array[])[], cls: Uint8Array, C: number, W: number, bound: number): Tables {
  // State numbers fit 16 bits for any realistic keyword set: half the table's bytes, as fast to walk.
  const walk: StateTable = bound <= 0xffff ? new Uint16Array(bound * C) : new Int32Array(bound * C);
  const masks = new Uint32Array(bound * W);
  const trie: Trie = { walk, masks, firstChild: new Int32Array(bound), nextSibling: new Int32Array(bound), edge: new Uint8Array(bound), C, W };
  const n = insertWords(trie, words, cls);
  const fail = new Int32Array(n);
  const queue = new Int32Array(n);
  const tail = completeRows(trie, fail, queue);
  const accept = new Uint8Array(n);
  for (let st = 0; st < n; st++) {
    for (let w = 0; w < W; w++) if (masks[st * W + w] !== 0) accept[st] = 1;
  }
  // The root first (it accepts nothing), then breadth-first.
  const id = new Int32Array(n).fill(-1);
  let m = 0;
  id[0] = m++;
  for (let q = 0; q < tail; q++) if (accept[queue[q]!] === 0) id[queue[q]!] = m++;
  const sink = 4 * m * C;
  const table = new Int32Array((m + 1) * C);
  fillScanTable(trie, table, sink, accept, id, fail, queue, tail);
  return { walk, masks, accept, table, sink };
}

/**
 * The keywords' trie while it is built (see keywordScanner): rows of C classes in `walk`, each state's groups in W
 * words of `masks`, and each state's children as a list (first child, next sibling, the class that leads to it).
 * Each state but the root has one parent, so its children are found without visiting every class of its row.
 */
interface Trie {
  walk: StateTable;
  masks: Uint32Array;
  firstChild: Int32Array;
  nextSibling: Int32Array;
  edge: Uint8Array;
  C: number;
  W: number;
}

// Adds each group's words (byte classes by `cls`); returns the number of states.
function insertWords(trie: Trie, words: readonly (readonly Uint8Array[])[], cls: Uint8Array): number {
  const { walk, masks, firstChild, nextSibling, edge, C, W } = trie;
  let n = 1;
  for (let owner = 0; owner < words.length; owner++) {
    const group = words[owner]!;
    for (let g = 0; g < group.length; g++) {
      const word = group[g]!;
      let s = 0;
      for (let j = 0; j < word.length; j++) {
        const c = cls[word[j]!]!;
        const at = s * C + c;
        if (walk[at] === 0) {
          walk[at] = n;
          edge[n] = c;
          nextSibling[n] = firstChild[s]!;
          firstChild[s] = n++;
        }
        s = walk[at]!;
      }
      masks[s * W + (owner >>> 5)]! |= 1 << (owner & 31);
    }
  }
  return n;
}

// Breadth-first: failure links folded into a full DFA over classes (`walk`), and each state's groups joined with
// those of the state its failure link reaches, as Aho–Corasick's output function. A state's row is its failure
// state's (complete: it is shallower), copied, with its own children put back. Writes each state's failure state
// and the states in breadth-first order (the root left out); returns how many.
function completeRows(trie: Trie, fail: Int32Array, queue: Int32Array): number {
  const { walk, masks, firstChild, nextSibling, edge, C, W } = trie;
  let tail = 0;
  for (let t = firstChild[0]!; t !== 0; t = nextSibling[t]!) queue[tail++] = t;
  for (let q = 0; q < tail; q++) {
    const st = queue[q]!;
    const f = fail[st]!;
    for (let w = 0; w < W; w++) masks[st * W + w]! |= masks[f * W + w]!;
    walk.copyWithin(st * C, f * C, f * C + C);
    for (let t = firstChild[st]!; t !== 0; t = nextSibling[t]!) {
      fail[t] = walk[st * C + edge[t]!]!;
      walk[st * C + edge[t]!] = t;
      queue[tail++] = t;
    }
  }
  return tail;
}

// The scanning table (see Tables) from the completed trie: row by row in breadth-first order, each a copy of its
// failure state's row with its own children put back (a state that accepts nothing has a failure state that accepts
// nothing either: its groups are joined in).
function fillScanTable(trie: Trie, table: Int32Array, sink: number, accept: Uint8Array, id: Int32Array, fail: Int32Array, queue: Int32Array, tail: number): void {
  const { firstChild, nextSibling, edge, C } = trie;
  const rows = table.length / C - 1;
  table.fill(sink, rows * C);
  // The root's row: any other byte stays there, an ESC leads to the sink, a keyword's first byte to its state.
  table[1] = sink;
  for (let t = firstChild[0]!; t !== 0; t = nextSibling[t]!) table[edge[t]!] = accept[t] === 1 ? sink : 4 * id[t]! * C;
  for (let q = 0; q < tail; q++) {
    const st = queue[q]!;
    if (accept[st] === 1) continue;
    const row = id[st]! * C;
    const from = id[fail[st]!]! * C;
    for (let c = 0; c < C; c++) table[row + c] = table[from + c]!;
    for (let t = firstChild[st]!; t !== 0; t = nextSibling[t]!) table[row + edge[t]!] = accept[t] === 1 ? sink : 4 * id[t]! * C;
  }
}

interface Automaton {
  walk: StateTable;
  cls: Uint8Array;
  masks: Uint32Array;
  /** Per state: 1 when some keyword ends there. */
  accept: Uint8Array;
  /** Scratch for `markOwners`, reused so that marking allocates nothing. */
  seen: Uint32Array;
  C: number;
  W: number;
  groups: number;
}

function markOwners(a: Automaton, bytes: Uint8Array, start: number, end: number, out: Uint8Array): void {
  walkOwners(a, bytes, start, end);
  const seen = a.seen;
  for (let g = 0; g < a.groups; g++) if ((seen[g >>> 5]! >>> (g & 31)) & 1) out[g] = 1;
}

// Only for the few lines that hold a keyword: skips escapes with branches instead of extra states. Leaves the groups
// found in `a.seen`.
function walkOwners(a: Automaton, bytes: Uint8Array, start: number, end: number): void {
  const { walk, cls, masks, accept, seen, C, W } = a;
  seen.fill(0);
  let s = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b === 27) {
      const after = escapeEnd(bytes, i, end);
      if (after > i) {
        i = after - 1;
        continue;
      }
    }
    s = walk[s * C + cls[b]!]!;
    if (accept[s] === 1) for (let w = 0; w < W; w++) seen[w]! |= masks[s * W + w]!;
  }
}

/** The tables in WebAssembly's memory, and its walk's `scanLines` (escape-aware there too: see scan.wat's `$exact`). */
interface WasmScanLines extends Tables {
  scanLines(bytes: Uint8Array, start: number, end: number, hits: Int32Array, lines: Int32Array, starts: Int32Array): number;
  lineBits(bytes: Uint8Array, start: number, end: number): number;
  memory: object;
  /** See KeywordScanner.regionAddress. */
  regionAddress(bytes: Uint8Array, start: number, end: number): number;
  /** See KeywordScanner.keepLines. */
  keepLines(bytes: Uint8Array, start: number, from: number, to: number, count: number, kept: number, maxLines: number, maxBytes: number, untilGroupEnd: boolean, out: Int32Array): number;
  /** The region is no longer what `scanLines` copied there. */
  forget(): void;
}

/** Bytes of the region buffer in the module's memory, and so lines at most (each is at least its LF). */
const WASM_REGION = MAX_SCANNED;

/**
 * Loads scan.wat's module and builds this scanner's tables in its memory (see scan.wat for the layout and
 * `buildTables` for what is built), or null where WebAssembly (with SIMD) is not available; the tables are then
 * built, and `scanLines` walks, in JavaScript. `bound`: more states than the words can make (at most 0xffff: the
 * module's DFA rows hold 16-bit states).
 */
function wasmScanner(words: readonly (readonly Uint8Array[])[], cls: Uint8Array, C: number, W: number, bound: number, firstByte: Uint8Array, anchored: readonly Anchored[]): WasmScanLines | null {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return null;
  let exports: ScanExports;
  // The scanning table first: its states are then addresses as they are (room for every state but the root, which
  // the sink's row takes); then what the walks read, and what building the tables needs only once.
  const ROOT = 0;
  const CLS = align(ROOT + 4 * C * (bound + 1), 64);
  const FIRST = CLS + 4 * ROW;
  const ANCHORED = FIRST + ROW;
  let at = ANCHORED + 8 * anchored.length;
  const wordAt: number[] = [];
  for (const a of anchored) {
    wordAt.push(at);
    at += a.bytes.length;
  }
  const REGION = align(at, 64);
  const HITS = REGION + align(WASM_REGION + 16, 64);
  const STARTS = HITS + 8 * WASM_REGION;
  // What `keep` writes back.
  const OUT = STARTS + 4 * (WASM_REGION + 1);
  const WALK = align(OUT + 4, 64);
  const MASKS = align(WALK + 2 * C * bound, 64);
  const ACCEPT = MASKS + 4 * W * bound;
  const RAW_CLS = align(ACCEPT + bound, 64);
  const FIRST_CHILD = RAW_CLS + ROW;
  const NEXT = FIRST_CHILD + 4 * bound;
  const FAIL = NEXT + 4 * bound;
  const QUEUE = FAIL + 4 * bound;
  const ID = QUEUE + 4 * bound;
  const EDGE = ID + 4 * bound;
  const INDEX = align(EDGE + bound, 64);
  let count = 0;
  for (const g of words) count += g.length;
  const WORDS = INDEX + 12 * count;
  const size = WORDS + bound;
  try {
    exports = new api.Instance(scanModule(api), {}).exports;
    const memory = exports.memory;
    if (size > memory.buffer.byteLength) memory.grow(Math.ceil((size - memory.buffer.byteLength) / 65536));
  } catch {
    // No SIMD, or no memory to grow into: the JavaScript walk does the same.
    return null;
  }
  // The memory never grows again, so these views stay valid.
  const memory = exports.memory;
  const u8 = new Uint8Array(memory.buffer);
  const i32 = new Int32Array(memory.buffer);
  for (let b = 0; b < ROW; b++) i32[CLS / 4 + b] = 4 * cls[b]!;
  u8.set(cls, RAW_CLS);
  u8.set(firstByte, FIRST);
  anchored.forEach((a, k) => {
    i32[ANCHORED / 4 + 2 * k] = a.bytes.length;
    i32[ANCHORED / 4 + 2 * k + 1] = wordAt[k]!;
    u8.set(a.bytes, wordAt[k]!);
  });
  let entry = INDEX / 4;
  let byte = WORDS;
  words.forEach((group, owner) => {
    for (const word of group) {
      i32[entry++] = byte;
      i32[entry++] = word.length;
      i32[entry++] = owner;
      u8.set(word, byte);
      byte += word.length;
    }
  });
  const n = exports.trie(INDEX, count, RAW_CLS, C, W, WALK, MASKS, FIRST_CHILD, NEXT, EDGE);
  const tail = exports.complete(C, W, WALK, MASKS, FIRST_CHILD, NEXT, EDGE, FAIL, QUEUE);
  const m = exports.fill(C, W, n, MASKS, ACCEPT, ID, FAIL, QUEUE, tail, FIRST_CHILD, NEXT, EDGE);
  const sink = 4 * m * C;
  exports.init(CLS, FIRST, ANCHORED, anchored.length, ROOT, sink);
  // What the region holds: bytes[regionStart, regionEnd) of regionBytes, after the last `scanLines`.
  let regionBytes: Uint8Array | null = null;
  let regionStart = 0;
  let regionEnd = 0;
  let regionLines = 0;
  // The function itself: an instance's exports object is read through V8's inline cache at every use.
  const keep = exports.keep;
  return {
    walk: new Uint16Array(memory.buffer, WALK, n * C),
    masks: new Uint32Array(memory.buffer, MASKS, n * W),
    accept: new Uint8Array(memory.buffer, ACCEPT, n),
    table: new Int32Array(memory.buffer, ROOT, (m + 1) * C),
    sink,
    memory,
    regionAddress(bytes, start, end) {
      return bytes === regionBytes && start >= regionStart && end <= regionEnd ? REGION + (start - regionStart) : -1;
    },
    forget() {
      regionBytes = null;
    },
    keepLines(bytes, start, from, to, count, kept, maxLines, maxBytes, untilGroupEnd, out) {
      if (bytes !== regionBytes || start !== regionStart || to > regionLines) return -1;
      const taken = keep(STARTS, regionStart - REGION, from, to, count, kept, maxLines, maxBytes, MAX_LINE_BYTES, untilGroupEnd ? 1 : 0, OUT);
      out[0] = i32[OUT / 4]!;
      return taken;
    },
    scanLines(bytes, start, end, hits, lines, starts) {
      u8.set(bytes.subarray(start, end), REGION);
      regionBytes = bytes;
      regionStart = start;
      regionEnd = end;
      const found = exports.scan(REGION, REGION + (end - start), HITS, STARTS, start - REGION);
      const n = exports.lines();
      regionLines = n;
      // The region's end after its last line's start, for `keep` (in the scan's terms: an address plus the delta).
      i32[STARTS / 4 + n] = end;
      lines[0] = n;
      starts.set(i32.subarray(STARTS / 4, STARTS / 4 + n));
      starts[n] = end;
      hits.set(i32.subarray(HITS / 4, HITS / 4 + 2 * found));
      return found;
    },
    lineBits(bytes, start, end) {
      regionBytes = null;
      u8.set(bytes.subarray(start, end), REGION);
      return exports.lineBits(REGION, REGION + (end - start));
    },
  };
}

// The little of the WebAssembly API used here (the project's TypeScript libraries do not declare it).
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: ScanExports };
}
interface ScanExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  init(cls: number, first: number, anchored: number, anchoredCount: number, root: number, sink: number): void;
  scan(p: number, end: number, hits: number, starts: number, delta: number): number;
  lines(): number;
  lineBits(p: number, end: number): number;
  keep(starts: number, delta: number, from: number, to: number, count: number, kept: number, maxLines: number, maxBytes: number, maxLine: number, until: number, out: number): number;
  trie(index: number, count: number, cls: number, C: number, W: number, walk: number, masks: number, first: number, next: number, edge: number): number;
  complete(C: number, W: number, walk: number, masks: number, first: number, next: number, edge: number, fail: number, queue: number): number;
  fill(C: number, W: number, n: number, masks: number, accept: number, id: number, fail: number, queue: number, tail: number, first: number, next: number, edge: number): number;
}

const align = (n: number, to: number): number => Math.ceil(n / to) * to;

// Node's native base64 decoder, absent outside Node.
const nodeBuffer = (globalThis as { Buffer?: { from(text: string, encoding: 'base64'): Uint8Array } }).Buffer;

/** A WebAssembly module's bytes from the base64 text the build embeds (scan-wasm.ts): Node's decoder, else atob. */
export function wasmBytes(base64: string): Uint8Array {
  if (nodeBuffer !== undefined) return nodeBuffer.from(base64, 'base64');
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

let compiled: object | null = null;
// The module, compiled once for every scanner (the classifier makes a few: its own and its parsers' replay filters).
function scanModule(api: WasmApi): object {
  compiled ??= new api.Module(wasmBytes(SCAN_WASM));
  return compiled;
}
