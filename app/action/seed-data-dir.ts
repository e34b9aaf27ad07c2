import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gunzipSync } from 'node:zlib';

// A fresh PGlite data directory costs initdb: ~3 s and ~1 GB of memory. The build ships one already initialised and
// migrated (dist/app-pgdata.tgz, made by scripts/build.ts, slimmed to the one database and WAL segment a run uses:
// ~500 files, ~10 MB); a run unpacks it and PGlite opens it as an existing database. PGlite's own `loadDataDir` does
// the same through its in-memory file system, 3× slower and with more memory.

/** What scripts/build.ts writes beside the tarball: the schema version it is at, and the inputs it was made from. */
export interface SeedManifest {
  schemaVersion: number;
  key: string;
}

/** The tarball's name beside dist/app.js, and its manifest's. */
export const SEED_TARBALL = 'app-pgdata.tgz';
export const SEED_MANIFEST = 'app-pgdata.json';

/**
 * The pax record (in an `x` member before a file) giving the file's length when the tarball leaves out its trailing
 * zero bytes: the unpacked file is extended to it, reading back as zeros without writing them.
 */
export const SEED_SIZE_RECORD = 'PUNCHLIST.size';

const BLOCK = 512;

/** Two of these end a tar archive. */
const ZERO_BLOCK = Buffer.alloc(BLOCK);

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

/** A pax extended-header member carrying `records` (keyword → value) for the member after it. */
function paxHeader(records: Record<string, string>, header: (name: string, size: number, type: '0' | '5' | 'x') => Buffer): Buffer[] {
  const lines = Object.entries(records).map(([key, value]) => {
    const body = ` ${key}=${value}\n`;
    // The record's length counts its own digits.
    let length = body.length + 1;
    while (`${length}${body}`.length !== length) length++;
    return `${length}${body}`;
  });
  const content = Buffer.from(lines.join(''));
  return [header('PaxHeader', content.length, 'x'), content, Buffer.alloc((512 - (content.length % 512)) % 512)];
}

/**
 * A ustar archive of `dir`'s directories and regular files, in name order, with zero times and owners. A file's
 * trailing zero bytes are left out and its length given in a pax record (`PUNCHLIST.size`, see seed-data-dir.ts):
 * a WAL segment is 16 MB of which a few hundred bytes are written. `skip` leaves out files by relative name.
 * scripts/build.ts packs the seed with it; unpackSeed reads it back.
 */
export function packSeed(dir: string, skip: (name: string) => boolean = () => false): Buffer {
  const parts: Buffer[] = [];
  const header = (name: string, size: number, type: '0' | '5' | 'x'): Buffer => {
    if (Buffer.byteLength(name) > 100) throw new Error(`Cannot pack "${name}": longer than 100 bytes`);
    const block = Buffer.alloc(512);
    block.write(name, 0);
    block.write(type === '5' ? '0000700\0' : '0000600\0', 100);
    block.write('0000000\0', 108);
    block.write('0000000\0', 116);
    block.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
    block.write('00000000000\0', 136);
    block.write('        ', 148);
    block.write(type, 156);
    block.write('ustar\0' + '00', 257);
    const sum = block.reduce((a, b) => a + b, 0);
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    return block;
  };
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (skip(name)) continue;
      if (entry.isDirectory()) {
        parts.push(header(`${name}/`, 0, '5'));
        walk(name);
      } else if (entry.isFile() && entry.name !== 'postmaster.pid') {
        const full = readFileSync(join(dir, name));
        let end = full.length;
        while (end > 0 && full[end - 1] === 0) end--;
        const content = full.subarray(0, end);
        if (end < full.length) parts.push(...paxHeader({ [SEED_SIZE_RECORD]: String(full.length) }, header));
        parts.push(header(name, content.length, '0'), content, Buffer.alloc((512 - (content.length % 512)) % 512));
      }
    }
  };
  walk('');
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** The records of a pax extended header (`LENGTH KEY=VALUE\n` each). */
function paxRecords(content: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  for (let at = 0; at < content.length; ) {
    const space = content.indexOf(0x20, at);
    const length = parseInt(content.subarray(at, space).toString('latin1'), 10);
    if (space < 0 || !(length > 0)) break;
    const record = content.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return records;
}

/**
 * Writes one member: open, write, extend, close, synchronously. The ~500 files are ~10 MB: on a tmpfs (where the
 * App's store goes when it can, store-dir.ts) they take ~15 ms so, against ~100 ms of the thread's time for the same
 * writes made asynchronously (~2,000 callbacks); on a disk (the page cache, no fsync) ~90 ms.
 */
function writeSeedFile(target: string, content: Buffer, size: number | null): void {
  const fd = openSync(target, 'w', 0o600);
  try {
    if (content.length > 0) writeSync(fd, content, 0, content.length, 0);
    if (size !== null) ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}

/**
 * Unpacks a gzipped tar (ustar, regular files and directories only, as scripts/build.ts writes, with its pax
 * `PUNCHLIST.size` records) into `into`, which it creates. Throws on anything else, or on a member that would land
 * outside `into`.
 */
export function unpackSeed(tarball: string, into: string): void {
  // Inflated in one output chunk the size of the whole (gzip's trailer gives it, modulo 4 GB): ~35 ms for the 10 MB,
  // against ~70 ms in zlib's default 16 KB chunks, which are then joined.
  const gzipped = readFileSync(tarball);
  const inflated = gzipped.length >= 18 ? gzipped.readUInt32LE(gzipped.length - 4) : 0;
  const tar = gunzipSync(gzipped, { chunkSize: Math.max(64 * 1024, inflated + 1) });
  mkdirSync(into, { recursive: true, mode: 0o700 });
  let pending = new Map<string, string>();
  const made = new Set([into]);
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.equals(ZERO_BLOCK)) break;
    const prefix = field(header, 345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(header, 0, 100);
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const relative = normalize(name.replace(/^\/+/, ''));
    if (relative.startsWith('..') || !Number.isFinite(size)) throw new Error(`Cannot unpack ${tarball}: bad member "${name}"`);
    const target = join(into, relative);
    at += BLOCK;
    const content = tar.subarray(at, at + size);
    at += Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      pending = paxRecords(content);
      continue;
    }
    const records = pending;
    pending = new Map();
    if (type === '5') {
      mkdirSync(target, { recursive: true, mode: 0o700 });
      made.add(target);
    }
    else if (type === '0' || type === '\0') {
      const length = records.has(SEED_SIZE_RECORD) ? Number(records.get(SEED_SIZE_RECORD)) : null;
      if (length !== null && !(Number.isSafeInteger(length) && length >= content.length)) throw new Error(`Cannot unpack ${tarball}: bad size of "${name}"`);
      // Directories come before their files in the build's tarball; this covers one that does not list them.
      if (!made.has(dirname(target))) mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      writeSeedFile(target, content, length !== null && length > content.length ? length : null);
    } else throw new Error(`Cannot unpack ${tarball}: member "${name}" is of type "${type}"`);
  }
}
