import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `  1) Failure:` / `  2) Error:` (minitest), `Failure:` / `Error:` (minitest-reporters' default reporter).
const HEAD = /^\s*(?:\d+\) )?(Failure|Error):$/;
// `TestFoo#test_bar [test/foo_test.rb:12]:`, `TestFoo#test_ name.  [/p/test/foo_test.rb:12]`, `TestFoo#test_bar:`
const NAME_AT = /^(\S+#\S.*?)\s{1,4}\[(\S+?):(\d+)\]:?$/;
const NAME = /^(\S+#\S.*?):$/;
const FRAME = /^\s+(?:\.\/)?(\S+?\.rb):(\d+):in /;
const TEST_FILE = /(?:^|\/)(?:test|spec)s?\/|_test\.rb$|(?:^|\/)test_[^/]*\.rb$/;
const MAX_BLOCK = 200;

interface Block {
  kind: string;
  test?: string;
  at?: { file: string; line: number };
  message?: string;
  evidence: EvidenceLine[];
  lines: number;
}

/** Minitest failure and error reports (plain and minitest-reporters). */
export const minitest: ParserDef = {
  name: 'minitest',
  description: 'Minitest `Failure:` / `Error:` reports: `Class#test [file:line]` then the assertion or exception, with its backtrace for errors',
  url: 'https://docs.seattlerb.org/minitest/',
  trigger: /^\s*(?:\d+\) )?(?:Failure|Error):$/,
  keywords: ['Failure:', 'Error:'],
  create(sink) {
    let block: Block | null = null;
    const flush = (): void => {
      const b = block;
      block = null;
      if (!b?.test) return;
      sink.emit({
        class: 'test_fail',
        tool: 'minitest',
        test: b.test,
        ...(b.at ? { file: b.at.file, line: b.at.line } : {}),
        message: b.message ?? `Test ${b.kind === 'Error' ? 'errored' : 'failed'}`,
        evidence: b.evidence,
      });
    };
    return {
      feed(text: string, ctx: LineContext): boolean {
        const h = HEAD.exec(text);
        if (h) {
          flush();
          block = { kind: h[1]!, evidence: [ev(text, ctx)], lines: 0 };
          return true;
        }
        if (!block) return false;
        const b = block;
        if (++b.lines > MAX_BLOCK || text.length > 20_000) {
          flush();
          return false;
        }
        if (!b.test) {
          const m = NAME_AT.exec(text) ?? NAME.exec(text);
          // Anything else after a bare `Error:` is some other tool's message.
          if (!m) {
            block = null;
            return false;
          }
          b.test = m[1]!.trim();
          if (m[2]) b.at = { file: m[2], line: Number(m[3]) };
          b.evidence.push(ev(text, ctx));
          return true;
        }
        if (text.trim() === '') {
          flush();
          return false;
        }
        const f = FRAME.exec(text);
        if (f) {
          // An error is located at the innermost frame in test code.
          if (!b.at && TEST_FILE.test(f[1]!)) b.at = { file: f[1]!, line: Number(f[2]) };
          return true;
        }
        if (b.message === undefined) {
          b.message = text.trim();
          b.evidence.push(ev(text, ctx));
        }
        return true;
      },
      end() {
        flush();
      },
    };
  },
};
