// The Emacs Lisp byte compiler in batch mode (`emacs -batch -f batch-byte-compile file.el`): `file.el:12:1: Error:
// message` after an `In <form>:` line (Emacs < 27 prints `file.el:12:1:Error: message`). Warnings are printed as
// `Warning:` and do not fail the compile; with `byte-compile-error-on-warn` they are printed as `Error:`.
// Documented in the Emacs Lisp manual, "Compilation Functions" / "Compiler Errors":
// https://www.gnu.org/software/emacs/manual/html_node/elisp/Compiler-Errors.html
// A missing library (`Cannot open load file: No such file or directory, dash`) is a missing dependency.
// Fixture: real GNU Emacs 28.2 (Debian emacs-nox) `batch-byte-compile` of broken files.
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const DIAG = /^(\S(?:[^:]|:(?!\d))*?\.el):(\d+):(\d+): ?Error: (.*)$/;
const LOAD_FILE = /^Cannot open load file: [^,]*, (\S+)$/;

/** Emacs byte-compiler errors. */
export const emacsByteCompile: ParserDef = {
  name: 'emacs-byte-compile',
  description: 'Emacs byte compiler `file.el:line:col: Error: message` (warnings only when printed as errors); `Cannot open load file` is a missing dependency',
  url: 'https://www.gnu.org/software/emacs/manual/html_node/elisp/Compiler-Errors.html',
  trigger: /\.el:\d+:\d+: ?Error: /,
  keywords: ['.el:'],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return false;
        const m = DIAG.exec(text);
        if (!m) return false;
        const message = m[4]!;
        const load = LOAD_FILE.exec(message);
        sink.emit({
          class: load ? 'dependency_missing' : 'compile_error',
          tool: 'emacs',
          file: m[1]!,
          line: Number(m[2]),
          column: Number(m[3]),
          ...(load ? { package: load[1]! } : {}),
          message,
          evidence: [ev(text, ctx)],
        });
        return false;
      },
      end() {},
    };
  },
};
