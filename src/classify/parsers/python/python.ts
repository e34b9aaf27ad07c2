import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef, type ParserSink } from '../../parser.ts';
import { EXCEPTION_LINE, FILE_FRAME, type Frame, isSyntaxError, missingModule, projectFrame, projectPath } from './frames.ts';

const TRACEBACK = /^(\s*)Traceback \(most recent call last\):$/;
const COMPILING = /^\*\*\* Error compiling '([^']+)'/;
// compileall's short form: `Sorry: IndentationError: unindent does not match … (send.py, line 4)`.
const SORRY = /^Sorry: (\w+): (.*) \(([^(),]+), line (\d+)\)$/;
// `python -m pkg` when pkg is not installed: `/usr/bin/python3: No module named pytest`.
const RUN_MODULE = /^\S*python[\w.]*(?:\.exe)?: No module named ([A-Za-z_][\w.]*)$/;
const UNITTEST_RULE = /^-{70}$/;
const MAX_BLOCK_LINES = 3000;
const MAX_SYNTAX_LINES = 6;

/** python: uncaught tracebacks, SyntaxErrors from import, py_compile and compileall, missing modules. */
export const python: ParserDef = {
  name: 'python',
  description: 'CPython tracebacks (`Traceback (most recent call last):`), SyntaxError reports of import/py_compile/compileall, `No module named`',
  url: 'https://docs.python.org/3/library/traceback.html',
  trigger: /Traceback \(most recent call last\):|^\s*File "[^"]*", line \d+$|^\*\*\* Error compiling '|^Sorry: \w+Error: |: No module named /,
  keywords: ['Traceback (most recent call last):', 'File "', "*** Error compiling '", 'Sorry: ', ': No module named '],
  // unittest's rule one or two lines above a traceback marks it as unittest's: replayed rather than
  // triggered on, since rules of dashes are common in passing output.
  lookback: 2,
  create(sink) {
    return new PythonParser(sink);
  },
};

type Mode = 'idle' | 'traceback' | 'syntax';

class PythonParser {
  readonly #sink: ParserSink;
  #mode: Mode = 'idle';
  #indent = 0;
  #frames: Frame[] = [];
  #evidence: EvidenceLine[] = [];
  #lines = 0;
  #compiling: string | null = null;
  #ruleLine = Number.NEGATIVE_INFINITY;

  constructor(sink: ParserSink) {
    this.#sink = sink;
  }

  feed(text: string, ctx: LineContext): boolean {
    if (this.#mode === 'traceback') return this.#traceback(text, ctx);
    if (this.#mode === 'syntax') return this.#syntax(text, ctx);
    return this.#idle(text, ctx);
  }

  end(): void {
    this.#mode = 'idle';
  }

  #idle(text: string, ctx: LineContext): boolean {
    if (UNITTEST_RULE.test(text)) {
      this.#ruleLine = ctx.n;
      return false;
    }
    const tb = TRACEBACK.exec(text);
    if (tb) {
      // unittest prints each failure's traceback right under its rule (after an `ImportError: Failed to
      // import test module` line for a module that failed to load); the unittest parser reports those.
      if (ctx.n - this.#ruleLine <= 2) return false;
      return this.#open('traceback', tb[1]!.length, text, ctx);
    }
    const frame = FILE_FRAME.exec(text);
    if (frame && frame[4] === undefined) {
      // The location is indented two spaces more than the error line that ends the report.
      this.#open('syntax', Math.max(0, frame[1]!.length - 2), text, ctx);
      this.#frames.push({ file: frame[2]!, line: Number(frame[3]) });
      return true;
    }
    const comp = COMPILING.exec(text);
    if (comp) {
      this.#compiling = comp[1]!;
      return false;
    }
    const sorry = SORRY.exec(text);
    if (sorry && isSyntaxError(sorry[1]!)) {
      const named = sorry[3]!;
      const file = this.#compiling && basename(this.#compiling) === named ? this.#compiling : named;
      this.#sink.emit({ class: 'compile_error', tool: 'python', file, line: Number(sorry[4]), code: sorry[1]!, message: `${sorry[1]}: ${sorry[2]}`, evidence: [ev(text, ctx)] });
      this.#compiling = null;
      return false;
    }
    const run = RUN_MODULE.exec(text);
    if (run) {
      const pkg = run[1]!.split('.')[0]!;
      this.#sink.emit({ class: 'dependency_missing', tool: 'python', package: pkg, code: 'ModuleNotFoundError', message: `No module named ${run[1]}`, evidence: [ev(text, ctx)] });
    }
    return false;
  }

  #open(mode: Mode, indent: number, text: string, ctx: LineContext): boolean {
    this.#mode = mode;
    this.#indent = indent;
    this.#frames = [];
    this.#evidence = [ev(text, ctx)];
    this.#lines = 0;
    return true;
  }

  #traceback(text: string, ctx: LineContext): boolean {
    if (++this.#lines > MAX_BLOCK_LINES || text.trim() === '') return this.#close();
    const frame = FILE_FRAME.exec(text);
    if (frame && frame[1]!.length === this.#indent + 2) {
      this.#frames.push({ file: frame[2]!, line: Number(frame[3]), ...(frame[4] ? { func: frame[4] } : {}) });
      this.#evidence.push(ev(text, ctx));
      return true;
    }
    const indent = text.length - text.trimStart().length;
    if (indent > this.#indent) return true;
    this.#finish(text.slice(this.#indent), text, ctx);
    return this.#close();
  }

  // A SyntaxError printed without a traceback (py_compile, compileall): the location, the code, a caret, the error.
  #syntax(text: string, ctx: LineContext): boolean {
    if (++this.#lines > MAX_SYNTAX_LINES) return this.#close();
    const indent = text.length - text.trimStart().length;
    if (indent > this.#indent) return true;
    this.#finish(text.slice(this.#indent), text, ctx, true);
    this.#compiling = null;
    return this.#close();
  }

  #finish(exceptionLine: string, text: string, ctx: LineContext, syntaxOnly = false): void {
    const m = EXCEPTION_LINE.exec(exceptionLine);
    if (!m || this.#frames.length === 0) return;
    const name = m[1]!;
    const message = m[2] ?? '';
    const short = name.split('.').pop()!;
    const evidence = [...this.#evidence.slice(-4), ev(text, ctx)];
    const at = this.#frames.at(-1)!;
    // A file that does not parse ends the traceback with its location line (no `, in func`); a SyntaxError
    // raised by code (`raise SyntaxError(…)`) is an ordinary exception.
    if (isSyntaxError(short) && at.func === undefined) {
      this.#sink.emit({ class: 'compile_error', tool: 'python', file: projectPath(at.file), line: at.line, code: short, message: `${short}: ${message}`, evidence });
      return;
    }
    if (syntaxOnly) return;
    const pkg = missingModule(short, message);
    if (pkg) {
      const at = projectFrame(this.#frames);
      this.#sink.emit({
        class: 'dependency_missing', tool: 'python', package: pkg, code: short, message: `${short}: ${message}`, evidence,
        ...(at ? { file: projectPath(at.file), line: at.line } : {}),
      });
      return;
    }
    // Any other uncaught exception shows the job failed, but not which class of failure explains it.
    this.#sink.jobFailed(ev(text, ctx));
  }

  #close(): false {
    this.#mode = 'idle';
    this.#frames = [];
    this.#evidence = [];
    return false;
  }
}

function basename(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}
