import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// Karma names every browser `Name 1.2.3 (OS x.y)` before what it reports.
const BROWSER = /^[A-Z][\w .-]* \d[\w.]* \([^()]+\)$/;
const NO_MESSAGE = /because no message in (\d+) ?ms/;
const MAX_BROWSER = 120;

/** Splits `Chrome 75.0 (Mac OS X 10.13.6) rest` into the browser and the rest, or null. */
function splitBrowser(text: string): [string, string] | null {
  const close = text.indexOf(') ');
  if (close < 0 || close > MAX_BROWSER) return null;
  const browser = text.slice(0, close + 1);
  return BROWSER.test(browser) ? [browser, text.slice(close + 2)] : null;
}

/** Karma's progress/dots reporters: failed specs, and browsers that disconnected. */
export const karma: ParserDef = {
  name: 'karma',
  description: 'Karma progress/dots reporters: `<browser> <spec> FAILED` with its message, and `<browser> ERROR` / `Disconnected…` browser losses (no-activity timeout or lost connection)',
  url: 'https://karma-runner.github.io/latest/config/configuration-file.html',
  trigger: /^[A-Z][\w .-]* \d[\w.]* \([^()]+\) (?:\S.* FAILED|ERROR)$|\]: Disconnected \(\d+ times\)/,
  keywords: [' FAILED', ') ERROR', ']: Disconnected ('],
  create(sink) {
    let pending: { kind: 'failed' | 'error'; browser: string; test: string; evidence: EvidenceLine[] } | null = null;
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (pending) {
          const p = pending;
          pending = null;
          const detail = text.trim();
          if (p.kind === 'failed') {
            sink.emit({
              class: 'test_fail',
              tool: 'karma',
              test: p.test,
              message: /^\s/.test(text) && detail !== '' ? detail : 'FAILED',
              evidence: [...p.evidence, ...(detail ? [ev(text, ctx)] : [])],
            });
          } else if (detail.startsWith('Disconnected')) {
            disconnected(p.browser, detail, [...p.evidence, ev(text, ctx)]);
            return false;
          }
        }
        if (text.length > 20_000) return false;
        // Karma's own log line: `WARN [Chrome 75 (Linux)]: Disconnected (0 times), because no message in 30000 ms.`
        const log = text.indexOf(']: Disconnected (');
        if (log > 0) {
          const open = text.lastIndexOf('[', log);
          disconnected(text.slice(open + 1, log), text.slice(log + 3), [ev(text, ctx)]);
          return false;
        }
        const split = splitBrowser(text);
        if (!split) return false;
        const [browser, rest] = split;
        if (rest === 'ERROR') {
          pending = { kind: 'error', browser, test: '', evidence: [ev(text, ctx)] };
          return true;
        }
        if (rest.endsWith(' FAILED')) {
          pending = { kind: 'failed', browser, test: rest.slice(0, -' FAILED'.length), evidence: [ev(text, ctx)] };
          return true;
        }
        return false;
      },
      end() {
        if (pending?.kind === 'failed') {
          sink.emit({ class: 'test_fail', tool: 'karma', test: pending.test, message: 'FAILED', evidence: pending.evidence });
        }
        pending = null;
      },
    };

    // TAXONOMY: a browser that sent nothing for browserNoActivityTimeout ms hit a time limit; one that
    // dropped its connection (ping timeout, transport close) is the machinery failing, not the code.
    function disconnected(browser: string, detail: string, evidence: EvidenceLine[]): void {
      const quiet = NO_MESSAGE.exec(detail);
      sink.emit(
        quiet
          ? {
              class: 'timeout',
              tool: 'karma',
              message: `${browser} disconnected, because no message in ${quiet[1]!} ms`,
              evidence,
            }
          : { class: 'orchestration_error', tool: 'karma', message: `${browser} disconnected: ${detail}`, evidence },
      );
    }
  },
};
