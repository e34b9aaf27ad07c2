import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// Outside `--local`, a changed API makes API Extractor ask for the new report to be committed over the old one.
const REPORT_CHANGED =
  /You have changed the (?:public )?API signature for this project\. Please copy the file "([^"]+)" to "([^"]+)"/;
// `Warning: src/index.ts:8:1 - (ae-missing-release-tag) "x" is part of the package's API, …`
const MESSAGE =
  /^(Warning|Error): (?:((?:[A-Za-z]:)?[^:]+?)(?::(\d+):(\d+))? - )?\(((?:ae|tsdoc)-[\w-]+|TS\d+)\) (.*)$/;
const COMPLETED = /^API Extractor completed (successfully|with warnings|with errors)/;
const MAX_HELD = 1000;

/** API Extractor: API report mismatches (contract) and its ae-/tsdoc-/TS messages. */
export const apiExtractor: ParserDef = {
  name: 'api-extractor',
  description: 'API Extractor: "You have changed the API signature" report mismatches and `(ae-…)`/`(tsdoc-…)`/`(TSnnnn)` messages',
  url: 'https://api-extractor.com/pages/messages/ae-extractor-message-reporting/',
  trigger: /changed the (?:public )?API signature for this project|^(?:Warning|Error): .* - \((?:ae-|tsdoc-|TS\d)|^API Extractor completed /,
  keywords: ['API signature for this project', ' - (ae-', ' - (tsdoc-', ' - (TS', 'API Extractor completed '],
  create(sink) {
    // Warnings fail the run only outside `--local`, which the closing line tells: hold them until it.
    let warnings: FailureDraft[] = [];
    return {
      feed(text: string, ctx: LineContext): boolean {
        const changed = REPORT_CHANGED.exec(text);
        if (changed) {
          // TAXONOMY: a contract failure's file is the committed report the checker compares against.
          sink.emit({
            class: 'contract_violation',
            message: 'You have changed the API signature for this project: the committed API report is out of date',
            file: changed[2]!,
            tool: 'api-extractor',
            evidence: [ev(text, ctx)],
          });
          return false;
        }
        const done = COMPLETED.exec(text);
        if (done) {
          if (done[1] === 'with warnings') for (const w of warnings) sink.emit({ ...w, evidence: [...w.evidence, ev(text, ctx)] });
          warnings = [];
          return false;
        }
        const m = MESSAGE.exec(text);
        if (!m) return false;
        const code = m[5]!;
        const d: FailureDraft = {
          // A TS code is the compiler's own error; ae-/tsdoc- rules judge how the API is declared and documented.
          class: code.startsWith('TS') ? 'compile_error' : 'lint_error',
          message: m[6]!,
          tool: 'api-extractor',
          code,
          evidence: [ev(text, ctx)],
        };
        if (m[2]) d.file = m[2];
        if (m[3]) Object.assign(d, { line: Number(m[3]), column: Number(m[4]) });
        if (m[1] === 'Error') sink.emit(d);
        else if (warnings.length < MAX_HELD) warnings.push(d);
        return false;
      },
      end() {},
    };
  },
};
