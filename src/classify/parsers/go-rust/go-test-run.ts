import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext } from '../../parser.ts';

// RUN, RESULT and OUTPUT say what a test's lines look like; the hot path asks `runNameStart`, `resultNameEnd` and
// `outputFileEnd` instead, which the tests check against them.
export const RUN = /^=== (RUN|CONT|NAME|PAUSE)\s+(\S+)$/;
export const RESULT = /^(\s*)--- (FAIL|PASS|SKIP): (\S+) \(\d[\d.]*s\)$/;
// `    parse_test.go:22: msg`: t.Error/t.Log output, indented under its test.
// testify prints its report on the following lines, so the message may be empty.
export const OUTPUT = /^(\s+)(\S+?\.go):(\d+):(?: (.*))?$/;
// gotestsum's summary: `=== FAIL: internal/pkg TestName/sub (5.13s)`, the test's output below it.
const GOTESTSUM_FAIL = /^=== FAIL: (?:\S+ )?(\S+?)(?: \([^)]*\))?$/;
const PANIC = /^panic: (.*)$/;
const TIMED_OUT = /^test timed out after (\S+)$/;
const RUNNING_TEST = /^\s+(Test\S*) \(\S+\)$/;
// A stack frame's function (`example.org/p.TestX.func1(0xc0…)`) and its file (`\t/abs/x_test.go:18 +0x14f`).
const FRAME_FILE = /^\t(\S+?\.go):(\d+)(?: \+0x[\da-f]+)?$/;
const TEST_FUNC = /\.(Test\w*)(?:\.func\d+(?:\.\d+)*)?$/;
const GOROUTINE = /^goroutine \d+ \[/;
// testify's report under a test's log line (https://pkg.go.dev/github.com/stretchr/testify/assert#Fail):
// `\tError Trace:\t/abs/pkg/x_test.go:126` (then more frames), `\tError:      \tNot equal: ` (its details
// on the following lines), `\tTest:       \tTestX`, `\tMessages:   \t…`.
const TESTIFY_TRACE = /^\s+Error Trace:\s+(\S+?\.go):(\d+)$/;
const TESTIFY_ERROR = /^\s+Error:\s+(\S.*)$/;
const TESTIFY_FIELD = /^\s+(?:Error Trace|Error|Test|Messages):/;
// The lines a multi-line `Error:` (`Not equal:` then `expected: 1` / `actual  : 2`) adds to its message.
const MAX_TESTIFY_DETAIL = 2;
const MAX_TESTIFY_LINES = 200;
// Ginkgo's closing line: the suite's specs were reported one by one (by the ginkgo parser).
const GINKGO_RAN = /^Ran \d+ of \d+ Specs? in /;

// A verbose run is mostly `=== RUN`, `--- PASS` and indented log lines, and `exec` costs a match array and its
// substrings for each. The hot path asks sticky regexes instead, which only move `lastIndex`: each is the rest of
// RUN, RESULT or OUTPUT from where a capture begins, with what follows the capture as a lookahead, so the regex
// engine backtracks just as it would in the whole pattern and `lastIndex` lands where the capture ends. The literal
// text before the capture is checked with `startsWith`, the leading white space with `skipSpace`.
const RUN_NAME_AT = /\s+(?=\S+$)/y;
const RESULT_NAME_AT = /\S+(?= \(\d[\d.]*s\)$)/y;
const OUTPUT_FILE_AT = /\S+?\.go(?=:\d+:(?: .*)?$)/y;
// One character that `\s` matches: JavaScript's white space beyond ASCII (\u00a0, \u2028, \ufeff, …) is left to
// the regex engine rather than listed here.
const SPACE_AT = /\s/y;

/** Whether `\s` matches the character at `i`, an index into `text`. */
function isSpaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  SPACE_AT.lastIndex = i;
  return SPACE_AT.test(text);
}

/** The index of the first character from `i` that `\s` does not match (the text's length if none). */
export function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpaceAt(text, i)) i++;
  return i;
}

/**
 * Where the test's name begins when RUN matches, else -1; its verb is the line's fifth character (`R`, `C`, `N` or
 * `P`: no verb is a prefix of another, so the verb that matches is the one that starts the line).
 */
export function runNameStart(text: string): number {
  if (!text.startsWith('=== ')) return -1;
  const verbEnd = text.startsWith('RUN', 4) ? 7 : text.startsWith('CONT', 4) || text.startsWith('NAME', 4) ? 8 : text.startsWith('PAUSE', 4) ? 9 : -1;
  if (verbEnd === -1) return -1;
  RUN_NAME_AT.lastIndex = verbEnd;
  return RUN_NAME_AT.test(text) ? RUN_NAME_AT.lastIndex : -1;
}

/**
 * Where the test's name ends when RESULT matches, else -1; the status is the character at `indent + 4` (`F`, `P` or
 * `S`) and the name starts at `indent + 10`. `indent` is `skipSpace(text, 0)`: RESULT's `(\s*)` takes all the
 * leading white space, since giving any back would leave white space where `-` must be.
 */
export function resultNameEnd(text: string, indent: number): number {
  if (!text.startsWith('--- ', indent) || !text.startsWith(': ', indent + 8)) return -1;
  if (!text.startsWith('FAIL', indent + 4) && !text.startsWith('PASS', indent + 4) && !text.startsWith('SKIP', indent + 4)) return -1;
  RESULT_NAME_AT.lastIndex = indent + 10;
  return RESULT_NAME_AT.test(text) ? RESULT_NAME_AT.lastIndex : -1;
}

/**
 * Where the file ends when OUTPUT matches, else -1. `indent` is `skipSpace(text, 0)`: OUTPUT's `(\s+)` takes all the
 * leading white space, since giving any back would leave white space at the start of the file.
 */
export function outputFileEnd(text: string, indent: number): number {
  if (indent === 0) return -1;
  OUTPUT_FILE_AT.lastIndex = indent;
  return OUTPUT_FILE_AT.test(text) ? OUTPUT_FILE_AT.lastIndex : -1;
}

/**
 * Whether the message of a line OUTPUT matches, whose file ends at `fileEnd`, is empty once trimmed. `:N:` follows the
 * file, then the end or a space and the message, so the first space after the file is the message's.
 */
export function blankOutput(text: string, fileEnd: number): boolean {
  const space = text.indexOf(' ', fileEnd);
  return space === -1 || skipSpace(text, space) === text.length;
}

/**
 * A stack frame's function (`example.org/p.TestX.func1(0xc0…)`, `testing.(*T).Run(0xc…, {0x5…?, …})`): the
 * text before the last `(` of its first word, when the line ends with `)`. Read by hand: a pattern like
 * `^(\S+)\(.*\)$` backtracks quadratically on a long run of `(`.
 */
function frameFunction(text: string): string | null {
  if (!text.endsWith(')')) return null;
  const space = text.search(/\s/);
  const head = space === -1 ? text : text.slice(0, space);
  const open = head.lastIndexOf('(');
  return open > 0 ? head.slice(0, open) : null;
}

/** The line that ends one package's test binary output (read through `isPackageResult`). */
export const GO_PACKAGE_RESULT = /^(?:(?:FAIL|ok)\s+\S+(?:\s|$)|FAIL$|PASS$|exit status \d+$)/;

/**
 * Whether GO_PACKAGE_RESULT matches: every line is asked, and most are Jest's `PASS src/a.test.js` or `ok  \tpkg`.
 * `\s+\S+(?:\s|$)` is some white space then something else: the greedy `\S+` ends at white space or the end.
 */
export function isPackageResult(text: string): boolean {
  switch (text.charCodeAt(0)) {
    case 80 /* P */:
      return text === 'PASS';
    case 111 /* o */:
      return text.startsWith('ok') && spaceThenWord(text, 2);
    case 70 /* F */:
      return text.startsWith('FAIL') && (text.length === 4 || spaceThenWord(text, 4));
    case 101 /* e */:
      return GO_PACKAGE_RESULT.test(text);
    default:
      return false;
  }
}

/** `\s+\S` at `i`. */
function spaceThenWord(text: string, i: number): boolean {
  const word = skipSpace(text, i);
  return word > i && word < text.length;
}

// Most tests tracked at once between package results: tests with log output, and tests still running (the
// hung one is among the latest; parallel tests rarely number more).
const MAX_TRACKED = 512;
const NOTHING: readonly FailureDraft[] = Object.freeze([]);
const MAX_RUNNING = 64;
// A goroutine dump can be long; past this many lines the panic is reported with what was read.
const MAX_PANIC_LINES = 2000;

interface TestRecord {
  name: string;
  failed: boolean;
  /** The `--- FAIL` line. */
  result?: EvidenceLine;
  /**
   * The last `file_test.go:N: msg` line the test printed and its number, read again (`outputOf`) only if the test
   * failed: most tests pass, and an object per log line, kept until the package's result, would fill the old
   * generation with garbage.
   */
  outText?: string;
  outLine?: number;
  /** That line read, once a testify report under it (its `Error Trace`, `Error`) changed what it says. */
  output?: TestOutput;
  /** A Ginkgo suite that reported its failed specs itself. */
  viaGinkgo?: boolean;
}

interface TestOutput {
  file: string;
  line: number;
  message: string;
  evidence: EvidenceLine;
}

/** What a test's last log line says (see TestRecord.outText). */
function outputOf(t: TestRecord): TestOutput | undefined {
  if (t.output !== undefined || t.outText === undefined) return t.output;
  const out = OUTPUT.exec(t.outText)!;
  return { file: out[2]!, line: Number(out[3]), message: out[4] ?? '', evidence: { line: t.outLine!, text: t.outText } };
}

interface Frame {
  func: string;
  file: string;
  line: number;
  evidence: EvidenceLine;
}

/**
 * The state of one `go test` binary's output (verbose or not): which tests failed, where, and whether it
 * panicked or timed out. Verbose output (Go ≥1.14) prints a test's log lines under its `=== RUN` before
 * `--- FAIL`; plain output prints them after `--- FAIL`, indented one level deeper.
 */
export class GoTestRun {
  // The test binary's records. Each binary gets new collections instead of emptying these: a collection that lives
  // for the whole log is in V8's old generation, and V8 allocates the tables it grows into, shrinks to or is cleared
  // to there too (garbage that grew the old generation by ~5 MB per 100 MB of a log of many packages); `clear()`
  // also leaves its old table holding the entries, which kept young records alive through scavenges. A binary's
  // own collections are born, and mostly die, young.
  #tests = new Map<string, TestRecord>();
  /** Tests started and not finished, oldest first (a Set: finishing one is O(1) however many run). */
  #running = new Set<string>();
  /** Open `--- FAIL/PASS/SKIP` results whose indented output may follow (plain output). */
  #results: { indent: number; name: string }[] = [];
  #current: string | null = null;
  #panic: { message: string; timeout: boolean; evidence: EvidenceLine[]; lines: number } | null = null;
  #named: string[] = [];
  #frames: Frame[] = [];
  #goroutineFrames = 0;
  #skipGoroutine = false;
  #pendingFunc: string | null = null;
  /** The test whose log line a testify report may follow, and how far into that report we are. */
  #testify: { test: TestRecord; lines: number; detail: number; inError: boolean; wantDetail: boolean } | null = null;
  #ginkgoRan = false;

  /** True while a panic's goroutine dump is being read: the caller must keep feeding every line. */
  get inPanic(): boolean {
    return this.#panic !== null && this.#panic.lines < MAX_PANIC_LINES;
  }

  /** True from a panic until the package's result, even past the dump's cap. */
  get panicking(): boolean {
    return this.#panic !== null;
  }

  /** True while lines that match no trigger still matter: a panic's dump or a testify report. */
  get open(): boolean {
    return this.inPanic || this.#testify !== null;
  }

  /** Reads one line; returns true if it belonged to the test run. */
  feed(text: string, ctx: LineContext): boolean {
    if (this.#panic) return this.#feedPanic(text, ctx);
    if (this.#testify && this.#feedTestify(text, ctx)) return true;
    // Each pattern below begins with one character, or with white space: the line's first character picks those
    // that can match (a verbose run's lines are tried against one or two of them instead of six).
    const first = text.charCodeAt(0);
    if (first === 82 /* R */ && GINKGO_RAN.test(text)) {
      this.#ginkgoRan = true;
      return true;
    }
    const runName = first === 61 /* = */ ? runNameStart(text) : -1;
    if (runName !== -1) {
      const verb = text.charCodeAt(4);
      if (this.#results.length > 0) this.#results.length = 0;
      if (verb === 80 /* PAUSE */) {
        this.#current = null;
        return true;
      }
      const name = text.slice(runName);
      this.#current = name;
      if (verb === 82 /* RUN */) {
        this.#running.delete(name);
        this.#running.add(name);
        // Memory stays flat on a huge log without package results: only the latest tests can still be running.
        if (this.#running.size > MAX_RUNNING) this.#running.delete(this.#running.values().next().value!);
      }
      return true;
    }
    const sum = first === 61 && text.startsWith('=== FAIL: ') ? GOTESTSUM_FAIL.exec(text) : null;
    if (sum) {
      this.#results.length = 0;
      this.#current = sum[1]!;
      const t = this.#record(sum[1]!);
      t.failed = true;
      t.result ??= ev(text, ctx);
      return true;
    }
    // The leading white space, which RESULT may and OUTPUT must have; RESULT's dashes follow it.
    const indent = skipSpace(text, 0);
    const nameEnd = text.charCodeAt(indent) === 45 /* - */ ? resultNameEnd(text, indent) : -1;
    if (nameEnd !== -1) {
      const name = text.slice(indent + 10, nameEnd);
      // Open results nest: each is indented deeper than the one before it, so those at or below this indent are last.
      while (this.#results.length > 0 && this.#results[this.#results.length - 1]!.indent >= indent) this.#results.pop();
      this.#results.push({ indent, name });
      this.#current = null;
      this.#running.delete(name);
      const ginkgoRan = this.#ginkgoRan;
      this.#ginkgoRan = false;
      if (text.charCodeAt(indent + 4) === 70 /* FAIL */) {
        const t = this.#record(name);
        t.failed = true;
        t.result = ev(text, ctx);
        if (ginkgoRan && indent === 0) t.viaGinkgo = true;
      } else {
        // A passing or skipped test's log lines can no longer make a failure.
        const t = this.#tests.get(name);
        if (t && !t.failed) this.#tests.delete(name);
      }
      return true;
    }
    const fileEnd = outputFileEnd(text, indent);
    if (fileEnd !== -1) {
      const owner = this.#ownerOf(indent);
      // `testing.go:1465: race detected during execution of test` points into the standard library.
      if (owner && !(fileEnd - indent === 10 && text.startsWith('testing.go', indent))) {
        // The last line a test printed is its failure: logs come before a t.Fatal, nothing after it.
        const t = this.#record(owner);
        t.outText = text;
        t.outLine = ctx.n;
        t.output = undefined;
        // testify reports through `t.Errorf("\n%s", …)`: its fields follow a log line with nothing after the colon.
        // After any other log line the parser stays idle instead of reading every indented line that follows.
        if (blankOutput(text, fileEnd)) {
          t.output = outputOf(t);
          this.#testify = { test: t, lines: 0, detail: 0, inError: false, wantDetail: false };
        }
      }
      return true;
    }
    const p = first === 112 /* p */ ? PANIC.exec(text) : null;
    if (p) {
      const timeout = TIMED_OUT.test(p[1]!);
      this.#panic = { message: p[1]!, timeout, evidence: [ev(text, ctx)], lines: 0 };
      return true;
    }
    return false;
  }

  /** Ends this test binary's output: returns its failures and forgets them. */
  flush(): readonly FailureDraft[] {
    // Most package results end a binary with nothing recorded: forgetting it then allocates nothing.
    if (this.#panic === null && this.#tests.size === 0) {
      this.#reset();
      return NOTHING;
    }
    const out: FailureDraft[] = [];
    if (this.#panic) out.push(...this.#panicFailures());
    const failed = [...this.#tests.values()].filter((t) => t.failed);
    for (const t of failed) {
      // TAXONOMY: a parent that fails only because its subtests failed is not a failure of its own; nor is
      // a test that ran a Ginkgo suite whose specs were reported.
      const o = outputOf(t);
      if (!o && (t.viaGinkgo || failed.some((o) => o.name.startsWith(`${t.name}/`)))) continue;
      if (out.some((f) => f.test === t.name)) continue;
      out.push({
        class: 'test_fail',
        tool: 'go',
        test: t.name,
        message: o?.message || `${t.name} failed`,
        ...(o ? { file: o.file, line: o.line } : {}),
        evidence: [t.result, o?.evidence].filter((e) => e !== undefined).sort((a, b) => a.line - b.line),
      });
    }
    this.#tests = new Map();
    this.#reset();
    return out;
  }

  #reset(): void {
    if (this.#running.size > 0) this.#running = new Set();
    // Setting an array's length costs a runtime call even when it is already 0, as it is at most package results.
    if (this.#results.length > 0) this.#results.length = 0;
    this.#current = null;
    this.#panic = null;
    if (this.#named.length > 0) this.#named.length = 0;
    if (this.#frames.length > 0) this.#frames.length = 0;
    this.#pendingFunc = null;
    this.#testify = null;
    this.#ginkgoRan = false;
  }

  // A testify report under the test's log line: its `Error Trace` is where the assertion failed (the log line
  // may point into testify's own assertions.go), its `Error` what failed. Returns false at the first line
  // that is not part of it, which the caller then reads as usual.
  #feedTestify(text: string, ctx: LineContext): boolean {
    const tf = this.#testify!;
    if (!/^\s/.test(text) || RESULT.test(text) || OUTPUT.test(text) || ++tf.lines > MAX_TESTIFY_LINES) {
      this.#testify = null;
      return false;
    }
    const o = tf.test.output!;
    const trace = TESTIFY_TRACE.exec(text);
    if (trace) {
      if (tf.lines <= 2) {
        o.file = trace[1]!;
        o.line = Number(trace[2]);
        o.evidence = ev(text, ctx);
      }
      tf.inError = false;
      return true;
    }
    const err = TESTIFY_ERROR.exec(text);
    if (err) {
      if (o.message === '') {
        o.message = err[1]!.trim();
        tf.wantDetail = o.message.endsWith(':');
      }
      tf.inError = true;
      return true;
    }
    if (TESTIFY_FIELD.test(text)) {
      tf.inError = false;
      return true;
    }
    // `\t            \texpected: 1`: the Error field goes on; a message that ends in `:` needs its details.
    if (tf.inError && tf.wantDetail && tf.detail < MAX_TESTIFY_DETAIL) {
      const detail = text.trim();
      if (detail !== '') o.message += `${tf.detail++ === 0 ? ' ' : '; '}${detail}`;
    }
    return true;
  }

  #latestRunning(): string | undefined {
    let last: string | undefined;
    for (const name of this.#running) last = name;
    return last;
  }

  #record(name: string): TestRecord {
    let t = this.#tests.get(name);
    if (!t) {
      // Every field from the start: one shape, and no property store to grow when the test prints a line.
      t = { name, failed: false, result: undefined, outText: undefined, outLine: undefined, output: undefined, viaGinkgo: undefined };
      this.#tests.set(name, t);
      if (this.#tests.size > MAX_TRACKED) this.#evictPassing();
    }
    return t;
  }

  // Bounds memory: the oldest records of tests not known to have failed go first.
  #evictPassing(): void {
    for (const [name, t] of this.#tests) {
      if (this.#tests.size <= MAX_TRACKED / 2) return;
      if (!t.failed) this.#tests.delete(name);
    }
  }

  #ownerOf(indent: number): string | null {
    for (let i = this.#results.length - 1; i >= 0; i--) {
      if (this.#results[i]!.indent < indent) return this.#results[i]!.name;
    }
    return this.#current;
  }

  #feedPanic(text: string, ctx: LineContext): boolean {
    const p = this.#panic!;
    p.lines++;
    if (p.lines <= 3 && p.evidence.length < 3 && text.startsWith('\tpanic: ')) p.evidence.push(ev(text, ctx));
    const named = RUNNING_TEST.exec(text);
    if (named && p.timeout && this.#frames.length === 0) {
      this.#named.push(named[1]!);
      return true;
    }
    if (GOROUTINE.test(text)) {
      this.#goroutineFrames = 0;
      this.#skipGoroutine = false;
      return true;
    }
    const fn = frameFunction(text);
    if (fn !== null && !text.startsWith('\t')) {
      // A goroutine parked in t.Run is a parent waiting for its subtests, not the code that hangs.
      if (this.#goroutineFrames === 0 && fn === 'testing.(*T).Run') this.#skipGoroutine = true;
      this.#goroutineFrames++;
      this.#pendingFunc = fn;
      return true;
    }
    const file = FRAME_FILE.exec(text);
    if (file && this.#pendingFunc !== null) {
      if (!this.#skipGoroutine && file[1]!.endsWith('_test.go')) {
        this.#frames.push({ func: this.#pendingFunc, file: file[1]!, line: Number(file[2]), evidence: ev(text, ctx) });
      }
      this.#pendingFunc = null;
      return true;
    }
    return p.lines < MAX_PANIC_LINES;
  }

  #panicFailures(): FailureDraft[] {
    const p = this.#panic!;
    if (p.timeout) return this.#timeouts(p.message, p.evidence);
    // A panicking test was reported `--- FAIL` just before the panic; place it at its innermost test frame.
    const failed = [...this.#tests.values()].filter((t) => t.failed);
    const name = failed.at(-1)?.name ?? this.#latestRunning();
    const frame = this.#frameFor(name);
    if (!name && !frame) return [];
    const test = name ?? testFromFrame(frame!);
    const result = test !== undefined ? this.#tests.get(test)?.result : undefined;
    return [
      {
        class: 'test_fail',
        tool: 'go',
        ...(test ? { test } : {}),
        message: `panic: ${p.message}`,
        ...(frame ? { file: frame.file, line: frame.line } : {}),
        evidence: [result, ...p.evidence, frame?.evidence].filter((e) => e !== undefined),
      },
    ];
  }

  #timeouts(message: string, evidence: EvidenceLine[]): FailureDraft[] {
    // Go ≥1.20 lists the running tests; older verbose output leaves the last `=== RUN` unfinished.
    const names = this.#named.length > 0 ? this.#named : [this.#latestRunning()].filter((n) => n !== undefined);
    if (names.length === 0) {
      const frame = this.#frames[0];
      const test = frame ? testFromFrame(frame) : undefined;
      return [timeoutFailure(message, evidence, test, frame)];
    }
    return names.map((name) => timeoutFailure(message, evidence, name, this.#frameFor(name)));
  }

  #frameFor(name: string | undefined): Frame | undefined {
    if (name === undefined) return this.#frames[0];
    const top = name.split('/')[0]!;
    return this.#frames.find((f) => testFromFrame(f) === top) ?? this.#frames[0];
  }
}

function testFromFrame(f: Frame): string | undefined {
  return TEST_FUNC.exec(f.func)?.[1];
}

function timeoutFailure(message: string, evidence: EvidenceLine[], test: string | undefined, frame: Frame | undefined): FailureDraft {
  return {
    class: 'timeout',
    tool: 'go',
    message: `panic: ${message}`,
    ...(test ? { test } : {}),
    ...(frame ? { file: frame.file, line: frame.line } : {}),
    evidence: frame ? [...evidence, frame.evidence] : evidence,
  };
}
