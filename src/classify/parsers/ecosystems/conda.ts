import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `PackagesNotFoundError: The following packages are not available from current channels:` (conda ≥ 4.6)
// and `ResolvePackageNotFound:` (older), each followed by `  - name=version` items.
const HEAD = /^(?:PackagesNotFoundError: The following packages? (?:is|are) not available from current channels|ResolvePackageNotFound):/;
const ITEM = /^ {2}- ([A-Za-z0-9_.-]+(?:::[A-Za-z0-9_.-]+)?)(?:[=<>!~ [].*)?$/;
const MAX_BLOCK = 500;

/** conda / mamba: packages that no configured channel provides. */
export const conda: ParserDef = {
  name: 'conda',
  description: 'conda `PackagesNotFoundError` / `ResolvePackageNotFound` with their `  - name=version` list',
  url: 'https://docs.conda.io/projects/conda/en/latest/user-guide/troubleshooting.html',
  trigger: /^(?:PackagesNotFoundError|ResolvePackageNotFound):/,
  keywords: ['PackagesNotFoundError:', 'ResolvePackageNotFound:'],
  create(sink) {
    let head: EvidenceLine | null = null;
    let lines = 0;
    let items = 0;
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (HEAD.test(text)) {
          head = ev(text, ctx);
          lines = 0;
          items = 0;
          return true;
        }
        if (!head) return false;
        if (++lines > MAX_BLOCK) {
          head = null;
          return false;
        }
        const m = ITEM.exec(text);
        if (m) {
          items++;
          const name = m[1]!.includes('::') ? m[1]!.split('::')[1]! : m[1]!;
          sink.emit({
            class: 'dependency_missing',
            tool: 'conda',
            package: name,
            message: `Package not available from current channels: ${text.trim().slice(2)}`,
            evidence: [head, ev(text, ctx)],
          });
          return true;
        }
        if (text.trim() === '' && items === 0) return true;
        head = null;
        return false;
      },
      end() {},
    };
  },
};
