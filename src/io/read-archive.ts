import yauzl from 'yauzl';
import { Classifier, mergeClassifications, type Classification, type ClassifyOptions } from '../classify/index.ts';

/** One job of a log archive, classified. */
export interface ArchiveJob {
  job: string;
  classification: Classification;
}

// GitHub's log archive ("Download log archive" of a run, or GET /repos/{owner}/{repo}/actions/runs/{id}/logs):
// one file per job at the top level, `N_<job>.txt`, and a folder per job with one file per step,
// `<job>/N_<step>.txt` (plus `<job>/system.txt`, which is no step).
const JOB_FILE = /^(\d+)_(.+)\.txt$/;
const STEP_FILE = /^([^/]+)\/(\d+)_([^/]+)\.txt$/;

interface Numbered {
  n: number;
  name: string;
  entry: yauzl.Entry;
}

/**
 * Classifies each job of a zip archive: its top-level job file when there is one, else its step files in step
 * order, each classified with the step's name as its unit and merged. A zip laid out otherwise has each of its
 * files classified as a log. Entries are streamed one at a time, so memory stays flat whatever the size.
 */
export async function classifyArchive(path: string, options: ClassifyOptions): Promise<ArchiveJob[]> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: false });
  try {
    const jobFiles = new Map<string, Numbered>();
    const steps = new Map<string, Numbered[]>();
    const others: yauzl.Entry[] = [];
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/') || entry.isEncrypted()) continue;
      const name = entry.fileName.replace(/\\/g, '/');
      const job = JOB_FILE.exec(name);
      const step = STEP_FILE.exec(name);
      if (job && !name.includes('/')) jobFiles.set(job[2]!, { n: Number(job[1]), name: job[2]!, entry });
      else if (step) {
        const list = steps.get(step[1]!) ?? [];
        list.push({ n: Number(step[2]), name: step[3]!, entry });
        steps.set(step[1]!, list);
      } else others.push(entry);
    }
    // The exit code of one step says nothing of which job or step of the archive failed: their runner lines do.
    const { exitCode: _exitCode, ...perJob } = options;
    const jobs: ArchiveJob[] = [];
    for (const job of [...jobFiles.values()].sort(byNumberThenName)) {
      jobs.push({ job: job.name, classification: await classifyEntry(zip, job.entry, perJob) });
    }
    for (const [job, list] of [...steps].sort(([a], [b]) => a.localeCompare(b))) {
      if (jobFiles.has(job)) continue;
      const parts: Classification[] = [];
      for (const step of list.sort(byNumberThenName)) parts.push(await classifyEntry(zip, step.entry, { ...perJob, unit: step.name }));
      jobs.push({ job, classification: mergeClassifications(parts) });
    }
    if (jobFiles.size === 0 && steps.size === 0) {
      // Not GitHub's layout: every file is a log of its own.
      for (const entry of others) jobs.push({ job: entry.fileName, classification: await classifyEntry(zip, entry, perJob) });
    }
    return jobs;
  } finally {
    zip.close();
  }
}

async function classifyEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, options: ClassifyOptions): Promise<Classification> {
  const classifier = new Classifier(options);
  const stream = await zip.openReadStreamPromise(entry);
  for await (const chunk of stream) classifier.pushBytes(chunk as Uint8Array);
  return classifier.end();
}

function byNumberThenName(a: Numbered, b: Numbered): number {
  return a.n - b.n || a.name.localeCompare(b.name);
}
