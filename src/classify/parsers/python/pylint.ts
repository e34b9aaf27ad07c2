import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// Default (2.x+) `pkg/a.py:7:9: W1514: Using open without… (unspecified-encoding)`.
const DEFAULT = /^((?:[A-Za-z]:[\\/])?[^\s:][^:]*):(\d+):(\d+): ([CRWEFI]\d{4}): (.*) \(([a-z][a-z0-9-]*)\)$/;
// `--output-format=parseable`: `pkg/a.py:7: [W1514(unspecified-encoding), main] Using open…`.
const PARSEABLE = /^((?:[A-Za-z]:[\\/])?[^\s:][^:]*):(\d+): \[([CRWEFI]\d{4})\(([a-z][a-z0-9-]*)\), [^\]]*\] (.*)$/;

/** pylint: every message it prints makes it exit non-zero, so each one is a finding. */
export const pylint: ParserDef = {
  name: 'pylint',
  description: 'pylint messages, default `file:line:col: C0114: message (symbol)` and `--output-format=parseable`',
  url: 'https://pylint.readthedocs.io/en/stable/user_guide/usage/output.html',
  trigger: /:\d+:\d+: [CRWEFI]\d{4}: |:\d+: \[[CRWEFI]\d{4}\(/,
  // The message id with its first digit (`: W1`, `[W1`): paths need not end in `.py`, and a bare letter is too common.
  keywords: [...'CRWEFI'].flatMap((c) => [...'0123456789'].flatMap((d) => [`: ${c}${d}`, `[${c}${d}`])),
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        const m = DEFAULT.exec(text);
        if (m) {
          // pylint counts columns from 0 (ast col_offset); failures count from 1.
          sink.emit({ class: 'lint_error', tool: 'pylint', file: m[1]!, line: Number(m[2]), column: Number(m[3]) + 1, code: m[4]!, message: `${m[5]} (${m[6]})`, evidence: [ev(text, ctx)] });
          return false;
        }
        const p = PARSEABLE.exec(text);
        if (p) sink.emit({ class: 'lint_error', tool: 'pylint', file: p[1]!, line: Number(p[2]), code: p[3]!, message: `${p[5]} (${p[4]})`, evidence: [ev(text, ctx)] });
        return false;
      },
      end() {},
    };
  },
};
