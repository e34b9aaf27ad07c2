import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef, type ParserSink } from '../../parser.ts';
import { FILE_FRAME, type Frame, isSyntaxError, missingModule, projectFrame, projectPath, testFrame } from './frames.ts';

const SECTION = /^=+ (FAILURES|ERRORS|short test summary info|test session starts) =+$/;
// The closing stats line (`=== 1 failed, 2 passed in 0.12s ===`) or `!!! Interrupted: … !!!`.
const STATS = /^=+ .* in [\d.]+s(?: \([\d:]+\))? =+$|^!{3,} /;
// `tests/test_x.py:14: AssertionError` (long), `tests/test_x.py:14: in test_y` (short), `tests/test_x.py:14: ` (between entries).
const LOCATION = /^((?:[A-Za-z]:[\\/])?[^\s:][^:]*):(\d+):(?: (?:in (\S.*)|((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*))?)?\s*$/;
const E_LINE = /^E {1,}(\S.*)$/;
const E_EXCEPTION = /^((?:[a-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Failed|Failure|Warning|Timeout|Fault))(?::\s|$)/;
const E_SYNTAX_FRAME = /^E\s+File "([^"]+)", line (\d+)$/;
const SUMMARY_ENTRY = /^(FAILED|ERROR) (\S.*)$/;
const TIMEOUT_BANNER = /^\++ Timeout \++$/;
const FAULT_DUMP = /^(?:Current thread|Thread) 0x[0-9a-fA-F]+ \(most recent call first\):$/;
const MAX_BLOCK_LINES = 5000;
const MAX_DUMP_LINES = 3000;
// faulthandler's `faulthandler_timeout` dump: the test goes on running, so it is not a failure.
const FAULT_TIMEOUT = /^Timeout \(\d+:\d\d:\d\d\)!$/;

/** pytest: FAILURES/ERRORS sections, the short test summary, collection errors, pytest-timeout and crash dumps. */
export const pytest: ParserDef = {
  name: 'pytest',
  description: 'pytest reports: FAILURES/ERRORS sections (long, short and native tracebacks), `FAILED`/`ERROR` summary lines, pytest-timeout and faulthandler dumps',
  url: 'https://docs.pytest.org/en/stable/how-to/output.html',
  trigger: /=+ (?:FAILURES|ERRORS|short test summary info|test session starts) =|^\++ Timeout \++$|^(?:Current thread|Thread) 0x[0-9a-fA-F]+ \(most|^Timeout \(\d+:\d\d:\d\d\)!$/,
  // `hread 0x` is in both `Current thread 0x…` and `Thread 0x…`.
  keywords: ['= FAILURES =', '= ERRORS =', '= short test summary info =', '= test session starts =', '+ Timeout +', 'hread 0x', 'Timeout ('],
  create(sink) {
    return new PytestParser(sink);
  },
};

type Kind = 'test' | 'setup' | 'teardown' | 'collect';

/** One `___ header ___` block of a FAILURES or ERRORS section. */
interface Block {
  name: string;
  kind: Kind;
  frames: Frame[];
  exception?: string;
  message?: string;
  syntaxAt?: Frame;
  evidence: EvidenceLine[];
  used: boolean;
}

type Mode = 'idle' | 'section' | 'summary' | 'dump';

class PytestParser {
  readonly #sink: ParserSink;
  #mode: Mode = 'idle';
  #lines = 0;
  #blocks: Block[] = [];
  #current: Block | null = null;
  #entries: { status: string; id: string; message: string; evidence: EvidenceLine }[] = [];
  #dump: { timeout: boolean; frames: Frame[]; evidence: EvidenceLine[]; innermostFirst: boolean } | null = null;
  #faultTimeoutLine = -1;

  constructor(sink: ParserSink) {
    this.#sink = sink;
  }

  feed(text: string, ctx: LineContext): boolean {
    const section = SECTION.exec(text);
    if (section) return this.#section(section[1]!);
    if (this.#mode === 'dump') return this.#dumpLine(text, ctx);
    if (FAULT_TIMEOUT.test(text)) {
      this.#faultTimeoutLine = ctx.n;
      return this.#mode !== 'idle';
    }
    const banner = TIMEOUT_BANNER.test(text);
    if (banner || (FAULT_DUMP.test(text) && ctx.n !== this.#faultTimeoutLine + 1)) {
      this.#closeBlock();
      this.#dump = { timeout: banner, frames: [], evidence: [ev(text, ctx)], innermostFirst: !banner };
      this.#lines = 0;
      this.#mode = 'dump';
      return true;
    }
    if (this.#mode === 'section') return this.#sectionLine(text, ctx);
    if (this.#mode === 'summary') return this.#summaryLine(text, ctx);
    return false;
  }

  end(): void {
    this.#flush();
  }

  #section(name: string): boolean {
    this.#closeBlock();
    this.#lines = 0;
    if (name === 'test session starts') {
      this.#flush();
      this.#mode = 'idle';
      return false;
    }
    this.#mode = name === 'short test summary info' ? 'summary' : 'section';
    return true;
  }

  #sectionLine(text: string, ctx: LineContext): boolean {
    if (isRule(text)) {
      // Another section (warnings summary, captured output of the session) or the end of the run.
      this.#closeBlock();
      this.#mode = 'idle';
      if (STATS.test(text)) this.#flush();
      return false;
    }
    const header = headerName(text);
    if (header !== null) {
      this.#closeBlock();
      this.#lines = 0;
      this.#current = { ...classifyHeader(header), frames: [], evidence: [ev(text, ctx)], used: false };
      return true;
    }
    if (++this.#lines > MAX_BLOCK_LINES) {
      this.#closeBlock();
      this.#mode = 'idle';
      return false;
    }
    const b = this.#current;
    if (!b) return true;
    const loc = LOCATION.exec(text);
    if (loc) {
      b.frames.push({ file: loc[1]!, line: Number(loc[2]), evidence: ev(text, ctx) });
      if (loc[4] && b.exception === undefined) b.exception = loc[4];
      return true;
    }
    const e = E_LINE.exec(text);
    if (e) {
      const syntax = E_SYNTAX_FRAME.exec(text);
      if (syntax) b.syntaxAt = { file: syntax[1]!, line: Number(syntax[2]), evidence: ev(text, ctx) };
      const exc = E_EXCEPTION.exec(e[1]!)?.[1];
      // The last named exception is the one raised (a SyntaxError report ends with it).
      if (exc) {
        b.exception = exc;
        b.message = e[1]!;
      } else {
        b.message ??= e[1]!;
      }
      if (b.evidence.length < 4) b.evidence.push(ev(text, ctx));
    }
    return true;
  }

  #summaryLine(text: string, ctx: LineContext): boolean {
    if (isRule(text) || text.startsWith('!!!')) {
      this.#mode = 'idle';
      this.#flush();
      return false;
    }
    if (++this.#lines > MAX_BLOCK_LINES) {
      this.#mode = 'idle';
      this.#flush();
      return false;
    }
    const m = SUMMARY_ENTRY.exec(text);
    if (m) {
      const rest = m[2]!;
      const dash = rest.indexOf(' - ');
      this.#entries.push({
        status: m[1]!,
        id: dash < 0 ? rest.trim() : rest.slice(0, dash),
        message: dash < 0 ? '' : rest.slice(dash + 3),
        evidence: ev(text, ctx),
      });
    }
    return true;
  }

  // pytest-timeout's thread method and faulthandler dump the stack of the test that hung or crashed.
  #dumpLine(text: string, ctx: LineContext): boolean {
    const d = this.#dump!;
    const f = FILE_FRAME.exec(text);
    if (f) {
      d.frames.push({ file: f[2]!, line: Number(f[3]), evidence: ev(text, ctx) });
      return true;
    }
    const closing = d.timeout ? TIMEOUT_BANNER.test(text) : text.trim() === '' && d.frames.length > 0;
    if (!closing && ++this.#lines <= MAX_DUMP_LINES) return true;
    this.#mode = 'idle';
    this.#dump = null;
    // Only a dump taken inside pytest's test loop belongs to a test.
    if (!d.frames.some((fr) => /[\\/]_pytest[\\/]/.test(fr.file))) return false;
    const at = testFrame(d.innermostFirst ? [...d.frames].reverse() : d.frames);
    if (!at) return false;
    const evidence = [...d.evidence, at.evidence!];
    this.#sink.emit({
      class: d.timeout ? 'timeout' : 'test_fail',
      tool: 'pytest',
      file: projectPath(at.file),
      line: at.line,
      message: d.timeout ? 'Test timed out (pytest-timeout)' : 'Test crashed (faulthandler)',
      evidence,
    });
    return false;
  }

  #closeBlock(): void {
    if (this.#current) this.#blocks.push(this.#current);
    this.#current = null;
  }

  // Pairs each summary entry with its block (same order, same name) and reports both; blocks without an
  // entry (summary turned off) are reported on their own.
  #flush(): void {
    this.#closeBlock();
    for (const entry of this.#entries) {
      const sep = entry.id.indexOf('::');
      const key = sep < 0 ? entry.id : entry.id.slice(sep + 2).split('::').join('.');
      const block = this.#blocks.find((b) => !b.used && (b.name === key || (sep < 0 && b.kind === 'collect' && sameFile(b.name, entry.id))));
      if (block) block.used = true;
      this.#report(block, sep < 0 ? undefined : entry.id, sep < 0 ? entry.id : entry.id.slice(0, sep), entry.message, entry.evidence);
    }
    for (const b of this.#blocks) {
      if (!b.used) this.#report(b, b.kind === 'collect' ? undefined : b.name, undefined, '');
    }
    this.#entries = [];
    this.#blocks = [];
  }

  #report(b: Block | undefined, test: string | undefined, idFile: string | undefined, summary: string, entry?: EvidenceLine): void {
    const emit = (f: FailureDraft, at?: Frame): void => {
      const lines = [...(b?.evidence ?? []), ...(at?.evidence ? [at.evidence] : []), ...(entry ? [entry] : [])];
      const unique = [...new Map(lines.map((e) => [e.line, e])).values()];
      this.#sink.emit({ ...f, evidence: unique.sort((x, y) => x.line - y.line) });
    };
    const exception = b?.exception;
    const message = b?.message ?? summary;
    const short = exception?.split('.').pop() ?? '';
    const base: Omit<FailureDraft, 'class'> = {
      tool: 'pytest',
      message: message || summary || (b ? b.name : (test ?? idFile ?? '')),
      evidence: [],
      ...(test ? { test } : {}),
      ...(exception ? { code: short } : {}),
    };
    const frames = b?.frames ?? [];
    const pkg = exception ? missingModule(short, message) : undefined;
    if (pkg) {
      const at = projectFrame(frames);
      emit({ ...base, class: 'dependency_missing', package: pkg, ...(at ? located(at) : {}) }, at);
      return;
    }
    if (isSyntaxError(short) && b?.syntaxAt) {
      emit({ ...base, class: 'compile_error', ...located(b.syntaxAt) }, b.syntaxAt);
      return;
    }
    const cls = short === 'Failed' && /^(?:Failed: )?Timeout\b/.test(message) ? 'timeout' : 'test_fail';
    const at = testFrame(frames);
    if (at) emit({ ...base, class: cls, ...located(at) }, at);
    else emit({ ...base, class: cls, ...(idFile ? { file: idFile } : {}) });
  }
}

// `===== title =====` lines open and close pytest's sections.
function isRule(text: string): boolean {
  return text.startsWith('==') && text.endsWith('==') && text.includes(' ');
}

function located(f: Frame): { file: string; line: number } {
  return { file: projectPath(f.file), line: f.line };
}

// `____ test_name ____` (not the `_ _ _` separator between traceback entries).
function headerName(text: string): string | null {
  if (!text.startsWith('___') || !text.endsWith('___')) return null;
  let i = 0;
  while (i < text.length && text.charCodeAt(i) === 95) i++;
  let j = text.length;
  while (j > i && text.charCodeAt(j - 1) === 95) j--;
  if (text.charCodeAt(i) !== 32 || text.charCodeAt(j - 1) !== 32) return null;
  const name = text.slice(i + 1, j - 1).trim();
  return name === '' ? null : name;
}

function classifyHeader(header: string): { name: string; kind: Kind } {
  const m = /^ERROR (?:at (setup|teardown) of (.+)|collecting (.+))$/.exec(header);
  if (!m) return { name: header.startsWith('[doctest] ') ? header.slice(10) : header, kind: 'test' };
  if (m[3]) return { name: m[3], kind: 'collect' };
  return { name: m[2]!, kind: m[1] as Kind };
}

function sameFile(a: string, b: string): boolean {
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}
