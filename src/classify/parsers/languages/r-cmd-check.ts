// R CMD check: `* checking <what> ... OK|NOTE|WARNING|ERROR` (the status may follow on a later line, after
// `  Running ‘testthat.R’`), the details below a problem, and `Status: 1 ERROR, 2 WARNINGs`. Documented in
// "Writing R Extensions" §1.3.1 Checking packages: https://cran.r-project.org/doc/manuals/r-release/R-exts.html#Checking-packages
// rcmdcheck's summary repeats each problem as `❯ checking <what> ... ERROR`.
// Warnings and notes: R CMD check exits 0 on them, so they are not failures (TAXONOMY) unless the run says it
// fails on them: Travis' `Found warnings, treating as errors` or rcmdcheck's `R CMD check found WARNINGs`
// (`error_on = "warning"`, the default of r-lib/actions/check-r-package), `… found NOTEs`.
// Fixtures: real R 4.2.2 (Debian r-base-core) `R CMD check` on tiny packages with a failing testthat suite, with
// missing Imports, and with warnings only.
import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import type { FailureClass } from '../../taxonomy.ts';
import { ev, type LineContext, type ParserDef, type ParserSink } from '../../parser.ts';
import { quotedNames } from './r.ts';

const CHECK = /^(?:\*|❯) checking (.+?) \.\.\.(.*)$/;
const STATUS = /^\s*(?:\[[^\]]*\] ?)?(OK|NOTE|WARNING|ERROR|NONE|SKIPPED)\s*$/;
const NOT_AVAILABLE = /^Packages? (required|suggested|required and available but unsuitable versions)(?: but not available(?: for checking)?)?:(.*)$/;
const RUNNING = /^Running (the tests|examples) in ['‘]([^'’]+)['’] failed/;
const EXAMPLE_NAME = /^### Name: (\S+)/;
const R_ERROR = /^\s*Error(?: in .*?)? ?: /;
// Lines the testthat and r parsers read: when the quoted output shows one, the check adds nothing of its own.
const EXPLAINED = /── (?:\d+\. )?(?:Failure|Error)\b|\d+\. (?:Failure|Error) \(at |\[ FAIL [1-9]|FAILED: [1-9]|there is no package called|not available for package|:\d+:\d+: unexpected /;
const LIST_ENTRY = /\d+\. (?:Failure|Error): /;
const STATUS_LINE = /^Status: (\d+) ERROR/;
const WARNINGS_FAIL = /Found warnings, treating as errors|R CMD check found (WARNING|NOTE)s/;
const MAX_DETAIL_LINES = 400;

interface Problem {
  what: string;
  status: 'NOTE' | 'WARNING' | 'ERROR' | null;
  evidence: EvidenceLine[];
  message?: string;
  file?: string;
  test?: string;
  packages: string[];
  /** Reading a `Packages required but not available:` list that continues on indented lines. */
  inPackages: boolean;
  explained: boolean;
  lines: number;
}

/** R CMD check problems (and rcmdcheck's summary of them). */
export const rCmdCheck: ParserDef = {
  name: 'r-cmd-check',
  description: 'R CMD check `* checking … ... ERROR` with its details (tests, examples, installation, dependencies, syntax); warnings and notes only when the run fails on them',
  url: 'https://cran.r-project.org/doc/manuals/r-release/R-exts.html#Checking-packages',
  trigger: /^(?:\*|❯) checking .+ \.\.\.|^Status: \d+ ERROR|Found warnings, treating as errors|R CMD check found (?:WARNING|NOTE)s/,
  keywords: ['* checking ', '❯ checking ', 'Status: ', 'Found warnings, treating as errors', 'R CMD check found '],
  create(sink) {
    let open: Problem | null = null;
    let errors = 0;
    const held: Problem[] = [];

    const close = (): void => {
      const p = open;
      open = null;
      if (!p || p.status === null) return;
      if (p.status === 'ERROR') {
        errors++;
        report(p, sink);
      }
      else if (held.length < 200) held.push(p);
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return false;
        const c = CHECK.exec(text);
        if (c) {
          close();
          const p: Problem = { what: c[1]!, status: null, evidence: [ev(text, ctx)], packages: [], inPackages: false, explained: false, lines: 0 };
          open = p;
          const rest = c[2]!.trim();
          const s = STATUS.exec(rest);
          if (s) return setStatus(p, s[1]!);
          // `... [3s/3s] OK`, `...Warning: unable to access index` (the status follows later), `... NONE`.
          return true;
        }
        const st = STATUS_LINE.exec(text);
        if (st) {
          close();
          // Only the summary survived (a log cut short): the check failed, on what it does not say.
          if (errors === 0 && Number(st[1]) > 0) sink.jobFailed(ev(text, ctx));
          return false;
        }
        const w = WARNINGS_FAIL.exec(text);
        if (w) {
          close();
          const level = w[1] === 'NOTE' ? ['WARNING', 'NOTE'] : ['WARNING'];
          for (const p of held.splice(0)) {
            if (level.includes(p.status!)) report({ ...p, evidence: [...p.evidence, ev(text, ctx)] }, sink);
          }
          return false;
        }
        const p = open as Problem | null;
        if (!p) return false;
        if (++p.lines > MAX_DETAIL_LINES || text.startsWith('* ') || text.startsWith('Status: ') || text.startsWith('❯ ')) {
          close();
          return false;
        }
        if (p.status === null) {
          const s = STATUS.exec(text);
          if (s) {
            p.evidence.push(ev(text, ctx));
            return setStatus(p, s[1]!);
          }
          return true;
        }
        readDetail(p, text, ctx);
        return true;
      },
      end() {
        close();
      },
    };

    function setStatus(p: Problem, status: string): boolean {
      if (status === 'ERROR' || status === 'WARNING' || status === 'NOTE') {
        p.status = status;
        return true;
      }
      open = null;
      return false;
    }
  },
};

function readDetail(p: Problem, text: string, ctx: LineContext): void {
  // rcmdcheck indents the details of its summary by two spaces.
  const t = text.trim();
  if (EXPLAINED.test(text) || (LIST_ENTRY.test(text) && text.includes('(@'))) p.explained = true;
  const na = NOT_AVAILABLE.exec(t);
  if (na) {
    // `Package suggested but not available for checking` is a NOTE unless the check made it an ERROR.
    p.inPackages = true;
    p.packages.push(...quotedNames(na[2]!));
    p.evidence.push(ev(text, ctx));
    p.message ??= t;
    return;
  }
  if (p.inPackages && /^\s+['‘]/.test(text)) {
    p.packages.push(...quotedNames(t));
    return;
  }
  p.inPackages = false;
  const run = RUNNING.exec(t);
  if (run) {
    // `tests/testthat.R` is a file of the package; `pkg-Ex.R` is generated by the check.
    if (run[1] === 'the tests') p.file = run[2]!;
    p.message ??= t;
    p.evidence.push(ev(text, ctx));
    return;
  }
  const ex = EXAMPLE_NAME.exec(t);
  if (ex) p.test = ex[1]!;
  if (R_ERROR.test(text) && !p.message?.startsWith('Error')) {
    // The R error the tests or examples stopped on says more than "Running … failed".
    p.message = t;
    if (p.evidence.length < 6) p.evidence.push(ev(text, ctx));
    return;
  }
  if (p.message === undefined && t !== '') {
    p.message = t;
    p.evidence.push(ev(text, ctx));
  }
}

// What a problem in each check means, by the check's own words.
function classOf(what: string, status: string): FailureClass | null {
  if (what.startsWith('package dependencies')) return 'dependency_missing';
  if (what.startsWith('whether package') && what.endsWith('can be installed')) return 'compile_error';
  if (what.startsWith('R files for syntax errors')) return 'compile_error';
  if (what === 'tests' || what.startsWith('tests ') || what.startsWith('examples') || what.startsWith('re-building of vignette outputs')) {
    return 'test_fail';
  }
  // A warning or note that the run fails on is a finding about the package's shape: documentation, code, files.
  return status === 'ERROR' ? null : 'lint_error';
}

function report(p: Problem, sink: ParserSink): void {
  const cls = classOf(p.what, p.status!);
  // The tests' own output, quoted below the ERROR, is read by the testthat and r parsers.
  if (p.explained) return;
  if (cls === null) {
    sink.jobFailed(p.evidence[0]!);
    return;
  }
  const base: FailureDraft = {
    class: cls,
    tool: 'R CMD check',
    message: p.message ?? `checking ${p.what} ... ${p.status}`,
    evidence: p.evidence,
  };
  if (cls === 'dependency_missing' && p.packages.length > 0) {
    for (const pkg of new Set(p.packages)) sink.emit({ ...base, package: pkg });
    return;
  }
  sink.emit({ ...base, ...(p.file ? { file: p.file } : {}), ...(p.test ? { test: p.test } : {}) });
}
