import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { GO_LOCATED, GO_PKG_HEADER, goDependencyProblem, isVetFinding } from './go-messages.ts';
import { GoPackageDirs } from './go-package-dirs.ts';
import { GoTestRun, isPackageResult } from './go-test-run.ts';

const GO_PREFIXED = /^go: (.*)$/;
// `FAIL\tgithub.com/org/repo/pkg\t0.01s` / `ok  \tgithub.com/org/repo/pkg\t(cached)`: the package just tested.
const PACKAGE_NAMED = /^(?:FAIL|ok)\s+([\w.~/-]+)(?:\s|$)/;
const CANT_LOAD = /^can't load package: (.*)$/;
const CGO_DIAGNOSTIC = /^(?:fatal error|error|warning|note): /;
const BUILD_FAILED = /^FAIL\s+(\S+) \[(?:build|setup) failed\]$/;
// Lines that continue a compile error (`\thave (int)`), or close the list, keep a package block open.
const BLOCK_CONTINUES = /^(?:\s|too many errors$|note: )/;
// Compile errors are capped at 10 per package; vet findings are not, so the bound is generous.
const MAX_BLOCK_LINES = 1000;

/** go build / go test: compile errors under `# pkg`, module and package resolution errors, test results. */
export const go: ParserDef = {
  name: 'go',
  description: 'go build/run/test: `# pkg` compile errors, module resolution errors, `--- FAIL` tests, panics and test timeouts',
  url: 'https://pkg.go.dev/cmd/go#hdr-Test_packages',
  // A verbose run is mostly `=== RUN` and `--- PASS` lines, and they are not read while idle. What they tell
  // comes back through the lookback: a test's log line (`x_test.go:12: …`) follows its `=== RUN`/`=== CONT`
  // right away, and a panic or `--- FAIL` follows the last one started, so the lines before a trigger are
  // replayed to name the current test. A build's `# pkg` header comes back the same way, above its first error.
  lookback: 8,
  trigger:
    /^(?:=== FAIL:|\s*--- FAIL: |panic: |FAIL|ok {2}\t|go: |can't load package|\s+Error Trace:|Ran \d+ of \d+ Specs? in )|\.go:\d+:|no required module provides|cannot find (?:package|module providing)|go\.sum entry/,
  keywords: [
    '=== FAIL:', '--- FAIL:', 'panic: ', 'FAIL',
    'ok  \t', 'go: ', "can't load package", '.go:', 'no required module provides', 'cannot find package',
    'cannot find module providing', 'go.sum entry', 'Error Trace:', ' Specs in ', ' Spec in ',
  ],
  // While idle (no package block, panic or testify report open), every line it reads holds one of these.
  replayKeywords: [
    // `=== RUN` and its kin, gotestsum's `=== FAIL:` and Ginkgo's `Ran 3 of 4 Specs in` by their words, not by
    // `=== ` and `Ran ` (pytest's `=====` banners, Jest's `Ran all test suites.`).
    '# ', ' Specs in ', ' Spec in ', '=== RUN', '=== CONT', '=== NAME', '=== PAUSE', '=== FAIL', '--- ', '.go:', 'panic: ',
    'FAIL', 'PASS', 'exit status ', 'go: ', "can't load package: ",
    // `ok` then any white space (JavaScript's `\s`).
    ...[...'\t\v\f \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'].map((c) => `ok${c}`),
  ],
  create(sink) {
    const run = new GoTestRun();
    let block: { pkg: string; lines: number } | null = null;
    let sawDiagnostic = false;

    const dirs = new GoPackageDirs();
    const emit = (f: Parameters<typeof sink.emit>[0]): void => sink.emit(f);
    // A test binary's failures wait for the `FAIL\tpkg` line that follows its bare `FAIL`, which names the package.
    const unnamed: FailureDraft[] = [];
    const place = (found: readonly FailureDraft[], pkg: string | null): void => {
      if (unnamed.length === 0 && found.length === 0) return;
      const out = [...unnamed, ...found];
      unnamed.length = 0;
      for (const f of out) dirs.place(f, pkg, emit);
    };
    const flush = (pkg: string | null = null): void => place(run.flush(), pkg);

    const packageResult = (text: string): void => {
      const found = run.flush();
      // Most binaries end with nothing to report: the package's name is read only when there is.
      if (found.length === 0 && unnamed.length === 0) return;
      const named = PACKAGE_NAMED.exec(text);
      if (named) place(found, named[1]!);
      else unnamed.push(...found);
    };

    const dependency = (message: string, text: string, ctx: LineContext, loc?: { file: string; line: number; column?: number }): boolean => {
      const dep = goDependencyProblem(message);
      if (!dep) return false;
      sawDiagnostic = true;
      sink.emit({
        class: dep.class,
        tool: 'go',
        // An unreachable proxy is reported as the whole line, so generic network parsers' copies merge with it.
        message: dep.class === 'orchestration_error' ? text : message,
        ...(dep.package ? { package: dep.package } : {}),
        ...(loc ?? {}),
        evidence: [ev(text, ctx)],
      });
      return true;
    };

    const located = (text: string, ctx: LineContext): boolean => {
      const m = GO_LOCATED.exec(text);
      if (!m) return false;
      // `vet:` lines and vet findings belong to the go-vet parser; cgo's C compiler diagnostics
      // (`fatal error: 'x.h' file not found`, warnings) to the C compiler parsers.
      if (m[1] || isVetFinding(m[5]!) || CGO_DIAGNOSTIC.test(m[5]!)) return true;
      const loc = { file: m[2]!, line: Number(m[3]), ...(m[4] ? { column: Number(m[4]) } : {}) };
      if (block) dirs.learn(block.pkg, m[2]!);
      if (dependency(m[5]!, text, ctx, loc)) return true;
      sawDiagnostic = true;
      sink.emit({ class: 'compile_error', tool: 'go', message: m[5]!, ...loc, evidence: [ev(text, ctx)] });
      return true;
    };

    const feedBlock = (text: string, ctx: LineContext): boolean => {
      const b = block!;
      b.lines++;
      if (GO_LOCATED.test(text)) {
        sawDiagnostic = true;
        located(text, ctx);
        return b.lines < MAX_BLOCK_LINES;
      }
      if (BLOCK_CONTINUES.test(text) && b.lines < MAX_BLOCK_LINES) return true;
      block = null;
      return false;
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (run.inPanic) {
          if (isPackageResult(text)) {
            packageResult(text);
            return false;
          }
          run.feed(text, ctx);
          return run.inPanic;
        }
        if (block) {
          if (feedBlock(text, ctx)) return true;
          // The line that closed the block is read on its own below.
        }
        // The patterns anchored at the line's start are tried only where its first character allows.
        const first = text.charCodeAt(0);
        const header = first === 35 /* # */ ? GO_PKG_HEADER.exec(text) : null;
        if (header) {
          block = { pkg: header[1]!, lines: 0 };
          return true;
        }
        if (run.feed(text, ctx)) return run.open;
        const failed = first === 70 /* F */ ? BUILD_FAILED.exec(text) : null;
        if (failed) {
          flush();
          // Only when nothing above said why: the package did not build.
          if (!sawDiagnostic) {
            sink.emit({ class: 'compile_error', tool: 'go', message: `Package ${failed[1]} failed to build`, evidence: [ev(text, ctx)] });
          }
          return false;
        }
        if (isPackageResult(text)) {
          packageResult(text);
          return false;
        }
        const goMsg = first === 103 /* g */ ? GO_PREFIXED.exec(text) : first === 99 /* c */ ? CANT_LOAD.exec(text) : null;
        if (goMsg) {
          dependency(goMsg[1]!, text, ctx);
          return false;
        }
        // GO_LOCATED needs `.go:`, which most lines that get this far (pytest's, Jest's) lack.
        const loc = text.includes('.go:') ? GO_LOCATED.exec(text) : null;
        // Outside a package block a located line is only ours when it reports a missing package.
        if (loc && !loc[1]) {
          dependency(loc[5]!, text, ctx, { file: loc[2]!, line: Number(loc[3]), ...(loc[4] ? { column: Number(loc[4]) } : {}) });
        }
        return false;
      },
      end() {
        flush();
        dirs.release(emit);
      },
      // A panic's dump read past its cap still takes frames from any line.
      readsAllWhileIdle: () => run.panicking,
    };
  },
};
