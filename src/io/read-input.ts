import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { Classifier, type Classification, type ClassifyOptions } from '../classify/index.ts';
import { JUnitReader, parseCtrf, reportClassification, type TestReport } from '../reports/index.ts';
import { sniff } from './sniff.ts';
import { ChunkPool, peek, readChunks, UnreadableLog } from './source.ts';

/** One classified input: a log, a job of a log archive, or a test report. */
export interface ClassifiedInput {
  /** What a person calls it: the file as given, `archive.zip:job` for a job of an archive, `-` for stdin. */
  name: string;
  /** The path of a plain log file, for SARIF to point failures that name no source file at their log line. */
  log?: string;
  classification: Classification;
  /** The report's failures and counts, when the input was a test report. */
  report?: TestReport;
}

/** Everything read from one file: its inputs (several for an archive) and one-line notes for stderr. */
export interface ReadResult {
  inputs: ClassifiedInput[];
  notes: string[];
}

/** Most bytes of a CTRF report read into memory to parse it (JSON has no streaming parser here). */
const MAX_CTRF_BYTES = 64 * 1024 * 1024;
/** A gzip inside a gzip is read; deeper nesting is a decompression bomb more likely than a log. */
const MAX_GZIP_DEPTH = 2;

interface Context {
  /** The file path, or "-". */
  path: string;
  name: string;
  options: ClassifyOptions;
  /** Where a consumer that keeps no chunk gives its read buffers back. */
  pool: ChunkPool;
}

/**
 * Reads a file (or stdin for "-") as what its first bytes say it is: a log, a gzip'd log (decompressed as it
 * streams), GitHub's log archive (each job classified), a JUnit XML or CTRF JSON test report; other binary
 * data is an empty result with a note. Memory stays flat whatever the size.
 */
export async function readInput(path: string, stdin: Readable, options: ClassifyOptions, name: string = path): Promise<ReadResult> {
  const pool = new ChunkPool();
  return fromBytes(readChunks(path, stdin, pool), { path, name, options, pool }, 0);
}

async function fromBytes(bytes: AsyncIterable<Uint8Array>, ctx: Context, depth: number): Promise<ReadResult> {
  const peeked = await peek(bytes);
  try {
    return await readAs(peeked.head, peeked.chunks, ctx, depth);
  } finally {
    await peeked.close();
  }
}

async function readAs(head: Uint8Array, chunks: AsyncIterable<Uint8Array>, ctx: Context, depth: number): Promise<ReadResult> {
  const kind = sniff(head);
  const { name, options } = ctx;
  switch (kind.kind) {
    case 'gzip':
      if (depth >= MAX_GZIP_DEPTH) return binary(ctx, `gzip nested ${depth + 1} deep`);
      // A gzip'd file is no longer the path on disk: SARIF cannot point at its lines.
      return fromBytes(gunzip(chunks, name), { ...ctx, path: '-' }, depth + 1);
    case 'zip':
      return fromArchive(chunks, ctx);
    case 'junit': {
      const reader = new JUnitReader({ roots: options.roots ?? [] });
      const decoder = new TextDecoder('utf-8');
      for await (const chunk of chunks) reader.push(decoder.decode(chunk, { stream: true }));
      reader.push(decoder.decode());
      return fromReport(reader.end(), name);
    }
    case 'ctrf': {
      const iterator = chunks[Symbol.asyncIterator]();
      const parts: Uint8Array[] = [];
      let size = 0;
      let next = await iterator.next();
      for (; !next.done && size + next.value.length <= MAX_CTRF_BYTES; next = await iterator.next()) {
        parts.push(next.value);
        size += next.value.length;
      }
      const classifier = new Classifier(options);
      if (next.done) {
        const text = new TextDecoder('utf-8').decode(Buffer.concat(parts));
        const report = parseCtrf(text, { roots: options.roots ?? [] });
        if (report) return fromReport(report, name);
        // Not CTRF after all: a log that happens to be JSON.
        classifier.push(text);
      } else {
        // Too large to parse as one JSON value: read as a log, every byte of it.
        for (const part of parts) classifier.pushBytes(part);
        for (; !next.done; next = await iterator.next()) classifier.pushBytes(next.value);
      }
      return one(ctx, classifier.end());
    }
    case 'utf16': {
      const classifier = new Classifier(options);
      const decoder = new TextDecoder(kind.encoding);
      for await (const chunk of chunks) classifier.push(decoder.decode(chunk, { stream: true }));
      classifier.push(decoder.decode());
      return one(ctx, classifier.end());
    }
    case 'binary':
      return binary(ctx, kind.what);
    case 'text': {
      const classifier = new Classifier(options);
      // The classifier copies what it keeps of a chunk, so the file's read buffer can be reused.
      for await (const chunk of chunks) {
        classifier.pushBytes(chunk);
        ctx.pool.release(chunk);
      }
      return one(ctx, classifier.end());
    }
  }
}

function one(ctx: Context, classification: Classification): ReadResult {
  return { inputs: [{ name: ctx.name, ...(ctx.path !== '-' ? { log: ctx.path } : {}), classification }], notes: [] };
}

function binary(ctx: Context, what: string): ReadResult {
  // Nothing to read, but a step known to have failed still failed.
  const classification = new Classifier(ctx.options).end();
  return {
    inputs: [{ name: ctx.name, classification }],
    notes: [`"${ctx.name}" is ${what}, not a log, gzip'd log, log archive or test report: nothing classified`],
  };
}

function fromReport(report: TestReport, name: string): ReadResult {
  return {
    inputs: [{ name, classification: reportClassification(report), report }],
    notes: report.warnings.map((w) => `"${name}": ${w}`),
  };
}

// The modules that read archives and gzip (yauzl, zlib, streams: ~3.5 MB of a process's memory once loaded) are
// loaded when a file needs them, not by every run that reads a plain log.

async function fromArchive(chunks: AsyncIterable<Uint8Array>, ctx: Context): Promise<ReadResult> {
  const [{ createWriteStream }, { mkdtemp, rm }, { tmpdir }, { Readable }, { pipeline }, { classifyArchive }] = await Promise.all([
    import('node:fs'),
    import('node:fs/promises'),
    import('node:os'),
    import('node:stream'),
    import('node:stream/promises'),
    import('./read-archive.ts'),
  ]);
  // A zip's index is at its end: read from a file, so stdin or a gunzip'd zip is spooled to a temporary one.
  // A file on disk is opened by yauzl itself; the bytes read to sniff it are let go by the caller.
  let dir: string | undefined;
  let file = ctx.path;
  try {
    if (file === '-') {
      dir = await mkdtemp(join(tmpdir(), 'punchlist-'));
      file = join(dir, 'archive.zip');
      await pipeline(Readable.from(chunks), createWriteStream(file));
    }
    const jobs = await classifyArchive(file, ctx.options).catch((e: Error) => {
      throw new UnreadableLog(`Cannot read "${ctx.name}": not a readable zip archive (${e.message.split('\n')[0]})`);
    });
    return {
      inputs: jobs.map((j) => ({ name: `${ctx.name}:${j.job}`, classification: j.classification })),
      notes: jobs.length === 0 ? [`"${ctx.name}" is a zip archive with no logs in it: nothing classified`] : [],
    };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

async function* gunzip(chunks: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<Uint8Array> {
  const [{ createGunzip }, { Readable }, { pipeline }] = await Promise.all([import('node:zlib'), import('node:stream'), import('node:stream/promises')]);
  const inflate = createGunzip();
  const corrupt = (e: Error): Error =>
    e instanceof UnreadableLog ? e : new UnreadableLog(`Cannot read "${name}": the gzip data is corrupt (${e.message})`);
  const fed = pipeline(Readable.from(chunks), inflate);
  // Observed here and awaited below, so a failure is reported once, as the reason, not as an unhandled rejection.
  fed.catch(() => {});
  try {
    for await (const chunk of inflate) yield chunk as Uint8Array;
  } catch (e) {
    await fed.catch((f: Error) => {
      throw corrupt(f);
    });
    throw corrupt(e as Error);
  }
  await fed.catch((e: Error) => {
    throw corrupt(e);
  });
}
