import yauzl from 'yauzl';
import { JUnitReader, parseCtrf, type ReportedCase } from '../../src/reports/index.ts';
import { fromAnnotationDetails } from '../ci/ci-failure.ts';
import { classifyGitHubError } from '../github/github-answer.ts';
import type { GitHub, RepoRef } from '../github/repo-ref.ts';

/**
 * Every test result a finished workflow run shows (issue 15, "History"): the test reports its workflow uploaded as
 * artifacts (JUnit XML or CTRF JSON, read by the same readers as the Action's `reports:`), else the failures the
 * Punchlist Action posted on the run's commit (its annotations' `raw_details`), which name failed tests only.
 */

/** A finished workflow run whose results are collected. */
export interface RunRef extends RepoRef {
  runId: number;
  attempt: number;
  headSha: string;
}

/** One test's result in a run, with where it was read. */
export interface RunResult {
  test: string;
  suite?: string;
  file?: string;
  tool: string;
  outcome: ReportedCase['outcome'];
  source: 'report' | 'check-run';
}

/** Bounds on what a run may make the App download and read. */
export interface CollectLimits {
  /** Artifacts opened per run (the ones whose names say "test", "junit", "report", "ctrf" or "results"). */
  maxArtifacts: number;
  /** Bytes of one artifact's zip; a larger one is skipped with a note. */
  maxArtifactBytes: number;
  /** Uncompressed bytes read from one file of an artifact; the rest of that file is not read. */
  maxFileBytes: number;
  /** Results kept per run; the rest are counted in a note. */
  maxResults: number;
}

export const DEFAULT_COLLECT_LIMITS: CollectLimits = {
  maxArtifacts: 10,
  maxArtifactBytes: 50 * 1024 * 1024,
  maxFileBytes: 100 * 1024 * 1024,
  maxResults: 100_000,
};

/** The name of the Action's check run (action.yml's `check-name` default). */
export const ACTION_CHECK_NAME = 'punchlist';

/** Artifact names that hold test reports by the conventions of the report-publishing Actions and upload examples. */
const REPORT_ARTIFACT = /test|junit|report|ctrf|results|surefire/i;
const REPORT_FILE = /\.(xml|json)$/i;

/** What was collected, and one line per thing that could not be read. */
export interface Collected {
  results: RunResult[];
  /** Where the results came from: reports, the Action's check run, or nothing readable. */
  source: 'report' | 'check-run' | 'none';
  notes: string[];
}

/**
 * Collects a run's test results. GitHub answers that mean "not there" or "not allowed" (an expired artifact, a
 * token without `actions: read`) become notes; a transient answer (5xx, rate limit) is thrown, so the step that
 * called this is retried as every GitHub step is.
 */
export async function collectRunResults(github: GitHub, run: RunRef, limits: CollectLimits = DEFAULT_COLLECT_LIMITS): Promise<Collected> {
  const notes: string[] = [];
  const results: RunResult[] = [];
  const keep = (r: RunResult): void => {
    if (results.length < limits.maxResults) results.push(r);
    else dropped++;
  };
  let dropped = 0;
  const repo = { owner: run.owner, repo: run.repo };
  const artifacts = await permanentAsNote(notes, 'list the run\'s artifacts', () =>
    github.paginate(github.rest.actions.listWorkflowRunArtifacts, { ...repo, run_id: run.runId, per_page: 100 }),
  );
  const candidates = (artifacts ?? []).filter((a) => !a.expired && REPORT_ARTIFACT.test(a.name));
  for (const artifact of candidates.slice(0, limits.maxArtifacts)) {
    if (artifact.size_in_bytes > limits.maxArtifactBytes) {
      notes.push(`Artifact "${artifact.name}" is ${artifact.size_in_bytes} bytes, over the ${limits.maxArtifactBytes} read: skipped`);
      continue;
    }
    const response = await permanentAsNote(notes, `download artifact "${artifact.name}"`, () =>
      github.rest.actions.downloadArtifact({ ...repo, artifact_id: artifact.id, archive_format: 'zip' }),
    );
    if (!response) continue;
    const bytes = toBuffer(response.data);
    if (!bytes) {
      notes.push(`Artifact "${artifact.name}" came back in a form that is not a zip: skipped`);
      continue;
    }
    try {
      await readReports(bytes, limits, (c) => keep({ ...c, source: 'report' }), (line) => notes.push(`${artifact.name}: ${line}`));
    } catch (error) {
      notes.push(`Artifact "${artifact.name}" is not a readable zip: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (candidates.length > limits.maxArtifacts) notes.push(`${candidates.length - limits.maxArtifacts} more report artifacts were not read`);
  if (results.length > 0 || dropped > 0) {
    if (dropped > 0) notes.push(`${dropped} more results than the ${limits.maxResults} kept were not recorded`);
    return { results, source: 'report', notes };
  }

  // No report: the failures the Action posted for this commit, by test name.
  const checks = await permanentAsNote(notes, 'list the commit\'s check runs', () =>
    github.paginate(github.rest.checks.listForRef, { ...repo, ref: run.headSha, check_name: ACTION_CHECK_NAME, filter: 'latest', per_page: 100 }),
  );
  for (const check of (checks ?? []).filter((c) => c.status === 'completed')) {
    const annotations = await permanentAsNote(notes, `read the annotations of check run ${check.id}`, () =>
      github.paginate(github.rest.checks.listAnnotations, { ...repo, check_run_id: check.id, per_page: 100 }),
    );
    for (const a of annotations ?? []) {
      if (a.annotation_level !== 'failure') continue;
      const failure = fromAnnotationDetails(a.raw_details, check.name);
      if (!failure?.test) continue;
      keep({ test: failure.test, ...(failure.file ? { file: failure.file } : {}), tool: failure.tool ?? 'unknown', outcome: 'failed', source: 'check-run' });
    }
  }
  return { results, source: results.length > 0 ? 'check-run' : 'none', notes };
}

/** Runs a GitHub call; a permanent answer (403, 404, 410) becomes a note and undefined, anything else is thrown. */
async function permanentAsNote<T>(notes: string[], what: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    const answer = classifyGitHubError(error);
    if (answer.kind !== 'permanent') throw error;
    notes.push(`Cannot ${what}: ${answer.reason}`);
    return undefined;
  }
}

function toBuffer(data: unknown): Buffer | null {
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/**
 * Reads every `.xml` and `.json` file of an artifact's zip as a JUnit or CTRF report, one entry at a time.
 * A JSON file that is not CTRF, or XML without test cases, adds nothing; a malformed report adds what it holds
 * before the damage and one note.
 */
export async function readReports(zipBytes: Buffer, limits: Pick<CollectLimits, 'maxFileBytes'>, onCase: (c: ReportedCase) => void, note: (line: string) => void): Promise<void> {
  const zip = await yauzl.fromBufferPromise(zipBytes, { lazyEntries: true, strictFileNames: false });
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/') || entry.isEncrypted() || !REPORT_FILE.test(entry.fileName)) continue;
      const stream = await zip.openReadStreamPromise(entry);
      const json = /\.json$/i.test(entry.fileName);
      // JUnit XML is streamed into its reader; CTRF is one JSON document, read whole (up to the cap).
      const reader = json ? null : new JUnitReader({ roots: [], onCase });
      const pieces: string[] = [];
      const truncated = await readCapped(stream, limits.maxFileBytes, (text) => (reader ? reader.push(text) : pieces.push(text)));
      if (truncated) note(`${entry.fileName} is over ${limits.maxFileBytes} bytes; read up to there`);
      const warnings = reader ? reader.end().warnings : (parseCtrf(pieces.join(''), { roots: [], onCase })?.warnings ?? []);
      for (const w of warnings) note(`${entry.fileName}: ${w}`);
    }
  } finally {
    zip.close();
  }
}

/** Decodes a stream as UTF-8 into `push`, up to `max` bytes; true when it was cut there. */
async function readCapped(stream: NodeJS.ReadableStream, max: number, push: (text: string) => void): Promise<boolean> {
  const decoder = new TextDecoder('utf-8');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (size + chunk.length > max) {
      push(decoder.decode(chunk.subarray(0, max - size)));
      (stream as unknown as { destroy(): void }).destroy();
      return true;
    }
    size += chunk.length;
    push(decoder.decode(chunk, { stream: true }));
  }
  push(decoder.decode());
  return false;
}
