import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const SECTION = /^There (?:was|were) \d+ (failure|error)s?:$/;
const OTHER_SECTION = /^There (?:was|were) \d+ \w+/;
const HEADER = /^(\d+)\) (\S+::\S.*)$/;
const FRAME = /^(\S+\.(?:php|phpt|inc)):(\d+)$/;
const END = /^(?:FAILURES!|ERRORS!|OK, but|Tests: \d+)/;
const MAX_BLOCK = 20_000;

interface Test {
  name: string;
  message?: string;
  frames: { file: string; line: number; ev: EvidenceLine }[];
  evidence: EvidenceLine[];
}

/** PHPUnit's default result printer: the numbered failures and errors sections. */
export const phpunit: ParserDef = {
  name: 'phpunit',
  description: 'PHPUnit `There were N failures:` / `errors:` sections: `N) Class::method`, the message and the file:line trace',
  url: 'https://docs.phpunit.de/en/10.5/textui.html',
  trigger: /^There (?:was|were) \d+ (?:failure|error)s?:$/,
  keywords: ['There was ', 'There were '],
  create(sink) {
    let open = false;
    let lines = 0;
    let test: Test | null = null;
    const flush = (): void => {
      const t = test;
      test = null;
      if (!t) return;
      const at = testFrame(t);
      sink.emit({
        class: 'test_fail',
        tool: 'phpunit',
        test: t.name,
        ...(at ? { file: at.file, line: at.line } : {}),
        message: t.message ?? 'Test failed',
        evidence: at ? [...t.evidence, at.ev] : t.evidence,
      });
    };
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (SECTION.test(text)) {
          flush();
          open = true;
          lines = 0;
          return true;
        }
        if (!open) return false;
        if (++lines > MAX_BLOCK || END.test(text) || OTHER_SECTION.test(text)) {
          flush();
          open = false;
          return false;
        }
        if (text.length > 20_000) return true;
        const h = HEADER.exec(text);
        if (h) {
          flush();
          test = { name: h[2]!, frames: [], evidence: [ev(text, ctx)] };
          return true;
        }
        if (!test) return true;
        const f = FRAME.exec(text);
        if (f) {
          test.frames.push({ file: f[1]!, line: Number(f[2]), ev: ev(text, ctx) });
          return true;
        }
        if (test.message === undefined && text.trim() !== '') {
          test.message = text.trim();
          test.evidence.push(ev(text, ctx));
        }
        return true;
      },
      end() {
        flush();
      },
    };
  },
};

// The innermost frame in the test class's own file, else in any `*Test.php`, else the innermost frame.
function testFrame(t: Test): Test['frames'][number] | undefined {
  const cls = t.name.slice(0, t.name.indexOf('::'));
  const short = cls.slice(cls.lastIndexOf('\\') + 1);
  const base = (f: string): string => f.slice(f.lastIndexOf('/') + 1).replace(/\.\w+$/, '');
  return (
    t.frames.find((f) => base(f.file) === short) ??
    t.frames.find((f) => /Test\.php$|_test\.php$/i.test(f.file)) ??
    t.frames[0]
  );
}
