import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// Test::More's diagnostic: `#   Failed test 'name'` then `#   at t/a.t line 10.` (or both on one line).
const FAILED_TEST = /^#\s+Failed test(?: '(.*)'| (?:in|at) (\S+) line (\d+)\.?)?$/;
const AT = /^#\s+(?:at|in) (\S+) line (\d+)\.?$/;
// Test::Harness summary: `t/a.t (Wstat: 256 (exited 1) Tests: 5 Failed: 1)`.
const SUMMARY = /^(\S+)\s+\(Wstat: (\d+)(?: \([^)]*\))? Tests: \d+ Failed: (\d+)\)$/;
const PARSE_ERRORS = /^\s+(?:Parse errors: |Non-zero (?:exit|wait) status: )(.*)$/;
// Without the summary (a cut log), `t/a.t ... Dubious, test returned 1 (wstat 256, 0x100)` still names it.
const DUBIOUS = /^(?:\[[\d:]+\] )?(\S+?) ?\.{2,} ?Dubious, test returned (\d+)/;

/** prove / Test::Harness (TAP) output with Test::More diagnostics. */
export const prove: ParserDef = {
  name: 'prove',
  description: 'prove / Test::Harness: Test::More `#   Failed test` diagnostics, `Dubious, test returned N`, and the Test Summary Report `(Wstat: … Failed: N)` lines',
  url: 'https://metacpan.org/pod/TAP::Harness',
  trigger: /^#\s+Failed test|\(Wstat: \d+|Dubious, test returned/,
  keywords: ['Failed test', '(Wstat: ', 'Dubious, test returned'],
  create(sink) {
    let pending: { test: string; evidence: EvidenceLine[] } | null = null;
    let summary: { file: string; status: string; failed: number; details: string[]; evidence: EvidenceLine[] } | null = null;
    const scripts = new Set<string>();
    const emitScript = (file: string, message: string, evidence: EvidenceLine[]): void => {
      // A script whose failing tests were each reported is not a failure of its own.
      if (scripts.has(file)) return;
      scripts.add(file);
      sink.emit({ class: 'test_fail', tool: 'prove', file, test: file, message, evidence });
    };
    const flushPending = (file?: string, line?: number, extra?: EvidenceLine): void => {
      const p = pending;
      pending = null;
      if (!p) return;
      if (file) scripts.add(file);
      sink.emit({
        class: 'test_fail',
        tool: 'prove',
        test: p.test,
        ...(file ? { file, line } : {}),
        message: `Failed test${p.test ? ` '${p.test}'` : ''}`,
        evidence: extra ? [...p.evidence, extra] : p.evidence,
      });
    };
    const flushSummary = (): void => {
      const s = summary;
      summary = null;
      if (s && (s.failed > 0 || s.status !== '0')) {
        emitScript(s.file, s.details.length > 0 ? s.details.join('; ') : `${s.failed} failed test(s)`, s.evidence);
      }
    };
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (text.length > 20_000) return false;
        if (pending) {
          const at = AT.exec(text);
          if (at) {
            flushPending(at[1], Number(at[2]), ev(text, ctx));
            return false;
          }
          flushPending();
        }
        if (summary) {
          const pe = PARSE_ERRORS.exec(text);
          if (pe && summary.failed === 0 && summary.status === '0') {
            const s = summary;
            summary = null;
            emitScript(s.file, pe[1]!, [...s.evidence, ev(text, ctx)]);
            return false;
          }
          if (pe || /^\s+Failed tests?:/.test(text)) {
            summary.details.push(text.trim());
            summary.evidence.push(ev(text, ctx));
            return true;
          }
          flushSummary();
        }
        const f = FAILED_TEST.exec(text);
        if (f) {
          pending = { test: f[1] ?? '', evidence: [ev(text, ctx)] };
          if (f[2]) {
            flushPending(f[2], Number(f[3]));
            return false;
          }
          return true;
        }
        const s = SUMMARY.exec(text);
        if (s) {
          summary = { file: s[1]!, status: s[2]!, failed: Number(s[3]), details: [], evidence: [ev(text, ctx)] };
          return true;
        }
        // A bare `Dubious` line (parallel runs) does not name its script; the summary will.
        const d = DUBIOUS.exec(text);
        if (d) emitScript(d[1]!, `Dubious, test returned ${d[2]!}`, [ev(text, ctx)]);
        return false;
      },
      end() {
        flushPending();
        flushSummary();
      },
    };
  },
};
