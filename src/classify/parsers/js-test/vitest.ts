import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef, type ParserSink } from '../../parser.ts';
import { type Frame, isExternal, parseFrame, pickFrame, sameFile, unresolved } from './stack.ts';

// `⎯⎯⎯ Failed Tests 2 ⎯⎯⎯`, `⎯⎯⎯ Failed Suites 1 ⎯⎯⎯`, `⎯⎯⎯ Unhandled Errors ⎯⎯⎯`: the report after the run.
const SECTION = /^\s*⎯+ (Failed Tests|Failed Suites|Unhandled Errors?) (?:\d+ )?⎯/;
// `⎯⎯⎯ Uncaught Exception ⎯⎯⎯` / `⎯⎯⎯ Unhandled Rejection ⎯⎯⎯` inside the unhandled section.
const UNHANDLED = /^\s*⎯+ (?:Uncaught Exception|Unhandled Rejection|Unhandled Error)\b[^⎯]*⎯/;
// ` FAIL  src/a.test.js > suite > test` or ` FAIL  src/a.test.js [ src/a.test.js ]` (a file that failed to load).
const FAIL = /^\s*FAIL\s+(\S.*)$/;
// The rule closing one block (`⎯⎯⎯[1/2]⎯`) or the unhandled section (`⎯⎯⎯⎯`).
const RULE = /^\s*⎯{3}/;
const SUMMARY = /^\s*(?:Test Files|Tests)\s+\d/;
const TIMED_OUT = /\b(?:Test|Hook) timed out in \d+ ?ms\b|^(?:TestTimeoutError|HookTimeoutError)\b/;
const PACKAGE = /Cannot find (?:package|module) '([^']+)'/;
const LOAD_URL = /Failed to load url (\S+)/;
const COMPILE = /^(?:SyntaxError|Error: Transform failed|Error: Parse failure|Error: Failed to parse source|TransformError)\b/;
// Lines of a block are bounded: a block that never closes stops being read.
const MAX_SECTION_IDLE = 2000;

interface Block {
  file: string | null;
  test: string | null;
  unhandled: boolean;
  messages: string[];
  frames: Frame[];
  evidence: EvidenceLine[];
}

/** vitest: the default and verbose reporters' report of failed tests, failed suites and unhandled errors. */
export const vitest: ParserDef = {
  name: 'vitest',
  description: 'Vitest default/verbose reporter: `FAIL file > suite > test` blocks with `❯ file:line:col`, failed suites, unhandled errors',
  url: 'https://vitest.dev/guide/reporters',
  trigger: /⎯ (?:Failed|Unhandled)/,
  keywords: ['⎯ Failed', '⎯ Unhandled'],
  create(sink) {
    let inSection = false;
    let idle = 0;
    let block: Block | null = null;

    const flush = (): void => {
      if (block) emitBlock(block, sink);
      block = null;
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (SECTION.test(text)) {
          flush();
          inSection = true;
          idle = 0;
          return true;
        }
        if (!inSection) return false;
        if (UNHANDLED.test(text)) {
          flush();
          block = { file: null, test: null, unhandled: true, messages: [], frames: [], evidence: [ev(text, ctx)] };
          idle = 0;
          return true;
        }
        const fail = FAIL.exec(text);
        if (fail) {
          flush();
          block = { ...failHeader(fail[1]!), unhandled: false, messages: [], frames: [], evidence: [ev(text, ctx)] };
          idle = 0;
          return true;
        }
        if (RULE.test(text)) {
          flush();
          return true;
        }
        if (SUMMARY.test(text)) {
          flush();
          inSection = false;
          return false;
        }
        if (block) readBlockLine(block, text, ctx);
        if (++idle > MAX_SECTION_IDLE) {
          flush();
          inSection = false;
        }
        return inSection;
      },
      end() {
        flush();
      },
    };
  },
};

function failHeader(rest: string): { file: string; test: string | null } {
  // A file that failed as a whole is printed `file [ file ]`; a test or suite as `file > a > b`.
  const bracket = rest.indexOf(' [ ');
  if (bracket > 0 && rest.endsWith(' ]')) return { file: rest.slice(0, bracket).trim(), test: null };
  const sep = rest.indexOf(' > ');
  if (sep < 0) return { file: rest.trim(), test: null };
  return { file: rest.slice(0, sep).trim(), test: rest.slice(sep + 3).trim() };
}

function readBlockLine(block: Block, text: string, ctx: LineContext): void {
  const frame = parseFrame(text, '❯');
  if (frame) {
    if (block.frames.length < 50) block.frames.push(frame);
    if (!isExternal(frame.file)) pushEvidence(block, text, ctx);
    return;
  }
  const t = text.trim();
  if (t === '' || block.messages.length >= 20) return;
  // The first line is the error; `Caused by:` lines name the underlying one (vite's "Failed to load url").
  if (block.messages.length === 0 || t.startsWith('Caused by:')) {
    block.messages.push(t.replace(/^Caused by: /, ''));
    pushEvidence(block, text, ctx);
  }
}

function pushEvidence(block: Block, text: string, ctx: LineContext): void {
  if (block.evidence.length < 6) block.evidence.push(ev(text, ctx));
}

function emitBlock(block: Block, sink: ParserSink): void {
  const message = block.messages[0];
  if (message === undefined) return;
  const base: Omit<FailureDraft, 'class'> = { message, tool: 'vitest', evidence: block.evidence };
  if (block.test) base.test = block.test;
  let cls: FailureDraft['class'] = 'test_fail';
  for (const m of block.messages) {
    const spec = PACKAGE.exec(m)?.[1] ?? LOAD_URL.exec(m)?.[1];
    if (spec) {
      const u = unresolved(spec);
      cls = u.class;
      if (u.package) base.package = u.package;
      break;
    }
  }
  if (cls === 'test_fail') {
    if (TIMED_OUT.test(message)) cls = 'timeout';
    else if (block.test === null && !block.unhandled && COMPILE.test(message)) cls = 'compile_error';
  }
  const file = block.file;
  // TAXONOMY: located at the innermost frame in the test file itself, else the first frame in the project.
  const at = pickFrame(
    block.frames,
    (f) => file !== null && sameFile(f.file, file),
    (f) => !isExternal(f.file),
  );
  if (at) {
    base.file = at.file;
    base.line = at.line;
    base.column = at.column;
  } else if (file) {
    base.file = file;
  }
  sink.emit({ ...base, class: cls });
}
