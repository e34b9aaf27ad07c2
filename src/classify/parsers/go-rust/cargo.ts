import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { CargoTestRun } from './cargo-test-run.ts';
import { NEXTEST_OLD_HEADER, NEXTEST_RUN_END, NEXTEST_STATUS } from './nextest-lines.ts';
import { type RustDiagnostic, RustDiagnosticReader } from './rustc-diagnostic.ts';

// `--message-format short`: `src/main.rs:17:5: error[E0502]: msg`.
const SHORT = /^([^\s:][^:]*(?::[\\/][^:]*)?):(\d+):(\d+): error\[(E\d{4,5})\]: (.*)$/;
const NO_PACKAGE = /no matching package (?:named|found)[: ]+`([^`\s]+)`/;
const NO_VERSION = /failed to select a version for (?:the requirement )?`([^`\s=]+)/;
// `error: failed to get `serde` as a dependency …` / `failed to load source for dependency …`: the cause follows.
const FETCH = /^error: failed to (?:get `[^`]+` as a dependency|load source for (?:a )?dependency|update registry|download from|fetch `)/;
const NETWORK = /[Cc]ould(?: not|n't) resolve host|failed to connect|[Cc]onnection (?:refused|reset|timed out)|[Oo]peration timed out|SSL connect error|spurious network error \(0 tries remaining\)/;
const LINKING = /^linking with `[^`]+` failed/;
const MAX_FETCH_LINES = 40;
const MAX_NEXTEST_BLOCK_LINES = 2000;

/** cargo build/check/test: rustc errors, `-D warnings` lint errors, dependency resolution, libtest failures. */
export const cargo: ParserDef = {
  name: 'cargo',
  description: 'cargo build/check/test: rustc `error[E…]` diagnostics, denied lints, dependency resolution errors, libtest failures and panics',
  url: 'https://doc.rust-lang.org/rustc/json.html',
  trigger: /^(?:error(?:\[E\d+\])?: |---- .+ ----$|thread '|test result: |failures:$|--- STD(?:OUT|ERR): )| \.\.\. FAILED$| --- FAILED$|\.rs:\d+:\d+: error\[E/,
  keywords: ['error: ', 'error[E', '---- ', "thread '", 'test result: ', 'failures:', '... FAILED', '--- FAILED', '--- STDOUT: ', '--- STDERR: '],
  create(sink) {
    const run = new CargoTestRun();
    let fetch: { lines: number; evidence: ReturnType<typeof ev>[] } | null = null;
    const reader = new RustDiagnosticReader((d) => {
      const f = fromDiagnostic(d);
      if (f) sink.emit(f);
    });

    const resolution = (text: string, ctx: LineContext): boolean => {
      const pkg = NO_PACKAGE.exec(text) ?? NO_VERSION.exec(text);
      if (!pkg) return false;
      fetch = null;
      sink.emit({ class: 'dependency_missing', tool: 'cargo', message: text.replace(/^error: /, ''), package: pkg[1]!, evidence: [ev(text, ctx)] });
      return true;
    };

    // Inside a cargo-nextest output block (`--- STDERR:  crate tests::x ---`): libtest's lines there are the
    // nextest parser's, which knows the test they belong to.
    let nextestBlock = 0;

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (NEXTEST_OLD_HEADER.test(text)) {
          nextestBlock = 1;
          return true;
        }
        if (nextestBlock > 0) {
          if (!NEXTEST_STATUS.test(text) && !NEXTEST_RUN_END.test(text) && ++nextestBlock < MAX_NEXTEST_BLOCK_LINES) return true;
          nextestBlock = 0;
        }
        if (fetch) {
          fetch.lines++;
          if (resolution(text, ctx)) return false;
          if (NETWORK.test(text)) {
            // TAXONOMY: an unreachable registry is the machinery failing, not a missing dependency.
            sink.emit({ class: 'orchestration_error', tool: 'cargo', message: text.trim(), evidence: [...fetch.evidence, ev(text, ctx)] });
            fetch = null;
            return false;
          }
          if (fetch.lines < MAX_FETCH_LINES) return true;
          fetch = null;
        }
        if (run.inTestOutput) {
          // A doctest's compile errors are its failure output, not a build failure.
          run.feed(text, ctx);
          return run.open;
        }
        // Cargo's own errors come first: they are `error:` lines too, but never rustc diagnostics.
        if (!reader.open) {
          if (resolution(text, ctx)) return false;
          if (FETCH.test(text)) {
            fetch = { lines: 0, evidence: [ev(text, ctx)] };
            return true;
          }
        }
        if (reader.feed(text, ctx)) return true;
        if (run.feed(text, ctx)) {
          if (text.startsWith('test result: ')) for (const f of run.flush()) sink.emit(f);
          return run.open;
        }
        const s = SHORT.exec(text);
        if (s) {
          const loc = { file: s[1]!, line: Number(s[2]), column: Number(s[3]) };
          sink.emit({ class: 'compile_error', tool: 'cargo', code: s[4]!, message: s[5]!, ...loc, evidence: [ev(text, ctx)] });
        }
        return false;
      },
      end() {
        reader.end();
        for (const f of run.flush()) sink.emit(f);
      },
    };
  },
};

// Clippy's lints are the clippy parser's; everything else rustc printed as an error is ours.
function fromDiagnostic(d: RustDiagnostic): FailureDraft | null {
  if (d.lint?.startsWith('clippy::')) return null;
  const base = {
    tool: 'cargo',
    message: d.message,
    ...(d.file !== undefined ? { file: d.file, line: d.line!, column: d.column! } : {}),
    evidence: d.evidence,
  };
  if (d.crate !== undefined) return { ...base, class: 'dependency_missing', package: d.crate, ...(d.code ? { code: d.code } : {}) };
  // A lint made an error by `-D warnings` or a deny level: the lint rejected the code.
  if (d.lint !== undefined) return { ...base, class: 'lint_error', code: d.lint };
  if (d.code !== undefined) return { ...base, class: 'compile_error', code: d.code };
  // Without a code rustc errors are located (syntax, unresolved names); an unlocated `error:` line may be
  // any tool's, except a failed link step.
  if (d.file !== undefined || LINKING.test(d.message)) return { ...base, class: 'compile_error' };
  return null;
}
