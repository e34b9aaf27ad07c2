import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext } from '../../parser.ts';

/** One `error` diagnostic rustc (or clippy, which renders through rustc) printed, read to its end. */
export interface RustDiagnostic {
  /** `E0308`, when rustc printed one. */
  code?: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** The lint that made it an error, underscored: `unused_variables`, `clippy::len_zero`. */
  lint?: string;
  /** A crate rustc says is not a dependency (`cargo add serde`, `can't find crate for`). */
  crate?: string;
  evidence: EvidenceLine[];
}

/** `error[E0308]: mismatched types` or `error: unused variable: `x``: a diagnostic opens. */
export const RUST_ERROR_HEADER = /^error(?:\[(E\d{4,5})\])?: (.+)$/;
// Cargo's own closing lines: consequences of the diagnostics above, never diagnostics themselves.
const CONSEQUENCE = /^(?:[Cc]ould not compile|aborting due to|test failed, to rerun|build failed|[Cc]ould not document|doctest failed)/;
const ARROW = /^\s*--> (.+?):(\d+):(\d+)$/;
const SUB_DIAGNOSTIC = /^(?:note|help)(?:\[\w+\])?: /;
const NOTE = /^\s*= (?:note|help): (.*)$/;
// Lines inside a rendered diagnostic: indented, gutter (`17 |`), elision (`...`), sub-diagnostics.
const BODY = /^(?:\s|\d+\s*\||\.\.\.$|(?:note|help)(?:\[\w+\])?: )/;
const LINT_ATTR = /#!?\[(?:deny|forbid|allow)\(([\w:]+)\)\]/;
const LINT_FLAG = /`-[DF] ([\w:-]+)` implied by/;
const CLIPPY_URL = /rust-clippy\/\S*#(\w+)/;
const CARGO_ADD = /`cargo add ([\w-]+)`/;
const MISSING_CRATE = /(?:^can't find crate for `(\w+)`|maybe a missing crate `(\w+)`)/;
const MAX_LINES = 500;

/**
 * Reads rendered rustc diagnostics one line at a time and hands each finished `error` to `done`.
 * Warnings are skipped: they fail nothing unless a lint level made them errors, and then rustc prints
 * them as `error`.
 */
export class RustDiagnosticReader {
  #open: (RustDiagnostic & { lines: number; sub: boolean }) | null = null;
  readonly #done: (d: RustDiagnostic) => void;

  constructor(done: (d: RustDiagnostic) => void) {
    this.#done = done;
  }

  /** True while a diagnostic is open and needs the following lines. */
  get open(): boolean {
    return this.#open !== null;
  }

  /** Reads one line; returns true if it opened or continued a diagnostic. */
  feed(text: string, ctx: LineContext): boolean {
    const d = this.#open;
    if (d) {
      if (text === '' || !BODY.test(text) || d.lines >= MAX_LINES) {
        this.end();
        return this.#start(text, ctx);
      }
      this.#body(d, text, ctx);
      return true;
    }
    return this.#start(text, ctx);
  }

  /** Closes an open diagnostic (end of input, or the caller knows it ended). */
  end(): void {
    const d = this.#open;
    if (!d) return;
    this.#open = null;
    const { lines: _lines, sub: _sub, ...diag } = d;
    this.#done(diag);
  }

  #start(text: string, ctx: LineContext): boolean {
    const h = RUST_ERROR_HEADER.exec(text);
    if (!h || CONSEQUENCE.test(h[2]!)) return false;
    const message = h[2]!;
    const crate = MISSING_CRATE.exec(message);
    this.#open = {
      message,
      evidence: [ev(text, ctx)],
      lines: 0,
      sub: false,
      ...(h[1] ? { code: h[1] } : {}),
      ...(crate ? { crate: crate[1] ?? crate[2]! } : {}),
    };
    return true;
  }

  #body(d: RustDiagnostic & { lines: number; sub: boolean }, text: string, ctx: LineContext): void {
    d.lines++;
    if (SUB_DIAGNOSTIC.test(text)) {
      d.sub = true;
      return;
    }
    if (d.file === undefined && !d.sub) {
      const a = ARROW.exec(text);
      if (a) {
        d.file = a[1]!;
        d.line = Number(a[2]);
        d.column = Number(a[3]);
        d.evidence.push(ev(text, ctx));
        return;
      }
    }
    const note = NOTE.exec(text);
    if (!note) return;
    const body = note[1]!;
    if (d.lint === undefined) {
      const attr = LINT_ATTR.exec(body);
      const flag = attr ? null : LINT_FLAG.exec(body);
      const url = attr || flag ? null : CLIPPY_URL.exec(body);
      const lint = attr?.[1] ?? flag?.[1]?.replace(/-/g, '_') ?? (url ? `clippy::${url[1]}` : undefined);
      if (lint !== undefined) {
        d.lint = lint;
        d.evidence.push(ev(text, ctx));
      }
    }
    const add = CARGO_ADD.exec(body);
    if (add && d.crate === undefined) {
      d.crate = add[1]!;
      d.evidence.push(ev(text, ctx));
    }
  }
}
