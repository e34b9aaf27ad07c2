// Leiningen: `lein test` reports in clojure.test's format (`FAIL in (test-name) (file.clj:12)`, `ERROR in (…)`,
// https://clojure.github.io/clojure/clojure.test-api.html, with lein's `lein test :only ns/test` line before each
// failure, https://codeberg.org/leiningen/leiningen/src/branch/main/doc/TUTORIAL.md#tests), and the Aether
// resolution errors lein prints bare (`Could not find artifact g:a:jar:v in central (https://…)`,
// `Could not transfer artifact g:a:jar:v from/to central (…): transfer failed for …`).
// Fixtures: Leiningen 2.10.0 (Debian) with Clojure 1.11.1, run on a small broken project, online and offline.
import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { dependencyFailures } from './maven-resolution.ts';

const ONLY = /^lein test :only ([\w.*+!?'<>=-]+)\/([\w.*+!?'<>=/-]+)$/;
const NS = /^lein test ([\w.*+!?'<>=-]+)$/;
// clojure.test names the test var and the file of the failing assertion (or of the frame that threw): a bare file
// name, which TAXONOMY keeps out of `file`.
const REPORT = /^(FAIL|ERROR) in \(([^)\s]+)\) \(([^)\s]*)\)$/;
const AETHER = /^(?:Could not (?:find|transfer) artifact |Failure to find |Cannot access \S+ \(\S+\) in offline mode and the artifact )/;
const MAX_DETAIL = 4;

/** Leiningen: clojure.test failures named `ns/test`, and the artifacts lein cannot resolve. */
export const leiningen: ParserDef = {
  name: 'leiningen',
  description: 'Leiningen `lein test` `FAIL in (test) (file.clj:12)` / `ERROR in …`, and bare Aether `Could not find/transfer artifact` lines',
  url: 'https://clojure.github.io/clojure/clojure.test-api.html',
  trigger: /^lein test |^(?:FAIL|ERROR) in \(|^(?:Could not (?:find|transfer) artifact |Failure to find |Cannot access \S+ \(\S+\) in offline mode )/,
  keywords: ['lein test ', 'FAIL in (', 'ERROR in (', 'Could not find artifact ', 'Could not transfer artifact ', 'Failure to find ', ' in offline mode and the artifact '],
  create(sink) {
    let ns: string | null = null;
    let only: string | null = null;
    let test: FailureDraft | null = null;
    let detail = 0;

    function flush(): void {
      if (test) sink.emit(test);
      test = null;
    }

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (test) {
          // `testing` context, `expected:` and `actual:`: the first line of detail is the message.
          if (text.trim() !== '' && detail < MAX_DETAIL && !/^(?:lein test |FAIL in |ERROR in |Ran \d+ tests)/.test(text)) {
            if (detail++ === 0) test.message = text.trim();
            test.evidence.push(ev(text, ctx));
            return true;
          }
          flush();
        }
        const o = ONLY.exec(text);
        if (o) {
          only = `${o[1]!}/${o[2]!}`;
          return false;
        }
        const n = NS.exec(text);
        if (n) {
          ns = n[1]!;
          only = null;
          return false;
        }
        const r = REPORT.exec(text);
        if (r) {
          const name = only?.endsWith(`/${r[2]!}`) ? only : ns ? `${ns}/${r[2]!}` : r[2]!;
          test = { class: 'test_fail', message: `${r[1]} in ${name}`, test: name, tool: 'leiningen', evidence: [ev(text, ctx)] };
          detail = 0;
          return true;
        }
        if (AETHER.test(text)) for (const d of dependencyFailures(text)) sink.emit({ ...d, tool: 'leiningen', evidence: [ev(text, ctx)] });
        return false;
      },
      end() {
        flush();
      },
    };
  },
};
