import { ReportCollector } from './collector.ts';
import type { ReportOptions } from './junit.ts';
import type { SuiteCounts, TestReport } from './types.ts';

interface CtrfTest {
  name?: unknown;
  status?: unknown;
  message?: unknown;
  trace?: unknown;
  filePath?: unknown;
  line?: unknown;
  suite?: unknown;
}

/**
 * Reads a CTRF JSON report (https://ctrf.io: `{ results: { tool: { name }, tests: [{ name, status, message,
 * trace, filePath, line, suite }] } }`); null when the text is not one (so the caller reads it as a log).
 * Malformed JSON that still looks like CTRF is an empty report with a one-line warning.
 */
export function parseCtrf(text: string, options: ReportOptions): TestReport | null {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    if (!/"reportFormat"\s*:\s*"CTRF"|"tests"\s*:\s*\[/.test(text.slice(0, 4096))) return null;
    return { tool: 'ctrf', suites: [], failures: [], omitted: 0, warnings: [`malformed CTRF JSON: ${(e as Error).message.split('\n')[0]}`] };
  }
  const results = (data as { results?: { tool?: { name?: unknown }; tests?: unknown } } | null)?.results;
  if (!results || !Array.isArray(results.tests)) return null;
  const tool = typeof results.tool?.name === 'string' && results.tool.name.trim() ? results.tool.name.trim().toLowerCase() : 'ctrf';
  const collector = new ReportCollector(options.roots, options.maxFailures ?? 5000);
  const suites = new Map<string, SuiteCounts>();
  const lines = new LineFinder(text);
  for (const raw of results.tests as unknown[]) {
    if (raw === null || typeof raw !== 'object') continue;
    const t = raw as CtrfTest;
    const name = typeof t.name === 'string' ? t.name : '';
    const filePath = typeof t.filePath === 'string' && t.filePath ? t.filePath : undefined;
    const suiteName = Array.isArray(t.suite) ? t.suite.join(' > ') : typeof t.suite === 'string' && t.suite ? t.suite : (filePath ?? tool);
    const suite = suites.get(suiteName) ?? { name: suiteName, passed: 0, failed: 0, skipped: 0 };
    suites.set(suiteName, suite);
    const evidence = lines.find(name);
    const outcome = t.status === 'passed' ? 'passed' : t.status === 'failed' ? 'failed' : t.status === 'skipped' || t.status === 'pending' ? 'skipped' : null;
    if (outcome) options.onCase?.({ test: name, suite: suiteName, tool, ...(filePath ? { file: filePath } : {}), outcome });
    switch (t.status) {
      case 'passed':
        suite.passed++;
        break;
      case 'skipped':
      case 'pending':
        suite.skipped++;
        break;
      case 'failed': {
        suite.failed++;
        const message = typeof t.message === 'string' ? t.message : undefined;
        collector.add({
          test: name,
          tool,
          ...(message !== undefined ? { message } : {}),
          text: [message, typeof t.trace === 'string' ? t.trace : ''].filter(Boolean).join('\n'),
          ...(filePath ? { file: filePath } : {}),
          ...(typeof t.line === 'number' && t.line > 0 ? { line: t.line } : {}),
          ...(tool === 'pytest' ? { innermostLast: true } : {}),
          evidence,
        });
        break;
      }
      default:
      // `other`: neither passed, failed nor skipped, and not counted as any of them.
    }
  }
  return collector.result(tool, [...suites.values()], []);
}

/** Finds, in order, the line of the report that names each test (JSON.parse keeps no positions). */
class LineFinder {
  readonly #text: string;
  #at = 0;
  #line = 1;

  constructor(text: string) {
    this.#text = text;
  }

  find(name: string): { line: number; text: string } {
    const key = `"name"`;
    const needle = JSON.stringify(name);
    let i = this.#text.indexOf(needle, this.#at);
    while (i !== -1 && !this.#text.slice(Math.max(0, i - 40), i).includes(key)) i = this.#text.indexOf(needle, i + 1);
    if (i === -1) return { line: 0, text: `"name": ${needle}` };
    for (let k = this.#text.indexOf('\n', this.#at); k !== -1 && k < i; k = this.#text.indexOf('\n', k + 1)) this.#line++;
    this.#at = i;
    const start = this.#text.lastIndexOf('\n', i) + 1;
    const end = this.#text.indexOf('\n', i);
    return { line: this.#line, text: this.#text.slice(start, end === -1 ? undefined : end).trim().slice(0, 400) };
  }
}
