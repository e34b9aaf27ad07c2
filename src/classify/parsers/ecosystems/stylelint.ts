import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// The `string` formatter: a file on its own line, then `  12:3  ✖  Message   rule-name` rows
// (`⚠` for warnings; `×`/`‼` on Windows). Long cells wrap onto indented continuation lines.
const HEADER = /^(\S+\.(?:css|scss|sass|less|sss|pcss|postcss|styl|stylus|html?|vue|svelte|astro|[cm]?[jt]sx?|md|php))\s*$/;
const ROW = /^\s*(\d+):(\d+)\s+([✖×⚠‼])\s+(\S.*)$/;
const RULE = /^[a-z@][\w@/-]*$/;
const MAX_BLOCK = 2000;

interface Row {
  file: string | undefined;
  line: number;
  column: number;
  message: string;
  rule: string | undefined;
  evidence: EvidenceLine[];
}

/** stylelint's default `string` formatter. */
export const stylelint: ParserDef = {
  name: 'stylelint',
  description: 'stylelint `string` formatter: a file line followed by `line:col  ✖  message  rule` rows, wrapped cells included',
  url: 'https://stylelint.io/user-guide/cli#formatters',
  trigger: /^\s*\d+:\d+\s+[✖×]\s/,
  keywords: ['✖', '×'],
  // The file header above the first row is replayed rather than triggered on (a trigger on it would match
  // any path); two lines, so a header still reaches rows below a blank line, as it did when triggered.
  lookback: 2,
  create(sink) {
    let file: string | undefined;
    let fileAt = -1;
    let open = false;
    let seen = 0;
    let row: Row | null = null;
    const flush = (): void => {
      if (!row) return;
      const r = row;
      row = null;
      sink.emit({
        class: 'lint_error',
        tool: 'stylelint',
        ...(r.file ? { file: r.file } : {}),
        line: r.line,
        column: r.column,
        ...(r.rule ? { code: r.rule } : {}),
        message: r.message,
        evidence: r.evidence,
      });
    };
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) {
          flush();
          open = false;
          return false;
        }
        const m = ROW.exec(text);
        if (m) {
          flush();
          if (!open && fileAt !== ctx.n - 1) file = undefined;
          open = true;
          seen = 0;
          if (m[3] === '⚠' || m[3] === '‼') return true; // warnings do not fail the run
          const cells = m[4]!.trim().split(/\s{2,}/);
          const last = cells.length > 1 ? cells[cells.length - 1]! : undefined;
          const rule = last && RULE.test(last) ? last : undefined;
          row = {
            file,
            line: Number(m[1]),
            column: Number(m[2]),
            message: (rule ? cells.slice(0, -1) : cells).join(' '),
            rule,
            evidence: [ev(text, ctx)],
          };
          return true;
        }
        const h = HEADER.exec(text);
        if (h) {
          flush();
          file = h[1]!;
          fileAt = ctx.n;
          return open;
        }
        if (!open) return false;
        if (text.trim() === '') {
          flush();
          return ++seen < 3;
        }
        // A wrapped cell continues the row above: message first, then the rule column.
        if (row && /^\s{4,}\S/.test(text) && ++seen < MAX_BLOCK) {
          const cells = text.trim().split(/\s{2,}/);
          row.message = `${row.message} ${cells[0]!}`;
          if (cells.length > 1 && row.rule) row.rule += cells[1]!;
          row.evidence.push(ev(text, ctx));
          return true;
        }
        flush();
        open = false;
        return false;
      },
      end() {
        flush();
      },
    };
  },
};
