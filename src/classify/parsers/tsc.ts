import type { FailureDraft } from '../failure.ts';
import { ev, type LineContext, type ParserDef } from '../parser.ts';
import { isBareSpecifier, packageName } from './specifier.ts';

// `src/a.ts(8,51): error TS2363: msg` (plain) and `src/a.ts:8:51 - error TS2363: msg` (--pretty).
const LOCATED = /^\s*(\S(?:[^():]|:[\\/])*?)(?:\((\d+),(\d+)\):|:(\d+):(\d+) -) error (TS\d+): (.*)$/;
// Errors with no location: `error TS5083: Cannot read file 'tsconfig.json'.`
const UNLOCATED = /^\s*error (TS\d+): (.*)$/;
const TYPES_HINT = /`npm i(?:nstall)? --save-dev (@types\/[\w.-]+)`/;
const MODULE_NAME = /^Cannot find module '([^']+)'/;
const TYPE_LIBRARY = /^Cannot find type definition file for '([^']+)'/;
// Lines that carry on a message: indented, and not a `--pretty` code frame (`1 import …` after a gutter).
const CONTINUATION = /^ {2,}\S/;
const MAX_CONTINUATION = 12;

/** tsc: plain and `--pretty` diagnostics. */
export const tsc: ParserDef = {
  name: 'tsc',
  description: 'TypeScript compiler diagnostics, plain `file(line,col): error TSnnnn:` and `--pretty` `file:line:col - error TSnnnn:`',
  url: 'https://www.typescriptlang.org/docs/handbook/compiler-options.html',
  trigger: /error TS\d/,
  keywords: ['error TS'],
  create(sink) {
    // A diagnostic's message can go on over indented lines (`  Try \`npm i --save-dev @types/x\``): hold it
    // until they end, so that a hint on a later line still decides its class.
    let pending: Located | null = null;
    let continued = 0;
    const flush = (): void => {
      if (pending) sink.emit(classify(pending));
      pending = null;
    };
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (pending && continued < MAX_CONTINUATION && CONTINUATION.test(text) && !LOCATED.test(text)) {
          continued++;
          if (!pending.hint && TYPES_HINT.test(text)) {
            pending.hint = text;
            pending.evidence.push(ev(text, ctx));
          }
          return true;
        }
        flush();
        const m = LOCATED.exec(text);
        if (m) {
          const line = Number(m[2] ?? m[4]);
          const column = Number(m[3] ?? m[5]);
          pending = { file: m[1]!, line, column, code: m[6]!, message: m[7]!, evidence: [ev(text, ctx)] };
        } else {
          const u = UNLOCATED.exec(text);
          if (!u) return false;
          pending = { code: u[1]!, message: u[2]!, evidence: [ev(text, ctx)] };
        }
        continued = 0;
        return true;
      },
      end() {
        flush();
      },
    };
  },
};

type Located = Omit<FailureDraft, 'class' | 'tool'> & { code: string; hint?: string };

// TAXONOMY: a bare module tsc cannot resolve, or missing @types, is a missing dependency; a relative
// path it cannot resolve is the code's own mistake.
function classify(located: Located): FailureDraft {
  const { hint, ...d } = located;
  const base = { ...d, tool: 'tsc' };
  if (d.code === 'TS2307' || d.code === 'TS2792') {
    const spec = MODULE_NAME.exec(d.message)?.[1];
    if (spec && isBareSpecifier(spec)) return { ...base, class: 'dependency_missing', package: packageName(spec) };
  }
  if (d.code === 'TS7016' || d.code === 'TS2580' || d.code === 'TS2591' || d.code === 'TS2582' || d.code === 'TS2583') {
    const types = TYPES_HINT.exec(d.message)?.[1] ?? (hint ? TYPES_HINT.exec(hint)?.[1] : undefined);
    if (types) return { ...base, class: 'dependency_missing', package: types };
  }
  if (d.code === 'TS2688') {
    // `types: ["node"]` names a type library, which tsc looks up as `@types/node`; a path or subpath names a package.
    const lib = TYPE_LIBRARY.exec(d.message)?.[1];
    if (lib && isBareSpecifier(lib)) {
      const pkg = lib.includes('/') ? packageName(lib) : `@types/${lib}`;
      return { ...base, class: 'dependency_missing', package: pkg };
    }
  }
  return { ...base, class: 'compile_error' };
}
