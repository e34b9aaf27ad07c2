import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ReportCollector } from './collector.ts';
import { runnerOf, testName } from './naming.ts';
import type { TestReport } from './types.ts';

/** Options for reading a report. */
export interface ReportOptions {
  /** Directories that absolute paths in the report are made relative to. */
  roots: readonly string[];
  /** Most failures kept (the rest are counted as omitted). Default 5000. */
  maxFailures?: number;
  /**
   * Called once for every test case as it is read, whatever its outcome (for a test history: counts say how many
   * passed, this says which). Streaming: nothing is kept for it.
   */
  onCase?: (c: ReportedCase) => void;
}

/** One test case of a report and how it ended. */
export interface ReportedCase {
  /** The full test name, as failures carry it (naming.ts). */
  test: string;
  suite: string;
  tool: string;
  file?: string;
  outcome: 'passed' | 'failed' | 'skipped';
}

/** Most characters of a failure's text kept (a trace's first lines carry its meaning). */
const MAX_TEXT_CHARS = 64 * 1024;
/** Most characters of the current line kept to quote as evidence, and most quoted. */
const MAX_LINE_CHARS = 64 * 1024;
const MAX_QUOTE_CHARS = 400;

interface Suite {
  name: string;
  runner?: string;
  file?: string;
  properties: Set<string>;
  passed: number;
  failed: number;
  skipped: number;
  cases: number;
}

interface OpenCase {
  classname: string;
  name: string;
  file?: string;
  line?: number;
  evidence: { line: number; text: string };
  outcome: 'passed' | 'failed' | 'skipped';
  /** The first `<failure>` or `<error>`: its message and text. */
  message?: string;
  type?: string;
  text: string;
  /** Inside the element whose text is the failure's (its body, or Surefire's `<stackTrace>`). */
  reading: boolean;
}

/**
 * A streaming JUnit XML reader: push text as it arrives, then `end()` for the failures and per-suite counts.
 * Reads the dialects of Surefire, Gradle, pytest, jest-junit, Vitest, mocha-junit-reporter, go-junit-report,
 * gotestsum and .NET's JunitXml (they differ in names and attributes, not in shape). Pure: no I/O.
 */
export class JUnitReader {
  readonly #parser = new SaxesParser({ position: true });
  readonly #collector: ReportCollector;
  readonly #onCase: ((c: ReportedCase) => void) | undefined;
  /** Every suite, for the counts, and the suites open around the parser's position. */
  readonly #suites: Suite[] = [];
  readonly #stack: Suite[] = [];
  #rootName: string | undefined;
  #case: OpenCase | null = null;
  /** The line holding the last `<testcase`, quoted once that line has been read to its end (or 400 characters). */
  #caseTag = { line: 0, text: '' };
  #quoteFrom: number | null = null;
  // The line being written to the parser, and the stream position where it starts, to quote a test case's line.
  #line = '';
  #lineStart = 0;
  #written = 0;
  #depthInFailure = 0;
  #error: string | undefined;
  #ended = false;

  constructor(options: ReportOptions) {
    this.#collector = new ReportCollector(options.roots, options.maxFailures ?? 5000);
    this.#onCase = options.onCase;
    const p = this.#parser;
    p.on('opentagstart', (tag) => {
      if (tag.name === 'testcase') this.#quoteTag(tag.name);
    });
    p.on('opentag', (tag) => this.#open(tag as SaxesTagPlain));
    p.on('closetag', (tag) => this.#close(tag.name));
    p.on('text', (t) => this.#text(t));
    p.on('cdata', (t) => this.#text(t));
    p.on('error', (e) => {
      // One line for the first problem; what was read before it (and what can be read after) still counts.
      this.#error ??= `malformed JUnit XML: ${e.message.split('\n')[0]}`;
    });
  }

  /** Adds the next piece of the report's text. */
  push(text: string): void {
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      this.#write(text.slice(from, nl + 1), true);
      from = nl + 1;
    }
    if (from < text.length) this.#write(text.slice(from), false);
  }

  /** Ends the report; returns its failures, counts and any warning about the report itself. */
  end(): TestReport {
    if (!this.#ended) {
      this.#ended = true;
      this.#parser.close();
      this.#quote();
      // A report cut short (a job killed mid-write): the test case it was writing still counts.
      if (this.#case) this.#finishCase();
    }
    const tool = this.#suites.find((s) => s.runner)?.runner ?? runnerOf(this.#rootName, new Set()) ?? 'junit';
    return this.#collector.result(
      tool,
      this.#suites.filter((s) => s.cases > 0).map(({ name, passed, failed, skipped }) => ({ name, passed, failed, skipped })),
      this.#error ? [this.#error] : [],
    );
  }

  #write(piece: string, endsLine: boolean): void {
    if (this.#line.length + piece.length > MAX_LINE_CHARS) {
      // A line longer than we keep (a report on one line): quote what is in hand, keep on with the new piece.
      this.#quote();
      this.#line = '';
      this.#lineStart = this.#written;
    }
    this.#line += piece;
    this.#parser.write(piece);
    this.#written += piece.length;
    if (this.#quoteFrom !== null && (endsLine || this.#line.length - this.#quoteFrom >= MAX_QUOTE_CHARS)) this.#quote();
    if (endsLine) {
      this.#line = '';
      this.#lineStart = this.#written;
    }
  }

  // Called with the parser just past `<testcase`: the report's line holding it is the failure's evidence.
  #quoteTag(name: string): void {
    this.#quote();
    const at = this.#line.lastIndexOf(`<${name}`, this.#parser.position - this.#lineStart);
    this.#caseTag = { line: this.#parser.line, text: '' };
    this.#quoteFrom = Math.max(0, at);
  }

  #quote(): void {
    if (this.#quoteFrom === null) return;
    this.#caseTag.text = this.#line.slice(this.#quoteFrom, this.#quoteFrom + MAX_QUOTE_CHARS).replace(/\s+$/, '');
    this.#quoteFrom = null;
  }

  #open(tag: SaxesTagPlain): void {
    const a = tag.attributes;
    switch (tag.name) {
      case 'testsuites':
        this.#rootName = a.name;
        return;
      case 'testsuite': {
        const parent = this.#stack.at(-1);
        const suite = this.#newSuite(a.name ?? a.id ?? 'tests');
        const runner = runnerOf(a.name, suite.properties) ?? parent?.runner ?? suite.runner;
        if (runner) suite.runner = runner;
        const file = a.file ?? parent?.file;
        if (file) suite.file = file;
        this.#stack.push(suite);
        return;
      }
      case 'property': {
        const suite = this.#stack.at(-1);
        if (suite && a.name) {
          suite.properties.add(a.name);
          suite.runner = runnerOf(suite.name, suite.properties) ?? suite.runner;
        }
        return;
      }
      case 'testcase': {
        if (this.#case) this.#finishCase();
        const line = a.line !== undefined && /^\d+$/.test(a.line) ? Number(a.line) : undefined;
        this.#case = {
          classname: a.classname ?? a.class ?? '',
          name: a.name ?? '',
          ...(a.file ? { file: a.file } : {}),
          ...(line !== undefined ? { line } : {}),
          // The same object: its text is filled in once the rest of its line has been read.
          evidence: this.#caseTag,
          outcome: 'passed',
          text: '',
          reading: false,
        };
        return;
      }
      case 'failure':
      case 'error': {
        const c = this.#case;
        if (!c) return;
        if (c.outcome !== 'failed') {
          c.outcome = 'failed';
          if (a.message !== undefined) c.message = a.message;
          if (a.type !== undefined) c.type = a.type;
          c.reading = true;
          this.#depthInFailure = 1;
        }
        return;
      }
      case 'skipped':
        if (this.#case && this.#case.outcome === 'passed') this.#case.outcome = 'skipped';
        return;
      default:
        if (this.#case?.reading) this.#depthInFailure++;
    }
  }

  #close(name: string): void {
    const c = this.#case;
    if (c?.reading) {
      this.#depthInFailure--;
      if (this.#depthInFailure <= 0) c.reading = false;
    }
    if (name === 'testcase' && c) this.#finishCase();
    else if (name === 'testsuite') this.#stack.pop();
  }

  #newSuite(name: string): Suite {
    const suite: Suite = { name, properties: new Set(), passed: 0, failed: 0, skipped: 0, cases: 0 };
    const runner = runnerOf(this.#rootName, suite.properties);
    if (runner) suite.runner = runner;
    this.#suites.push(suite);
    return suite;
  }

  #text(t: string): void {
    const c = this.#case;
    if (c?.reading && c.text.length < MAX_TEXT_CHARS) c.text += t.slice(0, MAX_TEXT_CHARS - c.text.length);
  }

  #finishCase(): void {
    const c = this.#case!;
    this.#case = null;
    // A test case outside any suite counts towards one named by the report.
    const suite = this.#stack.at(-1) ?? this.#suites.find((s) => s.name === (this.#rootName ?? 'tests')) ?? this.#newSuite(this.#rootName ?? 'tests');
    suite.cases++;
    suite[c.outcome]++;
    const runner = suite.runner ?? 'junit';
    const file = c.file ?? suite.file;
    const test = testName(runner, c.classname, c.name, c.file);
    this.#onCase?.({ test, suite: suite.name, tool: runner, ...(file ? { file } : {}), outcome: c.outcome });
    if (c.outcome !== 'failed') return;
    const failure: Parameters<ReportCollector['add']>[0] = {
      test,
      tool: runner,
      ...(c.message !== undefined ? { message: c.message } : {}),
      text: c.text || c.type || '',
      ...(file ? { file } : {}),
      // pytest writes the test function's line 0-based.
      ...(c.line !== undefined ? { line: runner === 'pytest' ? c.line + 1 : c.line } : {}),
      ...(runner === 'pytest' ? { innermostLast: true } : {}),
      evidence: c.evidence,
    };
    this.#collector.add(failure);
  }
}
