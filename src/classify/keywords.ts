/**
 * A byte-level Aho–Corasick automaton over the parsers' keywords. `scan` answers "does this line hold any
 * keyword?" in one pass over the raw bytes, so the many lines that concern no parser are never decoded,
 * cleaned or matched against a regular expression; `owners` then tells, for the few lines that do, which
 * parsers' keywords they hold, so only those parsers' triggers are tried. ANSI CSI and OSC sequences are
 * skipped, so a coloured keyword still matches.
 */
export interface KeywordScanner {
  /** True when bytes[start, end) hold a keyword (ANSI escapes ignored). */
  scan(bytes: Uint8Array, start: number, end: number): boolean;
  /** Sets `out[g] = 1` for every group g with a keyword in bytes[start, end) (and for every group without keywords). */
  owners(bytes: Uint8Array, start: number, end: number, out: Uint8Array): void;
}

/** One row of transitions per state: one per byte value (so a state times ROW is `state << 8`). */
const ROW = 256;

/**
 * Builds the automaton over groups of keywords (one group per parser). A group without keywords owns every
 * line, and then `scan` matches every line.
 */
export function keywordScanner(groups: readonly (readonly string[])[]): KeywordScanner {
  const enc = new TextEncoder();
  const always = groups.flatMap((g, i) => (g.some((k) => k !== '') ? [] : [i]));
  // Trie, with one row of 256 transitions per state; each state lists the groups whose keyword ends there.
  const rows: Int32Array[] = [new Int32Array(ROW).fill(-1)];
  const ends: number[][] = [[]];
  groups.forEach((group, owner) => {
    for (const word of new Set(group)) {
      if (word === '') continue;
      let s = 0;
      for (const b of enc.encode(word)) {
        let t = rows[s]![b]!;
        if (t === -1) {
          t = rows.length;
          rows.push(new Int32Array(ROW).fill(-1));
          ends.push([]);
          rows[s]![b] = t;
        }
        s = t;
      }
      if (!ends[s]!.includes(owner)) ends[s]!.push(owner);
    }
  });
  // Breadth-first: failure links folded into a full DFA (`delta`), and each state's groups joined with those of
  // the states its failure link reaches, as Aho–Corasick's output function.
  const n = rows.length;
  const delta = new Int32Array(n * ROW);
  const fail = new Int32Array(n);
  const queue: number[] = [];
  for (let b = 0; b < ROW; b++) {
    const t = rows[0]![b]!;
    delta[b] = t === -1 ? 0 : t;
    if (t !== -1) queue.push(t);
  }
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!;
    for (const o of ends[fail[s]!]!) if (!ends[s]!.includes(o)) ends[s]!.push(o);
    for (let b = 0; b < ROW; b++) {
      const t = rows[s]![b]!;
      if (t === -1) delta[s * ROW + b] = delta[fail[s]! * ROW + b]!;
      else {
        fail[t] = delta[fail[s]! * ROW + b]!;
        delta[s * ROW + b] = t;
        queue.push(t);
      }
    }
  }
  const accept = ends.map((e) => e.length > 0);

  // The scanning table: for each trie state s, four states — s itself, s just after an ESC, s inside a CSI
  // sequence (`ESC [ … final`), s inside an OSC string (`ESC ] … BEL`, or `ESC \`) — so escapes are skipped
  // without a branch in the hot loop. Targets are pre-multiplied by ROW. Accepting states absorb every byte,
  // so the loop needs a test only now and then: once accepting, always accepting.
  const table = new Int32Array(4 * n * ROW);
  // The same without absorbing, for `owners`, which must see every keyword of the line.
  const walk = new Int32Array(4 * n * ROW);
  const esc = (s: number): number => n + s;
  const csi = (s: number): number => 2 * n + s;
  const osc = (s: number): number => 3 * n + s;
  for (let s = 0; s < n; s++) {
    for (let b = 0; b < ROW; b++) {
      const next = (b === 27 ? esc(s) : delta[s * ROW + b]!) * ROW;
      table[s * ROW + b] = accept[s] ? s * ROW : next;
      walk[s * ROW + b] = next;
      for (const t of [table, walk]) {
        t[esc(s) * ROW + b] = (b === 91 ? csi(s) : b === 93 ? osc(s) : s) * ROW;
        t[csi(s) * ROW + b] = (b >= 64 && b <= 126 ? s : csi(s)) * ROW;
        t[osc(s) * ROW + b] = (b === 7 ? s : b === 27 ? esc(s) : osc(s)) * ROW;
      }
    }
  }
  const accepting = new Uint8Array(4 * n * ROW);
  for (let s = 0; s < n; s++) if (accept[s]) accepting[s * ROW] = 1;
  const owned: (readonly number[] | undefined)[] = new Array(4 * n);
  for (let s = 0; s < n; s++) if (ends[s]!.length > 0) owned[s] = ends[s];

  if (always.length > 0) {
    return {
      scan: () => true,
      owners(bytes, start, end, out) {
        for (const g of always) out[g] = 1;
        markOwners(walk, owned, bytes, start, end, out);
      },
    };
  }
  return {
    scan(bytes, start, end) {
      let s = 0;
      // Unrolled by four with one accept test per block: most lines hold no keyword and run to the end.
      let i = start;
      for (; i + 4 <= end; i += 4) {
        s = table[s + bytes[i]!]!;
        s = table[s + bytes[i + 1]!]!;
        s = table[s + bytes[i + 2]!]!;
        s = table[s + bytes[i + 3]!]!;
        if (accepting[s] === 1) return true;
      }
      for (; i < end; i++) s = table[s + bytes[i]!]!;
      return accepting[s] === 1;
    },
    owners(bytes, start, end, out) {
      markOwners(walk, owned, bytes, start, end, out);
    },
  };
}

function markOwners(walk: Int32Array, owned: (readonly number[] | undefined)[], bytes: Uint8Array, start: number, end: number, out: Uint8Array): void {
  let s = 0;
  for (let i = start; i < end; i++) {
    s = walk[s + bytes[i]!]!;
    const o = owned[s >> 8];
    if (o !== undefined) for (const g of o) out[g] = 1;
  }
}
