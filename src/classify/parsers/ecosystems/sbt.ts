import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// zinc/sbt 1.x `[error] /p/A.scala:10:8: msg`, sbt 0.13 `[error] /p/A.scala:10: msg`. The path may hold
// spaces but never `:<digit>` before the line number.
const LOCATED = /^\[error\] (\S(?:[^:]|:(?!\d))*?\.(scala|java|sc|sbt)):(\d+):(?:(\d+):)? (.*)$/;
// Scala 3: `[error] -- [E008] Not Found Error: /p/A.scala:3:10 ----`.
const DOTTY = /^\[error\] -- (?:\[(E\d+)\] )?[\w ]*Error: (\S(?:[^:]|:(?!\d))*?):(\d+):(\d+) ?-*$/;
const FATAL_WARNINGS = /^\[error\] (No warnings can be incurred under -(?:Xfatal-warnings|Werror)\.)/;
// Ivy `unresolved dependency: org#name;1.0: not found`; coursier `Error downloading org:name:1.0`.
const IVY = /ResolveException: unresolved dependency: ([\w.-]+#[\w.-]+);\S* (.*)$/;
const COURSIER = /ResolveException: Error downloading ([\w.-]+:[\w.-]+):\S*/;

/** sbt: scalac/javac diagnostics under `[error]` and Ivy/coursier dependency resolution failures. */
export const sbt: ParserDef = {
  name: 'sbt',
  description: 'sbt: `[error] file.scala:line:col: msg` compiler errors (Scala 2 and 3) and `ResolveException` unresolved dependencies',
  url: 'https://www.scala-sbt.org/1.x/docs/Howto-Logging.html',
  trigger: /^\[error\] (?:\S|-- )|ResolveException: /,
  keywords: ['[error] ', 'ResolveException: '],
  // sbt's `[error] ` / `[info] ` levels are part of what it reads.
  readsWrappers: ['sbt'],
  create(sink) {
    // A Scala 3 header names the location; its message is the next `[error]` line.
    let dotty: { file: string; line: number; column: number; code: string | undefined; at: LineContext; text: string } | null =
      null;
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (dotty) {
          const d = dotty;
          dotty = null;
          const msg = text.startsWith('[error] ') ? text.slice(8).replace(/^\s*\|?\s*/, '') : '';
          sink.emit({
            class: 'compile_error',
            tool: 'scalac',
            file: d.file,
            line: d.line,
            column: d.column,
            ...(d.code ? { code: d.code } : {}),
            message: msg || d.text,
            evidence: [ev(d.text, d.at), ...(msg ? [ev(text, ctx)] : [])],
          });
        }
        const ivy = IVY.exec(text) ?? COURSIER.exec(text);
        if (ivy) {
          sink.emit({
            class: 'dependency_missing',
            tool: 'sbt',
            package: ivy[1]!,
            message: `Unresolved dependency ${ivy[1]!}${ivy[2] ? `: ${ivy[2]}` : ''}`,
            evidence: [ev(text, ctx)],
          });
          return false;
        }
        if (text.length > 20_000) return false;
        const m = LOCATED.exec(text);
        if (m) {
          sink.emit({
            class: 'compile_error',
            tool: m[2] === 'java' ? 'javac' : 'scalac',
            file: m[1]!,
            line: Number(m[3]),
            ...(m[4] ? { column: Number(m[4]) } : {}),
            message: m[5]!,
            evidence: [ev(text, ctx)],
          });
          return false;
        }
        const d = DOTTY.exec(text);
        if (d) {
          dotty = { code: d[1], file: d[2]!, line: Number(d[3]), column: Number(d[4]), at: ctx, text };
          return true;
        }
        const w = FATAL_WARNINGS.exec(text);
        if (w) sink.emit({ class: 'compile_error', tool: 'scalac', message: w[1]!, evidence: [ev(text, ctx)] });
        return false;
      },
      end() {},
    };
  },
};
