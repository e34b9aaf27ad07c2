import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// `-f parsable`: `file:8:12: [error] msg (rule)`.
const PARSABLE = /^(\S(?:[^:]|:[\\/])*?):(\d+):(\d+): \[(error|warning)\] (.*?)(?: \(([\w-]+)\))?$/;
// standard/colored: a file line, then `  8:12      error    msg  (rule)` lines right under it. eslint's
// stylish format looks alike (`  8:12  error  msg  rule`) but names its rule without parentheses.
const STANDARD = /^ {2}(\d+):(\d+) +(error|warning) +(?:(.*?) {2}\(([\w-]+)\)|(syntax error: .*?)(?: \((syntax)\))?)$/;
// `-f github`: the engine strips `::error file=…,line=…,col=…::`, leaving `8:12 [rule] msg`.
const GITHUB = /^(\d+):(\d+) \[([\w-]+)\] (.*)$/;
// A file line of the standard format (yamllint lints YAML files, and names them as given).
const FILE = /^(\S.*\.ya?ml)$/;
// `yamllint -s`/`--strict` in an echoed command: warnings then fail the run (exit 2) too.
const STRICT = /\byamllint\b.*\s(?:-s|--strict)(?:\s|$)/;
// The end of a step (GitHub runner and Travis wording): exit status 2 is yamllint's own for "warnings
// only, in strict mode".
const STEP_END = /^Process completed with exit code (\d+)\.$|" exited with (\d+)\.$/;
const MAX_WARNINGS = 1000;

/**
 * yamllint: errors fail the run; warnings only with `-s`, which the log shows in the echoed command or in
 * the exit status 2 that yamllint keeps for it.
 */
export const yamllint: ParserDef = {
  name: 'yamllint',
  description: 'yamllint findings in the parsable, standard/colored and github formats; warnings count under `-s`',
  url: 'https://yamllint.readthedocs.io/en/stable/configuration.html#errors-and-warnings',
  // The standard format's file line comes before its first problem and names nothing recognisable on its own:
  // the problem rows trigger, and the line above is replayed. yamllint pads a problem's level to a column, so
  // a real row has at least two spaces after it (`error    `, `warning  `), unlike prose that says "error".
  trigger: /: \[(?:error|warning)\] |^ {2}\d+:\d+ +(?:error|warning) {2}|^\d+:\d+ \[[\w-]+\] |yamllint|^Run |^Process completed with exit code \d|" exited with \d/,
  // The github format as a downloaded job log shows it: `##[error]1:1 [truthy] …`.
  keywords: [': [error] ', ': [warning] ', 'error  ', 'warning  ', '::error file=', '::warning file=', '##[error]', '##[warning]', 'yamllint'],
  // A step's end decides its warnings; it changes nothing when none are held and no error counted.
  watchKeywords: ['Run ', 'Process completed with exit code', '" exited with '],
  lookback: 1,
  // Every line but a file line that an idle yamllint reads is a trigger of its own (read when it came): the line
  // above a trigger is worth replaying only when it names a YAML file. The step starts (`Run `) that trigger it to
  // follow `-s` then replay nothing.
  replayKeywords: ['.yml', '.yaml'],
  create(sink) {
    let file: string | null = null;
    let fileLine = 0;
    let lastProblem = 0;
    let strict = false;
    let errors = 0;
    let warnings: FailureDraft[] = [];

    const report = (d: FailureDraft, level: string): void => {
      if (level === 'error') {
        errors++;
        sink.emit(d);
      } else if (strict) {
        sink.emit(d);
      } else if (warnings.length < MAX_WARNINGS) {
        warnings.push(d);
      }
    };

    const flush = (count: boolean): void => {
      if (count) for (const w of warnings) sink.emit(w);
      warnings = [];
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        const p = PARSABLE.exec(text);
        if (p) {
          report(draft(p[5]!, p[1]!, p[2]!, p[3]!, p[6], text, ctx), p[4]!);
          return false;
        }
        const s = STANDARD.exec(text);
        // Problems sit right under their file line, one after another.
        if (s && file !== null && (ctx.n === fileLine + 1 || ctx.n === lastProblem + 1)) {
          lastProblem = ctx.n;
          report(draft(s[4] ?? s[6]!, file, s[1]!, s[2]!, s[5] ?? s[7], text, ctx), s[3]!);
          return false;
        }
        const g = GITHUB.exec(text);
        if (g && (ctx.marker === 'error' || ctx.marker === 'warning')) {
          report(draft(g[4]!, ctx.props?.file ?? null, g[1]!, g[2]!, g[3], text, ctx), ctx.marker);
          return false;
        }
        if (STRICT.test(text)) {
          strict = true;
          flush(true);
        }
        const end = STEP_END.exec(text);
        if (end || (ctx.marker === 'group' && text.startsWith('Run '))) {
          // Warnings held from a step that ended count only if yamllint's strict exit status ended it.
          flush(end !== null && Number(end[1] ?? end[2]) === 2 && errors === 0);
          errors = 0;
          return false;
        }
        const f = FILE.exec(text);
        if (f) {
          file = f[1]!;
          fileLine = ctx.n;
        }
        return false;
      },
      end() {},
      watching: () => warnings.length > 0 || errors > 0,
    };
  },
};

function draft(message: string, file: string | null | undefined, line: string, column: string, rule: string | undefined, text: string, ctx: LineContext): FailureDraft {
  return {
    class: 'lint_error', message, line: Number(line), column: Number(column), tool: 'yamllint',
    evidence: [ev(text, ctx)], ...(file ? { file } : {}), ...(rule ? { code: rule } : {}),
  };
}
