import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { STEP_BOUNDARY_KEYWORDS, STEP_EVENT_SOURCE, STEP_STATUS_KEYWORDS, StepGate, UNLESS_STEP_PASSED } from './step-gate.ts';

const EXIT = /^Process completed with exit code (\d+)\.$/;
// `@actions/exec` when a tool an action runs fails: `The process '/usr/bin/git' failed with exit code 128`.
const PROCESS_FAILED = /^The process '[^']*' failed with exit code (\d+)$/;
const JOB_TIMEOUT = /^The job (?:running on runner .{1,200}? )?has exceeded the maximum execution time of \S/;
const ACTION_TIMEOUT = /^The action '.{1,300}?' has timed out after \d+ minutes?\.$/;
// A cancelled run: a user, a newer push (concurrency) or a failing matrix sibling stopped it. It is not a
// failure of this job's code or machinery, and a time limit says so on its own line first.
const CANCELED = /^The operation was canceled\.$/;
const SHUTDOWN = /^The runner has received a shutdown signal\b/;
const LOST = /^The (?:self-)?hosted runner\b.{0,200}? lost communication with the server\b/;
const NO_SPACE = /\bNo space left on device\b|\bENOSPC: no space left on device\b/;
// `Unable to resolve action `x@v5`, unable to find version `v5`` / `…, repository not found`.
const UNRESOLVED_ACTION = /^Unable to resolve action [`'"]?([^`'"\s,@]+)/;
const MISSING_ACTION_YML = /^Can't find 'action\.yml', 'action\.yaml' or 'Dockerfile' (?:under|for action) '([^']+)'/;
// The forge answering the runner with a server error, a refusal or a rate limit.
const FORGE_HTTP = /^(?:Error: )?Response status code does not indicate success: (?:5\d\d|40[13]|429)\b|\bAPI rate limit exceeded\b|\bsecondary rate limit\b/;

/** The GitHub Actions runner's own lines in a downloaded job log (the engine has removed `##[error]`). */
export const githubRunner: ParserDef = {
  name: 'github-runner',
  description: 'GitHub Actions runner lines: `Process completed with exit code N`, job/action time limits, shutdown, lost runner, full disk, unresolvable actions',
  url: 'https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idtimeout-minutes',
  trigger: new RegExp(
    String.raw`^Process completed with exit code|^The process '|^The job |^The action '|^The operation was canceled|^The runner has received|lost communication with the server|No space left on device|^Unable to resolve action|^Can't find 'action\.yml'|Response status code does not indicate success|rate limit|${STEP_EVENT_SOURCE}`,
  ),
  keywords: [
    'Process completed with exit code', "The process '", 'The job ', "The action '", 'The operation was canceled',
    'The runner has received', 'lost communication with the server', 'No space left on device', 'no space left on device', 'Unable to resolve action',
    "Can't find 'action.yml'", 'Response status code does not indicate success', 'rate limit', ...STEP_STATUS_KEYWORDS,
  ],
  watchKeywords: STEP_BOUNDARY_KEYWORDS,
  create(sink) {
    const gate = new StepGate(sink);
    const emit = (cls: FailureDraft['class'], text: string, ctx: LineContext, pkg?: string): void => {
      sink.emit({ class: cls, message: text, tool: 'github-actions', evidence: [ev(text, ctx)], ...(pkg ? { package: pkg } : {}) });
    };
    return {
      feed(text: string, ctx: LineContext): boolean {
        const exit = EXIT.exec(text) ?? PROCESS_FAILED.exec(text);
        if (exit && exit[1] !== '0') sink.jobFailed(ev(text, ctx));
        if (JOB_TIMEOUT.test(text) || ACTION_TIMEOUT.test(text)) emit('timeout', text, ctx);
        else if (CANCELED.test(text)) sink.jobFailed(ev(text, ctx));
        else if (SHUTDOWN.test(text) || LOST.test(text)) emit('orchestration_error', text, ctx);
        else if (NO_SPACE.test(text)) {
          gate.hold({ class: 'orchestration_error', message: text, tool: 'github-actions', evidence: [ev(text, ctx)] }, UNLESS_STEP_PASSED);
        } else if (ctx.marker !== 'warning' && FORGE_HTTP.test(text)) emit('orchestration_error', text, ctx);
        else {
          const action = UNRESOLVED_ACTION.exec(text)?.[1] ?? actionOfPath(MISSING_ACTION_YML.exec(text)?.[1]);
          if (action) emit('dependency_missing', text, ctx, action);
        }
        gate.observe(text, ctx);
        return false;
      },
      end() {
        gate.end();
      },
      watching: () => gate.watching,
    };
  },
};

// Downloaded actions live in `_actions/<owner>/<repo>/<ref>`; a local action is named by its path.
function actionOfPath(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const m = /\/_actions\/([^/]+\/[^/]+)\//.exec(`${path}/`);
  return m ? m[1]! : path;
}
