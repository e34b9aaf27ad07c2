import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext } from '../../parser.ts';

const RUN = /^=== (RUN|CONT|NAME|PAUSE)\s+(\S+)$/;
const RESULT = /^(\s*)--- (FAIL|PASS|SKIP): (\S+) \(\d[\d.]*s\)$/;
// `    parse_test.go:22: msg`: t.Error/t.Log output, indented under its test.
// testify prints its report on the following lines, so the message may be empty.
const OUTPUT = /^(\s+)(\S+?\.go):(\d+):(?: (.*))?$/;
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
const LEADING_SPACE = /^\s/;

/** Whether `text` (whose first character's code is `first`) begins with what `\s` matches. */
function startsWithSpace(text: string, first: number): boolean {
  if (first < 128) return first === 32 || (first >= 9 && first <= 13);
  return LEADING_SPACE.test(text);
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

/** The line that ends one package's test binary output. */
export const GO_PACKAGE_RESULT = /^(?:(?:FAIL|ok)\s+\S+(?:\s|$)|FAIL$|PASS$|exit status \d+$)/;

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
    const run = first === 61 /* = */ ? RUN.exec(text) : null;
    if (run) {
      this.#results.length = 0;
      this.#current = run[1] === 'PAUSE' ? null : run[2]!;
      if (run[1] === 'RUN') {
        this.#running.delete(run[2]!);
        this.#running.add(run[2]!);
        // Memory stays flat on a huge log without package results: only the latest tests can still be running.
        if (this.#running.size > MAX_RUNNING) this.#running.delete(this.#running.values().next().value!);
      }
      return true;
    }
    const sum = first === 61 ? GOTESTSUM_FAIL.exec(text) : null;
    if (sum) {
      this.#results.length = 0;
      this.#current = sum[1]!;
      const t = this.#record(sum[1]!);
      t.failed = true;
      t.result ??= ev(text, ctx);
      return true;
    }
    const spaced = startsWithSpace(text, first);
    const res = spaced || first === 45 /* - */ ? RESULT.exec(text) : null;
    if (res) {
      const indent = res[1]!.length;
      const name = res[3]!;
      // Open results nest: each is indented deeper than the one before it, so those at or below this indent are last.
      while (this.#results.length > 0 && this.#results[this.#results.length - 1]!.indent >= indent) this.#results.pop();
      this.#results.push({ indent, name });
      this.#current = null;
      this.#running.delete(name);
      const ginkgoRan = this.#ginkgoRan;
      this.#ginkgoRan = false;
      if (res[2] === 'FAIL') {
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
    const out = spaced ? OUTPUT.exec(text) : null;
    if (out) {
      const owner = this.#ownerOf(out[1]!.length);
      // `testing.go:1465: race detected during execution of test` points into the standard library.
      if (owner && out[2] !== 'testing.go') {
        // The last line a test printed is its failure: logs come before a t.Fatal, nothing after it.
        const t = this.#record(owner);
        t.outText = text;
        t.outLine = ctx.n;
        t.output = undefined;
        // testify reports through `t.Errorf("\n%s", …)`: its fields follow a log line with nothing after the colon.
        // After any other log line the parser stays idle instead of reading every indented line that follows.
        if ((out[4] ?? '').trim() === '') {
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
    this.#results.length = 0;
    this.#current = null;
    this.#panic = null;
    this.#named.length = 0;
    this.#frames.length = 0;
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
      t = { name, failed: false };
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
