// Format: `dotnet test` / vstest.console's console logger, `  Failed Ns.Class.Method [12 ms]` (older: `Failed   Ns.Class.Method`)
// then `  Error Message:` and `  Stack Trace:` with `at Ns.Class.Method() in D:\a\r\r\tests\X.cs:line 42`
// (https://learn.microsoft.com/en-us/dotnet/core/tools/dotnet-test, microsoft/vstest src/vstest.console/Internal/ConsoleLogger.cs);
// and xUnit.net's runner report `    Ns.Class.Method [FAIL]` with its message and `X.cs(42,0): at Ns.Class.Method()`
// frames, as xunit.console prints it and as `dotnet test` relays it behind `[xUnit.net 00:00:00.52]`
// (https://xunit.net/docs/getting-started/v2/netcore/cmdline). Fixture: see test/fixtures/parsers/vstest/*.json.
import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `Failed Name [12 ms]` (any duration, `< 1 ms`, `1 s`, `1 m 2 s`); or the older `Failed   Name`, which a test name
// alone cannot tell from prose, so it counts only when `Error Message:` follows.
const VSTEST_FAILED = /^\s*Failed \S/;
const DURATION = /^(?:< ?)?\d[\w .]*$/;
const VSTEST_BARE = /^\s*Failed +([\w.`+<>-]+(?:\(.*\))?)$/;
const XUNIT_PREFIX = /^\[xUnit\.net [\d:.]+\]/;
const XUNIT_FAIL = /^\s+(\S.*) \[FAIL\]$/;
const ERROR_MESSAGE = /^\s*Error Message:$/;
const STACK_TRACE = /^\s*Stack Trace:$/;
// Sections after the stack trace, and lines that close a test's report.
const OTHER_SECTION = /^\s*(?:Standard (?:Output|Error) Messages:|Output:|Debug Trace:|Additional Information:)$/;
const CLOSE = /^\s*(?:(?:Passed|Failed|Skipped)!? |Total tests:|Test Run (?:Failed|Successful|Aborted)|Results File:|Finished:|=== TEST EXECUTION SUMMARY ===)|\[(?:PASS|SKIP|FAIL)\]$/;
// `at Ns.Class.Method() in D:\a\X.cs:line 42` (VSTest) and `D:\a\X.cs(42,0): at Ns.Class.Method()` (xUnit).
const XUNIT_FRAME = /^\s*(\S.*?)\((\d+),\d+\): at (\S+?)(?:\(|$)/;
// MSTest [Timeout], NUnit [Timeout], xUnit v2 async Timeout.
const TIMED_OUT = /exceeded execution timeout period|exceeded Timeout value of|timed out after \d+ ?(?:ms|milliseconds)/i;
// `--blame-hang-timeout`: the run was stopped because a test hung.
const BLAME_HANG = /^\s*(?:Blame: )?The specified inactivity time of .* has elapsed/;
const MAX_BLOCK = 200;

interface Frame {
  method: string;
  file: string;
  line: number;
  ev: EvidenceLine;
}

interface Report {
  test: string;
  /** Lines of the report still to be confirmed (the older `Failed   Name` form). */
  confirmed: boolean;
  section: 'head' | 'message' | 'stack' | 'other';
  message?: string;
  frames: Frame[];
  evidence: EvidenceLine[];
  lines: number;
}

/** VSTest console logger (`dotnet test`) and xUnit.net's `[FAIL]` report: failed tests at their test-code frame. */
export const vstest: ParserDef = {
  name: 'vstest',
  description: '`dotnet test` / VSTest `Failed Ns.Class.Method [12 ms]` + Error Message / Stack Trace, xUnit.net `Ns.Class.Method [FAIL]`, MSTest/NUnit/xUnit timeouts',
  url: 'https://learn.microsoft.com/en-us/dotnet/core/tools/dotnet-test',
  trigger: /^\s*Failed +\S|\[FAIL\]$|The specified inactivity time of /,
  keywords: ['Failed ', '[FAIL]', 'The specified inactivity time of '],
  create(sink) {
    const reported = new Set<string>();
    let open: Report | null = null;

    function flush(): void {
      const r = open;
      open = null;
      if (!r || !r.confirmed || reported.has(r.test)) return;
      reported.add(r.test);
      const at = testFrame(r);
      const message = r.message ?? 'Test failed';
      sink.emit({
        class: TIMED_OUT.test(message) ? 'timeout' : 'test_fail',
        tool: 'vstest',
        test: r.test,
        ...(at ? { file: at.file, line: at.line } : {}),
        message,
        evidence: at ? [...r.evidence, at.ev] : r.evidence,
      });
    }

    function begin(test: string, confirmed: boolean, text: string, ctx: LineContext): boolean {
      flush();
      open = { test, confirmed, section: 'head', frames: [], evidence: [ev(text, ctx)], lines: 0 };
      return true;
    }

    return {
      feed(raw: string, ctx: LineContext): boolean {
        if (raw.length > 20_000) return open !== null;
        // `dotnet test` relays xUnit's lines behind `[xUnit.net 00:00:00.52]`.
        const p = XUNIT_PREFIX.exec(raw);
        const text = p ? raw.slice(p[0].length) : raw;
        if (BLAME_HANG.test(text)) {
          flush();
          sink.emit({ class: 'timeout', tool: 'vstest', message: text.trim(), evidence: [ev(raw, ctx)] });
          return false;
        }
        const timed = timedName(text);
        if (timed) return begin(timed, true, raw, ctx);
        const x = XUNIT_FAIL.exec(text);
        if (x) return begin(x[1]!, true, raw, ctx);
        const bare = VSTEST_BARE.exec(text);
        if (bare) return begin(bare[1]!, false, raw, ctx);
        const r = open;
        if (!r) return false;
        if (++r.lines > MAX_BLOCK || CLOSE.test(text)) {
          flush();
          return false;
        }
        if (ERROR_MESSAGE.test(text)) {
          r.confirmed = true;
          r.section = 'message';
          return true;
        }
        if (!r.confirmed) {
          // The older form's name line is followed directly by its `Error Message:`.
          if (text.trim() === '') return true;
          open = null;
          return false;
        }
        if (STACK_TRACE.test(text)) {
          r.section = 'stack';
          return true;
        }
        if (OTHER_SECTION.test(text)) {
          r.section = 'other';
          return true;
        }
        const trimmed = text.trim();
        if (trimmed === '') return true;
        // xUnit prints the message straight under its `[FAIL]` line.
        if ((r.section === 'message' || r.section === 'head') && r.message === undefined) {
          r.message = trimmed;
          r.evidence.push(ev(raw, ctx));
          if (r.section === 'head') r.section = 'message';
          return true;
        }
        if (r.section === 'stack') {
          const f = frame(text);
          if (f) r.frames.push({ ...f, ev: ev(raw, ctx) });
        }
        return true;
      },
      end() {
        flush();
      },
    };
  },
};

// `Failed Name [12 ms]`: read by hand from the end, as a regex would rescan the line at every ` [`.
function timedName(text: string): string | null {
  if (!text.endsWith(']') || !VSTEST_FAILED.test(text)) return null;
  const open = text.lastIndexOf(' [');
  if (open < 0 || !DURATION.test(text.slice(open + 2, -1))) return null;
  const start = text.indexOf('Failed ') + 7;
  return open > start ? text.slice(start, open) : null;
}

function frame(text: string): Omit<Frame, 'ev'> | null {
  // `at Ns.Class.Method(args) in D:\a\X.cs:line 42`, read by hand from the end.
  const t = text.trim();
  const lineAt = t.lastIndexOf(':line ');
  if (t.startsWith('at ') && lineAt > 0 && /^\d+$/.test(t.slice(lineAt + 6))) {
    const inAt = t.lastIndexOf(' in ', lineAt);
    if (inAt > 3) {
      const method = t.slice(3, inAt);
      const paren = method.indexOf('(');
      return { method: paren >= 0 ? method.slice(0, paren) : method, file: t.slice(inAt + 4, lineAt), line: Number(t.slice(lineAt + 6)) };
    }
  }
  const x = XUNIT_FRAME.exec(text);
  if (x) return { method: x[3]!, file: x[1]!, line: Number(x[2]) };
  return null;
}

// TAXONOMY: the innermost frame in the test's own class (async bodies run in `Class.<Method>d__3.MoveNext`),
// else the innermost frame with a file.
function testFrame(r: Report): Frame | undefined {
  const name = r.test.replace(/\(.*$/, '');
  const cls = name.slice(0, name.lastIndexOf('.') + 1);
  return (cls ? r.frames.find((f) => f.method.startsWith(cls)) : undefined) ?? r.frames[0];
}
