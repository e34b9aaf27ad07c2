import { classifyText, rankOf, type EvidenceLine, type Failure } from '../classify/index.ts';
import { relativizePath } from '../classify/paths.ts';
import { asRunnerLog } from './frame.ts';

/** A failed or errored test case as a report states it, before it becomes a failure. */
export interface FailedCase {
  /** The full test name (see naming.ts). */
  test: string;
  tool: string;
  /** The report's own message for the failure (`message` attribute, CTRF `message`). */
  message?: string;
  /** The failure's text: a stack trace, an assertion diff, the test's output (capped by the reader). */
  text: string;
  /** The test's file and line as the report's attributes give them. */
  file?: string;
  line?: number;
  /** Traces list frames innermost last (Python) rather than first (JavaScript, Java, Go). */
  innermostLast?: boolean;
  evidence: EvidenceLine;
}

const MAX_MESSAGE_CHARS = 2000;
const MAX_EVIDENCE_CHARS = 400;
/** Bytes of a failure's text fed to the classifier (a trace's first lines carry its meaning). */
const MAX_CLASSIFIED_CHARS = 16 * 1024;

// `path:line[:col]` as traces print it: `(src/a.test.ts:6:60)`, ` ❯ src/a.test.ts:6:60`, `tests/t.py:11: in f`,
// `\t/home/runner/work/x/x/pkg/a_test.go:33 +0x1e`; and Python's `File "tests/t.py", line 11`.
const FRAME = /(?:^|[\s(@"'])((?:[A-Za-z]:)?[^\s()"':@]*\.[A-Za-z][\w]*):(\d+)(?::(\d+))?/gm;
const PY_FRAME = /File "([^"]+)", line (\d+)/g;
const TEST_FILE = /(?:^|\/)(?:tests?|__tests__|specs?)\/|[._-](?:test|spec)s?\.[^/]+$|(?:^|\/)test_[^/]+\.py$|_test\.go$/;
// Messages that say only that something failed (gotestsum's and go-junit-report's `message="Failed"`).
const PLACEHOLDER = /^(?:failed|failure|error)?$/i;
// Runner lines around Go test output that are not the failure's words.
const RUNNER_LINE = /^(?:=== (?:RUN|PAUSE|CONT|NAME)|--- (?:FAIL|PASS|SKIP):)/;

/**
 * The failure a test case becomes: `test_fail`, or the class the classifier finds in its text when that says more
 * (a timeout, a missing module), located at the report's file and line or at the trace's frame in test code.
 */
export function caseFailure(c: FailedCase, roots: readonly string[]): Failure {
  const message = firstLine(c.message && !PLACEHOLDER.test(c.message.trim()) ? c.message : '') || firstMeaningfulLine(c.text) || 'Test failed';
  const failure: Failure = {
    class: 'test_fail',
    message: clip(message, MAX_MESSAGE_CHARS),
    tool: c.tool,
    ...(c.test ? { test: c.test } : {}),
    evidence: [{ line: c.evidence.line, text: clip(c.evidence.text, MAX_EVIDENCE_CHARS) }],
  };
  // The text usually begins with the message; when it does not (pytest's), both are read.
  const text = c.message && !c.text.includes(c.message.trim()) ? `${c.message}\n${c.text}` : c.text;
  const found = classifyText(asRunnerLog(c.tool, c.test, text.slice(0, MAX_CLASSIFIED_CHARS)), { roots }).failures;
  let specific: Failure | undefined;
  for (const f of found) if (rankOf(f.class) < rankOf('test_fail') && (!specific || rankOf(f.class) < rankOf(specific.class))) specific = f;
  if (specific) {
    // The runner's own words for what went wrong, read from the failure's text.
    failure.class = specific.class;
    failure.message = clip(specific.message, MAX_MESSAGE_CHARS);
    if (specific.package) failure.package = specific.package;
  }
  const place = locate(c, roots);
  if (place) {
    failure.file = place.file;
    if (place.line !== undefined) failure.line = place.line;
    if (place.column !== undefined) failure.column = place.column;
  }
  return failure;
}

interface Place {
  file: string;
  line?: number;
  column?: number;
}

/** The report's file, at the failing line its trace shows there; else the trace's innermost frame in test code. */
function locate(c: FailedCase, roots: readonly string[]): Place | undefined {
  const own = c.file !== undefined ? repoRelative(c.file, roots) : undefined;
  const frames = framesOf(c.text, roots);
  if (c.innermostLast) frames.reverse();
  if (own) {
    const inOwn = frames.find((f) => f.file === own);
    return inOwn ?? { file: own, ...(c.line !== undefined && c.line > 0 ? { line: c.line } : {}) };
  }
  return frames.find((f) => TEST_FILE.test(f.file)) ?? frames[0];
}

function framesOf(text: string, roots: readonly string[]): Place[] {
  const frames: { file: string; line: number; column?: number; at: number }[] = [];
  for (const re of [FRAME, PY_FRAME]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const file = repoRelative(m[1]!, roots);
      const line = Number(m[2]);
      if (!file || !(line > 0)) continue;
      frames.push({ file, line, ...(m[3] ? { column: Number(m[3]) } : {}), at: m.index });
    }
  }
  return frames.sort((a, b) => a.at - b.at).map(({ at: _at, ...f }) => f);
}

/**
 * A path made repository-relative, or undefined when it is not one: outside every root, a dependency's, the
 * runtime's, or a bare file name that does not say its directory (Surefire's `PricingTest.java`, Go's `a_test.go`).
 */
function repoRelative(path: string, roots: readonly string[]): string | undefined {
  const p = relativizePath(path, roots);
  if (!p.includes('/') || p.startsWith('/') || /^[A-Za-z]:\//.test(p) || p.startsWith('../')) return undefined;
  if (/(?:^|\/)node_modules\/|^node:|^internal\/|^<|(?:^|\/)site-packages\//.test(p)) return undefined;
  return p;
}

function firstLine(s: string): string {
  return s.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
}

function firstMeaningfulLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find((l) => l !== '' && !RUNNER_LINE.test(l)) ?? '';
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
