import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `src/A.hs:40:1: error: [-Wunused-imports, -Werror=unused-imports]`, `src/A.hs:(4,1)-(6,9): error: [GHC-88464]`,
// `src/A.hs:4:1-10: error:`; the message follows on indented lines.
const HEADER = /^(\S(?:[^:]|:(?![(\d]))*?\.(?:hs|lhs|hsc|hs-boot|chs)):(?:(\d+):(\d+)(?:-\d+)?|\((\d+),(\d+)\)-\(\d+,\d+\)): error:(?: \[([^\]]*)\])?\s*(.*)$/;
const GHC_CODE = /GHC-\d+/;
const WERROR = /-Werror=([\w-]+)/;
const MISSING_MODULE = /Could not (?:find|load) module [‘'`]([\w.]+)[’']/;

/** GHC (directly, or under cabal/stack) compile errors, `-Werror` warnings included. */
export const ghc: ParserDef = {
  name: 'ghc',
  description: 'GHC `file.hs:line:col: error:` diagnostics (plain, ranged, with `[GHC-nnnnn]` codes or `-Werror=` flags) and their indented message',
  url: 'https://downloads.haskell.org/ghc/latest/docs/users_guide/using.html',
  trigger: /\.(?:hs|lhs|hsc|hs-boot|chs):(?:\d+:\d+|\(\d+,\d+\))[-\d(),]*: error:/,
  keywords: ['.hs:', '.lhs:', '.hsc:', '.hs-boot:', '.chs:'],
  create(sink) {
    let open: { file: string; line: number; column: number; code?: string; message: string; evidence: EvidenceLine[] } | null =
      null;
    const flush = (): void => {
      const o = open;
      open = null;
      if (!o) return;
      const mod = MISSING_MODULE.exec(o.message)?.[1];
      sink.emit({
        class: mod ? 'dependency_missing' : 'compile_error',
        tool: 'ghc',
        file: o.file,
        line: o.line,
        column: o.column,
        ...(o.code ? { code: o.code } : {}),
        ...(mod ? { package: mod } : {}),
        message: o.message,
        evidence: o.evidence,
      });
    };
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) {
          flush();
          return false;
        }
        const h = HEADER.exec(text);
        if (h) {
          flush();
          const flags = h[6] ?? '';
          const code = GHC_CODE.exec(flags)?.[0] ?? WERROR.exec(flags)?.[1];
          open = {
            file: h[1]!,
            line: Number(h[2] ?? h[4]),
            column: Number(h[3] ?? h[5]),
            ...(code ? { code } : {}),
            message: h[7]!.trim(),
            evidence: [ev(text, ctx)],
          };
          return true;
        }
        if (!open) return false;
        // The message is the first indented line; the source excerpt (`  |`) and a blank line end it.
        if (open.message === '' && /^\s{2,}\S/.test(text) && !/^\s*\|/.test(text)) {
          open.message = text.trim();
          open.evidence.push(ev(text, ctx));
          return true;
        }
        flush();
        return false;
      },
      end() {
        flush();
      },
    };
  },
};
