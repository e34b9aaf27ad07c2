import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// Emacs' package manager (package.el) cannot satisfy a requirement: `package-compute-transaction` signals
// `(error "Package `emacs-25.1' is unavailable")` (Emacs ≤ 27 quotes with `…', later ones with ‘…’), naming the
// package and the version it needed (https://www.gnu.org/software/emacs/manual/html_node/emacs/Package-Installation.html).
// Fixture: Emacs 28.2 from Debian, `package-install` of a package that requires Emacs 99.1.
const UNAVAILABLE = /Package [`‘']([^`'’\s]{1,200}?)-(\d[\w.]{0,50})['’] is unavailable/;
// `package-install` of a package no archive has: `(error "No version of fullframe >= nil is available")`.
const NO_VERSION = /No version of (\S{1,200}) >= (\S{1,50}) is available/;

/** package.el's unavailable packages and versions: a dependency that cannot be installed. */
export const emacsPackage: ParserDef = {
  name: 'emacs-package',
  description: "Emacs package.el `Package 'x-1.0' is unavailable` and `No version of x >= v is available` (a requirement no archive satisfies)",
  url: 'https://www.gnu.org/software/emacs/manual/html_node/emacs/Package-Installation.html',
  trigger: /Package [`‘'].+['’] is unavailable|No version of \S+ >= \S+ is available/,
  keywords: ['is unavailable', 'No version of '],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        const m = UNAVAILABLE.exec(text);
        if (m) {
          sink.emit({ class: 'dependency_missing', tool: 'package.el', package: m[1]!, message: `Package ${m[1]}-${m[2]} is unavailable`, evidence: [ev(text, ctx)] });
          return false;
        }
        const v = NO_VERSION.exec(text);
        // The format string itself (`"No version of %s >= %S is available"`) shows up in backtraces: not a package.
        if (v && v[1] !== '%s') {
          sink.emit({ class: 'dependency_missing', tool: 'package.el', package: v[1]!, message: `No version of ${v[1]} >= ${v[2]} is available`, evidence: [ev(text, ctx)] });
        }
        return false;
      },
      end() {},
    };
  },
};
