import { type LineContext, type ParserDef } from '../../parser.ts';
import { RustDiagnosticReader } from './rustc-diagnostic.ts';

/** cargo clippy: lints at error level (`-D warnings`, `#![deny(clippy::…)]`, deny-by-default lints). */
export const clippy: ParserDef = {
  name: 'clippy',
  description: 'cargo clippy lints reported as errors, told from rustc errors by the `clippy::` lint their notes name',
  url: 'https://doc.rust-lang.org/clippy/usage.html',
  trigger: /^error: /,
  keywords: ['error: '],
  create(sink) {
    const reader = new RustDiagnosticReader((d) => {
      if (!d.lint?.startsWith('clippy::')) return;
      sink.emit({
        class: 'lint_error',
        tool: 'clippy',
        code: d.lint,
        message: d.message,
        ...(d.file !== undefined ? { file: d.file, line: d.line!, column: d.column! } : {}),
        evidence: d.evidence,
      });
    });
    return {
      feed(text: string, ctx: LineContext): boolean {
        return reader.feed(text, ctx);
      },
      end() {
        reader.end();
      },
    };
  },
};
