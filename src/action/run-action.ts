import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { mergeClassifications } from '../classify/index.ts';
import { decide, markFailures, withMarks, type RecoveredTest } from '../decision/index.ts';
import { failuresOutput, MAX_FAILURES_OUTPUT_CHARS, planCheckRun, toMarkdown, testCountsMarkdown, toSarif, toTextByInput, type ClassifiedJob } from '../report/index.ts';
import { MAX_TEST_COUNTS_CHARS } from '../report/check-run.ts';
import { countFlaky, recoveredNote } from '../report/job.ts';
import { markedMessage, markedTitle } from '../report/marks.ts';
import { mergeReported } from '../reports/index.ts';
import { resolveContext } from './context.ts';
import { runAndClassify } from './from-command.ts';
import { classifyLogFiles } from './from-logs.ts';
import { classifyWorkflowRun } from './from-workflow-run.ts';
import { describeRequestError, type GitHubClient } from './github.ts';
import { readHistory } from './history.ts';
import { readInputs } from './inputs.ts';
import { publishCheckRun } from './publish.ts';
import type { ClassifiedLogFile } from './types.ts';

/**
 * The job summary is kept within 65,535 characters, the limit GitHub documents for a check run's `output.summary`,
 * so that the same text fits wherever people read it; the test counts take at most a quarter of it.
 */
const MAX_SUMMARY_CHARS = 65_535;

/** Workflow-command annotation properties, as @actions/core takes them. */
export interface AnnotationProps {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

/** Everything the Action touches outside itself, injected so it can run against stand-ins. */
export interface ActionDeps {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  version: string;
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string, props?: AnnotationProps): void;
  notice(message: string, props?: AnnotationProps): void;
  writeSummary(markdown: string): Promise<void>;
  readEvent(): unknown;
  writeFile(path: string, data: string): Promise<void>;
  /** The REST client for a token (loaded on first use: see createGitHubClient). */
  github(token: string): Promise<GitHubClient>;
  /** Live output of a `run:` command. */
  echo(chunk: Uint8Array): void;
  stdin: Readable;
}

/** Runs the Action; returns the step's exit code (the command's for `run:`, else 0 unless misconfigured). */
export async function runAction(deps: ActionDeps): Promise<number> {
  const read = readInputs((name) => deps.getInput(name));
  if (!read.ok) {
    deps.error(read.error);
    return 1;
  }
  const inputs = read.inputs;
  const context = resolveContext(deps.env, deps.readEvent());
  if (typeof context === 'string') {
    deps.error(context);
    return 1;
  }
  const cwd = inputs.workingDirectory ? resolve(deps.cwd, inputs.workingDirectory) : deps.cwd;
  const roots = [cwd, ...(deps.env.GITHUB_WORKSPACE ? [deps.env.GITHUB_WORKSPACE] : [])];
  const notes: string[] = [];
  let headSha = context.headSha;
  let exitCode = 0;
  let logs: ClassifiedLogFile[];

  const source = inputs.source;
  if (source?.kind === 'logs') {
    const found = await classifyLogFiles(source.patterns, cwd, { roots }, deps.stdin);
    logs = found.logs;
    for (const reason of found.unreadable) deps.warning(reason);
    if (found.files === 0) deps.warning(`No log file matched ${source.patterns.map((p) => `"${p}"`).join(', ')} in ${cwd}: nothing to classify`);
  } else if (source?.kind === 'run') {
    const ran = await runAndClassify(source.command, cwd, { roots }, deps.echo, { ...process.env });
    logs = [ran.log];
    exitCode = ran.exitCode;
  } else if (source?.kind === 'workflow-run') {
    try {
      const run = await classifyWorkflowRun(await deps.github(inputs.githubToken), context.owner, context.repo, source.runId, { roots });
      logs = run.logs;
      headSha = run.headSha;
    } catch (e) {
      deps.warning(`Cannot read the jobs of workflow run ${source.runId}: ${describeRequestError(e)}`);
      if (inputs.reports.length === 0) return 0;
      logs = [];
    }
  } else {
    logs = [];
  }
  if (inputs.reports.length > 0) {
    const found = await classifyLogFiles(inputs.reports, cwd, { roots }, deps.stdin);
    for (const reason of found.unreadable) deps.warning(reason);
    if (found.files === 0) deps.warning(`No test report matched ${inputs.reports.map((p) => `"${p}"`).join(', ')} in ${cwd}`);
    logs.push(...found.logs);
  }
  if (logs.length === 0) {
    if (source?.kind !== 'logs' || inputs.reports.length > 0) deps.warning('Nothing to classify: no log or test report was read');
    return exitCode;
  }
  // A failure that a test report and a log both show is one failure.
  logs = mergeReported(logs);

  // What GitHub keeps (earlier attempts, the base branch) marks known-flaky and already-broken failures.
  const marked = inputs.history ? await markFromHistory(deps, inputs, context, source?.kind === 'workflow-run', headSha, logs) : { logs, recovered: [], notices: [] };
  logs = marked.logs;
  notes.push(...marked.notices);
  const recovered = recoveredNote(marked.recovered);
  if (recovered) notes.push(recovered);

  const jobs: ClassifiedJob[] = logs.map((l) => ({ name: l.name, classification: l.classification, decision: decide(l.name, l.classification) }));
  const merged = mergeClassifications(logs.map((l) => l.classification));
  deps.info(toTextByInput(logs, { color: true }));

  // Outputs first: whatever happens to the reporting below, the classified result is never hidden.
  deps.setOutput('primary-class', merged.primary ?? '');
  deps.setOutput('failure-count', String(merged.failures.length + merged.omitted));
  const failuresOut = failuresOutput(merged.failures);
  deps.setOutput('failures', failuresOut.json);
  if (failuresOut.count < merged.failures.length) {
    deps.info(`The failures output holds the first ${failuresOut.count} of ${merged.failures.length} failures (${MAX_FAILURES_OUTPUT_CHARS} characters of JSON: GitHub keeps at most 1 MB of a job's outputs); failure-count counts them all.`);
  }
  const decisionLog = join(deps.env.RUNNER_TEMP || tmpdir(), `punchlist-decisions-${deps.env.GITHUB_RUN_ID ?? process.pid}-${deps.env.GITHUB_JOB ?? 'job'}.jsonl`);
  const at = new Date().toISOString();
  await attempt(deps, 'write the decision log', () =>
    deps.writeFile(
      decisionLog,
      [...jobs.map((j) => ({ at, check: inputs.checkName, headSha, ...j.decision })), ...marked.notices.map((notice) => ({ at, check: inputs.checkName, headSha, notice }))]
        .map((entry) => `${JSON.stringify(entry)}\n`)
        .join(''),
    ),
  );
  deps.setOutput('decision-log', decisionLog);
  if (inputs.sarif) {
    const sarifPath = resolve(cwd, inputs.sarif);
    await attempt(deps, `write SARIF to ${sarifPath}`, () =>
      deps.writeFile(sarifPath, `${JSON.stringify(toSarif(logs.map((l) => ({ ...(l.path ? { log: l.path } : {}), classification: l.classification })), deps.version), null, 2)}\n`),
    );
  }

  const flaky = [...jobs.flatMap((j) => j.classification.failures.filter((f) => f.mark?.kind === 'flaky')), ...marked.recovered];
  const tests = countFlaky(logs.flatMap((l) => (l.report ? [{ name: l.name, suites: l.report.suites }] : [])), flaky);
  const plan = planCheckRun(jobs, {
    maxAnnotations: inputs.maxAnnotations,
    ...(context.workflowPath ? { fallbackPath: context.workflowPath } : {}),
    notes: marked.notices.concat(recovered ? [recovered] : []),
    tests,
    flakyTests: flaky.length,
  });
  const published = await publishCheckRun(await deps.github(inputs.githubToken), { owner: context.owner, repo: context.repo, headSha, name: inputs.checkName }, plan);
  if (published.ok) {
    const found = published.adopted ? ', found again by its external_id after an answer was lost' : '';
    deps.info(`Check run "${inputs.checkName}" on ${headSha.slice(0, 7)}: ${plan.title} (${published.requests} request${published.requests === 1 ? '' : 's'}${found}) ${published.url}`);
  } else {
    const why = published.forbidden
      ? `Punchlist cannot write a check run (${published.reason}); this token lacks "checks: write", as on a fork's pull request. Failures are annotated with workflow commands instead.`
      : `Punchlist could not publish its check run (${published.reason}). Failures are annotated with workflow commands instead.`;
    deps.warning(why);
    notes.push(why);
    annotateWithCommands(deps, jobs, inputs.maxAnnotations);
  }

  if (deps.env.GITHUB_STEP_SUMMARY) {
    const counts = testCountsMarkdown(tests, MAX_TEST_COUNTS_CHARS, flaky.length);
    await attempt(deps, 'write the job summary', () =>
      deps.writeSummary(`${toMarkdown(jobs, { maxChars: MAX_SUMMARY_CHARS - counts.length, notes })}${counts}`),
    );
  }
  return exitCode;
}

/**
 * Reads this job's earlier attempts (attempt 2 and up; not in `workflow-run-id` mode, whose attempts are another
 * run's) and, when something failed, the base branch's check runs; returns the inputs with their failures marked.
 */
async function markFromHistory(
  deps: ActionDeps,
  inputs: { githubToken: string; checkName: string },
  context: Exclude<ReturnType<typeof resolveContext>, string>,
  otherRun: boolean,
  headSha: string,
  logs: ClassifiedLogFile[],
): Promise<{ logs: ClassifiedLogFile[]; recovered: RecoveredTest[]; notices: string[] }> {
  const failures = logs.flatMap((l) => l.classification.failures);
  const readTests = logs.some((l) => l.report);
  const attempts =
    !otherRun && context.runId !== undefined && context.runAttempt !== undefined && context.runAttempt > 1 && (failures.length > 0 || readTests)
      ? { runId: context.runId, attempt: context.runAttempt, ...(context.runnerName ? { runnerName: context.runnerName } : {}) }
      : undefined;
  const baseRef = failures.length > 0 ? context.baseRef : undefined;
  if (!attempts && !baseRef) return { logs, recovered: [], notices: [] };
  const read = await readHistory(await deps.github(inputs.githubToken), {
    owner: context.owner,
    repo: context.repo,
    checkName: inputs.checkName,
    headSha,
    ...(attempts ? { attempts } : {}),
    ...(baseRef ? { baseRef } : {}),
  });
  for (const n of read.notices) deps.info(n);
  const { marks, recovered } = markFailures(failures, read.history, { readTests });
  let at = 0;
  const out = logs.map((l) => {
    const own = marks.slice(at, (at += l.classification.failures.length));
    return own.some(Boolean) ? { ...l, classification: { ...l.classification, failures: withMarks(l.classification.failures, own) } } : l;
  });
  const count = marks.filter(Boolean).length;
  const compared = [
    ...read.history.attempts.map((a) => `attempt ${a.attempt}`),
    ...(read.history.base ? [`${read.history.base.ref} at ${read.history.base.sha.slice(0, 7)}`] : baseRef ? [`no "${inputs.checkName}" check run on ${baseRef}'s recent commits`] : []),
  ];
  deps.info(
    `History (${read.requests} request${read.requests === 1 ? '' : 's'}; ${compared.join(', ') || 'nothing to compare'}): ${count} failure${count === 1 ? '' : 's'} marked, ${recovered.length} test${recovered.length === 1 ? '' : 's'} passing after an earlier failure.`,
  );
  return { logs: out, recovered, notices: read.notices };
}

function annotateWithCommands(deps: ActionDeps, jobs: readonly ClassifiedJob[], cap: number): void {
  let sent = 0;
  for (const j of jobs) {
    if (j.decision.primary !== null) {
      deps.notice(`${j.decision.reason}${j.decision.evidence ? ` Evidence: ${j.decision.evidence.text}` : ''}`, {
        title: `Decision for ${j.name}: ${j.decision.next}`,
        ...(j.decision.file ? { file: j.decision.file, ...(j.decision.line !== undefined ? { startLine: j.decision.line } : {}) } : {}),
      });
    }
    for (const f of j.classification.failures) {
      if (sent++ >= cap) return;
      deps.error(markedMessage(f), {
        title: markedTitle(f),
        ...(f.file ? { file: f.file } : {}),
        ...(f.file && f.line !== undefined ? { startLine: f.line } : {}),
        ...(f.file && f.endLine !== undefined ? { endLine: f.endLine } : {}),
        ...(f.file && f.line !== undefined && f.column !== undefined ? { startColumn: f.column } : {}),
      });
    }
  }
}

async function attempt(deps: ActionDeps, what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    deps.warning(`Could not ${what}: ${(e as Error).message.split('\n')[0]}`);
  }
}
