import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `standard: Use JavaScript Standard Style (https://standardjs.com)`; semistandard and ts-standard say the same.
const BANNER = /^([\w-]+): Use [\w ]*Style \(https?:\/\/[^)\s]+\)\s*$/;
const NOTE = /^[\w-]+: /;
// `  /app/lib/menu.js:1:17: Missing space before function parentheses. (space-before-function-paren)`
const ROW = /^\s+((?:[A-Za-z]:)?[^\s:][^:]*):(\d+):(\d+): (.*)$/;
const RULE = / \(([@\w][\w@/.-]*)\)$/;
const WARNING = / \(warning\)$/;
// Rows come right under the banner; anything else ends the block, and so does a very long one.
const MAX_ROWS = 10_000;

/** standard (and semistandard, ts-standard): its banner and `file:line:col: message (rule)` rows. */
export const standard: ParserDef = {
  name: 'standard',
  description: 'standard / semistandard / ts-standard: banner then `  file:line:col: message (rule)` rows; `(warning)` rows do not fail',
  url: 'https://standardjs.com/#how-do-i-use-standard',
  trigger: /^[\w-]+: Use [\w ]*Style \(http/,
  keywords: ['Style (http'],
  create(sink) {
    let banner: EvidenceLine | null = null;
    let tool = '';
    let rows = 0;
    return {
      feed(text: string, ctx: LineContext): boolean {
        const b = BANNER.exec(text);
        if (b) {
          banner = ev(text, ctx);
          tool = b[1]!;
          rows = 0;
          return true;
        }
        if (!banner) return false;
        const r = ROW.exec(text);
        if (!r || ++rows > MAX_ROWS) {
          if (r === null && NOTE.test(text)) return true;
          banner = null;
          return false;
        }
        let message = r[4]!;
        if (WARNING.test(message)) return true;
        const rule = RULE.exec(message);
        if (rule) message = message.slice(0, rule.index);
        sink.emit({
          class: 'lint_error',
          message,
          file: r[1]!,
          line: Number(r[2]),
          column: Number(r[3]),
          tool,
          ...(rule ? { code: rule[1]! } : {}),
          evidence: [banner, ev(text, ctx)],
        });
        return true;
      },
      end() {},
    };
  },
};
