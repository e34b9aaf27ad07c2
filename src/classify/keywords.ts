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
}

/** A keyword written `^…`: it counts only where the line's text begins (npm's `> app@1.0.0 lint` header). */
interface Anchored {
  bytes: Uint8Array;
  group: number;
}

/** One row of transitions per state: one per byte value (so a state times ROW is `state << 8`). */
const ROW = 256;

/**
 * Builds the automaton over groups of keywords (one group per parser). A group without keywords owns every
 * line, and then `scan` matches every line.
 */
export function keywordScanner(allGroups: readonly (readonly string[])[]): KeywordScanner {
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
  const always = groups.flatMap((g, i) => (g.some((k) => k !== '') || anchored.some((a) => a.group === i) ? [] : [i]));
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

  // Byte classes keep the tables small (they are walked for every byte of the log, so they should sit in
  // cache): every byte that occurs in a keyword is its own class; ESC, BEL, `[` and `]` are their own; the remaining
  // bytes all lead back to the root, and differ only in whether they can end a CSI sequence (@–~).
  const cls = new Uint8Array(ROW);
  const rep: number[] = [];
  const classFor = (b: number): number => {
    rep.push(b);
    return rep.length - 1;
  };
  const inKeyword = new Uint8Array(ROW);
  for (let b = 0; b < ROW; b++) if (delta[b] !== 0) inKeyword[b] = 1;
  for (const row of rows) for (let b = 0; b < ROW; b++) if (row[b] !== -1) inKeyword[b] = 1;
  let endsCsi = -1;
  let other = -1;
  for (let b = 0; b < ROW; b++) {
    if (inKeyword[b] || b === 27 || b === 7 || b === 91 || b === 93) cls[b] = classFor(b);
    else if (b >= 64 && b <= 126) cls[b] = endsCsi === -1 ? (endsCsi = classFor(b)) : endsCsi;
    else cls[b] = other === -1 ? (other = classFor(b)) : other;
  }
  const C = rep.length;

  // The scanning table: for each trie state s, four states — s itself, s just after an ESC, s inside a CSI
  // sequence (`ESC [ … final`), s inside an OSC string (`ESC ] … BEL`, or `ESC \`) — so escapes are skipped
  // without a branch in the hot loop. Targets are pre-multiplied by C. Accepting states absorb every byte,
  // so the loop needs a test only now and then: once accepting, always accepting.
  const table = new Int32Array(4 * n * C);
  const esc = (s: number): number => n + s;
  const csi = (s: number): number => 2 * n + s;
  const osc = (s: number): number => 3 * n + s;
  // The plain automaton over classes (state indices, not pre-multiplied), for `owners`, which must see every
  // keyword of the line; each state's groups as a bit mask of W 32-bit words.
  const walk = new Int32Array(n * C);
  const W = Math.max(1, Math.ceil(groups.length / 32));
  const masks = new Uint32Array(n * W);
  for (let st = 0; st < n; st++) for (const g of ends[st]!) masks[st * W + (g >>> 5)]! |= 1 << (g & 31);
  for (let s = 0; s < n; s++) {
    for (let c = 0; c < C; c++) {
      const b = rep[c]!;
      walk[s * C + c] = delta[s * ROW + b]!;
      table[s * C + c] = (accept[s] ? s : b === 27 ? esc(s) : delta[s * ROW + b]!) * C;
      table[esc(s) * C + c] = (b === 91 ? csi(s) : b === 93 ? osc(s) : s) * C;
      table[csi(s) * C + c] = (b >= 64 && b <= 126 ? s : csi(s)) * C;
      table[osc(s) * C + c] = (b === 7 ? s : b === 27 ? esc(s) : osc(s)) * C;
    }
  }
  const accepting = new Uint8Array(4 * n * C);
  for (let s = 0; s < n; s++) if (accept[s]) accepting[s * C] = 1;
  const marker: Automaton = { walk, cls, masks, accept: Uint8Array.from(accept, (a) => (a ? 1 : 0)), seen: new Uint32Array(W), C, W, groups: groups.length };

  if (always.length > 0) {
    return {
      scan: () => true,
      owners(bytes, start, end, out, anchor = start) {
        for (const g of always) out[g] = 1;
        atStart(bytes, anchor, end, out);
        markOwners(marker, bytes, start, end, out);
      },
    };
  }
  return {
    scan(bytes, start, end) {
      if (atStart(bytes, start, end, null)) return true;
      let s = 0;
      // Unrolled by four with one accept test per block: most lines hold no keyword and run to the end.
      let i = start;
      for (; i + 4 <= end; i += 4) {
        s = table[s + cls[bytes[i]!]!]!;
        s = table[s + cls[bytes[i + 1]!]!]!;
        s = table[s + cls[bytes[i + 2]!]!]!;
        s = table[s + cls[bytes[i + 3]!]!]!;
        if (accepting[s] === 1) return true;
      }
      for (; i < end; i++) s = table[s + cls[bytes[i]!]!]!;
      return accepting[s] === 1;
    },
    owners(bytes, start, end, out, anchor = start) {
      atStart(bytes, anchor, end, out);
      markOwners(marker, bytes, start, end, out);
    },
  };
}

interface Automaton {
  walk: Int32Array;
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

// Only for the few lines that hold a keyword: skips escapes with branches instead of extra states.
function markOwners(a: Automaton, bytes: Uint8Array, start: number, end: number, out: Uint8Array): void {
  const { walk, cls, masks, accept, seen, C, W } = a;
  seen.fill(0);
  let s = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b === 27) {
      // Leaves i on the escape's last byte; the loop steps past it.
      const kind = bytes[i + 1];
      if (kind === 91) {
        i += 2;
        while (i < end && (bytes[i]! < 64 || bytes[i]! > 126)) i++;
      } else if (kind === 93) {
        i += 2;
        while (i < end && bytes[i] !== 7) {
          if (bytes[i] === 27) {
            i++;
            break;
          }
          i++;
        }
      } else i++;
      continue;
    }
    s = walk[s * C + cls[b]!]!;
    if (accept[s] === 1) for (let w = 0; w < W; w++) seen[w]! |= masks[s * W + w]!;
  }
  for (let g = 0; g < a.groups; g++) if ((seen[g >>> 5]! >>> (g & 31)) & 1) out[g] = 1;
}
