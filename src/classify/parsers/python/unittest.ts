import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef, type ParserSink } from '../../parser.ts';
import { EXCEPTION_LINE, FILE_FRAME, type Frame, isSyntaxError, missingModule, projectFrame, projectPath, testFrame } from './frames.ts';

// `FAIL: test_x (pkg.mod.Class.test_x) (p=1)` (3.11+), `FAIL: test_x (pkg.mod.Class)` (≤3.10), `ERROR: setUpClass (pkg.mod.Class)`.
const HEADER = /^(FAIL|ERROR): (\w+) \(([\w.]+)\)(.*)$/;
const RULE = /^[=-]{70}$/;
const MAX_BLOCK_LINES = 3000;
const CLASS_FIXTURES = new Set(['setUpClass', 'tearDownClass', 'setUpModule', 'tearDownModule']);

/** unittest: `FAIL:`/`ERROR:` reports with their tracebacks, one per failing subTest. */
export const unittest: ParserDef = {
  name: 'unittest',
  description: 'Python unittest (and Django/trial-style) `FAIL:`/`ERROR:` reports with tracebacks, subTest parameters, Python ≤3.10 and 3.11+ test ids',
  url: 'https://docs.python.org/3/library/unittest.html#unittest.TestResult',
  trigger: /^(?:FAIL|ERROR): \w+ \([\w.]+\)/,
  keywords: ['FAIL: ', 'ERROR: '],
  create(sink) {
    return new UnittestParser(sink);
  },
};

interface Report {
  test: string | undefined;
  module: string;
  frames: Frame[];
  exception?: { name: string; message: string; evidence: EvidenceLine };
  evidence: EvidenceLine[];
  ruled: boolean;
  lines: number;
}

class UnittestParser {
  readonly #sink: ParserSink;
  #report: Report | null = null;

  constructor(sink: ParserSink) {
    this.#sink = sink;
  }

  feed(text: string, ctx: LineContext): boolean {
    const h = HEADER.exec(text);
    if (h) {
      this.#flush();
      this.#report = { ...testName(h[2]!, h[3]!, h[4]!.trim()), frames: [], evidence: [ev(text, ctx)], ruled: false, lines: 0 };
      return true;
    }
    const r = this.#report;
    if (!r) return false;
    if (++r.lines > MAX_BLOCK_LINES) return this.#flush();
    if (RULE.test(text)) {
      // The dashes under the header open the traceback; the next rule ends it.
      if (r.ruled || text.startsWith('=')) return this.#flush();
      r.ruled = true;
      return true;
    }
    // A header is followed by the rule, or by the test's docstring line and then the rule.
    if (!r.ruled) {
      if (r.lines > 2) return this.#abandon();
      return true;
    }
    const f = FILE_FRAME.exec(text);
    if (f) {
      r.frames.push({ file: f[2]!, line: Number(f[3]), evidence: ev(text, ctx) });
      return true;
    }
    if (text === '' || text.startsWith(' ')) return true;
    const e = EXCEPTION_LINE.exec(text);
    if (e && r.frames.length > 0) r.exception = { name: e[1]!, message: e[2] ?? '', evidence: ev(text, ctx) };
    return true;
  }

  end(): void {
    this.#flush();
  }

  #abandon(): false {
    this.#report = null;
    return false;
  }

  #flush(): false {
    const r = this.#report;
    this.#report = null;
    if (!r || !r.ruled) return false;
    const exc = r.exception;
    const short = exc?.name.split('.').pop() ?? '';
    const message = exc ? `${short}: ${exc.message}` : 'Test failed';
    const base = { tool: 'unittest', message, ...(r.test ? { test: r.test } : {}), ...(short ? { code: short } : {}) };
    const evidence = (at?: Frame): EvidenceLine[] => [...r.evidence, ...(at?.evidence ? [at.evidence] : []), ...(exc ? [exc.evidence] : [])];
    const pkg = exc ? missingModule(short, exc.message) : undefined;
    if (pkg) {
      const at = projectFrame(r.frames);
      this.#sink.emit({ ...base, class: 'dependency_missing', package: pkg, evidence: evidence(at), ...(at ? located(at) : {}) });
      return false;
    }
    if (isSyntaxError(short) && r.frames.length > 0) {
      const at = r.frames.at(-1)!;
      this.#sink.emit({ ...base, class: 'compile_error', evidence: evidence(at), ...located(at) });
      return false;
    }
    const modulePath = `${r.module.split('.').join('/')}.py`;
    const at = testFrame(r.frames, (f) => f.file.replace(/\\/g, '/').endsWith(modulePath));
    this.#sink.emit({ ...base, class: 'test_fail', evidence: evidence(at), ...(at ? located(at) : {}) });
    return false;
  }
}

function located(f: Frame): { file: string; line: number } {
  return { file: projectPath(f.file), line: f.line };
}

// The full `module.Class.method` id, plus the subTest parameters exactly as unittest prints them.
function testName(method: string, id: string, rest: string): { test: string | undefined; module: string } {
  // A module that failed to import is reported as a synthetic test of `unittest.loader._FailedTest`.
  if (id.startsWith('unittest.loader.')) return { test: undefined, module: method };
  const suffix = rest === '' ? '' : ` ${rest}`;
  if (CLASS_FIXTURES.has(method)) return { test: id + suffix, module: method.endsWith('Module') ? id : id.slice(0, id.lastIndexOf('.')) };
  const full = id.endsWith(`.${method}`) ? id : `${id}.${method}`;
  const parts = full.split('.');
  return { test: full + suffix, module: parts.slice(0, -2).join('.') };
}
