/**
 * A byte-level Aho–Corasick automaton over the parsers' keywords: it answers "does this line contain any
 * keyword?" in one pass over the raw bytes, so the many lines that concern no parser are never decoded,
 * cleaned or matched against a regular expression. ANSI CSI sequences are skipped, so a coloured keyword
 * still matches.
 */
export interface KeywordScanner {
  /** True when bytes[start, end) hold a keyword (ANSI escapes ignored). */
  scan(bytes: Uint8Array, start: number, end: number): boolean;
}

const ROW = 256;

/** Builds the automaton; an empty keyword list gives a scanner that matches every line. */
export function keywordScanner(keywords: readonly string[]): KeywordScanner {
  const enc = new TextEncoder();
  const words = [...new Set(keywords)].filter((k) => k !== '').map((k) => enc.encode(k));
  if (words.length === 0) return { scan: () => true };
  // Trie, with one row of 256 transitions per state.
  const rows: Int32Array[] = [new Int32Array(ROW).fill(-1)];
  const accept: boolean[] = [false];
  for (const w of words) {
    let s = 0;
    for (const b of w) {
      let t = rows[s]![b]!;
      if (t === -1) {
        t = rows.length;
        rows.push(new Int32Array(ROW).fill(-1));
        accept.push(false);
        rows[s]![b] = t;
      }
      s = t;
    }
    accept[s] = true;
  }
  // Breadth-first: failure links folded into a full DFA; states store their row offset.
  const n = rows.length;
  const delta = new Int32Array(n * ROW);
  const fail = new Int32Array(n);
  const queue: number[] = [];
  for (let b = 0; b < ROW; b++) {
    const t = rows[0]![b]!;
    if (t === -1) delta[b] = 0;
    else {
      delta[b] = t;
      queue.push(t);
    }
  }
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!;
    if (accept[fail[s]!]) accept[s] = true;
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
  // Final table: for each trie state s, four states — s itself, s just after an ESC, s inside a CSI sequence
  // (`ESC [ … final`), s inside an OSC string (`ESC ] … BEL`, or `ESC \\`) — so escapes are skipped without a
  // branch in the hot loop. Accepting states absorb every byte, so the loop needs no test per byte: the line
  // holds a keyword iff it ends in an accepting state.
  const table = new Int32Array(4 * n * ROW);
  const esc = (s: number): number => n + s;
  const csi = (s: number): number => 2 * n + s;
  const osc = (s: number): number => 3 * n + s;
  for (let s = 0; s < n; s++) {
    for (let b = 0; b < ROW; b++) {
      table[s * ROW + b] = (accept[s] ? s : b === 27 ? esc(s) : delta[s * ROW + b]!) * ROW;
      table[esc(s) * ROW + b] = (b === 91 ? csi(s) : b === 93 ? osc(s) : s) * ROW;
      table[csi(s) * ROW + b] = (b >= 64 && b <= 126 ? s : csi(s)) * ROW;
      table[osc(s) * ROW + b] = (b === 7 ? s : b === 27 ? esc(s) : osc(s)) * ROW;
    }
  }
  const accepting = new Uint8Array(4 * n * ROW);
  for (let s = 0; s < n; s++) if (accept[s]) accepting[s * ROW] = 1;

  return {
    scan(bytes, start, end) {
      let s = 0;
      for (let i = start; i < end; i++) s = table[s + bytes[i]!]!;
      return accepting[s] === 1;
    },
  };
}
