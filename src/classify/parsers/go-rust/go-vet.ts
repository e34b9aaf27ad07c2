import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { GO_LOCATED, GO_PKG_HEADER, goDependencyProblem, isVetFinding } from './go-messages.ts';

const BLOCK_CONTINUES = /^\s/;
const MAX_BLOCK_LINES = 1000;

/** go vet: analyzer findings under `# pkg`, and the type errors vet itself reports as `vet: file:line:col:`. */
export const goVet: ParserDef = {
  name: 'go-vet',
  description: 'go vet (and the vet checks go test runs): `# pkg` then `./file.go:line:col: finding`, and `vet:` type errors',
  url: 'https://pkg.go.dev/cmd/vet',
  // `# pkg` headers also head comments, Markdown and TAP everywhere: a finding's `.go:` line triggers instead,
  // and the header right above it is replayed.
  trigger: /^vet: |\.go:\d+:\d+: /,
  keywords: ['vet: ', '.go:'],
  lookback: 2,
  create(sink) {
    let lines = -1;
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (GO_PKG_HEADER.test(text)) {
          lines = 0;
          return true;
        }
        if (lines < 0 && !text.startsWith('vet: ')) return false;
        const m = GO_LOCATED.exec(text);
        if (m) {
          const loc = { file: m[2]!, line: Number(m[3]), ...(m[4] ? { column: Number(m[4]) } : {}) };
          const message = m[5]!;
          if (m[1]) {
            // vet could not type-check the package: the code does not compile, or an import is missing.
            const dep = goDependencyProblem(message);
            sink.emit({
              class: dep?.class ?? 'compile_error',
              tool: 'go-vet',
              message,
              ...(dep?.package ? { package: dep.package } : {}),
              ...loc,
              evidence: [ev(text, ctx)],
            });
          } else if (isVetFinding(message)) {
            sink.emit({ class: 'lint_error', tool: 'go-vet', message, ...loc, evidence: [ev(text, ctx)] });
          }
        } else if (!BLOCK_CONTINUES.test(text) || lines < 0) {
          lines = -1;
          return false;
        }
        if (lines < 0) return false;
        lines++;
        if (lines >= MAX_BLOCK_LINES) lines = -1;
        return lines >= 0;
      },
      end() {},
    };
  },
};
