// Shared reading of Python tracebacks: frames, exception lines and which frame a failure belongs to.
import type { EvidenceLine } from '../../failure.ts';

/** One traceback entry: where a frame was executing. */
export interface Frame {
  file: string;
  line: number;
  /** The function name, when the frame line names one (a SyntaxError location does not). */
  func?: string;
  /** The log line the frame was read from, where the reader keeps it. */
  evidence?: EvidenceLine;
}

/** `File "x.py", line 3, in f` (traceback), `File "x.py", line 3` (SyntaxError) and `File "x.py", line 3 in f` (faulthandler). */
export const FILE_FRAME = /^(\s*)File "([^"]+)", line (\d+)(?:,? in (\S.*))?$/;
/** `Name: message` or a bare `Name` at the start of a line: how Python prints the exception. */
export const EXCEPTION_LINE = /^((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*)(?::[ \t]?(.*))?$/;
const NO_MODULE = /No module named '?([A-Za-z_][\w.]*)'?/;
const SYNTAX_ERRORS = new Set(['SyntaxError', 'IndentationError', 'TabError']);

// Frames that are neither the project nor its tests: the interpreter, the standard library, installed
// packages and the test runner's own machinery.
const STDLIB = /(?:^|[\\/])(?:lib[\\/]python\d[\d.]*|Lib)[\\/](?!site-packages|dist-packages)/;
const INSTALLED = /[\\/](?:site|dist)-packages[\\/]/;
const RUNNER = /(?:^|[\\/])(?:_pytest|pluggy|unittest|pytest)[\\/]/;
const TEST_FILE = /(?:^|[\\/])(?:test_[^\\/]*|[^\\/]*_test|tests?|conftest)\.py$|(?:^|[\\/])(?:tests?|testing)[\\/]/;

/** Exception names whose meaning is a missing module, when their message says so. */
export function missingModule(exception: string, message: string): string | undefined {
  if (exception !== 'ModuleNotFoundError' && exception !== 'ImportError' && !exception.endsWith('.ModuleNotFoundError')) return undefined;
  const m = NO_MODULE.exec(message);
  return m ? m[1]!.split('.')[0] : undefined;
}

/** True for the exceptions Python raises when a file does not parse. */
export function isSyntaxError(exception: string): boolean {
  return SYNTAX_ERRORS.has(exception);
}

/** True for a frame in the interpreter, the standard library or the test runner. */
export function isMachinery(file: string): boolean {
  return file.startsWith('<') || STDLIB.test(file) || RUNNER.test(file);
}

/** True for a frame in an installed package (site-packages). */
export function isInstalled(file: string): boolean {
  return INSTALLED.test(file);
}

/** True for a file that by pytest's and unittest's naming conventions holds tests, fixtures or hooks. */
export function isTestFile(file: string): boolean {
  return TEST_FILE.test(file);
}

/**
 * A path inside site-packages made relative to it: when the project under test is installed (numpy,
 * transformers), that is its path in the repository.
 */
export function projectPath(file: string): string {
  const m = INSTALLED.exec(file);
  return m ? file.slice(m.index + m[0].length) : file;
}

/** The innermost frame in test code, else in the project, else the innermost frame that is not machinery. */
export function testFrame(frames: readonly Frame[], prefer?: (f: Frame) => boolean): Frame | undefined {
  const own = frames.filter((f) => !isMachinery(f.file));
  return (
    (prefer ? findLast(own, prefer) : undefined) ??
    findLast(own, (f) => isTestFile(f.file)) ??
    findLast(own, (f) => !isInstalled(f.file)) ??
    own.at(-1)
  );
}

/** The innermost frame in the project (not an installed package or the standard library). */
export function projectFrame(frames: readonly Frame[]): Frame | undefined {
  return findLast(frames, (f) => !isMachinery(f.file) && !isInstalled(f.file)) ?? findLast(frames, (f) => !isMachinery(f.file));
}

function findLast<T>(xs: readonly T[], p: (x: T) => boolean): T | undefined {
  for (let i = xs.length - 1; i >= 0; i--) if (p(xs[i]!)) return xs[i];
  return undefined;
}

