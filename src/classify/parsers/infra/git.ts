import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { STEP_BOUNDARY_KEYWORDS, STEP_EVENT_SOURCE, STEP_STATUS_KEYWORDS, StepGate, UNLESS_STEP_PASSED } from './step-gate.ts';

// Only the git errors that mean the machinery failed: the remote, the ref, the credentials, the checkout's
// ownership. Other `fatal:` lines (`No names found, cannot describe anything`, a bad revision range in a
// lint script) are the project's own business, and gcc's `fatal error:` never starts a line with `fatal: `.
const MACHINERY = [
  /^fatal: couldn't find remote ref \S/,
  /^fatal: Could not read from remote repository\.?$/,
  /^fatal: repository '[^']*' (?:not found|does not exist)$/,
  /^fatal: '[^']*' does not appear to be a git repository$/,
  /^fatal: unable to access '[^']*': \S/,
  /^fatal: Remote branch \S+ not found in upstream \S+$/,
  /^fatal: detected dubious ownership in repository at '/,
  // The wording of git 2.35.2–2.35.x for the same ownership check (CVE-2022-24765).
  /^fatal: unsafe repository \('[^']*' is owned by someone else\)$/,
  /^fatal: Authentication failed for '/,
  /^fatal: could not read (?:Username|Password) for '/,
  /^fatal: reference is not a tree: \S/,
  /^fatal: the remote end hung up unexpectedly$/,
  /^fatal: (?:early EOF|index-pack failed)$/,
  /^fatal: clone of '[^']*' into submodule path '[^']*' failed$/,
  /^fatal: No url found for submodule path '/,
  /^error: RPC failed; /,
  /^(?:error|fatal): pathspec '[^']*' did not match any file\(s\) known to git\.?$/,
  /^error: src refspec \S+ does not match any/,
  /^error: failed to push some refs to '/,
  /^remote: Permission to \S+ denied to /,
  /^remote: Repository not found\.$/,
  /^(?:ERROR: )?Repository not found\.$/,
  /^[\w.-]+@[\w.-]+: Permission denied \(publickey[^)]*\)\.$/,
  /^Host key verification failed\.$/,
  /^ssh: connect to host \S+ port \d+: /,
  /^ssh: Could not resolve hostname \S+: /,
];

// What every MACHINERY line begins with (or holds, for ssh's publickey refusal); with the step events, the trigger.
// Most lines this parser reads are step events, which one test turns away instead of one per pattern.
const MACHINERY_START = /^(?:fatal|error|remote|ssh|ERROR): |^Repository not found|^Host key verification failed|: Permission denied \(publickey/;

// Travis's verdict on a command that fetches the code (`The command "eval git clone …" failed 3 times.`): a
// checkout failure even when git's own message is not one of the above.
const TRAVIS_CHECKOUT = /^The command "(?:eval )?git (?:clone|fetch|checkout|submodule|pull)\b.*" failed(?: and exited with [1-9]\d* during \w*| \d+ times)\.$/;

// Lines of one failure follow each other directly (`ssh: connect…` then `fatal: Could not read…`, `remote:
// Permission … denied` then `fatal: unable to access …`): one diagnostic. Separate commands print in between.
const SAME_FAILURE_WITHIN = 1;

/** git: remote, ref, credential and checkout-ownership errors (`fatal: …`, `error: pathspec …`, ssh). */
export const git: ParserDef = {
  name: 'git',
  description: 'git and its ssh transport: `fatal:` remote/ref/credential/ownership errors, `error: pathspec`, `remote: Permission … denied`',
  url: 'https://git-scm.com/docs/git#_git_commands',
  trigger: new RegExp(`${MACHINERY_START.source}|${STEP_EVENT_SOURCE}`),
  keywords: ['fatal: ', 'error: ', 'remote: ', 'ssh: ', 'ERROR: ', 'Repository not found', 'Host key verification', 'Permission denied (publickey', 'The command "', ...STEP_STATUS_KEYWORDS],
  watchKeywords: STEP_BOUNDARY_KEYWORDS,
  create(sink) {
    const gate = new StepGate(sink);
    let lastLine = -SAME_FAILURE_WITHIN;
    return {
      feed(text: string, ctx: LineContext): boolean {
        if (!MACHINERY_START.test(text) || !MACHINERY.some((re) => re.test(text))) {
          const at = gate.last() === null ? text.indexOf('The command "') : -1;
          if (at >= 0 && TRAVIS_CHECKOUT.test(text.slice(at))) {
            gate.hold({ class: 'orchestration_error', message: text, tool: 'git', evidence: [ev(text, ctx)] }, UNLESS_STEP_PASSED);
          }
          gate.observe(text, ctx);
          return false;
        }
        const held = gate.last();
        if (held && ctx.n - lastLine <= SAME_FAILURE_WITHIN) {
          held.evidence.push(ev(text, ctx));
        } else {
          gate.hold({ class: 'orchestration_error', message: text, tool: 'git', evidence: [ev(text, ctx)] }, UNLESS_STEP_PASSED);
        }
        lastLine = ctx.n;
        return false;
      },
      end() {
        gate.end();
      },
      watching: () => gate.watching,
    };
  },
};
