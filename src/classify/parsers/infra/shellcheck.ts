import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import type { EvidenceLine } from '../../failure.ts';

// `-f gcc`: `ci/build.sh:3:1: warning: msg [SC2034]`.
const GCC = /^(\S(?:[^:]|:[\\/])*?):(\d+):(\d+): (?:error|warning|note|info|style): (.*) \[(SC\d+)\]$/;
// tty (default): a header, the source line, then one caret line per finding under it.
const HEADER = /^In (.+) line (\d+):$/;
const CARET = /^( *)\^[-^]* (SC\d+) \((?:error|warning|info|style)\): (.*)$/;
const TAB_WIDTH = 8;

interface Header {
  file: string;
  line: number;
  source: string | null;
  evidence: EvidenceLine;
}

/**
 * ShellCheck exits 1 when it prints any finding at or above its severity (default: style), so every finding
 * printed failed the step: each is a `lint_error`.
 */
export const shellcheck: ParserDef = {
  name: 'shellcheck',
  description: 'ShellCheck findings, `-f gcc` (`file:line:col: severity: msg [SCnnnn]`) and the default tty blocks (`In file line N:`)',
  url: 'https://github.com/koalaman/shellcheck/wiki/Checks',
  trigger: /\[SC\d+\]$|^In .+ line \d+:$|\^[-^]* SC\d+ \(/,
  keywords: ['[SC', 'In ', ' SC'],
  create(sink) {
    let header: Header | null = null;
    let awaitingSource = false;
    return {
      feed(text: string, ctx: LineContext): boolean {
        const g = GCC.exec(text);
        if (g) {
          sink.emit({
            class: 'lint_error', message: g[4]!, file: g[1]!, line: Number(g[2]), column: Number(g[3]),
            code: g[5]!, tool: 'shellcheck', evidence: [ev(text, ctx)],
          });
          return false;
        }
        if (awaitingSource && header) {
          // The line after the header is the source line the carets point into.
          awaitingSource = false;
          header.source = text;
          if (!CARET.test(text)) return false;
        }
        const h = HEADER.exec(text);
        if (h) {
          header = { file: h[1]!, line: Number(h[2]), source: null, evidence: ev(text, ctx) };
          awaitingSource = true;
          return true;
        }
        const c = CARET.exec(text);
        if (c && header) {
          sink.emit({
            class: 'lint_error', message: c[3]!, file: header.file, line: header.line,
            column: columnOf(header.source ?? '', c[1]!.length), code: c[2]!, tool: 'shellcheck',
            evidence: [header.evidence, ...(header.source === null ? [] : [ev(header.source, { ...ctx, n: header.evidence.line + 1 })]), ev(text, ctx)],
          });
        }
        return false;
      },
      end() {},
    };
  },
};

// The caret line is indented to where the finding sits on screen, with tabs in the source expanded to 8
// columns; the column shellcheck means (and prints in `-f gcc`) counts a tab as one character.
function columnOf(source: string, caretIndent: number): number {
  let screen = 0;
  for (let i = 0; i < source.length; i++) {
    if (screen >= caretIndent) return i + 1;
    screen = source[i] === '\t' ? (Math.floor(screen / TAB_WIDTH) + 1) * TAB_WIDTH : screen + 1;
  }
  return caretIndent - screen + source.length + 1;
}
