import { mkdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { gunzipSync } from 'node:zlib';

// A fresh PGlite data directory costs initdb: ~3 s and ~1 GB of memory. The build ships one already initialised and
// migrated (dist/app-pgdata.tgz, made by scripts/build.ts); a run unpacks it and PGlite opens it as an existing
// database (~0.3 s). PGlite's own `loadDataDir` does the same through its in-memory file system, 3× slower
// and with more memory.

/** What scripts/build.ts writes beside the tarball: the schema version it is at, and the inputs it was made from. */
export interface SeedManifest {
  schemaVersion: number;
  key: string;
}

/** The tarball's name beside dist/app.js, and its manifest's. */
export const SEED_TARBALL = 'app-pgdata.tgz';
export const SEED_MANIFEST = 'app-pgdata.json';

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

/** Files written at once: ~1,000 small files, each a round trip to the disk, go faster in parallel. */
const PARALLEL_WRITES = 16;

/**
 * Unpacks a gzipped tar (ustar, regular files and directories only, as scripts/build.ts writes) into `into`, which
 * it creates. Throws on anything else, or on a member that would land outside `into`.
 */
export async function unpackSeed(tarball: string, into: string): Promise<void> {
  const tar = gunzipSync(readFileSync(tarball));
  mkdirSync(into, { recursive: true, mode: 0o700 });
  const files: { target: string; content: Buffer }[] = [];
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break;
    const prefix = field(header, 345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(header, 0, 100);
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const relative = normalize(name.replace(/^\/+/, ''));
    if (relative.startsWith('..') || !Number.isFinite(size)) throw new Error(`Cannot unpack ${tarball}: bad member "${name}"`);
    const target = join(into, relative);
    at += BLOCK;
    if (type === '5') mkdirSync(target, { recursive: true, mode: 0o700 });
    else if (type === '0' || type === '\0') {
      // Directories come before their files in the build's tarball; this covers one that does not list them.
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      files.push({ target, content: tar.subarray(at, at + size) });
    } else throw new Error(`Cannot unpack ${tarball}: member "${name}" is of type "${type}"`);
    at += Math.ceil(size / BLOCK) * BLOCK;
  }
  let next = 0;
  const writer = async (): Promise<void> => {
    while (next < files.length) {
      const { target, content } = files[next++]!;
      await writeFile(target, content, { mode: 0o600 });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_WRITES }, writer));
}
