import type { FailureDraft } from '../failure.ts';
import { ev, type LineContext, type ParserDef } from '../parser.ts';
import { isBareSpecifier, packageName } from './specifier.ts';

// `src/a.ts(8,51): error TS2363: msg` (plain) and `src/a.ts:8:51 - error TS2363: msg` (--pretty).
const LOCATED = /^\s*(\S(?:[^():]|:[\\/])*?)(?:\((\d+),(\d+)\):|:(\d+):(\d+) -) error (TS\d+): (.*)$/;
// Errors with no location: `error TS5083: Cannot read file 'tsconfig.json'.`
const UNLOCATED = /^\s*error (TS\d+): (.*)$/;
const TYPES_HINT = /`npm i(?:nstall)? --save-dev (@types\/[\w.-]+)`/;
const MODULE_NAME = /^Cannot find module '([^']+)'/;

/** tsc: plain and `--pretty` diagnostics. */
export const tsc: ParserDef = {
  name: 'tsc',
  description: 'TypeScript compiler diagnostics, plain `file(line,col): error TSnnnn:` and `--pretty` `file:line:col - error TSnnnn:`',
  url: 'https://www.typescriptlang.org/docs/handbook/compiler-options.html',
  trigger: /error TS\d/,
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        const m = LOCATED.exec(text);
        if (m) {
          const line = Number(m[2] ?? m[4]);
          const column = Number(m[3] ?? m[5]);
          sink.emit(classify({ file: m[1]!, line, column, code: m[6]!, message: m[7]!, evidence: [ev(text, ctx)] }));
          return false;
        }
        const u = UNLOCATED.exec(text);
        if (u) sink.emit(classify({ code: u[1]!, message: u[2]!, evidence: [ev(text, ctx)] }));
        return false;
      },
      end() {},
    };
  },
};

type Located = Omit<FailureDraft, 'class' | 'tool'> & { code: string };

// TAXONOMY: a bare module tsc cannot resolve, or missing @types, is a missing dependency; a relative
// path it cannot resolve is the code's own mistake.
function classify(d: Located): FailureDraft {
  const base = { ...d, tool: 'tsc' };
  if (d.code === 'TS2307' || d.code === 'TS2792') {
    const spec = MODULE_NAME.exec(d.message)?.[1];
    if (spec && isBareSpecifier(spec)) return { ...base, class: 'dependency_missing', package: packageName(spec) };
  }
  if (d.code === 'TS7016' || d.code === 'TS2580' || d.code === 'TS2591' || d.code === 'TS2582' || d.code === 'TS2583') {
    const types = TYPES_HINT.exec(d.message)?.[1];
    if (types) return { ...base, class: 'dependency_missing', package: types };
  }
  return { ...base, class: 'compile_error' };
}
