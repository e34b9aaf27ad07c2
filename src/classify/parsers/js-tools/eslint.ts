import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef, type ParserSink } from '../../parser.ts';
import { isBareSpecifier, packageName } from '../specifier.ts';

// stylish prints each file's absolute path alone on a line, then one indented row per message.
const STYLISH_HEADER = /^(?:\/|[A-Za-z]:[\\/])[^:*?"<>|]*[^\s:*?"<>|]$/;
const STYLISH_ROW = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.*)$/;
// unix: `file:line:col: message [Error/rule]`; the bracket is parsed from the end so no regex spans the line.
const UNIX_HEAD = /^((?:[A-Za-z]:)?[^:]+):(\d+):(\d+): /;
const UNIX_TAIL = / \[(Error|Warning)(?:\/([^\]\s]+))?\]$/;
// compact: `file: line 2, col 17, Error - message (rule)`.
const COMPACT = /^((?:[A-Za-z]:)?[^:]+): line (\d+), col (\d+), (Error|Warning) - (.*)$/;
const TRAILING_RULE = / \(([@\w][\w@/.-]*)\)$/;
const RULE = /^[@\w][\w@/.-]*$/;
const TOO_MANY_WARNINGS = /^ESLint found too many warnings \(maximum: \d+\)/;
const OOPS = /^Oops! Something went wrong! :\($/;
const MISSING_PLUGIN = /^ESLint couldn't find the (plugin|config) "([^"]+)"/;
const MISSING_IMPORT = /^Error( \[ERR_MODULE_NOT_FOUND\])?: Cannot find (?:package|module) '([^']+)'(?: imported from (.+))?$/;
const MAX_HELD_WARNINGS = 1000;
// ESLint's crash report puts its cause a few lines below "Oops!".
const OOPS_WINDOW = 8;

/** ESLint: stylish, unix, compact and json formatters, `--max-warnings`, and a config that cannot load. */
export const eslint: ParserDef = {
  name: 'eslint',
  description: 'ESLint findings from the stylish, unix, compact and json formatters, and missing plugins/configs',
  url: 'https://eslint.org/docs/latest/use/formatters/',
  // A bare path looks like much else in a log: stylish's header is fetched by `lookback` once a row below it
  // triggers. stylish aligns its columns with two or more spaces, which the row alternative and its keywords
  // ask for, so that one-space prose (`1:2 error`) is no candidate.
  trigger:
    /^\s+\d+:\d+\s* {2}(?:error|warning) {2}| \[(?:Error|Warning)[/\]]|: line \d+, col \d+, (?:Error|Warning) - |^\[\{"filePath":|^ESLint found too many warnings|^Oops! Something went wrong!/,
  keywords: [
    '  error  ',
    '  warning  ',
    ' [Error/',
    ' [Error]',
    ' [Warning/',
    ' [Warning]',
    ', Error - ',
    ', Warning - ',
    '[{"filePath":',
    'ESLint found too many warnings',
    'Oops! Something went wrong!',
  ],
  // The header sits right above the first row: the line after a header that is not a row closes it.
  lookback: 1,
  create(sink) {
    let file: EvidenceLine | null = null;
    let fileName = '';
    let oopsLeft = 0;
    const warnings: FailureDraft[] = [];

    const report = (d: FailureDraft, severity: string): void => {
      if (severity === 'error' || severity === 'Error' || severity === '2') sink.emit(d);
      else if (warnings.length < MAX_HELD_WARNINGS) warnings.push(d);
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (oopsLeft > 0) {
          oopsLeft--;
          if (crashCause(text, ctx, sink)) oopsLeft = 0;
          return oopsLeft > 0;
        }
        if (file) {
          const row = STYLISH_ROW.exec(text);
          if (row) {
            const { message, rule } = splitRule(row[4]!);
            const d = draft(fileName, row[1]!, row[2]!, message, rule, [file, ev(text, ctx)]);
            report(d, row[3]!);
            return true;
          }
          file = null;
        }
        if (STYLISH_HEADER.test(text)) {
          file = ev(text, ctx);
          fileName = text;
          return true;
        }
        if (TOO_MANY_WARNINGS.test(text)) {
          // --max-warnings failed the run: every warning counted (TAXONOMY "Warnings").
          for (const w of warnings) sink.emit({ ...w, evidence: [...w.evidence, ev(text, ctx)] });
          warnings.length = 0;
          return false;
        }
        if (OOPS.test(text)) {
          oopsLeft = OOPS_WINDOW;
          return true;
        }
        if (text.startsWith('[{"filePath":')) {
          readJson(text, ctx, report);
          return false;
        }
        unixOrCompact(text, ctx, report);
        return false;
      },
      end() {},
    };
  },
};

function draft(
  file: string,
  line: string,
  column: string,
  message: string,
  rule: string | undefined,
  evidence: EvidenceLine[],
): FailureDraft {
  const d: FailureDraft = { class: 'lint_error', message, file, line: Number(line), column: Number(column), tool: 'eslint', evidence };
  if (rule) d.code = rule;
  return d;
}

// stylish pads the message with two or more spaces before the rule; a parsing error has no rule.
function splitRule(rest: string): { message: string; rule?: string } {
  const trimmed = rest.trimEnd();
  const gap = trimmed.lastIndexOf('  ');
  if (gap === -1) return { message: trimmed };
  const rule = trimmed.slice(gap + 2).trim();
  if (!RULE.test(rule)) return { message: trimmed };
  return { message: trimmed.slice(0, gap).trim(), rule };
}

function unixOrCompact(text: string, ctx: LineContext, report: (d: FailureDraft, severity: string) => void): void {
  const tail = UNIX_TAIL.exec(text);
  if (tail) {
    const head = UNIX_HEAD.exec(text);
    if (!head) return;
    const message = text.slice(head[0].length, tail.index);
    report(draft(head[1]!, head[2]!, head[3]!, message, tail[2], [ev(text, ctx)]), tail[1]!);
    return;
  }
  const c = COMPACT.exec(text);
  if (!c) return;
  const rule = TRAILING_RULE.exec(c[5]!);
  const message = rule ? c[5]!.slice(0, rule.index) : c[5]!;
  report(draft(c[1]!, c[2]!, c[3]!, message, rule?.[1], [ev(text, ctx)]), c[4]!);
}

interface JsonMessage {
  ruleId?: string | null;
  severity?: number;
  message?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

function readJson(text: string, ctx: LineContext, report: (d: FailureDraft, severity: string) => void): void {
  let results: unknown;
  try {
    results = JSON.parse(text);
  } catch {
    // A line the engine cut at its length limit is not valid JSON: nothing can be read from it safely.
    return;
  }
  if (!Array.isArray(results)) return;
  for (const r of results as { filePath?: unknown; messages?: unknown }[]) {
    if (typeof r?.filePath !== 'string' || !Array.isArray(r.messages)) continue;
    for (const m of r.messages as JsonMessage[]) {
      if (typeof m?.message !== 'string') continue;
      const d = draft(r.filePath, String(m.line ?? 0), String(m.column ?? 0), m.message, m.ruleId ?? undefined, [ev(text, ctx)]);
      if (m.endLine) d.endLine = m.endLine;
      if (m.endColumn) d.endColumn = m.endColumn;
      report(d, String(m.severity ?? ''));
    }
  }
}

// What made ESLint crash before linting: a plugin or shareable config it cannot load.
function crashCause(text: string, ctx: LineContext, sink: ParserSink): boolean {
  const p = MISSING_PLUGIN.exec(text);
  if (p) {
    sink.emit({ class: 'dependency_missing', message: text, tool: 'eslint', package: p[2]!, evidence: [ev(text, ctx)] });
    return true;
  }
  const m = MISSING_IMPORT.exec(text);
  if (!m) return false;
  const spec = m[2]!;
  const bare = isBareSpecifier(spec);
  const d: FailureDraft = { class: bare ? 'dependency_missing' : 'compile_error', message: text, tool: 'eslint', evidence: [ev(text, ctx)] };
  if (m[3]) d.file = m[3];
  d.code = m[1] ? 'ERR_MODULE_NOT_FOUND' : 'MODULE_NOT_FOUND';
  if (bare) d.package = packageName(spec);
  sink.emit(d);
  return true;
}
