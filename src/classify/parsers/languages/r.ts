// R's own errors that say a package is missing or a file does not parse, wherever R runs (Rscript, R CMD
// INSTALL, the tests R CMD check runs). Messages as R prints them (R sources: `library()`/`loadNamespace()`,
// `tools:::.install_packages`, the parser's `<file>:<line>:<col>: unexpected <token>`), see
// https://cran.r-project.org/doc/manuals/r-release/R-exts.html#Package-Dependencies and
// https://cran.r-project.org/doc/manuals/r-release/R-lang.html#Parser.
// Fixture: real R 4.2.2 (Debian r-base-core) runs of `Rscript` and `R CMD INSTALL` on broken inputs.
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `Error in library("x") : there is no package called 'x'` (quotes: ASCII in C locales, ‘’ in UTF-8 ones).
const NO_PACKAGE = /there is no package called ['‘"]([^'’"]+)['’"]/;
// `ERROR: dependency ‘x’ is not available for package ‘y’`, `ERROR: dependencies ‘a’, ‘b’ are not available …`
const INSTALL_DEPS = /^\s*ERROR: dependenc(?:y|ies) (.+) (?:is|are) not available for package/;
const QUOTED = /['‘]([^'’]+)['’]/g;
// `test-ts.R:4:1: unexpected '<'`, alone on its line or after `Error in source("x.R") : `.
const PARSE = /(?:^\s*|: )([^\s:'"‘’]+\.[Rr]):(\d+):(\d+): (unexpected .*)$/;

/** Names the packages in a run of quoted names. */
export function quotedNames(s: string): string[] {
  return [...s.matchAll(QUOTED)].map((m) => m[1]!);
}

/** R's missing-package and parse errors. */
export const r: ParserDef = {
  name: 'r',
  description: 'R errors: `there is no package called ‘x’`, R CMD INSTALL `ERROR: dependency ‘x’ is not available`, parse errors `file.R:4:1: unexpected …`',
  url: 'https://cran.r-project.org/doc/manuals/r-release/R-exts.html#Package-Dependencies',
  trigger: /there is no package called |not available for package |\.[Rr]:\d+:\d+: unexpected /,
  keywords: ['there is no package called ', ' not available for package ', ': unexpected '],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return false;
        const np = NO_PACKAGE.exec(text);
        if (np) {
          sink.emit({ class: 'dependency_missing', tool: 'R', package: np[1]!, message: text.trim(), evidence: [ev(text, ctx)] });
          return false;
        }
        const deps = INSTALL_DEPS.exec(text);
        if (deps) {
          for (const pkg of quotedNames(deps[1]!)) {
            sink.emit({ class: 'dependency_missing', tool: 'R', package: pkg, message: text.trim(), evidence: [ev(text, ctx)] });
          }
          return false;
        }
        const p = PARSE.exec(text);
        if (p) {
          sink.emit({ class: 'compile_error', tool: 'R', file: p[1]!, line: Number(p[2]), column: Number(p[3]), message: p[4]!, evidence: [ev(text, ctx)] });
        }
        return false;
      },
      end() {},
    };
  },
};
