/** Issue text with what a reader of the rendered issue cannot see removed, and how much was removed. */
export interface VisibleText {
  text: string;
  /** HTML comments and `[//]: #` markdown comments removed. */
  removedComments: number;
  /** Invisible characters removed: zero-width, bidi controls, tag characters, fillers, other controls. */
  removedCharacters: number;
}

// An unterminated `<!--` hides the rest of the document on GitHub, so it is stripped to the end as well.
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
// `[//]: # (text)` and friends: link reference definitions pointing at `#` render as nothing.
const MARKDOWN_COMMENT = /^[ \t]{0,3}\[[^\]\n]*\]:[ \t]*<?#>?(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$/gm;
// Format characters (zero-width, bidi embeddings/isolates/marks, tag characters that can smuggle ASCII),
// variation selectors, Hangul fillers and the combining grapheme joiner render as nothing or reorder text;
// controls other than tab and newline have no business in an issue either.
const INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\u034F|[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]/gu;

/** Removes content hidden from a reader of the rendered issue before a model sees it (prompt-injection hygiene). */
export function stripHiddenContent(input: string): VisibleText {
  let removedComments = 0;
  let text = input.replace(/\r\n?/g, '\n');
  text = text.replace(HTML_COMMENT, () => {
    removedComments++;
    return '';
  });
  text = text.replace(MARKDOWN_COMMENT, () => {
    removedComments++;
    return '';
  });
  let removedCharacters = 0;
  text = text.replace(INVISIBLE, () => {
    removedCharacters++;
    return '';
  });
  return { text, removedComments, removedCharacters };
}
