import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `CMake Error at CMakeLists.txt:4 (find_package):`, `CMake Error in CMakeLists.txt:`, `CMake Error: msg`.
const HEAD = /^CMake Error(?: (?:at|in) ((?:[A-Za-z]:)?[^:]+?)(?::(\d+))?(?: \([\w:-]{0,80}\))?)?:(?: (.*))?$/;
// A call-stack frame: `  CMakeLists.txt:3 (find_package)`.
const FRAME = /^\s+((?:[A-Za-z]:)?[^:\s][^:]*?):(\d+) \(([\w:-]{1,80})\)$/;
// pkg-config, as FindPkgConfig prints it: `--   No package 'x' found` (pkg-config) or
// `--   Package 'x', required by 'virtual:world', not found` (pkgconf).
const PKG_MISSING = /^--\s+(?:No package '([^']+)' found|Package '([^']+)', required by '[^']*', not found)/;
// What CMake says when a package it was asked for is missing, in its find modules and find_package.
const MISSING: readonly RegExp[] = [
  /Could NOT find (\S+)/,
  /Could not find a (?:package configuration file provided by|configuration file for package) "([^"]+)"/,
  /By not providing "Find(\S+)\.cmake"/,
  /Unable to find the requested (\S+) libraries/,
];
const PKG_CONFIG_FAILED = /A required package was not found/;
const NO_COMPILER = /No CMAKE_\w+_COMPILER could be found|set to NOTFOUND/;
const FAILED = /^-- Configuring incomplete, errors occurred!|^CMake Generate step failed/;
// Calls whose frame is the user's request for a package, not the find module's internals.
const FIND_CALL = /^(?:find_package|find_dependency|pkg_check_modules|pkg_search_module)$/;
const ABSOLUTE = /^(?:\/|[A-Za-z]:[\\/])/;

const MAX_BLOCK = 80;

interface Block {
  file?: string;
  line?: number;
  inline: string;
  body: string[];
  /** The message: the first paragraph, or two when the first ends with a colon. */
  message: string[];
  complete: boolean;
  frames: { file: string; line: number; call: string }[];
  evidence: EvidenceLine[];
  lines: number;
}

/** CMake: `CMake Error` blocks at configure and generate time; missing packages are dependencies. */
export const cmake: ParserDef = {
  name: 'cmake',
  description: 'CMake `CMake Error at file:line (command):` blocks: `Could NOT find X`, missing package config files, pkg-config modules',
  url: 'https://cmake.org/cmake/help/latest/manual/cmake.1.html',
  trigger: /^CMake Error|^-- Configuring incomplete|^CMake Generate step failed|^--\s+(?:No package '|Package '[^']*', required by)/,
  keywords: ['CMake Error', '-- Configuring incomplete', 'CMake Generate step failed', "No package '", "', required by"],
  create(sink) {
    let block: Block | null = null;
    let lastPkg: string | null = null;

    function flush(): void {
      if (!block) return;
      const b = block;
      block = null;
      sink.emit(draft(b, lastPkg));
    }

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (block) {
          const b = block;
          // The block is the indented message, its call stack, and the blank lines between them.
          if (++b.lines < MAX_BLOCK && (text === '' || /^\s/.test(text) || text.startsWith('Call Stack'))) {
            const f = FRAME.exec(text);
            if (f && b.frames.length < 20) b.frames.push({ file: f[1]!, line: Number(f[2]), call: f[3]! });
            else if (text.trim() === '') {
              if (b.body.length > 0 && !b.body.at(-1)!.endsWith(':')) b.complete = true;
            } else if (!text.startsWith('Call Stack') && b.body.length < 40) {
              if (!b.complete) b.message.push(text.trim());
              b.body.push(text.trim());
              if (b.evidence.length < 6) b.evidence.push(ev(text, ctx));
            }
            return true;
          }
          flush();
        }
        const pkg = PKG_MISSING.exec(text);
        if (pkg) {
          lastPkg = pkg[1] ?? pkg[2]!;
          return false;
        }
        if (FAILED.test(text)) {
          sink.jobFailed(ev(text, ctx));
          return false;
        }
        const h = HEAD.exec(text);
        if (!h) return false;
        block = { inline: h[3] ?? '', body: [], message: [], complete: false, frames: [], evidence: [ev(text, ctx)], lines: 0 };
        if (h[1] !== undefined) block.file = h[1];
        if (h[2] !== undefined) block.line = Number(h[2]);
        return true;
      },
      end() {
        flush();
      },
    };
  },
};

function draft(b: Block, lastPkg: string | null): FailureDraft {
  const text = [b.inline, ...b.body].filter((s) => s !== '').join(' ');
  const message = [b.inline, ...b.message].filter((s) => s !== '').join(' ') || 'CMake error';
  const d: FailureDraft = { class: 'compile_error', message, tool: 'cmake', evidence: b.evidence };
  let pkg: string | undefined;
  for (const re of MISSING) {
    pkg = re.exec(text)?.[1];
    if (pkg) break;
  }
  if (!pkg && PKG_CONFIG_FAILED.test(text) && lastPkg) pkg = lastPkg;
  const dependency = pkg !== undefined || NO_COMPILER.test(text);
  if (dependency) d.class = 'dependency_missing';
  if (pkg) d.package = pkg;
  Object.assign(d, locate(b, dependency));
  return d;
}

// CMake prints the project's files relative to its source directory and its own modules absolute: an
// error raised inside a module is located at the project's frame that called it (its find_package call).
function locate(b: Block, dependency: boolean): { file?: string; line?: number } {
  if (b.file !== undefined && !ABSOLUTE.test(b.file)) return b.line === undefined ? { file: b.file } : { file: b.file, line: b.line };
  const own = b.frames.filter((f) => !ABSOLUTE.test(f.file));
  const frame = (dependency ? own.find((f) => FIND_CALL.test(f.call)) : undefined) ?? own[0];
  return frame ? { file: frame.file, line: frame.line } : {};
}
