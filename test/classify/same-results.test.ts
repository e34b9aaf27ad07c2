import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Classifier, type Classification } from '../../src/classify/index.ts';
import { toJson } from '../../src/report/index.ts';
import { caseIds, CORPUS_DIR, EXTERNAL_DIR } from '../helpers/corpus.ts';

// Speed work must not change a result. Every log of the development corpus and the external set is classified
// and compared with a snapshot taken before the engine was made faster: the CLI's JSON as it prints it, the line
// count, and a digest of the whole classification (evidence texts included), so no log line is copied here.
// UPDATE_SAME_RESULTS=1 rewrites the snapshot: only for a change meant to alter results, with its diff reviewed.
const SNAPSHOTS = join(import.meta.dirname, '..', 'fixtures', 'same-results');
const UPDATE = process.env.UPDATE_SAME_RESULTS === '1';

interface Snapshot {
  json: unknown;
  lines: number;
  omitted: number;
  jobFailedLine: number | null;
  digest: string;
}

// Chunk sizes as the CLI reads a file (1 MiB), as the accuracy harness does (64 KiB), and small and odd, so lines
// cross chunk boundaries often.
const CHUNKS = [1 << 20, 65536, 4099];

const sets = [
  { name: 'corpus', dir: CORPUS_DIR, exitCode: true },
  { name: 'external', dir: EXTERNAL_DIR, exitCode: false },
] as const;

function classify(dir: string, id: string, exitCode: boolean, chunk: number): Classification {
  const label = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')) as { abs_prefix?: string; exit_code?: number };
  const c = new Classifier({
    ...(label.abs_prefix ? { roots: [label.abs_prefix] } : {}),
    ...(exitCode && label.exit_code !== undefined ? { exitCode: label.exit_code } : {}),
  });
  const bytes = readFileSync(join(dir, `${id}.log`));
  for (let i = 0; i < bytes.length; i += chunk) c.pushBytes(bytes.subarray(i, i + chunk));
  return c.end();
}

function snapshot(r: Classification): Snapshot {
  return {
    json: toJson(r),
    lines: r.lines,
    omitted: r.omitted,
    jobFailedLine: r.jobFailed?.line ?? null,
    digest: createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 16),
  };
}

for (const set of sets) {
  const ids = caseIds(set.dir);
  const file = join(SNAPSHOTS, `${set.name}.json`);
  describe(`${set.name}: every log classifies as before the speed work`, () => {
    if (ids.length === 0) {
      it.skip(`no ${set.name} cases at ${set.dir} (../shared is absent): nothing to compare`, () => {});
      return;
    }
    if (UPDATE) {
      it('writes the snapshot', () => {
        const all: Record<string, Snapshot> = {};
        for (const id of ids) all[id] = snapshot(classify(set.dir, id, set.exitCode, CHUNKS[0]!));
        mkdirSync(SNAPSHOTS, { recursive: true });
        writeFileSync(file, `${JSON.stringify(all, null, 1)}\n`);
      });
      return;
    }
    const expected = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Snapshot>) : {};
    it('the snapshot holds every case', () => {
      expect(Object.keys(expected).sort()).toEqual(ids);
    });
    it.each(ids)('%s', (id) => {
      for (const chunk of CHUNKS) {
        expect(snapshot(classify(set.dir, id, set.exitCode, chunk)), `${id} in chunks of ${chunk} bytes`).toEqual(expected[id]);
      }
    });
  });
}
