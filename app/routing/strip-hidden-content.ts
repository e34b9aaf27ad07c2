/** Issue text with what a reader of the rendered issue cannot see removed, and how much was removed. */
export interface VisibleText {
  text: string;
  /** HTML comments and `[//]: #` markdown comments removed. */
  removedComments: number;
  /** Invisible characters removed: zero-width, bidi controls, tag characters, fillers, other controls. */
  removedCharacters: number;
  /** Link reference definitions removed (`[x]: https://… "title"`): they render as nothing. */
  removedDefinitions: number;
}

// An unterminated `<!--` hides the rest of the document on GitHub, so it is stripped to the end as well.
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
// Format characters (zero-width, bidi embeddings/isolates/marks, tag characters that can smuggle ASCII),
// variation selectors, Hangul fillers and the combining grapheme joiner render as nothing or reorder text;
// controls other than tab and newline have no business in an issue either.
const INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\u034F|[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]/gu;

// Block quote markers and a list item marker before a block: a definition inside them is as invisible.
const CONTAINER = /^(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;
// `[label]:` then the rest of the line; a label has a non-space character and no unescaped brackets (CommonMark).
const DEFINITION_START = /^\[((?:[^[\]\\\n]|\\.){0,999})\]:(.*)$/;
const DESTINATION = /^(?:<[^<>\n]*>|[^\s<]\S*)/;
const TITLE_CLOSER: Readonly<Record<string, string>> = { '"': '"', "'": "'", '(': ')' };

/** Where the first unescaped `closer` in `text` is, from `from`; -1 when there is none. */
function closerAt(text: string, closer: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === closer) return i;
  }
  return -1;
}

/** Where a definition starting at a line ends (the line after it), and whether it points at `#` (a comment). */
type DefinitionAt = (i: number) => { end: number; comment: boolean } | null;

/**
 * Finds link reference definitions in `lines`, across the lines a destination or title may continue on. Each line
 * is scanned for a title's end at most once per closer (memoised), so a whole pass is linear however many unclosed
 * titles the text holds.
 */
function definitionScanner(lines: readonly string[]): DefinitionAt {
  const titleEnds = new Map<string, Map<number, number>>();

  // The line a multi-line title that continues at line `k` ends on, or -1 (a blank line or the end came first).
  const titleEnd = (k: number, closer: string): number => {
    let memo = titleEnds.get(closer);
    if (!memo) titleEnds.set(closer, (memo = new Map()));
    const walked: number[] = [];
    let found = -1;
    for (let j = k; j < lines.length; j++) {
      const known = memo.get(j);
      if (known !== undefined) {
        found = known;
        break;
      }
      walked.push(j);
      const line = lines[j] ?? '';
      if (line.trim() === '') break;
      if (closerAt(line, closer, 0) !== -1) {
        found = j;
        break;
      }
    }
    for (const j of walked) memo.set(j, found);
    return found;
  };

  // The line after a title that starts `text` (the rest of line `at`), or -1 when it is not a whole title.
  const title = (text: string, at: number): number => {
    const closer = TITLE_CLOSER[text[0] ?? ''];
    if (closer === undefined) return -1;
    let line = at;
    let rest = text;
    let close = closerAt(rest, closer, 1);
    if (close === -1) {
      line = titleEnd(at + 1, closer);
      if (line === -1) return -1;
      rest = lines[line] ?? '';
      close = closerAt(rest, closer, 0);
    }
    return rest.slice(close + 1).trim() === '' ? line + 1 : -1;
  };

  return (i) => {
    const start = DEFINITION_START.exec((lines[i] ?? '').replace(CONTAINER, ''));
    if (!start || (start[1] ?? '').trim() === '') return null;
    let line = i;
    let rest = (start[2] ?? '').trimStart();
    if (rest === '') {
      line++;
      if (line >= lines.length) return null;
      rest = (lines[line] ?? '').replace(CONTAINER, '').trimStart();
      if (rest === '') return null;
    }
    const destination = DESTINATION.exec(rest)?.[0];
    if (destination === undefined) return null;
    const comment = destination === '#' || destination === '<#>';
    rest = rest.slice(destination.length);
    if (rest.trim() === '') {
      // A title may follow on the next line; if that line is not a whole title, it is ordinary text after the definition.
      const end = line + 1 < lines.length ? title((lines[line + 1] ?? '').replace(CONTAINER, '').trimStart(), line + 1) : -1;
      return { end: end === -1 ? line + 1 : end, comment };
    }
    if (!/^[ \t]/.test(rest)) return null;
    const end = title(rest.trimStart(), line);
    return end === -1 ? null : { end, comment };
  };
}

/** Removes link reference definitions outside fenced code: each becomes one empty line. */
function stripDefinitions(text: string): { text: string; comments: number; definitions: number } {
  const lines = text.split('\n');
  const definitionAt = definitionScanner(lines);
  const out: string[] = [];
  let comments = 0;
  let definitions = 0;
  let fence: string | null = null;
  for (let i = 0; i < lines.length; ) {
    const line = lines[i] ?? '';
    const marker = FENCE.exec(line.replace(CONTAINER, ''))?.[1];
    if (fence !== null) {
      // A closing fence: the same character, at least as long, nothing after it.
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.replace(CONTAINER, '').trim() === marker) fence = null;
      out.push(line);
      i++;
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      out.push(line);
      i++;
      continue;
    }
    const definition = definitionAt(i);
    if (definition === null) {
      out.push(line);
      i++;
      continue;
    }
    if (definition.comment) comments++;
    else definitions++;
    out.push('');
    i = definition.end;
  }
  return { text: out.join('\n'), comments, definitions };
}

/**
 * Removes content hidden from a reader of the rendered issue before a model sees it (prompt-injection hygiene):
 * HTML comments, invisible characters, and link reference definitions (`[x]: https://… "title"` and the
 * `[//]: # (comment)` idiom), whose destination and title never show. A definition that CommonMark would read as
 * paragraph text (one that follows a paragraph line) is removed as well: the model seeing a line less than the
 * reader is harmless, the reverse is not.
 */
export function stripHiddenContent(input: string): VisibleText {
  let removedComments = 0;
  let text = input.replace(/\r\n?/g, '\n');
  text = text.replace(HTML_COMMENT, () => {
    removedComments++;
    return '';
  });
  let removedCharacters = 0;
  // Before definitions, so one is found whatever invisible characters it holds (removing a line GitHub would show
  // is the harmless direction).
  text = text.replace(INVISIBLE, () => {
    removedCharacters++;
    return '';
  });
  const stripped = stripDefinitions(text);
  return { text: stripped.text, removedComments: removedComments + stripped.comments, removedCharacters, removedDefinitions: stripped.definitions };
}
