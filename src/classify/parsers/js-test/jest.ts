import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef, type ParserSink } from '../../parser.ts';
import { type Frame, isExternal, looksLikeTestFile, parseFrame, pickFrame, sameFile, stripDuration, unresolved } from './stack.ts';

// `FAIL src/a.test.js` / `FAIL test/b.ts (17.8 s)`; vitest's `FAIL  a.test.js > t` and `[ a.test.js ]` are not jest's.
const FAIL = /^\s*FAIL\s+(\S.*)$/;
const PASS = /^\s*PASS\s/;
// `● suite › test`, `● Test suite failed to run`, `● Console` (output of a passing or failing suite, never a failure).
const BULLET = /^\s*● (.+)$/;
const SUMMARY = /^Tests:\s+(\d+) failed/;
const MODULE = /Cannot find module '([^']+)' from '([^']+)'/;
const TIMEOUT = /Exceeded timeout of \d+ ?ms/;
// Babel's `SyntaxError: /abs/a.test.js: Unexpected token (2:13)`.
const BABEL_SYNTAX = /^SyntaxError: (\S[^:]*): (.*) \((\d+):(\d+)\)$/;
const TS_DIAGNOSTIC = /error TS\d+/;
const MAX_BLOCK_LINES = 1000;
const MAX_KEPT_CHARS = 2000;

interface Block {
  suite: boolean;
  test: string;
  file: string;
  lines: string[];
  frames: Frame[];
  evidence: EvidenceLine[];
  count: number;
}

/** jest: the default reporter's `● suite › test` failure blocks and suites that failed to run. */
export const jest: ParserDef = {
  name: 'jest',
  description: 'Jest default reporter: `● suite › test` blocks with code frame and stack, "Test suite failed to run", timeouts',
  url: 'https://jestjs.io/docs/cli#--reporters',
  // jest pads its badges with spaces; the trigger asks for a space or tab so that the keywords cover it.
  trigger: /^\s*(?:FAIL[ \t]|● |Tests:\s+\d+ failed)/,
  keywords: ['FAIL ', 'FAIL\t', '● ', 'Tests:'],
  create(sink) {
    let suiteFile: string | null = null;
    let block: Block | null = null;
    let emitted = false;

    const flush = (): void => {
      if (block && emitBlock(block, sink)) emitted = true;
      block = null;
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        const fail = FAIL.exec(text);
        if (fail && !fail[1]!.includes(' > ') && !fail[1]!.endsWith(' ]')) {
          flush();
          suiteFile = suitePath(fail[1]!);
          return false;
        }
        if (PASS.test(text)) {
          flush();
          suiteFile = null;
          return false;
        }
        const bullet = BULLET.exec(text);
        if (bullet) {
          flush();
          const name = bullet[1]!.trim();
          // Only a block under a `FAIL` header is a failure; `● Console` is captured output.
          // A passing suite's header is not read (it is most of a passing run's output), so a `●` block is a
          // failure only under the latest `FAIL` header and only when it is not one of jest's own notices.
          if (suiteFile === null || name === 'Console' || /^(?:Validation|Deprecation) (?:Warning|Error):?$/.test(name)) return false;
          const suite = name === 'Test suite failed to run';
          block = { suite, test: name, file: suiteFile, lines: [], frames: [], evidence: [ev(text, ctx)], count: 0 };
          return true;
        }
        const summary = SUMMARY.exec(text);
        if (summary) {
          flush();
          // A reporter that printed no `●` blocks (e.g. a custom or GitHub Actions reporter) still names the count.
          if (!emitted) {
            const n = summary[1]!;
            sink.emit({ class: 'test_fail', message: `${n} ${n === '1' ? 'test' : 'tests'} failed`, tool: 'jest', evidence: [ev(text, ctx)] });
            emitted = true;
          }
          return false;
        }
        if (!block) return false;
        const b: Block = block;
        // Everything jest prints inside a block is indented; a line at the margin is someone else's.
        if (text.trim() !== '' && !/^\s{2}/.test(text)) {
          flush();
          return false;
        }
        readBlockLine(b, text, ctx);
        if (++b.count > MAX_BLOCK_LINES) {
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

function suitePath(rest: string): string {
  // A project badge may precede the path; the path is the last word once the duration is gone.
  const words = stripDuration(rest.trim()).split(/\s+/);
  return words[words.length - 1]!.replace(/^\.\//, '');
}

function readBlockLine(b: Block, text: string, ctx: LineContext): void {
  const frame = parseFrame(text, 'at');
  if (frame) {
    if (b.frames.length < 100) b.frames.push(frame);
    if (b.evidence.length < 8 && !isExternal(frame.file)) b.evidence.push(ev(text, ctx));
    return;
  }
  const t = text.trim();
  if (t === '' || b.lines.length >= 200 || t.length > MAX_KEPT_CHARS) return;
  b.lines.push(t);
  if (b.lines.length === 1) b.evidence.push(ev(text, ctx));
}

/** Emits the block's failure; false when it is left to another parser (a TypeScript diagnostic). */
function emitBlock(b: Block, sink: ParserSink): boolean {
  // `thrown: "Exceeded timeout of 5000 ms for a test.` quotes the message over several lines.
  const first = b.lines.find((l) => !/^(?:thrown: )?"?$/.test(l)) ?? b.test;
  const message = first.replace(/^thrown: "/, '');
  const draft: FailureDraft = { class: 'test_fail', message, tool: 'jest', evidence: b.evidence };
  if (!b.suite) draft.test = b.test;
  const own = ownStack(b.frames);
  let moduleLike = false;
  for (const l of b.lines) {
    const mod = MODULE.exec(l);
    if (mod) {
      const u = unresolved(mod[1]!);
      draft.class = u.class;
      if (u.package) draft.package = u.package;
      draft.message = l;
      moduleLike = true;
      break;
    }
    if (TIMEOUT.test(l)) {
      draft.class = 'timeout';
      break;
    }
    if (b.suite && TS_DIAGNOSTIC.test(l)) return false;
    const syntax = BABEL_SYNTAX.exec(l);
    if (b.suite && syntax) {
      sink.emit({ ...draft, class: 'compile_error', message: l, file: syntax[1]!, line: Number(syntax[3]), column: Number(syntax[4]) });
      return true;
    }
    if (b.suite && l.startsWith('SyntaxError:')) {
      draft.class = 'compile_error';
      draft.message = l;
      moduleLike = true;
      break;
    }
  }
  const inSuite = (f: Frame): boolean => sameFile(f.file, b.file);
  const inProject = (f: Frame): boolean => !isExternal(f.file);
  // Resolution and syntax errors are where jest's code frame points (the top project frame); an
  // assertion or exception in a test is located at the innermost frame in the test file (TAXONOMY).
  const at = moduleLike
    ? pickFrame(b.frames, (f) => own.includes(f) && inProject(f), inProject)
    : pickFrame(
        b.frames,
        (f) => own.includes(f) && inSuite(f),
        inSuite,
        (f) => inProject(f) && looksLikeTestFile(f.file),
        (f) => own.includes(f) && inProject(f),
        inProject,
      );
  if (at) {
    draft.file = at.file;
    draft.line = at.line;
    draft.column = at.column;
  } else {
    draft.file = b.file;
  }
  sink.emit(draft);
  return true;
}

// Jest indents the stack of an error quoted inside a matcher message (toThrow's "Received message", a
// "Cause:") deeper than the failure's own stack, which is therefore the least indented one.
function ownStack(frames: readonly Frame[]): Frame[] {
  if (frames.length === 0) return [];
  const min = Math.min(...frames.map((f) => f.indent));
  return frames.filter((f) => f.indent === min);
}
