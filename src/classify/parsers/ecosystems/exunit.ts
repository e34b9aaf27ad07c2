import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `  1) test greets the world (HelloTest)`, `  2) doctest Foo.bar/1 (1) (FooTest)`,
// `  3) HelloTest: failure on setup_all callback, all tests have been invalidated`
const HEADER = /^ {2}\d+\) ((?:test|doctest|property) .+ \(([\w.]+)\))$/;
const SETUP_ALL = /^ {2}\d+\) ([\w.]+): failure on setup_all callback/;
const LOCATION = /^ {5}(\S+\.exs?):(\d+)$/;
const FRAME = /^ {7}(?:\([\w.]+ [\d.]+\) )?(\S+\.exs?):(\d+): (.*)$/;
const RAISED = /^ {5}\*\* \(([\w.]+)\) (.*)$/;
const MAX_BLOCK = 400;

interface Block {
  test: string;
  file?: string;
  line?: number;
  message?: string;
  exception?: string;
  frame?: { file: string; line: number };
  evidence: EvidenceLine[];
  lines: number;
}

/** ExUnit (`mix test`): numbered failure blocks with their location, error and stacktrace. */
export const exunit: ParserDef = {
  name: 'exunit',
  description: 'ExUnit (`mix test`) failure blocks: `N) test name (Module)`, location, assertion or `** (Error)`, stacktrace; `ExUnit.TimeoutError` is a timeout',
  url: 'https://hexdocs.pm/ex_unit/ExUnit.html',
  trigger: /^ {2}\d+\) (?:(?:test|doctest|property) |[\w.]+: failure on setup_all)/,
  keywords: [') test ', ') doctest ', ') property ', ': failure on setup_all'],
  create(sink) {
    let block: Block | null = null;
    let inStack = false;
    const flush = (): void => {
      if (!block) return;
      const b = block;
      block = null;
      inStack = false;
      // Located at the test code frame when the stacktrace shows one, else at the test.
      const at = b.frame ?? (b.file ? { file: b.file, line: b.line! } : null);
      sink.emit({
        class: b.exception === 'ExUnit.TimeoutError' ? 'timeout' : 'test_fail',
        tool: 'exunit',
        test: b.test,
        ...(at ? { file: at.file, line: at.line } : {}),
        ...(b.exception ? { code: b.exception } : {}),
        message: b.message ?? 'Test failed',
        evidence: b.evidence,
      });
    };
    return {
      feed(text: string, ctx: LineContext): boolean {
        const h = HEADER.exec(text) ?? SETUP_ALL.exec(text);
        if (h) {
          flush();
          block = { test: h[1]!, evidence: [ev(text, ctx)], lines: 0 };
          return true;
        }
        if (!block) return false;
        const b = block;
        if (++b.lines > MAX_BLOCK || text.length > 20_000) {
          flush();
          return false;
        }
        if (inStack) {
          if (!text.startsWith('       ')) {
            flush();
            return false;
          }
          const f = FRAME.exec(text);
          if (!f) return true;
          // The innermost frame in the test's own file is where the test code failed.
          if (!b.frame && (f[1] === b.file || f[3] === '(test)')) b.frame = { file: f[1]!, line: Number(f[2]) };
          return true;
        }
        if (b.lines === 1) {
          const l = LOCATION.exec(text);
          if (l) {
            b.file = l[1]!;
            b.line = Number(l[2]);
            return true;
          }
        }
        if (text.trim() === 'stacktrace:') {
          inStack = true;
          return true;
        }
        const r = RAISED.exec(text);
        if (r && !b.exception) {
          b.exception = r[1]!;
          b.message = r[2]!;
          b.evidence.push(ev(text, ctx));
          return true;
        }
        if (b.message === undefined && /^ {5}\S/.test(text)) {
          b.message = text.trim();
          b.evidence.push(ev(text, ctx));
          return true;
        }
        // Failure details are indented; anything at the margin (dots, the summary) ends the block.
        if (text !== '' && !/^\s/.test(text)) {
          flush();
          return false;
        }
        return true;
      },
      end() {
        flush();
      },
    };
  },
};
