import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const FAILURES = /^Failures:$/;
const HEADER = /^ {2}(\d+)\) (\S.*)$/;
// Backtrace lines `     # ./spec/a_spec.rb:5:in 'block (2 levels) in <top (required)>'`.
const FRAME = /^\s+# (?:\.\/)?([^:\s]+):(\d+)(?::in |$)/;
const SPEC_FILE = /_spec\.rb$/;
// `rspec ./spec/a_spec.rb:4 # Calculator adds` in the "Failed examples:" list.
const RERUN = /^rspec (?:\.\/)?(\S+?):(\d+) # (.+)$/;
const MAX_BLOCK = 5000;

interface Example {
  test: string;
  message?: string;
  detail: number;
  frame?: { file: string; line: number };
  evidence: EvidenceLine[];
}

/** RSpec's documentation/progress output: the Failures section and the Failed examples list. */
export const rspec: ParserDef = {
  name: 'rspec',
  description: 'RSpec: numbered `Failures:` entries (message, spec backtrace) and the `rspec ./spec/x_spec.rb:N # description` rerun list',
  url: 'https://rspec.info/features/3-12/rspec-core/command-line/',
  trigger: /^Failures:$|^rspec \S+:\d+ # /,
  keywords: ['Failures:', 'rspec '],
  create(sink) {
    let inFailures = false;
    let lines = 0;
    let current: Example | null = null;
    const examples = new Map<string, Example>();
    const emitted = new Set<string>();
    const close = (): void => {
      if (current) examples.set(current.test, current);
      current = null;
      inFailures = false;
    };
    const emit = (e: Example, fallback?: { file: string; line: number }, extra?: EvidenceLine): void => {
      if (emitted.has(e.test)) return;
      emitted.add(e.test);
      // The failing line in the spec file, else the example's own location.
      const at = e.frame ?? fallback;
      sink.emit({
        class: 'test_fail',
        tool: 'rspec',
        test: e.test,
        ...(at ? { file: at.file, line: at.line } : {}),
        message: e.message ?? 'Example failed',
        evidence: extra ? [...e.evidence, extra] : e.evidence,
      });
    };
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (FAILURES.test(text)) {
          close();
          inFailures = true;
          lines = 0;
          return true;
        }
        const r = RERUN.exec(text);
        if (r) {
          close();
          const e = examples.get(r[3]!) ?? { test: r[3]!, detail: 0, evidence: [] };
          emit(e, { file: r[1]!, line: Number(r[2]) }, ev(text, ctx));
          return false;
        }
        if (!inFailures) return false;
        if (++lines > MAX_BLOCK || /^(?:Finished in |Failed examples:|\d+ examples?, )/.test(text)) {
          close();
          return false;
        }
        if (text.length > 20_000) return true;
        const h = HEADER.exec(text);
        if (h) {
          if (current) examples.set(current.test, current);
          current = { test: h[2]!, detail: 0, evidence: [ev(text, ctx)] };
          return true;
        }
        if (!current) return true;
        const f = FRAME.exec(text);
        if (f) {
          if (!current.frame && SPEC_FILE.test(f[1]!)) current.frame = { file: f[1]!, line: Number(f[2]) };
          return true;
        }
        const t = text.trim();
        if (t === '') return true;
        // `Failure/Error:` quotes the failing code; the lines after it say what went wrong.
        if (t.startsWith('Failure/Error:')) current.message = undefined;
        else if (current.message === undefined) current.message = t;
        else if (current.detail++ === 0 && current.message.endsWith(':')) current.message += ` ${t}`;
        if (current.evidence.length < 4) current.evidence.push(ev(text, ctx));
        return true;
      },
      end() {
        close();
        // Without the rerun list (a truncated log), the Failures section alone still names each example.
        for (const e of examples.values()) emit(e);
      },
    };
  },
};
