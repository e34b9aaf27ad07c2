import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext } from '../../parser.ts';

const SECTION = /^---- (.+) std(?:out|err) ----$/;
// `thread 'tests::x' (1185) panicked at src/lib.rs:29:9:` (Rust ≥1.73, the id since 1.87) or the older
// `thread 'tests::x' panicked at 'msg', src/lib.rs:29:9` whose message may span lines.
const PANICKED = /^thread '([^']*)'(?: \(\d+\))? panicked at (.*)$/;
const NEW_LOCATION = /^(.+?):(\d+):(\d+):$/;
const OLD_LOCATION = /^(\S+?):(\d+):(\d+)$/;
const FAILED_LINE = /^(?:test (.+?) \.\.\. FAILED|(\S.*?) --- FAILED)$/;
const SHOULD_PANIC = / - should panic$/;
const LISTED = /^ {4}(\S.*)$/;
const RESULT = /^test result: /;
const ERR_RETURN = /^Error: (.*)$/;
const FRAME_SYMBOL = /^\s+\d+: (\S+)$/;
// `at src/lib.rs:12:5`; Windows backtraces print no column.
const FRAME_AT = /^\s+at (.+?):(\d+)(?::(\d+))?$/;
// Frames in the standard library or a registry or git dependency are never the test's own code.
const FOREIGN_FRAME = /^(?:\/rustc\/|.*[\\/]\.cargo[\\/](?:registry|git)[\\/]|.*[\\/]rustlib[\\/])/;
// A failed test's output is read up to here; past it the section is closed unread.
const MAX_SECTION_LINES = 2000;
const MAX_OLD_MESSAGE_LINES = 50;

interface Location {
  file: string;
  line: number;
  column: number;
  evidence: EvidenceLine;
}

interface FailedTest {
  result?: EvidenceLine;
  message?: string;
  panic?: Location;
  frame?: Location;
}

/** The state of one libtest run (`cargo test`): failed tests, their panics, the `failures:` list. */
export class CargoTestRun {
  /** A new map per run that failed (see GoTestRun's records for why not `clear()`). */
  #failed = new Map<string, FailedTest>();
  #section: { name: string; lines: number } | null = null;
  #listing: 'idle' | 'waiting' | 'names' = 'idle';
  #oldPanic: { test: string; lines: number } | null = null;
  #messageFor: string | null = null;
  #symbol: string | null = null;

  /** True while lines that match no trigger still matter (a test's output, the `failures:` list). */
  get open(): boolean {
    return this.#section !== null || this.#listing !== 'idle' || this.#oldPanic !== null;
  }

  /** True inside a failed test's captured output, where rustc diagnostics belong to a doctest. */
  get inTestOutput(): boolean {
    return this.#section !== null;
  }

  /** Reads one line; returns true if it belonged to the test run. */
  feed(text: string, ctx: LineContext): boolean {
    if (this.#listing !== 'idle' && this.#list(text)) return true;
    const sec = SECTION.exec(text);
    if (sec) {
      this.#section = { name: sec[1]!, lines: 0 };
      this.#test(sec[1]!);
      return true;
    }
    if (text === 'failures:') {
      this.#section = null;
      this.#listing = 'waiting';
      return true;
    }
    if (RESULT.test(text)) {
      this.#section = null;
      return true;
    }
    const failed = FAILED_LINE.exec(text);
    if (failed) {
      const name = (failed[1] ?? failed[2]!).replace(SHOULD_PANIC, '');
      this.#test(name).result ??= ev(text, ctx);
      return true;
    }
    const p = PANICKED.exec(text);
    if (p) {
      this.#panicked(p[1]!, p[2]!, text, ctx);
      return true;
    }
    if (this.#oldPanic) return this.#oldPanicLine(text, ctx);
    if (this.#section) return this.#sectionLine(text, ctx);
    return false;
  }

  /** Ends the run (its `test result:` line or the end of input): the failures, each once. */
  flush(): FailureDraft[] {
    const out: FailureDraft[] = [];
    for (const [test, t] of this.#failed) {
      // TAXONOMY: located at the innermost frame in test code when a backtrace shows it, else where it panicked.
      const at = t.frame ?? t.panic;
      out.push({
        class: 'test_fail',
        tool: 'cargo',
        test,
        message: t.message ?? `${test} failed`,
        ...(at ? { file: at.file, line: at.line, column: at.column } : {}),
        evidence: [t.result, t.panic?.evidence, t.frame?.evidence].filter((e) => e !== undefined),
      });
    }
    if (this.#failed.size > 0) this.#failed = new Map();
    this.#section = null;
    this.#listing = 'idle';
    this.#oldPanic = null;
    this.#messageFor = null;
    return out;
  }

  #test(name: string): FailedTest {
    let t = this.#failed.get(name);
    if (!t) {
      t = {};
      this.#failed.set(name, t);
    }
    return t;
  }

  #list(text: string): boolean {
    const named = LISTED.exec(text);
    if (named) {
      this.#listing = 'names';
      this.#test(named[1]!);
      return true;
    }
    // The first `failures:` heads the captured output (then a blank line); the second lists the names.
    if (text === '' && this.#listing === 'waiting') return true;
    this.#listing = 'idle';
    return text === '';
  }

  #panicked(thread: string, rest: string, text: string, ctx: LineContext): void {
    const owner = this.#section?.name ?? (isTestThread(thread) ? thread : null);
    if (owner === null) return;
    const t = this.#test(owner);
    if (t.panic) return;
    if (rest.startsWith("'")) {
      const at = oldLocation(rest);
      if (at) {
        t.panic = { ...at, evidence: ev(text, ctx) };
        t.message ??= rest.slice(1, rest.lastIndexOf("', "));
      } else {
        this.#oldPanic = { test: owner, lines: 0 };
        t.message ??= rest.slice(1);
      }
      return;
    }
    const m = NEW_LOCATION.exec(rest);
    if (!m) return;
    // A panic raised inside a dependency is not located there: a backtrace frame in test code may still say where.
    if (!FOREIGN_FRAME.test(m[1]!)) t.panic = { file: m[1]!, line: Number(m[2]), column: Number(m[3]), evidence: ev(text, ctx) };
    this.#messageFor = owner;
  }

  #oldPanicLine(text: string, ctx: LineContext): boolean {
    const p = this.#oldPanic!;
    p.lines++;
    const at = oldLocation(text);
    if (at) {
      this.#test(p.test).panic = { ...at, evidence: ev(text, ctx) };
      this.#oldPanic = null;
    } else if (p.lines >= MAX_OLD_MESSAGE_LINES) {
      this.#oldPanic = null;
    }
    return true;
  }

  #sectionLine(text: string, ctx: LineContext): boolean {
    const s = this.#section!;
    if (++s.lines >= MAX_SECTION_LINES) {
      this.#section = null;
      return false;
    }
    const t = this.#test(s.name);
    if (this.#messageFor === s.name) {
      // The new panic format prints its message on the line after the location.
      this.#messageFor = null;
      if (text !== '') t.message ??= text;
      return true;
    }
    const err = ERR_RETURN.exec(text);
    if (err) {
      t.message ??= text;
      return true;
    }
    const sym = FRAME_SYMBOL.exec(text);
    if (sym) {
      this.#symbol = sym[1]!;
      return true;
    }
    const at = FRAME_AT.exec(text);
    if (at && this.#symbol !== null) {
      if (!t.frame && !FOREIGN_FRAME.test(at[1]!) && isTestCode(this.#symbol, s.name)) {
        t.frame = { file: at[1]!, line: Number(at[2]), column: at[3] ? Number(at[3]) : 0, evidence: ev(text, ctx) };
      }
      this.#symbol = null;
    }
    return true;
  }
}

// libtest names each test's thread after the test; `main` and unnamed threads are not tests.
function isTestThread(thread: string): boolean {
  return thread !== 'main' && thread !== '<unnamed>' && thread !== '';
}

// `', src/lib.rs:29:9` at the end of an old-format panic line.
function oldLocation(text: string): { file: string; line: number; column: number } | null {
  const i = text.lastIndexOf("', ");
  if (i < 0) return null;
  const m = OLD_LOCATION.exec(text.slice(i + 3));
  return m ? { file: m[1]!, line: Number(m[2]), column: Number(m[3]) } : null;
}

// A frame of the test itself or of its module (`crate::tests::helper`), not of the code under test.
function isTestCode(symbol: string, test: string): boolean {
  const sym = symbol.replace(/::\{\{closure\}\}/g, '');
  if (sym === test || sym.endsWith(`::${test}`)) return true;
  const mod = test.lastIndexOf('::');
  return mod > 0 && sym.includes(`::${test.slice(0, mod)}::`);
}
