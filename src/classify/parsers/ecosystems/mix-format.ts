import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const FAILED = /^\*\* \(Mix\) mix format failed due to --check-formatted\.?$/;
const FILE = /^ {2}\* (\S.*)$/;
const MAX_BLOCK = 2000;

/** `mix format --check-formatted`: the files it says are not formatted. */
export const mixFormat: ParserDef = {
  name: 'mix-format',
  description: '`mix format --check-formatted`: `** (Mix) mix format failed…` followed by the `  * path` list of unformatted files',
  url: 'https://hexdocs.pm/mix/Mix.Tasks.Format.html',
  trigger: /^\*\* \(Mix\) mix format failed due to --check-formatted/,
  keywords: ['** (Mix) mix format failed due to --check-formatted'],
  create(sink) {
    let open = false;
    let lines = 0;
    let listed = 0;
    let head: EvidenceLine | null = null;
    const close = (): false => {
      if (head && listed === 0) {
        sink.emit({ class: 'lint_error', tool: 'mix format', message: 'mix format failed due to --check-formatted', evidence: [head] });
      }
      open = false;
      head = null;
      return false;
    };
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (FAILED.test(text)) {
          if (open) close();
          open = true;
          lines = 0;
          listed = 0;
          head = ev(text, ctx);
          return true;
        }
        if (!open) return false;
        if (++lines > MAX_BLOCK) return close();
        const f = FILE.exec(text);
        if (f) {
          listed++;
          sink.emit({
            class: 'lint_error',
            tool: 'mix format',
            file: f[1]!.trim(),
            message: 'File is not formatted',
            evidence: [head!, ev(text, ctx)],
          });
          return true;
        }
        if (text === '' || /^The following files (?:were|are) not formatted/.test(text)) return true;
        // Newer Elixir prints a diff under each listed file.
        if (listed > 0 && /^[\s+@-]/.test(text)) return true;
        return close();
      },
      end() {
        if (open) close();
      },
    };
  },
};
