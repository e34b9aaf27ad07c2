import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Classifier, type Classification, type ClassifyOptions } from '../classify/index.ts';

const CHUNK = 1024 * 1024;

/** A log that could not be read, with the one-line reason. */
export class UnreadableLog extends Error {
  override name = 'UnreadableLog';
}

/** Streams a file (or stdin for "-") through a classifier; memory stays flat whatever the size. */
export async function classifyLog(path: string, stdin: Readable, options: ClassifyOptions): Promise<Classification> {
  const classifier = new Classifier(options);
  if (path === '-') {
    for await (const chunk of stdin) classifier.pushBytes(chunk as Uint8Array);
  } else {
    const handle = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
      throw new UnreadableLog(`Cannot read "${path}": ${reason(e)}`);
    });
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) throw new UnreadableLog(`Cannot read "${path}": it is a directory`);
      const buffer = Buffer.allocUnsafe(CHUNK);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, null).catch((e: NodeJS.ErrnoException) => {
          throw new UnreadableLog(`Cannot read "${path}": ${reason(e)}`);
        });
        if (bytesRead === 0) break;
        classifier.pushBytes(buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
  }
  return classifier.end();
}

function reason(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return e.code ?? e.message;
  }
}
