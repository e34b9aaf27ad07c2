import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef, type ParserSink } from '../../parser.ts';
import { type Frame, isExternal, looksLikeTestFile, parseFrame, pickFrame, unresolved } from './stack.ts';

// `  2 failing` opens the epilogue where the base reporter lists every failure.
const FAILING = /^\s*(\d+) failing\s*$/;
// `  1) suite` (spec: the title path follows on deeper lines) or `  1) suite test:` (one-line full title).
// A root suite titled '' leaves the number alone on its line (`  1) `, trailing space often trimmed) and
// the whole title path on the lines below.
const HEADER = /^(\s*)(\d+)\)(?: (.*))?$/;
// Older mocha prints "timeout of N ms exceeded"; the newer adds the test file in parentheses.
const TIMEOUT = /\bTimeout of \d+ ?ms exceeded\b/i;
const TIMEOUT_FILE = / \(([^()]+)\)$/;
const MODULE = /Cannot find module '([^']+)'/;
// The epilogue is read until its last failure's stack ends; a log cut short stops after this many lines.
const MAX_IDLE_LINES = 500;

interface Block {
  titles: string[];
  titleDone: boolean;
  messages: string[];
  frames: Frame[];
  stackEnded: boolean;
  evidence: EvidenceLine[];
}

/** mocha: the base reporter's epilogue (spec, dot, list, …): numbered failures with title path and stack. */
export const mocha: ParserDef = {
  name: 'mocha',
  description: 'Mocha epilogue of the spec/dot/list reporters: `N failing`, `1) suite\\n  test:` with error and stack',
  url: 'https://mochajs.org/#reporters',
  trigger: /^\s*\d+ failing\s*$/,
  keywords: [...'0123456789'].map((d) => `${d} failing`),
  create(sink) {
    let expected = 0;
    let next = 0;
    let idle = 0;
    let block: Block | null = null;

    const flush = (): void => {
      if (block) emitBlock(block, sink);
      block = null;
    };
    const close = (): boolean => {
      flush();
      expected = 0;
      return false;
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        const failing = FAILING.exec(text);
        if (failing) {
          flush();
          expected = Number(failing[1]);
          next = 1;
          idle = 0;
          return expected > 0;
        }
        if (expected === 0) return false;
        const h = HEADER.exec(text);
        // Only the next number, up to the count announced, opens a block: a `2) ` in a message or diff cannot.
        if (h && Number(h[2]) === next && next <= expected) {
          flush();
          next++;
          idle = 0;
          const title = (h[3] ?? '').trim();
          const done = title.endsWith(':');
          const titles = title === '' ? [] : [done ? title.slice(0, -1) : title];
          block = { titles, titleDone: done, messages: [], frames: [], stackEnded: false, evidence: [ev(text, ctx)] };
          return true;
        }
        if (block) readBlockLine(block, text, ctx);
        // After the last failure's stack the epilogue is over.
        if (block && next > expected && block.stackEnded) return close();
        if (++idle > MAX_IDLE_LINES) return close();
        return true;
      },
      end() {
        flush();
      },
    };
  },
};

function readBlockLine(b: Block, text: string, ctx: LineContext): void {
  const t = text.trim();
  if (!b.titleDone) {
    if (t === '') return;
    const done = t.endsWith(':');
    b.titles.push(done ? t.slice(0, -1) : t);
    b.titleDone = done || b.titles.length >= 20;
    return;
  }
  const frame = parseFrame(text, 'at');
  if (frame) {
    if (b.frames.length < 100) b.frames.push(frame);
    if (b.evidence.length < 6 && !isExternal(frame.file)) b.evidence.push(ev(text, ctx));
    return;
  }
  if (b.frames.length > 0) {
    b.stackEnded = true;
    return;
  }
  if (t !== '' && b.messages.length < 20 && t.length < 2000) {
    b.messages.push(t);
    if (b.messages.length === 1) b.evidence.push(ev(text, ctx));
  }
}

function emitBlock(b: Block, sink: ParserSink): void {
  const message = b.messages[0] ?? '';
  const draft: FailureDraft = { class: 'test_fail', message, tool: 'mocha', test: b.titles.join(' > '), evidence: b.evidence };
  const mod = MODULE.exec(message);
  if (mod) {
    const u = unresolved(mod[1]!);
    draft.class = u.class;
    if (u.package) draft.package = u.package;
  } else if (TIMEOUT.test(message)) {
    draft.class = 'timeout';
  }
  // TAXONOMY: the innermost frame in test code; mocha runs test and hook bodies with `this` = Context.
  const at = pickFrame(
    b.frames,
    (f) => f.fn.startsWith('Context.') && !isExternal(f.file),
    (f) => !isExternal(f.file) && looksLikeTestFile(f.file),
    (f) => !isExternal(f.file),
  );
  if (at) {
    draft.file = at.file;
    draft.line = at.line;
    draft.column = at.column;
  } else if (draft.class === 'timeout') {
    const file = TIMEOUT_FILE.exec(message)?.[1];
    if (file) draft.file = file;
  }
  sink.emit(draft);
}
