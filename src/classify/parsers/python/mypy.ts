import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef, type ParserSink } from '../../parser.ts';

// `pkg/a.py:12: error: msg  [code]`, with `:col` (--show-column-numbers) and `:endline:endcol` (--show-error-end).
const ERROR = /^((?:[A-Za-z]:[\\/])?[^\s:][^:]*\.pyi?):(\d+)(?::(\d+))?(?::(\d+):(\d+))?: error: (.*)$/;
const CODE = /^(.*?) {2}\[([a-z][a-z0-9-]*)\]$/;
const NOT_FOUND = /^Cannot find implementation or library stub for module named "([^"]+)"/;
const STUBS = /^Library stubs not installed for "([^"]+)"/;
const STUB_HINT = /: note: Hint: "python3? -m pip install ([^"\s]+)"/;
const DIAGNOSTIC = /^\S[^:]*(?::\d+)*: (?:error|note|warning): /;
const MAX_CONTINUATION = 3;

/** mypy: type-checker errors (compile errors); unresolvable imports are missing dependencies. */
export const mypy: ParserDef = {
  name: 'mypy',
  description: 'mypy errors `file:line[:col]: error: message  [code]`, including `--pretty` wrapped messages; notes are not failures',
  url: 'https://mypy.readthedocs.io/en/stable/error_codes.html',
  trigger: /\.pyi?:\d+(?::\d+)*: error: /,
  // With the digit: pytest's passing `tests/test_x.py::test_y PASSED` lines hold a bare `.py:`.
  keywords: ['.py:', '.pyi:'].flatMap((ext) => [...'0123456789'].map((d) => ext + d)),
  create(sink) {
    return new MypyParser(sink);
  },
};

class MypyParser {
  readonly #sink: ParserSink;
  #pending: FailureDraft | null = null;
  #wrapped = 0;
  #stubsHint = 0;

  constructor(sink: ParserSink) {
    this.#sink = sink;
  }

  feed(text: string, ctx: LineContext): boolean {
    const m = ERROR.exec(text);
    if (m) {
      this.#flush();
      this.#pending = {
        class: 'compile_error', tool: 'mypy', file: m[1]!, line: Number(m[2]), message: m[6]!, evidence: [ev(text, ctx)],
        ...(m[3] ? { column: Number(m[3]) } : {}),
        ...(m[4] ? { endLine: Number(m[4]), endColumn: Number(m[5]) } : {}),
      };
      this.#wrapped = 0;
      return this.#settle();
    }
    const p = this.#pending;
    if (!p) return false;
    const hint = STUB_HINT.exec(text);
    if (this.#stubsHint > 0 && hint) {
      p.package = hint[1]!;
      return this.#flush();
    }
    // --pretty wraps long messages onto unindented lines until the `[code]`.
    if (p.code === undefined && this.#wrapped < MAX_CONTINUATION && text !== '' && !text.startsWith(' ') && !DIAGNOSTIC.test(text) && !text.startsWith('Found ')) {
      this.#wrapped++;
      p.message = `${p.message} ${text}`;
      p.evidence.push(ev(text, ctx));
      return this.#settle();
    }
    if (this.#stubsHint > 0 && --this.#stubsHint > 0) return true;
    return this.#flush();
  }

  end(): void {
    this.#flush();
  }

  // Reads the code once the message is complete; waits for continuation lines or the stub hint otherwise.
  #settle(): boolean {
    const p = this.#pending!;
    const c = CODE.exec(p.message);
    if (!c) return true;
    p.message = c[1]!;
    p.code = c[2]!;
    const missing = NOT_FOUND.exec(p.message);
    if (missing) {
      // Like tsc's TS2307 for a bare specifier: the module is not installed (TAXONOMY "Missing things").
      p.class = 'dependency_missing';
      p.package = missing[1]!.split('.')[0]!;
      return this.#flush();
    }
    const stubs = STUBS.exec(p.message);
    if (stubs) {
      // Like tsc's missing `@types/…`: the stub package mypy names in its hint is what is missing.
      p.class = 'dependency_missing';
      p.package = stubs[1]!.split('.')[0]!;
      this.#stubsHint = 3;
      return true;
    }
    return this.#flush();
  }

  #flush(): false {
    if (this.#pending) this.#sink.emit(this.#pending);
    this.#pending = null;
    this.#stubsHint = 0;
    return false;
  }
}
