import type { EvidenceLine, FailedUnit, LocatedFinding, UnitName } from '../../failure.ts';
import { ev, type LineContext, type ParserDef, type ParserSink } from '../../parser.ts';
import { unitLine } from './unit-lines.ts';

// A runner annotation that carries a location in its text: `##[error]pkg/x.go:12:3: msg` (golangci-lint,
// staticcheck, actionlint and others speak only this way), or MSBuild's `X.cs(12,5): msg`.
const LOCATED = /^((?:[A-Za-z]:)?[\w.@+\\/-]*[\w-]\.[A-Za-z0-9]{1,10}):(\d+)(?::(\d+))?:?\s+(\S.*)$/;
const LOCATED_PAREN = /^((?:[A-Za-z]:)?[\w.@+\\/-]*[\w-]\.[A-Za-z0-9]{1,10})\((\d+)(?:,(\d+))?\):\s*(\S.*)$/;
// Lines of a `run:` step's group that are the runner's settings, not the script.
const STEP_SETTING = /^(?:shell|env|with|working-directory): ?/;
const GHA_EXIT = /^Process completed with exit code (\d+)\.$/;
const GHA_JOB_END = /^(?:Post job cleanup\.|Cleaning up orphan processes)$/;
const TRAVIS_VERDICT = /^The command "([\s\S]{1,2000}?)" (?:exited with (\d+)|failed and exited with (\d+) during \w*)\.$/;
const DOLLAR = /^\$ (\S.*)$/;
// A service refusing credentials or permissions: HTTP 401/403 in the words registries, forges and clouds use.
const REFUSED = /\b(?:401 Unauthorized|403 Forbidden|Unauthorized|Forbidden|ENEEDAUTH|E401|E403|[Pp]ermission denied|[Aa]uthentication (?:failed|required)|denied: requested access|not authorized|Bad credentials|[Ii]nvalid (?:token|credentials)|Resource not accessible by integration)\b/;
const MAX_BODY_LINES = 20;
const MAX_RECENT_COMMANDS = 64;
const MAX_FINDINGS = 500;
const MAX_INNER = 50;

interface Span {
  start: number;
  outer: UnitName | null;
  /**
   * The `##[group]Run …` line of a GitHub step, 0 for other spans: the engine keeps the lines after it (the step's
   * script), read only if the step fails (see #name).
   */
  group: number;
  /** Made on the first (most spans, a step that passed, have none). */
  inner: UnitName[] | null;
  /** The script last started in the span (`> app@1.0.0 lint`), its command read from the line after it. */
  running: UnitName | null;
  /** Made on the first, as `inner`. */
  findings: LocatedFinding[] | null;
  failed: EvidenceLine | null;
  refused: EvidenceLine | null;
}

/**
 * Units of work in a CI log and whether they failed: GitHub Actions steps (`##[group]Run …` to
 * `##[error]Process completed with exit code N.`), Travis commands (`The command "…" exited with N.`), and,
 * inside them or in a log without runner structure, the scripts, tasks, goals, targets, environments and hooks
 * that wrappers name when they fail (see unit-lines.ts). Each failed unit goes to the engine, which explains it by
 * its name when no tool's parser found a failure inside it. Also the runner's annotations with a location.
 */
export const units: ParserDef = {
  name: 'units',
  description: 'Units of work that failed: GitHub Actions steps, Travis commands, GitLab/Jenkins jobs, npm/pnpm/yarn scripts, Gradle tasks, Maven goals, make targets, tox envs, nox sessions, rake tasks, pre-commit hooks, just recipes, Docker RUN steps, Lerna/Turbo tasks; located `##[error]` annotations',
  url: 'https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-an-error-message',
  // The runner's step and annotation lines come by their markers; the rest by what unit-lines.ts reads.
  markers: ['group', 'endgroup', 'error', 'warning'],
  trigger: new RegExp(
    [
      String.raw`^> \S`, String.raw`^Process completed with exit code`, String.raw`^(?:Post job cleanup\.|Cleaning up orphan processes)$`,
      String.raw`^The command "`, String.raw`^\$ \S`, String.raw`^npm (?:ERR!|error) `, String.raw`ELIFECYCLE`, String.raw`ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL`,
      String.raw`^error Command failed with exit code`, String.raw`: \*\*\* \[`, String.raw`^Execution failed for task`, String.raw`^> Task :\S+ FAILED$`,
      String.raw`Failed to execute goal`, String.raw`: commands failed$`, String.raw`: FAIL (?:code|✖)`, String.raw`^ERROR: InvocationError for command`,
      String.raw`^nox > Session`, String.raw`^Tasks: TOP`, String.raw`^Command failed with status`, String.raw`\.Failed$`, String.raw`^- hook id: `,
      String.raw`^error: Recipe \``, String.raw`failed to solve`, String.raw`returned a non-zero code`, String.raw`executor failed running`, String.raw`^lerna ERR!`,
      String.raw`Running target`, String.raw`exited \(\d+\)`, String.raw`^ERROR: Job failed`, String.raw`^Finished: FAILURE$`, String.raw`script returned exit code`,
      String.raw`Error (?:cloning|fetching) remote repo`, String.raw`Connection was broken`, String.raw`FATAL: command execution failed`, String.raw`ChannelClosedException`,
      REFUSED.source,
    ].join('|'),
  ),
  keywords: [
    '##[group]', '##[error]', 'Process completed with exit code', '##[warning]', '::error', '::warning', 'Post job cleanup.',
    'Cleaning up orphan processes', 'The command "', '$ ', '^> ', 'npm ERR!', 'npm error ', 'ELIFECYCLE', 'ERR_PNPM_',
    'error Command failed with exit code', '*** [', 'Execution failed for task', '> Task :', 'Failed to execute goal',
    ': commands failed', ': FAIL ', 'InvocationError for command', 'nox > Session', 'Tasks: TOP', 'Command failed with status',
    '.Failed', '- hook id: ', 'error: Recipe `', 'failed to solve', 'returned a non-zero code', 'executor failed running',
    'lerna ERR!', 'Running target', 'exited (', 'ERROR: Job failed', 'Finished: FAILURE', 'script returned exit code',
    'Error cloning remote repo', 'Error fetching remote repo', 'Connection was broken', 'FATAL: command execution failed',
    'ChannelClosedException', 'Unauthorized', 'Forbidden', 'ENEEDAUTH', 'E401', 'E403', 'ermission denied',
    'uthentication failed', 'uthentication required', 'denied: requested access', 'not authorized', 'Bad credentials',
    'nvalid token', 'nvalid credentials', 'Resource not accessible by integration',
  ],
  create(sink) {
    return new UnitTracker(sink);
  },
};

class UnitTracker {
  readonly #sink: ParserSink;
  // `github` or `travis` once the runner's structure is seen; until then the whole log is one unit.
  #structure: 'github' | 'travis' | null = null;
  #span: Span = newSpan(1, null);
  // Recently echoed commands (`$ cmd`), for the Travis command a verdict names and the GitLab command that failed.
  readonly #commands: { text: string; line: number }[] = [];
  // The npm/pnpm script header last printed (`> pkg@1.0.0 lint`), for pnpm's bare `ELIFECYCLE` line.
  #script: UnitName | null = null;
  // A unit line that needs the next lines to name it (pre-commit's `…Failed` before its `- hook id:`).
  #pending: { unit: UnitName; left: number } | null = null;

  constructor(sink: ParserSink) {
    this.#sink = sink;
  }

  feed(text: string, ctx: LineContext): boolean {
    const span = this.#span;
    // The script ends at its group's end at the latest: what follows is not worth keeping.
    if (ctx.marker === 'endgroup' && span.group > 0) this.#sink.stopKeeping();
    if (ctx.marker === 'group') {
      if (text.startsWith('Run ')) this.#startStep(text, ctx);
      return this.#open();
    }
    if (GHA_JOB_END.test(text)) {
      if (this.#structure === 'github') this.#closeStep(ctx.n - 1, ctx.n);
      return this.#open();
    }
    if (span.refused === null && REFUSED.test(text)) span.refused = ev(text, ctx);
    if (ctx.marker === 'error' || ctx.marker === 'warning') {
      this.#annotation(text, ctx);
      return this.#open();
    }
    const verdict = text.startsWith('The command "') ? TRAVIS_VERDICT.exec(text) : null;
    if (verdict) {
      this.#travis(verdict, ctx);
      return this.#open();
    }
    const dollar = DOLLAR.exec(text);
    if (dollar) {
      this.#commands.push({ text: dollar[1]!, line: ctx.n });
      if (this.#commands.length > MAX_RECENT_COMMANDS) this.#commands.shift();
      return this.#open();
    }
    // npm's header is followed by the script's command: `> app@1.0.0 lint` / `> eslint .`.
    const running = span.running;
    if (running && running.command === undefined && running.evidence.line === ctx.n - 1 && text.startsWith('> ')) {
      running.command = text.slice(2).trim();
      return this.#open();
    }
    const read = unitLine(text, ctx, this.#pending?.unit ?? null);
    if (read.kind === 'script') {
      this.#script = read.unit;
      span.running = { ...read.unit };
    } else if (read.kind === 'pending') this.#pending = { unit: read.unit, left: 3 };
    else if (read.kind === 'failed') {
      this.#pending = null;
      this.#inner(this.#named(read.unit, read.tool, ctx), ctx, text);
    } else if (read.kind === 'job-failed') this.#failed(ev(text, ctx));
    else if (read.kind === 'runner') {
      this.#sink.emit({ class: read.class, message: text, tool: read.tool, evidence: [ev(text, ctx)] });
      this.#failed(ev(text, ctx));
    } else if (this.#pending && --this.#pending.left <= 0) {
      // The naming line did not come: the unit failed under its first name.
      this.#inner(this.#pending.unit, ctx, this.#pending.unit.evidence.text);
      this.#pending = null;
    }
    return this.#open();
  }

  end(): void {
    if (this.#pending) this.#inner(this.#pending.unit, { n: this.#pending.unit.evidence.line, marker: null, props: null }, this.#pending.unit.evidence.text);
    this.#pending = null;
    // Without runner structure the log is one unit, failed when something in it said so; it runs to the log's
    // end, which only the engine knows (this parser does not see every line).
    this.#report(this.#span, Number.MAX_SAFE_INTEGER, Infinity);
  }

  #open(): boolean {
    return this.#pending !== null;
  }

  // pnpm's `ELIFECYCLE  Command failed` names no script, npm's `command sh -c x` only its command: the last
  // script header names it.
  #named(unit: UnitName | null, tool: string, ctx: LineContext): UnitName {
    if (unit?.kind === 'npm-command') return this.#script ? { ...this.#script, command: unit.name, evidence: unit.evidence } : { ...unit, kind: 'npm-script' };
    if (unit) return unit;
    if (tool === 'pnpm' && this.#script) return { ...this.#script, tool };
    const command = this.#commands.at(-1);
    // yarn v1 echoes the script's command as `$ cmd` before running it.
    if (tool === 'yarn' && command) return { kind: 'yarn-script', name: command.text, tool, evidence: { line: command.line, text: `$ ${command.text}` } };
    return { kind: `${tool}-script`, name: '', tool, evidence: { line: ctx.n, text: '' } };
  }

  #startStep(text: string, ctx: LineContext): void {
    const step = newSpan(ctx.n, { kind: 'step', name: text.slice(4).trim(), tool: 'github-actions', evidence: ev(text, ctx) });
    step.group = ctx.n;
    if (this.#structure === 'github') this.#closeStep(ctx.n - 1, ctx.n, step);
    else {
      // Whatever came before the first step (the runner's set-up) is its own unit.
      if (this.#structure === null) this.#report(this.#span, ctx.n - 1, ctx.n);
      this.#span = step;
    }
    this.#structure = 'github';
    // Until the group's end, which the engine finds in the raw bytes: its lines need not wake this parser.
    this.#sink.keep(UNTIL_GROUP_END);
    this.#script = null;
  }

  // The group shows the whole script; its `Run` line showed only the first line of it. The script is read from the
  // lines the engine kept after the group line, only for a step that failed: it runs to the group's end, the
  // runner's settings (`shell: …`), MAX_BODY_LINES non-blank lines, or the end of what was kept (KEEP_LINES). A
  // span closed by a line before any of these (`through`, read as part of the script) keeps its `Run` name; at the
  // log's end (`through` Infinity) the script ends whatever.
  #name(span: Span, through: number): void {
    if (span.group === 0 || span.outer === null) return;
    const lines = this.#sink.kept(through);
    let ended = through === Infinity || lines.length < through - span.group;
    const body: string[] = [];
    for (const { text, ctx } of lines) {
      if (ctx.marker === 'endgroup' || body.length >= MAX_BODY_LINES || STEP_SETTING.test(text)) {
        ended = true;
        break;
      }
      if (text.trim() !== '') body.push(text.trim());
    }
    if (ended && body.length > 0) span.outer.name = body.join(' ; ');
  }

  // `following`: the span that begins at line `next` (a new step's), else one without a name.
  #closeStep(end: number, next: number, following: Span | null = null): void {
    this.#report(this.#span, end, next);
    if (this.#span.group > 0) this.#sink.forget();
    this.#span = following ?? newSpan(next, null);
  }

  #annotation(text: string, ctx: LineContext): void {
    const span = this.#span;
    const finding = located(text, ctx);
    if (finding && (span.findings?.length ?? 0) < MAX_FINDINGS) (span.findings ??= []).push(finding);
    if (ctx.marker !== 'error') return;
    const exit = GHA_EXIT.exec(text);
    if (exit && exit[1] === '0') return;
    // `core.setFailed(msg)` is only this line: it is the step's failure and its message.
    this.#failed(ev(text, ctx));
    this.#sink.jobFailed(ev(text, ctx));
  }

  #travis(verdict: RegExpExecArray, ctx: LineContext): void {
    this.#structure = 'travis';
    const command = verdict[1]!;
    const code = Number(verdict[2] ?? verdict[3] ?? 1);
    const echoed = this.#commands.findLast((c) => c.text === command && c.line >= this.#span.start);
    const span = this.#span;
    // A GitHub step's script no longer names this span.
    if (span.group > 0) this.#sink.forget();
    span.group = 0;
    span.outer = { kind: 'step', name: command, tool: 'travis', evidence: echoed ? { line: echoed.line, text: `$ ${echoed.text}` } : ev(verdict[0], ctx) };
    if (echoed) span.start = echoed.line;
    if (code !== 0) this.#failed(ev(verdict[0], ctx));
    else span.failed = null;
    this.#report(span, ctx.n, ctx.n);
    this.#span = newSpan(ctx.n + 1, null);
  }

  #inner(unit: UnitName, ctx: LineContext, line: string): void {
    const span = this.#span;
    if ((span.inner?.length ?? 0) < MAX_INNER) (span.inner ??= []).push(unit);
    this.#failed(unit.evidence.text === '' ? ev(line, ctx) : unit.evidence);
  }

  #failed(evidence: EvidenceLine): void {
    this.#span.failed ??= evidence;
  }

  /** `through`: the line being read when the span closes (see #name). */
  #report(span: Span, end: number, through: number): void {
    if (span.failed === null || end < span.start) return;
    this.#name(span, through);
    // A job that ends on GitLab's or Jenkins' verdict failed in the command it ran last.
    const outer = span.outer ?? this.#lastCommand(span);
    const unit: FailedUnit = {
      start: span.start,
      end,
      inner: (span.inner ?? []).filter((u) => u.name !== ''),
      ...(span.running ? { running: span.running } : {}),
      outer,
      evidence: span.failed,
      ...(span.refused ? { refused: span.refused } : {}),
      findings: span.findings ?? [],
    };
    this.#sink.jobFailed(span.failed);
    this.#sink.unitFailed(unit);
  }

  #lastCommand(span: Span): UnitName | null {
    const c = this.#commands.findLast((x) => x.line >= span.start && x.line <= (span.failed?.line ?? Infinity));
    return c ? { kind: 'command', name: c.text, tool: 'shell', evidence: { line: c.line, text: `$ ${c.text}` } } : null;
  }
}

const UNTIL_GROUP_END = { untilGroupEnd: true } as const;

function newSpan(start: number, outer: UnitName | null): Span {
  return { start, outer, group: 0, inner: null, running: null, findings: null, failed: null, refused: null };
}

function located(text: string, ctx: LineContext): LocatedFinding | null {
  const props = ctx.props;
  if (props && props.file) {
    const line = Number(props.line ?? props.startLine ?? 0);
    const column = Number(props.col ?? props.startColumn ?? 0);
    if (!(line > 0)) return null;
    return {
      level: ctx.marker === 'warning' ? 'warning' : 'error',
      file: props.file,
      line,
      ...(column > 0 ? { column } : {}),
      message: text,
      ...(props.title ? { title: props.title } : {}),
      evidence: ev(text, ctx),
    };
  }
  const m = LOCATED.exec(text) ?? LOCATED_PAREN.exec(text);
  if (!m) return null;
  const column = m[3] === undefined ? 0 : Number(m[3]);
  return { level: ctx.marker === 'warning' ? 'warning' : 'error', file: m[1]!, line: Number(m[2]), ...(column > 0 ? { column } : {}), message: m[4]!, evidence: ev(text, ctx) };
}
