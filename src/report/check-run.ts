import type { Decision, MarkedFailure } from '../decision/index.ts';
import { testCountsMarkdown, type ClassifiedJob, type ReportCounts } from './job.ts';
import { toCheckRunDetails } from './check-run-details.ts';
import { toMarkdown } from './markdown.ts';
import { markedMessage, markedTitle } from './marks.ts';

/**
 * "The Checks API limits the number of annotations to a maximum of 50 per API request" — GitHub REST docs,
 * POST /repos/{owner}/{repo}/check-runs and PATCH …/check-runs/{check_run_id}, `output.annotations`.
 */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;
/** `output.summary` and `output.text`: "Maximum length: 65535 characters" (same docs). */
export const MAX_OUTPUT_CHARS = 65_535;
/** Annotation `message` and `raw_details` are limited to 64 KB each, `title` to 255 characters (same docs). */
const MAX_ANNOTATION_CHARS = 64 * 1024 - 1;
const MAX_TITLE_CHARS = 255;
/** The test counts take at most a quarter of the summary: the failures and the decision log come first. */
export const MAX_TEST_COUNTS_CHARS = 16_384;

/** One check-run annotation, in GitHub's words. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
  raw_details?: string;
}

/** Everything to send: the check run's conclusion and output, and its annotations in request-sized batches. */
export interface CheckRunPlan {
  conclusion: 'success' | 'failure';
  title: string;
  summary: string;
  /** Batches of at most MAX_ANNOTATIONS_PER_REQUEST: the first goes with the create request, the rest with updates. */
  batches: CheckAnnotation[][];
  /** Annotations beyond the cap, left out (the summary says how many). */
  omitted: number;
}

/** Options for planning a check run. */
export interface PlanOptions {
  /** Most annotations to send in all (GitHub keeps them all; people read the first few). */
  maxAnnotations: number;
  /** Where to attach failures that name no file (the workflow file), or none to leave them to the summary. */
  fallbackPath?: string;
  notes?: readonly string[];
  /** The test reports' counts per suite (flaky tests counted), shown after the failures. */
  tests?: readonly ReportCounts[];
  /** Flaky tests in all, those no suite could be found for included. */
  flakyTests?: number;
}

/** Whether `toAnnotation` makes an annotation of the failure: it needs a path, its own or the fallback. */
function annotated(f: MarkedFailure, fallbackPath?: string): boolean {
  return Boolean(f.file ?? fallbackPath);
}

/** The one place where a failure becomes GitHub's annotation (our `line` is GitHub's `start_line`). */
export function toAnnotation(f: MarkedFailure, fallbackPath?: string): CheckAnnotation | null {
  if (!annotated(f, fallbackPath)) return null;
  const path = (f.file ?? fallbackPath)!;
  const located = f.file !== undefined && f.line !== undefined;
  const start = located ? f.line! : 1;
  const end = located && f.endLine !== undefined && f.endLine >= start ? f.endLine : start;
  const a: CheckAnnotation = {
    path,
    start_line: start,
    end_line: end,
    annotation_level: 'failure',
    title: clip(markedTitle(f), MAX_TITLE_CHARS),
    message: clip(markedMessage(f), MAX_ANNOTATION_CHARS),
    raw_details: clip(JSON.stringify(toCheckRunDetails(f)), MAX_ANNOTATION_CHARS),
  };
  // GitHub accepts columns only on a single-line annotation.
  if (located && start === end && f.column !== undefined) {
    a.start_column = f.column;
    a.end_column = f.endColumn !== undefined && f.endColumn >= f.column ? f.endColumn : f.column;
  }
  return a;
}

/** Whether `decisionAnnotation` makes an annotation of the decision: a failed job, and a path to put it on. */
function decisionAnnotated(d: Decision, fallbackPath?: string): boolean {
  return Boolean(d.file ?? fallbackPath) && d.primary !== null;
}

/** The decision on a job as a notice: concluded class, evidence and next step. */
export function decisionAnnotation(d: Decision, fallbackPath?: string): CheckAnnotation | null {
  if (!decisionAnnotated(d, fallbackPath)) return null;
  const path = (d.file ?? fallbackPath)!;
  const line = d.file && d.line !== undefined ? d.line : 1;
  const evidence = d.evidence ? `\nEvidence (log line ${d.evidence.line}): ${d.evidence.text}` : '';
  return {
    path,
    start_line: line,
    end_line: line,
    annotation_level: 'notice',
    title: clip(`Decision for ${d.job}: ${d.next}`, MAX_TITLE_CHARS),
    message: clip(`${d.reason}${evidence}`, MAX_ANNOTATION_CHARS),
    raw_details: clip(JSON.stringify(d), MAX_ANNOTATION_CHARS),
  };
}

/** Plans the check run for classified jobs: decisions first, then failures, batched and capped. */
export function planCheckRun(jobs: readonly ClassifiedJob[], opts: PlanOptions): CheckRunPlan {
  const failures = jobs.flatMap((j) => j.classification.failures);
  const failed = jobs.some((j) => j.decision.primary !== null);
  // Annotations are made for the first maxAnnotations only (each carries its details as JSON): the others are
  // counted, not made, so a log of thousands of failures costs no more memory here than the cap.
  const max = Math.max(0, opts.maxAnnotations);
  const kept: CheckAnnotation[] = [];
  let omitted = 0;
  const add = (make: () => CheckAnnotation | null): void => {
    if (kept.length >= max) omitted++;
    else {
      const a = make();
      if (a !== null) kept.push(a);
    }
  };
  for (const j of jobs) if (decisionAnnotated(j.decision, opts.fallbackPath)) add(() => decisionAnnotation(j.decision, opts.fallbackPath));
  for (const f of failures) if (annotated(f, opts.fallbackPath)) add(() => toAnnotation(f, opts.fallbackPath));
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < kept.length; i += MAX_ANNOTATIONS_PER_REQUEST) batches.push(kept.slice(i, i + MAX_ANNOTATIONS_PER_REQUEST));
  const notes = [...(opts.notes ?? [])];
  if (omitted > 0) notes.push(`${omitted} annotation${omitted === 1 ? '' : 's'} left out (cap ${opts.maxAnnotations}); every failure is in the table below.`);
  const primaries = jobs.map((j) => j.decision.primary).filter((p) => p !== null);
  const count = failures.length + jobs.reduce((n, j) => n + j.classification.omitted, 0);
  const title = !failed
    ? 'No failures'
    : count === 0
      ? `Failed: ${primaries.join(', ')}`
      : `${count} failure${count === 1 ? '' : 's'}: ${[...new Set(primaries)].join(', ')}${marksInTitle(failures)}`;
  const tests = testCountsMarkdown(opts.tests ?? [], MAX_TEST_COUNTS_CHARS, opts.flakyTests);
  return {
    conclusion: failed ? 'failure' : 'success',
    title: clip(title, MAX_TITLE_CHARS),
    summary: `${toMarkdown(jobs, { maxChars: MAX_OUTPUT_CHARS - tests.length, notes })}${tests}`,
    batches,
    omitted,
  };
}

/** " (1 known flaky, 2 already failing on main)", or nothing when no failure is marked. */
function marksInTitle(failures: readonly MarkedFailure[]): string {
  const flaky = failures.filter((f) => f.mark?.kind === 'flaky').length;
  const refs = [...new Set(failures.flatMap((f) => (f.mark?.kind === 'base_broken' ? [f.mark.ref] : [])))];
  const broken = failures.filter((f) => f.mark?.kind === 'base_broken').length;
  const parts = [flaky > 0 ? `${flaky} known flaky` : '', broken > 0 ? `${broken} already failing on ${refs.join(', ')}` : ''].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
