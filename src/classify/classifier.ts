import type { Classification, EvidenceLine, FailedUnit, Failure, FailureDraft } from './failure.ts';
import { explainUnits } from './infer.ts';
import { LineKeep } from './keep.ts';
import { keywordScanner, type KeywordScanner, timestampSkip } from './keywords.ts';
import { decodeUtf8, lineEndBefore, LineSplitter } from './lines.ts';
import { LineMemo } from './memo.ts';
import { type CleanLine, cleanLine, textFor, wrapperMask } from './normalize.ts';
import type { KeptLine, LineContext, Parser, ParserDef, ParserSink } from './parser.ts';
import { normalizeRoot, relativizePath } from './paths.ts';
import { PARSERS } from './registry.ts';
import { type FailureClass, FAILURE_CLASSES } from './taxonomy.ts';

/** Options for one classification. */
export interface ClassifyOptions {
  /** Directories that printed absolute paths are made relative to (the checkout, the working directory). */
  roots?: readonly string[];
  /** The step's exit code when known: non-zero is evidence the job failed even if nothing else is found. */
  exitCode?: number;
  /** Parsers to use; defaults to every registered parser. */
  parsers?: readonly ParserDef[];
  /** Most failures kept (the rest still count towards the primary class). Default 5000. */
  maxFailures?: number;
  /**
   * The name of the step or command that printed the log, when the caller knows it (the Action's `run:`, a step
   * file of a log archive): a failed log that nothing else explains is classed by it, as inferred.
   */
  unit?: string;
}

const MAX_EVIDENCE_LINES = 12;
/** Most lines a parser may ask to have replayed before its trigger. */
const MAX_LOOKBACK = 8;
const MAX_EVIDENCE_CHARS = 400;
/** Most failed units kept for explaining (a log of thousands of failed steps says no more with all of them). */
const MAX_UNITS = 500;
const MAX_MESSAGE_CHARS = 2000;

/** A streaming classifier: push text chunks (or lines), then `end()` for the result. No I/O, no globals. */
export class Classifier {
  readonly #parsers: Parser[];
  readonly #triggers: RegExp[];
  readonly #scanner: KeywordScanner;
  /**
   * Per line: which parsers' keywords it holds, as bits (only those parsers' triggers are tried); after the parsers'
   * bits, one bit per watcher for its watch keywords (see ParserDef.watchKeywords).
   */
  readonly #owners: Uint32Array;
  /** The parsers with watch keywords, in the order of their bits after the parsers' own. */
  readonly #watchers: number[];
  /** What was worked out about lines seen before (owners, cleaned text, triggers), by their bytes. */
  readonly #memo: LineMemo;
  /** The memo's slot of the line being read (-1: none), while its parsers are offered it. */
  #slot = -1;
  /** Which parsers are active, as bits: a line goes to these and to its owners alone, in parser order. */
  readonly #activeBits: Uint32Array;
  readonly #encoder = new TextEncoder();
  readonly #active: boolean[];
  /** Per parser: the wrappers it reads itself (a mask for `textFor`); 0 for most. */
  readonly #reads: Uint16Array;
  /** Per parser: the runner markers whose lines it reads whatever their text (see ParserDef.markers). */
  readonly #markers: (ReadonlySet<string> | null)[];
  #activeCount = 0;
  /** Per parser: the lines it asked to keep (ParserSink.keep), made on its first ask. */
  readonly #keeps: (LineKeep | null)[];
  /** The keeps made so far (few parsers keep lines). */
  readonly #keepList: LineKeep[] = [];
  /** How many keeps may be adding lines (counted again at each line added): lines #skip passes over go to them too. */
  #keepsOpen = 0;
  readonly #splitter: LineSplitter;
  // The last lines read (as byte ranges), replayed to a parser that a later line triggers and that asked for
  // lines before its trigger (`lookback`): a file header above its rows, say.
  readonly #lookback: number[];
  // A fixed ring of byte ranges, line n in slot n % #ringSize (0: empty), written without allocating: for each line
  // read, and for the lines #skip passes over only when they are asked for (see #pending*).
  readonly #ringBytes: (Uint8Array | null)[];
  readonly #ringStart: Int32Array;
  readonly #ringEnd: Int32Array;
  readonly #ringN: Float64Array;
  /** The slot's line decoded and cleaned, once something read it; null until then. */
  readonly #ringClean: (CleanLine | null)[];
  /**
   * The last lines #skip passed over, which are the ring's lines too without being written there: lines
   * [#pendingFrom, #pendingTo) of the current region, the last of them numbered #pendingLast. A replay finds them in
   * the region; they are written to the ring only if still wanted when the region changes (see #settle).
   */
  #pendingBytes: Uint8Array | null = null;
  /**
   * Whether lines are pending. #pendingBytes is left as it is when none are (and set only when it changes): storing
   * a chunk's reference into this long-lived object costs V8 a write barrier's call, and most regions are the
   * chunk's before.
   */
  #pendingOn = false;
  #pendingFrom = 0;
  #pendingTo = 0;
  #pendingLast = 0;
  /** Where #locate found a line: its bytes and range. */
  #atBytes: Uint8Array | null = null;
  #atStart = 0;
  #atEnd = 0;
  /** Per parser with `replayKeywords`: what picks the lines before a trigger worth replaying to it while idle. */
  readonly #replayFilters: (KeywordScanner | null)[];
  readonly #lastFed: number[];
  #chunk: Uint8Array | null = null;
  readonly #ringSize: number;
  readonly #roots: string[];
  readonly #maxFailures: number;
  readonly #failures = new Map<string, Failure>();
  readonly #classCounts = new Map<FailureClass, number>();
  #omitted = 0;
  #jobFailed: EvidenceLine | null = null;
  readonly #units: FailedUnit[] = [];
  readonly #unitName: string | undefined;
  #n = 0;
  #ended = false;
  // The lines of the current region of a chunk that hold a keyword (start offset and index, in pairs), found in
  // one pass before any of them is read; see #skip.
  readonly #hits = new Int32Array(2 * REGION_BYTES);
  readonly #regionLines = new Int32Array(1);
  /** Where each line of the region begins (and, after its last, where the region ends): no LF is searched for twice. */
  readonly #regionStarts = new Int32Array(REGION_BYTES + 1);
  /** The index in the region of the line #skip is likely to be asked about next (the one after its last hit). */
  #regionNext = 0;
  #hitCount = 0;
  #hitNext = 0;
  #regionBytes: Uint8Array | null = null;
  #regionEnd = 0;
  /** Lines before the region's first. */
  #regionBase = 0;
  /** Where the line #skip last stopped at begins: the region's scan found a keyword in it (-1: none). */
  #hitAt = -1;

  constructor(options: ClassifyOptions = {}) {
    const defs = options.parsers ?? PARSERS;
    this.#roots = (options.roots ?? []).filter((r) => r !== '').map(normalizeRoot);
    this.#maxFailures = options.maxFailures ?? 5000;
    this.#unitName = options.unit?.trim() || undefined;
    const sink = (i: number): ParserSink => ({
      emit: (f) => this.#emit(f),
      jobFailed: (e) => {
        // The log's own first evidence beats the exit code the caller passed in (line 0).
        if (this.#jobFailed === null || this.#jobFailed.line === 0) this.#jobFailed = clipEvidence(e);
      },
      unitFailed: (u) => {
        if (this.#units.length < MAX_UNITS) this.#units.push(u);
      },
      keep: (options) => {
        this.#keep(i).start(options?.untilGroupEnd === true);
        this.#keepsOpen++;
      },
      stopKeeping: () => this.#keeps[i]?.stop(),
      kept: (through) => this.#kept(i, through),
      forget: () => this.#keeps[i]?.clear(),
    });
    this.#keeps = defs.map(() => null);
    this.#parsers = defs.map((d, i) => d.create(sink(i)));
    this.#triggers = defs.map((d) => new RegExp(d.trigger.source, d.trigger.flags.replace(/[gy]/g, '')));
    this.#watchers = watchersOf(defs);
    this.#scanner = scannerFor(defs);
    this.#owners = new Uint32Array(Math.ceil((defs.length + this.#watchers.length) / 32));
    this.#memo = new LineMemo(this.#owners.length, defs.length, this.#scanner.memory);
    this.#activeBits = new Uint32Array(Math.ceil(defs.length / 32));
    this.#active = defs.map(() => false);
    this.#reads = Uint16Array.from(defs, (d) => wrapperMask(d.readsWrappers));
    this.#markers = defs.map((d) => (d.markers && d.markers.length > 0 ? new Set<string>(d.markers) : null));
    this.#lookback = defs.map((d) => Math.min(d.lookback ?? 0, MAX_LOOKBACK));
    this.#lastFed = defs.map(() => 0);
    this.#ringSize = Math.max(0, ...this.#lookback);
    this.#ringBytes = new Array<Uint8Array | null>(this.#ringSize).fill(null);
    this.#ringStart = new Int32Array(this.#ringSize);
    this.#ringEnd = new Int32Array(this.#ringSize);
    this.#ringN = new Float64Array(this.#ringSize);
    this.#ringClean = new Array<CleanLine | null>(this.#ringSize).fill(null);
    this.#replayFilters = defs.map(replayFilterFor);
    this.#splitter = new LineSplitter(
      (bytes, start, end) => this.#byteLine(bytes, start, end),
      (bytes, start, end, lf) => this.#skip(bytes, start, end, lf),
    );
    if (options.exitCode !== undefined) this.#exitCode(options.exitCode);
  }

  /** Adds a chunk of raw bytes (UTF-8; invalid sequences read as U+FFFD); lines are split on LF/CRLF across chunks. */
  pushBytes(bytes: Uint8Array): void {
    // A plain view of a Buffer: its `subarray` (one per decoded line) then makes no Buffer through its species.
    const chunk = bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#chunk = chunk;
    this.#regionBytes = null;
    this.#splitter.push(chunk);
    this.#settle();
    this.#regionBytes = null;
    // The caller may reuse its buffer: keep our own copy of the few lines the ring still points into (a copy even
    // when the chunk is a Buffer, whose own `slice` is a view).
    for (let k = 0; k < this.#ringSize; k++) {
      if (this.#ringBytes[k] === chunk) {
        this.#ringBytes[k] = copyOf(chunk, this.#ringStart[k]!, this.#ringEnd[k]!);
        this.#ringEnd[k]! -= this.#ringStart[k]!;
        this.#ringStart[k] = 0;
      }
    }
    for (const keep of this.#keepList) keep.detach(chunk);
    this.#chunk = null;
    // Nothing is pending now (#settle): the chunk is not held.
    this.#pendingBytes = null;
    this.#atBytes = null;
  }

  /** Adds a chunk of text; lines are split on LF/CRLF across chunks. */
  push(chunk: string): void {
    this.#regionBytes = null;
    this.#splitter.push(this.#encoder.encode(chunk));
    this.#settle();
    this.#regionBytes = null;
  }

  // While every parser is idle, only the lines with a keyword are read: the keyword scanner finds them a region of
  // the chunk at a time (REGION_BYTES, whole lines), and the lines between are counted, not split. The lookback ring
  // gets the last lines passed over, as if they had been read.
  #skip(bytes: Uint8Array, start: number, end: number, lf: Int32Array): number {
    if (this.#activeCount > 0) return start;
    for (;;) {
      if (bytes !== this.#regionBytes || start >= this.#regionEnd) {
        if (start >= end) return end;
        // Whole lines: up to the last LF within REGION_BYTES, or the one line that is longer.
        let stop = start + REGION_BYTES < end ? bytes.lastIndexOf(10, start + REGION_BYTES - 1) + 1 : end;
        if (stop <= start) stop = bytes.indexOf(10, start) + 1;
        // The lines passed over in the region before are read from its line starts, which the scan overwrites.
        this.#settle();
        this.#regionBytes = bytes;
        this.#regionEnd = stop;
        this.#regionBase = this.#n;
        this.#hitCount = this.#scanner.scanLines(bytes, start, stop, this.#hits, this.#regionLines, this.#regionStarts);
        this.#hitNext = 0;
        this.#regionNext = 0;
      }
      while (this.#hitNext < this.#hitCount && this.#hits[2 * this.#hitNext]! < start) this.#hitNext++;
      const from = this.#regionIndex(start);
      if (this.#hitNext < this.#hitCount) {
        const at = this.#hits[2 * this.#hitNext]!;
        const index = this.#hits[2 * this.#hitNext + 1]!;
        if (this.#keepsOpen > 0) this.#keepPassed(bytes, from, index);
        this.#n = this.#regionBase + index;
        this.#backfill(bytes, from, index, this.#n);
        this.#hitAt = at;
        this.#regionNext = index + 1;
        // The line's LF is before the next line's start, which the scan wrote down (or the region's end).
        lf[0] = this.#regionStarts[index + 1]! - 1;
        return at;
      }
      const lines = this.#regionLines[0]!;
      if (this.#keepsOpen > 0) this.#keepPassed(bytes, from, lines);
      this.#n = this.#regionBase + lines;
      this.#backfill(bytes, from, lines, this.#n);
      start = this.#regionEnd;
    }
  }

  // The index in the current region of the line that begins at `start` (one of its lines' starts).
  #regionIndex(start: number): number {
    const starts = this.#regionStarts;
    if (starts[this.#regionNext] === start) return this.#regionNext;
    let lo = 0;
    let hi = this.#regionLines[0]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // The end of the region's line k (without its LF or CR), cut at MAX_LINE_BYTES as the splitter cuts it.
  #regionLineEnd(bytes: Uint8Array, k: number): number {
    return lineEndBefore(bytes, this.#regionStarts[k]!, this.#regionStarts[k + 1]! - 1);
  }

  // Remembers the last of the region's lines [from, to) in the lookback ring, as #byteLine would have; `last` is the
  // number of the last of them. They stay where they are (see #pendingBytes): most are never asked for.
  #backfill(bytes: Uint8Array, from: number, to: number, last: number): void {
    if (this.#ringSize === 0 || to <= from) return;
    // The lines passed over before are older: only those the ring still holds after these are worth writing.
    this.#settle(last - this.#ringSize + 1);
    if (this.#pendingBytes !== bytes) this.#pendingBytes = bytes;
    this.#pendingOn = true;
    this.#pendingFrom = Math.max(from, to - this.#ringSize);
    this.#pendingTo = to;
    this.#pendingLast = last;
  }

  // Writes the lines passed over (#pendingBytes) numbered `oldest` or more, that no later line took the slot of, to
  // the ring; none is pending after.
  #settle(oldest = this.#n - this.#ringSize + 1): void {
    if (!this.#pendingOn) return;
    const bytes = this.#pendingBytes!;
    this.#pendingOn = false;
    const to = this.#pendingTo;
    // Line k is numbered #pendingLast - (to - 1 - k): from the first numbered `oldest`.
    for (let k = Math.max(this.#pendingFrom, to - 1 - (this.#pendingLast - oldest)); k < to; k++) {
      const n = this.#pendingLast - (to - 1 - k);
      if (this.#ringN[n % this.#ringSize]! < n) this.#remember(bytes, this.#regionStarts[k]!, this.#regionLineEnd(bytes, k), n, null);
    }
  }

  // Finds line n among the ring's lines (#atBytes and its range); false when the ring does not hold it.
  #locate(n: number): boolean {
    const k = n % this.#ringSize;
    if (this.#ringN[k] === n) {
      // Stored only when it changes (see #pendingOn).
      const bytes = this.#ringBytes[k]!;
      if (this.#atBytes !== bytes) this.#atBytes = bytes;
      this.#atStart = this.#ringStart[k]!;
      this.#atEnd = this.#ringEnd[k]!;
      return true;
    }
    const bytes = this.#pendingOn ? this.#pendingBytes : null;
    const index = this.#pendingTo - 1 - (this.#pendingLast - n);
    if (bytes === null || n > this.#pendingLast || index < this.#pendingFrom || this.#ringN[k]! > n) return false;
    if (this.#atBytes !== bytes) this.#atBytes = bytes;
    this.#atStart = this.#regionStarts[index]!;
    this.#atEnd = this.#regionLineEnd(bytes, index);
    return true;
  }

  // The ring's slot of line n (written there now if it is pending), -1 when the ring does not hold it.
  #ringSlot(n: number): number {
    const k = n % this.#ringSize;
    if (this.#ringN[k] === n) return k;
    if (!this.#locate(n)) return -1;
    this.#remember(this.#atBytes!, this.#atStart, this.#atEnd, n, null);
    return k;
  }

  // The hot path: most lines of a long log hold no keyword and are counted, not decoded. A line is decoded and
  // cleaned at most once, whoever reads it (its ring slot keeps the result for a replay); only a line with a keyword
  // has its owners marked, and a line without one goes to the active parsers alone.
  #byteLine(bytes: Uint8Array, start: number, end: number): void {
    const n = ++this.#n;
    if (this.#keepsOpen > 0) this.#addKept(bytes, start, end, n);
    const from = timestampSkip(bytes, start, end);
    // A line #skip stopped at was scanned with the rest of its region (the same bytes: scanLines cuts a line where
    // the splitter does).
    const hit = (start === this.#hitAt && bytes === this.#regionBytes) || this.#scanner.scan(bytes, from, end);
    this.#hitAt = -1;
    let clean: CleanLine | null = null;
    let owned = false;
    let slot = -1;
    if (hit) {
      const memo = this.#memo;
      slot = memo.find(bytes, start, from, end, -1, this.#scanned(bytes, start, end));
      if (slot < 0 || !memo.owners(slot, this.#owners)) {
        this.#owners.fill(0);
        // From where the scan read (past a GitHub timestamp): the owners of the keywords that made the line a hit.
        this.#scanner.ownerBits(bytes, from, end, this.#owners, from);
        if (slot >= 0) memo.setOwners(slot, this.#owners);
      }
      owned = this.#watchers.length === 0 || this.#watch();
    }
    if (owned || this.#activeCount > 0) {
      clean = this.#cleanIn(slot, bytes, start, end);
      this.#slot = slot;
      this.#line(clean, n, owned);
      this.#slot = -1;
    }
    if (this.#ringSize > 0) this.#remember(bytes, start, end, n, clean);
  }

  // Turns the watch bits of the line's owners into their parsers' bits, for the parsers watching now (the others
  // would ignore the line); true when the line still has an owner.
  #watch(): boolean {
    const owners = this.#owners;
    const base = this.#parsers.length;
    for (let k = 0; k < this.#watchers.length; k++) {
      const b = base + k;
      const word = b >>> 5;
      const bit = 1 << (b & 31);
      if ((owners[word]! & bit) === 0) continue;
      owners[word]! ^= bit;
      const i = this.#watchers[k]!;
      if (this.#parsers[i]!.watching?.() !== false) owners[i >>> 5]! |= 1 << (i & 31);
    }
    for (let w = 0; w < owners.length; w++) if (owners[w] !== 0) return true;
    return false;
  }

  // Adds the region's lines [from, to) (after line #n) that #skip passes over to the open keeps, until none is open.
  // Each open keep takes the lines it still wants in one call (keeps are independent of each other).
  #keepPassed(bytes: Uint8Array, from: number, to: number): void {
    let open = 0;
    const shared = bytes === this.#chunk;
    for (const keep of this.#keepList) {
      if (keep.open) {
        keep.addLines(bytes, this.#regionStarts, from, to, this.#n + 1, shared, this.#scanner);
        if (keep.open) open++;
      }
    }
    this.#keepsOpen = open;
  }

  #keep(i: number): LineKeep {
    let keep = this.#keeps[i];
    if (!keep) {
      keep = this.#keeps[i] = new LineKeep();
      this.#keepList.push(keep);
    }
    return keep;
  }

  // Adds a line to every open keep, and counts those still open (a keep closes itself when full; a parser may close
  // or restart one while it is fed, so the count is taken again here, before each line).
  #addKept(bytes: Uint8Array, start: number, end: number, n: number): void {
    let open = 0;
    const shared = bytes === this.#chunk;
    for (const keep of this.#keepList) {
      if (keep.open) {
        keep.add(bytes, start, end, n, shared);
        if (keep.open) open++;
      }
    }
    this.#keepsOpen = open;
  }

  #kept(i: number, through: number): KeptLine[] {
    const keep = this.#keeps[i];
    const lines: KeptLine[] = [];
    if (!keep) return lines;
    for (let k = 0; k < keep.count && keep.lineNumber(k) <= through; k++) {
      const clean = cleanLine(keep.lineText(k));
      lines.push({ text: textFor(clean, this.#reads[i]!), ctx: { n: keep.lineNumber(k), marker: clean.marker, props: clean.props } });
    }
    return lines;
  }

  #remember(bytes: Uint8Array, start: number, end: number, n: number, clean: CleanLine | null): void {
    const k = n % this.#ringSize;
    // A line carried across chunks lives in the splitter's buffer, which the next chunk overwrites.
    if (bytes === this.#chunk) {
      // Stored only when it changes (see #pendingOn): most of the ring's lines are the chunk's.
      if (this.#ringBytes[k] !== bytes) this.#ringBytes[k] = bytes;
      this.#ringStart[k] = start;
      this.#ringEnd[k] = end;
    } else {
      this.#ringBytes[k] = copyOf(bytes, start, end);
      this.#ringStart[k] = 0;
      this.#ringEnd[k] = end - start;
    }
    this.#ringN[k] = n;
    this.#ringClean[k] = clean;
  }

  // Each parser is fed the line as it asked for it: inside every wrapper (a tool's lines that Maven, Docker or a
  // monorepo runner prefixed), or with the wrappers it reads itself still on. Without a keyword (`hit`), only the
  // active parsers read it.
  #line(clean: CleanLine, n: number, hit: boolean): void {
    const layers = clean.layers;
    const inner = layers === null ? clean.text : layers[layers.length - 1]!.text;
    const ctx: LineContext = { n, marker: clean.marker, props: clean.props };
    // The set bits of (active | owners), lowest first, instead of a test per parser: feeding parser i changes no
    // other parser's state, so the set taken before the first is the set the old loop over every parser visited.
    // (The watch bits after the parsers' own were cleared by #watch.)
    for (let w = 0; w < this.#activeBits.length; w++) {
      let bits = this.#activeBits[w]! | (hit ? this.#owners[w]! : 0);
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        this.#offer(w * 32 + 31 - Math.clz32(low), clean, inner, ctx);
      }
    }
  }

  #offer(i: number, clean: CleanLine, inner: string, ctx: LineContext): void {
    const text = clean.layers === null || this.#reads[i] === 0 ? inner : textFor(clean, this.#reads[i]!);
    if (this.#active[i]) this.#feed(i, text, ctx);
    else if (this.#triggered(i, text) || (ctx.marker !== null && this.#markers[i]?.has(ctx.marker) === true)) {
      if (this.#lookback[i]! > 0) this.#replay(i, ctx.n);
      this.#feed(i, text, ctx);
    }
  }

  // Parser i's trigger on its text of the line being read, from the memo when the line was seen before.
  #triggered(i: number, text: string): boolean {
    const slot = this.#slot;
    const known = slot >= 0 ? this.#memo.trigger(slot, i) : 0;
    if (known !== 0) return known === 1;
    const matches = this.#triggers[i]!.test(text);
    if (slot >= 0) this.#memo.setTrigger(slot, i, matches);
    return matches;
  }

  // Feeds an idle parser the lines before its trigger that it has not seen yet, oldest first; while it stays idle,
  // not those it would ignore (see ParserDef.replayKeywords).
  #replay(i: number, n: number): void {
    const first = Math.max(n - this.#lookback[i]!, this.#lastFed[i]! + 1);
    const filter = this.#replayFilters[i]!;
    const parser = this.#parsers[i]!;
    // The window's lines that hold one of the filter's words, as bits by line number from `first`, found in one
    // scan of the window when its lines lie together in one chunk (-1: not found so; each line is scanned alone).
    const holding = filter !== null && !this.#active[i] && parser.readsAllWhileIdle?.() !== true ? this.#windowScan(filter, first, n) : -1;
    if (holding >= 0) {
      // The window's lines are all in the ring (see #windowScan). While the parser stays idle (feeding a line may
      // wake it), the lines without a bit are passed over, and none after the last bit is read.
      for (let ln = first; ln < n; ln++) {
        if (!this.#active[i] && parser.readsAllWhileIdle?.() !== true) {
          const rest = holding >>> (ln - first);
          if (rest === 0) return;
          ln += 31 - Math.clz32(rest & -rest);
        }
        const k = this.#ringSlot(ln);
        this.#replayLine(i, k, timestampSkip(this.#ringBytes[k]!, this.#ringStart[k]!, this.#ringEnd[k]!));
      }
      return;
    }
    for (let ln = first; ln < n; ln++) {
      const k = this.#ringSlot(ln);
      if (k < 0) continue;
      const bytes = this.#ringBytes[k]!;
      const end = this.#ringEnd[k]!;
      // From past a GitHub timestamp, as the keyword scan reads a line: the words are in the text, not the timestamp.
      const from = timestampSkip(bytes, this.#ringStart[k]!, end);
      // While the parser stays idle (feeding a line may wake it).
      if (filter !== null && !this.#active[i] && parser.readsAllWhileIdle?.() !== true && !filter.scan(bytes, from, end)) continue;
      this.#replayLine(i, k, from);
    }
  }

  // Feeds parser i the line in ring slot k (its text from `from`), cleaned once whoever reads it.
  #replayLine(i: number, k: number, from: number): void {
    let clean = this.#ringClean[k]!;
    if (clean === null) clean = this.#ringClean[k] = this.#cleanFromMemo(this.#ringBytes[k]!, this.#ringStart[k]!, from, this.#ringEnd[k]!);
    this.#feed(i, textFor(clean, this.#reads[i]!), { n: this.#ringN[k]!, marker: clean.marker, props: clean.props });
  }

  // Which of the lines [first, n) hold a keyword of `filter` (bit ln - first), by one `lineBits` over the bytes from
  // the first one's start to the last one's LF: the lines a chunk holds lie there one after another, LF-ended, and
  // the ring keeps no other line in that chunk's buffer (a line carried across chunks, or kept past its chunk, is a
  // copy of its own). -1 when the lines are not all in one chunk, or not all in the ring.
  #windowScan(filter: KeywordScanner, first: number, n: number): number {
    // The ring's newest line is n - 1 (the line being read is remembered after its parsers are offered it).
    const count = n - first;
    if (count <= 0 || count > this.#ringSize) return -1;
    const pending = this.#pendingOn ? this.#pendingBytes : null;
    // Most often the window is lines the region's scan passed over, whose starts it wrote down.
    if (pending !== null && this.#pendingLast === n - 1 && count <= this.#pendingTo - this.#pendingFrom) {
      const to = this.#pendingTo;
      return filter.lineBits(pending, this.#regionStarts[to - count]!, this.#regionStarts[to]!);
    }
    if (!this.#locate(first)) return -1;
    const bytes = this.#atBytes!;
    const start = this.#atStart;
    for (let ln = first + 1; ln < n; ln++) if (!this.#locate(ln) || this.#atBytes !== bytes) return -1;
    const lf = bytes.indexOf(10, this.#atEnd);
    if (lf < 0) return -1;
    return filter.lineBits(bytes, start, lf + 1);
  }

  // A line cleaned, through the memo (but never in the slot of the line being read, whose parsers are being offered it).
  #cleanFromMemo(bytes: Uint8Array, start: number, from: number, end: number): CleanLine {
    return this.#cleanIn(this.#memo.find(bytes, start, from, end, this.#slot, this.#scanned(bytes, start, end)), bytes, start, end);
  }

  // Where line bytes[start, end) lies in the scanner's memory, when it is in the region #skip had scanned there in
  // this chunk (the memo reads it there instead of a copy); -1 when it is not.
  #scanned(bytes: Uint8Array, start: number, end: number): number {
    return bytes === this.#regionBytes ? this.#scanner.regionAddress(bytes, start, end) : -1;
  }

  // The line bytes[start, end) cleaned: the memo's copy in its slot, or cleaned now (and kept there; -1: no slot).
  #cleanIn(slot: number, bytes: Uint8Array, start: number, end: number): CleanLine {
    let clean = slot >= 0 ? this.#memo.clean(slot) : null;
    if (clean === null) {
      clean = cleanLine(decodeUtf8(bytes, start, end));
      if (slot >= 0) this.#memo.setClean(slot, clean);
    }
    return clean;
  }

  /** Ends the input and returns the classification; `exitCode` is the step's, when known only now. */
  end(exitCode?: number): Classification {
    if (exitCode !== undefined) this.#exitCode(exitCode);
    if (!this.#ended) {
      this.#ended = true;
      this.#splitter.end();
      for (const p of this.#parsers) p.end();
      this.#explainUnits();
    }
    // In log order: parsers that hold a block back emit later than they read.
    const failures = [...this.#failures.values()].sort((a, b) => (a.evidence[0]?.line ?? 0) - (b.evidence[0]?.line ?? 0));
    let primary: FailureClass | null = null;
    for (const c of FAILURE_CLASSES) {
      if (this.#classCounts.has(c)) {
        primary = c;
        break;
      }
    }
    if (primary === null && this.#jobFailed) primary = 'unknown';
    return { primary, failures, omitted: this.#omitted, jobFailed: this.#jobFailed, lines: this.#n };
  }

  // Never presented as a line of the log: line 0, in words that say where it came from.
  #exitCode(code: number): void {
    if (code !== 0) this.#jobFailed ??= { line: 0, text: `The step exited with code ${code}; the log does not say why.` };
  }

  // Failed units of work that no parser explained are classed by their names (see infer.ts).
  #explainUnits(): void {
    const name = this.#unitName;
    if (name !== undefined && this.#jobFailed) {
      const outer = { kind: 'step', name, tool: 'punchlist', evidence: { line: 0, text: '' } };
      // The caller's name is the log's outer unit: the unstructured whole-log unit, or one made from the verdict.
      const whole = this.#units.find((u) => u.start === 1 && u.outer === null);
      if (whole) whole.outer = outer;
      else if (this.#units.length === 0) this.#units.push({ start: 1, end: this.#n, inner: [], outer, evidence: this.#jobFailed, findings: [] });
    }
    if (this.#units.length === 0) return;
    for (const u of this.#units) u.end = Math.min(u.end, this.#n);
    const places = new Set<string>();
    for (const f of this.#failures.values()) if (f.file !== undefined && f.line !== undefined) places.add(`${f.file}\u0000${f.line}`);
    const covered = (file: string, line: number): boolean => places.has(`${relativizePath(file, this.#roots)}\u0000${line}`);
    for (const draft of explainUnits(this.#units, this.#failures.values(), covered)) this.#emit(draft);
  }

  #feed(i: number, text: string, ctx: LineContext): void {
    this.#lastFed[i] = ctx.n;
    const was = this.#active[i]!;
    const now = this.#parsers[i]!.feed(text, ctx);
    if (now !== was) {
      this.#active[i] = now;
      this.#activeCount += now ? 1 : -1;
      this.#activeBits[i >>> 5]! ^= 1 << (i & 31);
    }
  }

  #emit(draft: FailureDraft): void {
    const f = this.#finish(draft);
    const key = dedupeKey(f);
    const existing = this.#failures.get(key);
    if (existing) {
      mergeInto(existing, f);
      return;
    }
    this.#classCounts.set(f.class, (this.#classCounts.get(f.class) ?? 0) + 1);
    if (this.#failures.size >= this.#maxFailures) {
      this.#omitted++;
      return;
    }
    this.#failures.set(key, f);
  }

  #finish(d: FailureDraft): Failure {
    const f: Failure = { class: d.class, message: clip(d.message.trim(), MAX_MESSAGE_CHARS), evidence: [] };
    if (d.file) f.file = relativizePath(d.file, this.#roots);
    if (d.line !== undefined && d.line > 0) f.line = d.line;
    if (d.column !== undefined && d.column > 0) f.column = d.column;
    if (d.endLine !== undefined && d.endLine > 0) f.endLine = d.endLine;
    if (d.endColumn !== undefined && d.endColumn > 0) f.endColumn = d.endColumn;
    if (d.tool) f.tool = d.tool;
    if (d.code) f.code = d.code;
    if (d.test) f.test = d.test;
    if (d.package) f.package = d.package;
    if (d.basis) f.basis = d.basis;
    f.evidence = d.evidence.slice(0, MAX_EVIDENCE_LINES).map(clipEvidence);
    return f;
  }
}

const sliceCopy = Uint8Array.prototype.slice;
// A copy of bytes[start, end): TypedArray's `slice`, since a Buffer's is a view into the same memory.
const copyOf = (bytes: Uint8Array, start: number, end: number): Uint8Array => sliceCopy.call(bytes, start, end);

/** Most bytes of a chunk scanned for keywords at a time (whole lines; a longer line is one region). */
const REGION_BYTES = 64 * 1024;

// The automaton depends only on the parser list; building it takes tens of milliseconds, so it is built once
// per list (a memo of a pure function, not state).
const SCANNERS = new WeakMap<readonly ParserDef[], KeywordScanner>();
function scannerFor(defs: readonly ParserDef[]): KeywordScanner {
  let scanner = SCANNERS.get(defs);
  if (!scanner) {
    // One group per parser, then one per watcher for its watch keywords.
    scanner = keywordScanner([...defs.map((d) => d.keywords ?? []), ...watchersOf(defs).map((i) => defs[i]!.watchKeywords!)]);
    SCANNERS.set(defs, scanner);
  }
  return scanner;
}

// The parsers whose watch keywords are not already theirs to read: a parser without keywords sees every line.
function watchersOf(defs: readonly ParserDef[]): number[] {
  return defs.flatMap((d, i) => ((d.watchKeywords?.length ?? 0) > 0 && (d.keywords?.length ?? 0) > 0 ? [i] : []));
}

/** What the line cleaner replaces or removes inside a line's text, besides ANSI escapes (see `replayFilterFor`). */
const CLEANING_ESCAPES = ['\\n', '\\r', '\\t', "\\'", '\\"', '\\\\', '%0D', '%0A', '%25', '^[['];

const REPLAY_FILTERS = new WeakMap<ParserDef, KeywordScanner | null>();
function replayFilterFor(def: ParserDef): KeywordScanner | null {
  let filter = REPLAY_FILTERS.get(def);
  if (filter === undefined) {
    const words = (def.replayKeywords ?? []).filter((k) => k !== '' && !k.startsWith('^'));
    // A line is replayed when it holds one of the words in the text cleaning leaves of its escapes (the scan reads
    // past them as cleaning removes them, see `escapeEnd`), or what cleaning could turn into one of them by taking
    // text out or putting a space in (normalize.ts): a quoted string's escapes (`unescapeJs`), a workflow command's
    // (`unescapeData`) and caret-notation colours (`CARET_ANSI`). One walk answers both; the window before a trigger
    // is walked in WebAssembly where it can (`lineBits`), a line alone in JavaScript (`scan`).
    filter = (def.lookback ?? 0) > 0 && words.length > 0 ? keywordScanner([[...words, ...CLEANING_ESCAPES]]) : null;
    REPLAY_FILTERS.set(def, filter);
  }
  return filter;
}

/** Classifies a whole text at once (tests, small inputs). */
export function classifyText(text: string, options?: ClassifyOptions): Classification {
  const c = new Classifier(options);
  c.push(text);
  return c.end();
}

// One failure per distinct diagnostic. A located failure is identified by its place, code, test and package;
// its message counts too when it has a code (flake8's `F401 'os'` and `F401 'sys'` at 1:1 are two findings),
// but not without one (the errors a C++ template instantiation raises, relocated to the user's line, are one).
// An unlocated failure without test or package is identified by its message. Messages are compared without a
// leading `[ERROR]`-style level and with spaces collapsed, so a runner's or summary's copy merges with the tool's.
function dedupeKey(f: Failure): string {
  const located = f.file !== undefined && f.line !== undefined;
  const byMessage = f.code !== undefined || !(located || f.test || f.package);
  return [f.class, f.file ?? '', f.line ?? '', f.column ?? '', f.code ?? '', f.test ?? '', f.package ?? '', byMessage ? messageKey(f.message) : ''].join('\u0000');
}

function messageKey(message: string): string {
  return message.replace(/^\[[A-Za-z]+\]\s*/, '').replace(/\s+/g, ' ').trim();
}

// The same diagnostic seen twice (a tool and its summary, or the runner repeating it): keep the first,
// fill in what the later copy adds.
function mergeInto(into: Failure, from: Failure): void {
  into.column ??= from.column;
  into.endLine ??= from.endLine;
  into.endColumn ??= from.endColumn;
  into.tool ??= from.tool;
  if (into.message === '' && from.message !== '') into.message = from.message;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function clipEvidence(e: EvidenceLine): EvidenceLine {
  return { line: e.line, text: clip(e.text, MAX_EVIDENCE_CHARS) };
}

