import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// Default format `./pkg/a.py:7:10: E711 comparison to None…`; `--format=pylint` gives `pkg/a.py:7: [E711] …`.
const DEFAULT = /^((?:[A-Za-z]:[\\/])?[^\s:][^:]*\.pyi?):(\d+):(\d+): ([A-Z]{1,3}\d{1,4}) (.*)$/;
const PYLINT_STYLE = /^((?:[A-Za-z]:[\\/])?[^\s:][^:]*\.pyi?):(\d+): \[([A-Z]{1,3}\d{1,4})\] (.*)$/;

/** flake8 (and pycodestyle/pyflakes): every finding it prints fails the run. */
export const flake8: ParserDef = {
  name: 'flake8',
  description: 'flake8, pycodestyle and pyflakes findings, default `file:line:col: CODE message` and `--format=pylint`',
  url: 'https://flake8.pycqa.org/en/latest/user/options.html#cmdoption-flake8-format',
  trigger: /\.pyi?:\d+:(?:\d+: [A-Z]{1,3}\d| \[[A-Z]{1,3}\d)/,
  // With the digit: pytest's passing `tests/test_x.py::test_y PASSED` lines hold a bare `.py:`.
  keywords: ['.py:', '.pyi:'].flatMap((ext) => [...'0123456789'].map((d) => ext + d)),
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        const m = DEFAULT.exec(text);
        if (m) {
          sink.emit({ class: 'lint_error', tool: 'flake8', file: m[1]!, line: Number(m[2]), column: Number(m[3]), code: m[4]!, message: m[5]!, evidence: [ev(text, ctx)] });
          return false;
        }
        const p = PYLINT_STYLE.exec(text);
        if (p) sink.emit({ class: 'lint_error', tool: 'flake8', file: p[1]!, line: Number(p[2]), code: p[3]!, message: p[4]!, evidence: [ev(text, ctx)] });
        return false;
      },
      end() {},
    };
  },
};
