import { ev, type LineContext, type ParserDef } from '../../parser.ts';

// Travis echoes the command back; a multi-line command runs over several log lines before the verdict.
const START = 'The command "';
const VERDICT = /" (?:exited with (\d+)|failed and exited with (\d+) during \w*|failed (\d+) times)\.$/;
const RETRYING = /" failed\. Retrying, \d+ of \d+\.$/;
const BUILD_EXIT = /Done\. Your build exited with (\d+)\.$/;
const JOB_TIME_LIMIT = /^The job exceeded the maximum time limit for jobs, and has been terminated\.$/;
const NO_OUTPUT = /^No output has been received in the last \w+, this potentially indicates a stalled build or something wrong with the build itself\.$/;
const MAX_COMMAND_LINES = 60;

/** Travis CI's own lines: command verdicts, the build's exit, and its time limits. */
export const travis: ParserDef = {
  name: 'travis',
  description: 'Travis CI runner lines: `The command "x" exited with N.`, `Done. Your build exited with N.`, job time limit and no-output kills',
  url: 'https://docs.travis-ci.com/user/common-build-problems/',
  trigger: /The command "|Done\. Your build exited with|^The job exceeded the maximum time limit|^No output has been received in the last/,
  keywords: ['The command "', 'Done. Your build exited with', 'The job exceeded the maximum time limit', 'No output has been received in the last'],
  create(sink) {
    // Lines read since `The command "` while its verdict has not come yet; 0 when no command is open.
    let lines = 0;

    // A failed checkout command is git's failure: git.ts reports it once, in git's words. Here it is only
    // evidence that the job failed.
    const verdict = (rest: string, text: string, ctx: LineContext): boolean => {
      const v = RETRYING.test(rest) ? null : VERDICT.exec(rest);
      if (!v) {
        lines = RETRYING.test(rest) || lines >= MAX_COMMAND_LINES ? 0 : lines;
        return lines > 0;
      }
      lines = 0;
      if (Number(v[1] ?? v[2] ?? 1) !== 0) sink.jobFailed(ev(text, ctx));
      return false;
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (lines > 0) {
          lines++;
          return verdict(text, text, ctx);
        }
        const at = text.indexOf(START);
        if (at >= 0) {
          lines = 1;
          return verdict(text.slice(at + START.length), text, ctx);
        }
        const b = BUILD_EXIT.exec(text);
        if (b && b[1] !== '0') sink.jobFailed(ev(text, ctx));
        else if (JOB_TIME_LIMIT.test(text) || NO_OUTPUT.test(text)) {
          sink.emit({ class: 'timeout', message: text, tool: 'travis', evidence: [ev(text, ctx)] });
        }
        return false;
      },
      end() {},
    };
  },
};
