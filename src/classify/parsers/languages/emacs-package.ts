import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// Emacs' package manager (package.el) cannot satisfy a requirement: `package-compute-transaction` signals
// `(error "Package `emacs-25.1' is unavailable")` (Emacs ≤ 27 quotes with `…', later ones with ‘…’), naming the
// package and the version it needed (https://www.gnu.org/software/emacs/manual/html_node/emacs/Package-Installation.html).
// Fixture: Emacs 28.2 from Debian, `package-install` of a package that requires Emacs 99.1.
const UNAVAILABLE = /Package [`‘']([^`'’\s]{1,200}?)-(\d[\w.]{0,50})['’] is unavailable/;

/** package.el's unavailable packages: a dependency that cannot be installed. */
export const emacsPackage: ParserDef = {
  name: 'emacs-package',
  description: "Emacs package.el `Package 'x-1.0' is unavailable` (a requirement no archive satisfies)",
  url: 'https://www.gnu.org/software/emacs/manual/html_node/emacs/Package-Installation.html',
  trigger: /Package [`‘'].+['’] is unavailable/,
  keywords: ['is unavailable'],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        const m = UNAVAILABLE.exec(text);
        if (m) {
          sink.emit({ class: 'dependency_missing', tool: 'package.el', package: m[1]!, message: `Package ${m[1]}-${m[2]} is unavailable`, evidence: [ev(text, ctx)] });
        }
        return false;
      },
      end() {},
    };
  },
};
