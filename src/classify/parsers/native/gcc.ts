import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { PROBE_KEYWORDS, PROBE_TRIGGER, probeTracker } from './probe.ts';

// `file:line:col: error: msg` (gcc, clang) and `file:line: error: msg` (no column). The path may hold a
// drive colon (`C:\`); `[^:]` and `:[\\/]` cannot both match a character, so the lazy run stays linear.
const DIAG = /^\s*(\S(?:[^:]|:[\\/])*?):(\d+):(?:(\d+):)? (fatal error|error|warning|note): (.*)$/;
// gcc's instantiation chain ends at the user's line: `main.cpp:14:23:   required from here`.
const HERE = /^\s*(\S(?:[^:]|:[\\/])*?):(\d+):(?:(\d+):)?\s+required from here\b/;
// `main.cpp: In function 'int main()':`, `x.h: In instantiation of '…':`, `x.c: At top level:`.
const CONTEXT = /^\S(?:[^:]|:[\\/])*?: (?:In|At) ([a-z]+)/;
// The driver's own errors: `gcc: error: x.c: No such file or directory`, `clang++: fatal error: no input files`.
const DRIVER = /^(?:\S*[/\\])?(?:[\w.]+-)*(gcc|g\+\+|cc|c\+\+|clang|clang\+\+|cc1|cc1plus|cpp)(?:-\d+(?:\.\d+)*)?(?:\.exe)?: (?:fatal )?error: (.*)$/;
// gcc: `x.h: No such file or directory`; clang: `'x.h' file not found`.
const MISSING_HEADER = /^(?:([^\s:'"]+): No such file or directory|'([^']+)' file not found)/;
// gcc ≥ 9 frames (`    5 |   code`, `      |   ^~~`), and the bare caret line of older compilers.
const FRAME = /^ *(?:\d+ )?\| |^\s*\^[~^ ]*$/;
// Sources and headers of the C family, or extensionless standard headers (`vector`).
const C_FAMILY = /(?:\.(?:c|cc|cp|cpp|cxx|c\+\+|C|h|hh|hpp|hxx|h\+\+|H|inl|ipp|tpp|txx|tcc|m|mm|cu|cuh|ixx|cppm|ino|inc|def)|(?:^|[/\\])[^./\\]+)$/;
// Another tool's finding printed in gcc's format ends with its rule id: shellcheck `[SC2034]`,
// clang-tidy `[readability-x]`, cppcheck `[nullPointer]`; gcc's own option tags start with `-`.
const FOREIGN_TAG = /\[[A-Za-z][\w.-]*\]$/;
// Headers of the toolchain and system, where an instantiated template's error is not the user's.
const SYSTEM = /^(?:\/usr\/|\/opt\/|\/Library\/|\/Applications\/|\/System\/|\/nix\/store\/|[A-Za-z]:[\\/]Program Files)|[/\\]include[/\\]c\+\+[/\\]/;
// The probe programs of autoconf (`conftest.c`) and meson (`meson-private/tmpXXXX/testfile.c`).
const CONFTEST = /(?:^|[/\\])conftest\.\w+$|[/\\]meson-private[/\\]/;
const REQUESTED_HERE = /^in instantiation of .* requested here$/;

const MAX_BLOCK = 60;
const MAX_FRAMES = 6;

interface Loc {
  file: string;
  line: number;
  column?: number;
  evidence: EvidenceLine;
}

interface Pending {
  draft: FailureDraft;
  system: boolean;
  lines: number;
  frames: number;
  /** clang: the outermost user-code `note: in instantiation of … requested here` after a system-header error. */
  requested: Loc | null;
}

/** gcc/clang/g++: located diagnostics, the driver's own errors, missing headers, template chains. */
export const gcc: ParserDef = {
  name: 'gcc',
  description: 'gcc, g++ and clang diagnostics `file:line:col: error: msg`, `fatal error: x.h: No such file or directory`, driver errors',
  url: 'https://gcc.gnu.org/onlinedocs/gcc/Diagnostic-Message-Formatting-Options.html',
  trigger: new RegExp(`: (?:fatal )?error: |required from here|: (?:In|At) [a-z]+|${PROBE_TRIGGER.source}`),
  keywords: [': error: ', ': fatal error: ', 'required from here', ': In ', ': At ', ...PROBE_KEYWORDS],
  create(sink) {
    let pending: Pending | null = null;
    const probe = probeTracker();
    let instantiating = false;
    let userHere: Loc | null = null;
    // clang names the instantiation once per context: later errors of the same context follow without notes.
    let clangHere: Loc | null = null;

    function flush(): void {
      if (!pending) return;
      const p = pending;
      pending = null;
      const at = p.requested ?? (p.system ? clangHere : null);
      if (at) relocate(p.draft, at);
      sink.emit(p.draft);
    }

    function relocate(d: FailureDraft, at: Loc): void {
      d.file = at.file;
      d.line = at.line;
      if (at.column === undefined) delete d.column;
      else d.column = at.column;
      d.evidence.unshift(at.evidence);
    }

    function start(text: string, ctx: LineContext): boolean {
      const here = HERE.exec(text);
      if (here) {
        if (!SYSTEM.test(here[1]!)) userHere = loc(here, text, ctx);
        return false;
      }
      const m = DIAG.exec(text);
      if (!m) {
        const c = CONTEXT.exec(text);
        if (c) {
          instantiating = c[1] === 'instantiation' || c[1] === 'substitution';
          if (!instantiating) userHere = clangHere = null;
          return false;
        }
        const d = DRIVER.exec(text);
        // `clang: error: linker command failed` only repeats the linker's failure.
        if (d && !d[2]!.startsWith('linker command failed')) {
          sink.emit({ class: 'compile_error', message: d[2]!, tool: d[1]!.startsWith('clang') ? 'clang' : 'gcc', evidence: [ev(text, ctx)] });
        }
        return false;
      }
      const [, file, , , severity, message] = m;
      if (severity === 'warning' || severity === 'note' || FOREIGN_TAG.test(message!) || CONFTEST.test(file!)) return false;
      // XCTest's Objective-C failures borrow the compiler's format (`ATests.m:42: error: -[ATests testX] : …`).
      if (message!.startsWith('-[')) return false;
      const kind = classify(message!);
      // cgo compiles the C in `.go` files: a missing header is the C compiler's whatever the file's name.
      if (!C_FAMILY.test(file!) && kind.class !== 'dependency_missing') return false;
      const draft: FailureDraft = { ...kind, message: message!, file: fromBuildDir(file!), line: Number(m[2]), tool: 'gcc', evidence: [ev(text, ctx)] };
      if (m[3]) draft.column = Number(m[3]);
      const system = SYSTEM.test(file!);
      // TAXONOMY: a template error inside a system header is the user's, at their `required from here`.
      if (system && instantiating && userHere) relocate(draft, userHere);
      else if (!system) {
        userHere = null;
        clangHere = null;
      }
      pending = { draft, system: system && !(instantiating && userHere), lines: 0, frames: 0, requested: null };
      return true;
    }

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (probe.feed(text, ctx.n)) {
          flush();
          return true;
        }
        if (pending) {
          const p = pending;
          p.lines++;
          if (FRAME.test(text)) {
            if (p.frames++ < MAX_FRAMES) p.draft.evidence.push(ev(text, ctx));
            if (p.lines < MAX_BLOCK) return true;
          } else if (p.system && p.lines < MAX_BLOCK) {
            // clang names the user's instantiation after the error, as notes between source and caret lines.
            const n = DIAG.exec(text);
            if (n && n[4] === 'note') {
              if (REQUESTED_HERE.test(n[5]!) && !SYSTEM.test(n[1]!)) p.requested = clangHere = loc(n, text, ctx);
              return true;
            }
            if (!n && !HERE.test(text) && !CONTEXT.test(text) && !DRIVER.test(text)) return true;
          }
          flush();
        }
        return start(text, ctx);
      },
      end() {
        flush();
      },
    };
  },
};

function loc(m: RegExpExecArray, text: string, ctx: LineContext): Loc {
  const l: Loc = { file: fromBuildDir(m[1]!), line: Number(m[2]), evidence: ev(text, ctx) };
  if (m[3]) l.column = Number(m[3]);
  return l;
}

// TAXONOMY: a header that cannot be found is a missing dependency, named as printed; a relative one
// (`./x.h`) is the project's own mistake.
function classify(message: string): Pick<FailureDraft, 'class' | 'package'> {
  const h = MISSING_HEADER.exec(message);
  const header = h ? (h[1] ?? h[2]!) : null;
  if (header && !header.startsWith('.')) return { class: 'dependency_missing', package: header };
  return { class: 'compile_error' };
}

// Out-of-source builds (meson, cmake) run the compiler in `build/<dir>/` and print sources as
// `../../src/a.c`: a path that climbs out of the build directory names a file of the checkout.
function fromBuildDir(file: string): string {
  return file.replace(/^(?:\.\.[/\\])+/, '');
}
