/** What the first bytes of an input say it is. */
export type InputKind =
  | { kind: 'gzip' }
  | { kind: 'zip' }
  | { kind: 'junit' }
  /** A JSON object that mentions `"results"` early: CTRF if it parses to one, else read as a log. */
  | { kind: 'ctrf' }
  | { kind: 'utf16'; encoding: 'utf-16le' | 'utf-16be' }
  | { kind: 'binary'; what: string }
  | { kind: 'text' };

/** Bytes to collect before deciding (an XML prolog, comments and a DOCTYPE fit well within it). */
export const SNIFF_BYTES = 8192;

// Signatures of formats people may pass by mistake, named in the note so they know what was seen.
const MAGIC: readonly { bytes: readonly number[]; offset?: number; what: string }[] = [
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'xz-compressed data' },
  { bytes: [0x42, 0x5a, 0x68], what: 'bzip2-compressed data' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd-compressed data' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], what: 'a RAR archive' },
  { bytes: [0x75, 0x73, 0x74, 0x61, 0x72], offset: 257, what: 'a tar archive' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an ELF executable' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
];

const decoder = new TextDecoder('utf-8');

/** Decides what an input is from its first bytes (magic numbers, never the file name). */
export function sniff(head: Uint8Array): InputKind {
  if (startsWith(head, [0x1f, 0x8b])) return { kind: 'gzip' };
  // A local file header, or the end-of-central-directory record of an empty archive.
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return { kind: 'zip' };
  // PowerShell 5 writes redirected output as UTF-16 with a byte-order mark.
  if (startsWith(head, [0xff, 0xfe])) return { kind: 'utf16', encoding: 'utf-16le' };
  if (startsWith(head, [0xfe, 0xff])) return { kind: 'utf16', encoding: 'utf-16be' };
  for (const m of MAGIC) if (startsWith(head, m.bytes, m.offset ?? 0)) return { kind: 'binary', what: m.what };
  // Text has no NUL bytes (git's test for binary files, on the same 8 KB).
  if (head.subarray(0, SNIFF_BYTES).includes(0)) return { kind: 'binary', what: 'binary data' };
  const text = decoder.decode(head.subarray(0, SNIFF_BYTES)).replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('<') && /^(?:testsuites|testsuite)$/.test(rootElement(text) ?? '')) return { kind: 'junit' };
  if (text.startsWith('{') && /"results"\s*:/.test(text)) return { kind: 'ctrf' };
  return { kind: 'text' };
}

/** The name of the first element, past the XML declaration, comments, processing instructions and a DOCTYPE. */
function rootElement(text: string): string | undefined {
  const rest = text.replace(/^(?:\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>))*\s*/, '');
  return /^<([A-Za-z_][\w.:-]*)/.exec(rest)?.[1];
}

function startsWith(head: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  if (head.length < offset + bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (head[offset + i] !== bytes[i]) return false;
  return true;
}
