import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { isBareSpecifier, packageName } from '../specifier.ts';
import { HeldFailures, RETRYING } from './held.ts';

// Node prints an uncaught exception after the location it was thrown from, alone on a line:
// `node:internal/modules/cjs/loader:1228`, `module.js:327` (Node ≤ 8), `/app/src/a.js:3`, `file:///app/a.mjs:2`.
const HEADER =
  /^(?:node:internal\/[\w/.-]+|internal\/[\w/.-]+\.js|[\w-]+\.js|(?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^:]*\.[cm]?[jt]sx?):(\d+)$/;
const ERROR_LINE = /^(?:Uncaught )?(\w*Error)(?: \[(\w+)\])?: (.*)$/;
const CJS_NOT_FOUND = /^Cannot find module '([^']+)'$/;
const ESM_NOT_FOUND = /^Cannot find (?:package|module) '([^']+)' imported from (.+)$/;
const FRAME = /^\s+at (?:.*? \()?((?:file:\/\/|node:)?(?:[A-Za-z]:[\\/])?[^():]+):(\d+):(\d+)\)?$/;
const REQUIRE_STACK_ENTRY = /^- (.+)$/;
const NODE_VERSION = /^Node\.js v\d/;
// The exception's own lines: stack frames, its `{ code: … }` properties, `Require stack:` and its entries.
const EXCEPTION_LINE = /^(?:\s+at |\s+\.\.\. \d+ lines? matching|Require stack:|- |\s*\{$|\}$|\s+[\w$]+: |\s*$)/;
// Lines from the header to the error line: the source line, the caret, a blank line.
const TO_ERROR_LINE = 5;
const MAX_EXCEPTION_LINES = 60;
// Lines after the exception within which Travis announces that it retries the command.
const RETRY_WINDOW = 60;

interface Exception {
  header: EvidenceLine;
  headerFile: string;
  headerLine: number;
  error: EvidenceLine | null;
  name: string;
  code: string;
  message: string;
  frames: number;
  frame: { file: string; line: number; column: number; evidence: EvidenceLine } | null;
  firstFrameInternal: boolean | null;
  requiredFrom: string | null;
  lines: number;
}

/** Node.js: an uncaught exception at startup: a module it cannot resolve, a file it cannot parse. */
export const node: ParserDef = {
  name: 'node',
  description: 'Node.js uncaught exceptions: `Cannot find module`/ERR_MODULE_NOT_FOUND and SyntaxError when a file loads',
  url: 'https://nodejs.org/api/errors.html',
  // A header is a bare `file:line`, too common a shape to be a candidate: its error line triggers instead.
  // That is at most six lines below the header; replaying eight also brings back an earlier header whose
  // block would have swallowed this one, as reading every header did.
  trigger: /^(?:Uncaught )?\w*Error(?: \[\w+\])?: /,
  keywords: ['Error: ', 'Error ['],
  lookback: 8,
  create(sink) {
    const held = new HeldFailures();
    let ex: Exception | null = null;
    let watch = 0;

    const close = (): void => {
      if (ex?.error) decide(ex, held, sink.jobFailed);
      ex = null;
      watch = RETRY_WINDOW;
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (ex) {
          if (readException(ex, text, ctx)) return true;
          close();
        }
        const h = HEADER.exec(text);
        if (h) {
          held.flush(sink);
          ex = newException(ev(text, ctx), text.slice(0, text.length - h[1]!.length - 1), Number(h[1]));
          return true;
        }
        if (watch > 0) {
          if (RETRYING.test(text)) {
            held.drop();
            watch = 0;
            return false;
          }
          if (--watch > 0) return true;
        }
        held.flush(sink);
        return false;
      },
      end() {
        if (ex) close();
        held.flush(sink);
      },
    };
  },
};

function newException(header: EvidenceLine, file: string, line: number): Exception {
  return {
    header,
    headerFile: file,
    headerLine: line,
    error: null,
    name: '',
    code: '',
    message: '',
    frames: 0,
    frame: null,
    firstFrameInternal: null,
    requiredFrom: null,
    lines: 0,
  };
}

// True while the line still belongs to the exception.
function readException(ex: Exception, text: string, ctx: LineContext): boolean {
  ex.lines++;
  if (!ex.error) {
    const e = ERROR_LINE.exec(text);
    if (e) {
      ex.error = ev(text, ctx);
      ex.name = e[1]!;
      ex.code = e[2] ?? '';
      ex.message = e[3]!;
      return true;
    }
    return ex.lines <= TO_ERROR_LINE;
  }
  if (NODE_VERSION.test(text)) return false;
  if (ex.lines > MAX_EXCEPTION_LINES) return false;
  const f = FRAME.exec(text);
  if (f) {
    ex.frames++;
    const location = f[1]!;
    const internal = isInternal(location);
    ex.firstFrameInternal ??= internal;
    if (!ex.frame && !internal && !location.includes('/node_modules/') && !location.includes('\\node_modules\\')) {
      ex.frame = { file: location, line: Number(f[2]), column: Number(f[3]), evidence: ev(text, ctx) };
    }
    return true;
  }
  if (/^\s+at /.test(text)) {
    // `at JSON.parse (<anonymous>)`: a frame without a file.
    ex.frames++;
    ex.firstFrameInternal ??= false;
    return true;
  }
  const r = REQUIRE_STACK_ENTRY.exec(text);
  if (r && ex.frames === 0) {
    if (!ex.requiredFrom && !r[1]!.includes('node_modules')) ex.requiredFrom = r[1]!;
    return true;
  }
  // A multi-line message (before the stack) or the exception's properties (after it).
  return ex.frames === 0 ? !/^\s*$/.test(text) : EXCEPTION_LINE.test(text);
}

function isInternal(location: string): boolean {
  return location.startsWith('node:') || location.startsWith('internal/') || !/[\\/]/.test(location);
}

function decide(ex: Exception, held: HeldFailures, jobFailed: (e: EvidenceLine) => void): void {
  const error = ex.error!;
  const cjs = ex.name === 'Error' && !ex.code ? CJS_NOT_FOUND.exec(ex.message) : null;
  const esm = ex.code === 'ERR_MODULE_NOT_FOUND' ? ESM_NOT_FOUND.exec(ex.message) : null;
  if (cjs || esm) {
    const spec = (cjs ?? esm)![1]!;
    const bare = isBareSpecifier(spec);
    const d: FailureDraft = {
      class: bare ? 'dependency_missing' : 'compile_error',
      message: `${ex.name}: ${ex.message}`,
      tool: 'node',
      code: ex.code || 'MODULE_NOT_FOUND',
      evidence: [ex.header, error],
    };
    if (bare) d.package = packageName(spec);
    // Located where the project asked for the module: the importer, or the first frame in project code.
    if (ex.frame) {
      Object.assign(d, { file: ex.frame.file, line: ex.frame.line, column: ex.frame.column });
      d.evidence.push(ex.frame.evidence);
    } else if (esm) {
      d.file = esm[2]!;
    } else if (ex.requiredFrom) {
      d.file = ex.requiredFrom;
    } else if (!bare) {
      // The entry script itself is missing: a command or path mistake, not code that fails to build.
      jobFailed(error);
      return;
    }
    held.hold(d);
    return;
  }
  // A SyntaxError raised while loading a file (its first frame is Node's loader, not code that ran).
  if (ex.name === 'SyntaxError' && ex.firstFrameInternal !== false && !isInternal(ex.headerFile)) {
    held.hold({
      class: 'compile_error',
      message: `${ex.name}: ${ex.message}`,
      file: ex.headerFile,
      line: ex.headerLine,
      tool: 'node',
      code: 'SyntaxError',
      evidence: [ex.header, error],
    });
    return;
  }
  // Any other uncaught exception crashed the step; the log does not say which class of failure it is.
  jobFailed(error);
}
