import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `make: `, `make[2]: `, `gmake: `, `mingw32-make.exe: `, `/usr/bin/make: `.
const PREFIX = /^(?:\S*[/\\])?(?:mingw32-|g)?make(?:\.exe)?(?:\[\d+\])?: /;
// A recipe's program that could not be run: `make: protoc: No such file or directory` (GNU make 4.x)
// or `make: protoc: Command not found` (older).
const NO_PROGRAM = /^([^\s:*][^\s:]*): (?:No such file or directory|Command not found)$/;
// Make's own fatal errors: `*** No rule to make target 'x', needed by 'y'.  Stop.`
const FATAL = /^\*\*\* (No rule to make target|No targets specified and no makefile found)\b(.*?)\.? {0,3}Stop\.$/;
// A makefile that does not parse: `Makefile:2: *** missing separator.  Stop.`
const SYNTAX = /^(\S(?:[^:]|:[\\/])*?):(\d+): \*\*\* (.+?)\.? {0,3}Stop\.$/;
// The consequence lines that prove the job failed: `make: *** [Makefile:3: all] Error 1`, old `Makefile:12: recipe for target 'all' failed`.
const CONSEQUENCE = /^\*\*\* \[[^\]]*\] (?:Error \d+|Killed|Terminated|Segmentation fault|Aborted|Interrupt)|^Target '.*' not remade because of errors/;
const RECIPE_FAILED = /: recipe for target .* failed$/;

/** GNU make: its own errors, programs a recipe could not run, and the lines proving the job failed. */
export const make: ParserDef = {
  name: 'make',
  description: 'GNU make errors: `*** No rule to make target`, makefile syntax errors, a recipe program not found, `*** [target] Error N`',
  url: 'https://www.gnu.org/software/make/manual/html_node/Error-Messages.html',
  trigger: /make(?:\.exe)?(?:\[\d+\])?: |: \*\*\* |recipe for target/,
  keywords: ['make: ', 'make.exe: ', 'make[', ': *** ', 'recipe for target'],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        const evidence = [ev(text, ctx)];
        const p = PREFIX.exec(text);
        if (!p) {
          const s = SYNTAX.exec(text);
          if (s) {
            sink.emit({ class: 'compile_error', message: s[3]!, file: s[1]!, line: Number(s[2]), tool: 'make', evidence });
          } else if (RECIPE_FAILED.test(text)) sink.jobFailed(evidence[0]!);
          return false;
        }
        const rest = text.slice(p[0].length);
        const f = FATAL.exec(rest);
        if (f) {
          // The build's own definition names a file or target nothing makes: the project does not build.
          sink.emit({ class: 'compile_error', message: `${f[1]}${f[2]}`, tool: 'make', evidence });
          return false;
        }
        const n = NO_PROGRAM.exec(rest);
        if (n) {
          const program = n[1]!;
          // TAXONOMY: a missing tool is a missing dependency; a relative path (`./configure`) is the project's own.
          if (program.startsWith('.')) sink.emit({ class: 'compile_error', message: rest, tool: 'make', evidence });
          else sink.emit({ class: 'dependency_missing', message: rest, tool: 'make', package: program, evidence });
          return false;
        }
        // `-` recipes and `make -i` go on: `… Error 1 (ignored)` is not a failure.
        if (CONSEQUENCE.test(rest) && !rest.endsWith('(ignored)')) sink.jobFailed(evidence[0]!);
        return false;
      },
      end() {},
    };
  },
};
