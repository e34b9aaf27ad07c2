// Format: Pester's screen output (Invoke-Pester). v5: `[-] Describe.Context.It name 12ms (10ms|2ms)` (Normal; Detailed
// indents `[-] It name` under `Describing`/`Context` lines), then the error with a one-space margin, `Expected 9, but
// got 8.` and `at <line>, C:\p\x.Tests.ps1:7`; `[-] Describe X failed`, `[-] <file> failed with:`. v4: `[-] It name
// 25ms` under `Describing`/`Context`, then `at <ScriptBlock>, C:\p\x.Tests.ps1: line 7`. The run ends with
// `Tests Passed: N, Failed: M, …` (https://pester.dev/docs/usage/output, src/functions/Output.ps1).
// Fixture: see test/fixtures/parsers/pester/*.json.
import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const FAILED = /^(\s*)\[-\] (.+)$/;
// The test's time, `12ms (10ms|2ms)` (v5) or `25ms` / `1.25s` (v4): searched in the line's tail only.
const TIME = / \d+(?:[.,]\d+)?m?s(?: \(\d+(?:[.,]\d+)?m?s\|\d+(?:[.,]\d+)?m?s\))?$/;
const BLOCK = /^(?:Describe|Context) (.+) failed$/;
const CONTAINER = /^(?:Discovery in )?(.+) failed with:$/;
const HEADER = /^(\s*)(?:Describing|Context) (\S.*)$/;
const RESULT = /^\s*\[[-+!?]\] /;
const END = /^\s*(?:Tests completed in |Tests Passed: |Running tests|Starting discovery)/;
const SUMMARY = /^Tests Passed: \d+, Failed: (\d+)/;
// v4's `at line: 7 in C:\p\x.Tests.ps1`.
const AT_LINE = /^at line: (\d+) in (.+)$/;
// The tail of a stack line after its last `, `: `C:\p\x.Tests.ps1:7` (v5) or `…ps1: line 7` (v4).
const WHERE = /^(.+?):\s*(?:line\s*)?(\d+)$/;
// v4 quotes the failing line: `7:         (Get-Planet).Count | Should -Be 9`.
const CODE_LINE = /^\d+: /;
const MAX_BLOCK = 40;
const MAX_DEPTH = 32;

interface Frame {
  file: string;
  line: number;
  ev: EvidenceLine;
}

interface Open {
  indent: number;
  test?: string;
  file?: string;
  message?: string;
  frames: Frame[];
  evidence: EvidenceLine[];
  lines: number;
}

/** Pester v4/v5: failed tests and blocks with their message and the `.Tests.ps1` line, and the run summary. */
export const pester: ParserDef = {
  name: 'pester',
  description: 'Pester (PowerShell) `[-] Describe.It name 12ms (10ms|2ms)` failures with `at …, x.Tests.ps1:42`, `[-] Describe X failed`, `Tests Passed: N, Failed: M`',
  url: 'https://pester.dev/docs/usage/output',
  trigger: /^\s*\[-\] |^\s*(?:Describing|Context) \S|^Tests Passed: \d+, Failed: /,
  keywords: ['[-] ', 'Describing ', 'Context ', 'Tests Passed: '],
  create(sink) {
    const blocks: { indent: number; name: string }[] = [];
    let open: Open | null = null;
    let emitted = 0;

    function flush(): void {
      const o = open;
      open = null;
      if (!o) return;
      // The innermost frame in a test file (`*.Tests.ps1`), else the innermost with a file.
      const at = o.frames.find((f) => /\.Tests\.ps1$/i.test(f.file)) ?? o.frames[0];
      const file = at?.file ?? o.file;
      emitted++;
      sink.emit({
        class: 'test_fail',
        tool: 'pester',
        ...(o.test ? { test: o.test } : {}),
        ...(file ? { file } : {}),
        ...(at ? { line: at.line } : {}),
        message: o.message ?? 'Test failed',
        evidence: at && !o.evidence.includes(at.ev) ? [...o.evidence, at.ev] : o.evidence,
      });
    }

    function start(indent: number, body: string, text: string, ctx: LineContext): boolean {
      const tail = body.length > 80 ? body.slice(-80) : body;
      const t = TIME.exec(tail);
      const o: Open = { indent, frames: [], evidence: [ev(text, ctx)], lines: 0 };
      if (t) {
        const name = body.slice(0, body.length - tail.length + t.index);
        // Detailed and v4 print the bare It name under its blocks; Normal prints the whole path.
        const path = indent > 0 ? blocks.filter((b) => b.indent < indent).map((b) => b.name) : [];
        o.test = [...path, name].join('.');
      } else {
        const b = BLOCK.exec(body);
        const c = b ? null : CONTAINER.exec(body);
        if (b) o.test = b[1]!;
        else if (c) o.file = c[1]!;
        else return false;
      }
      open = o;
      return true;
    }

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return open !== null;
        if (open) {
          const o = open;
          const trimmed = text.trim();
          const indent = text.length - text.trimStart().length;
          if (++o.lines > MAX_BLOCK || RESULT.test(text) || END.test(text) || HEADER.test(text) || (trimmed !== '' && indent <= o.indent)) {
            flush();
          } else {
            if (trimmed === '') return true;
            const frame = stackFrame(trimmed);
            if (frame) {
              o.frames.push({ ...frame, ev: ev(text, ctx) });
            } else if (o.message === undefined && !CODE_LINE.test(trimmed)) {
              o.message = trimmed;
              o.evidence.push(ev(text, ctx));
            }
            return true;
          }
        }
        const h = HEADER.exec(text);
        if (h) {
          const indent = h[1]!.length;
          while (blocks.length > 0 && blocks[blocks.length - 1]!.indent >= indent) blocks.pop();
          if (blocks.length < MAX_DEPTH) blocks.push({ indent, name: h[2]!.trim() });
          return false;
        }
        const f = FAILED.exec(text);
        if (f) return start(f[1]!.length, f[2]!.trim(), text, ctx);
        const s = SUMMARY.exec(text);
        if (s && Number(s[1]) > 0 && emitted === 0) {
          emitted++;
          sink.emit({ class: 'test_fail', tool: 'pester', message: `${s[1]!} Pester tests failed`, evidence: [ev(text, ctx)] });
        }
        return false;
      },
      end() {
        flush();
      },
    };
  },
};

function stackFrame(trimmed: string): { file: string; line: number } | null {
  const a = AT_LINE.exec(trimmed);
  if (a) return { file: a[2]!, line: Number(a[1]) };
  if (!trimmed.startsWith('at ')) return null;
  const comma = trimmed.lastIndexOf(', ');
  if (comma < 0) return null;
  const w = WHERE.exec(trimmed.slice(comma + 2));
  if (!w || w[1]!.startsWith('<')) return null;
  return { file: w[1]!, line: Number(w[2]) };
}
