import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { ifExitCode, STEP_BOUNDARY_KEYWORDS, STEP_EVENT_SOURCE, STEP_STATUS_KEYWORDS, StepGate } from './step-gate.ts';

// The shell, or a script it runs, as it prefixes its errors: `bash: `, `/bin/sh: 1: `, `./ci.sh: line 3: `.
const WHO = String.raw`(?:(?:/usr)?/bin/)?(?:ba|da|z|k)?sh`;
// bash: `bash: x: command not found`, `bash: line 1: x: command not found`, `./ci.sh: line 3: x: command not found`.
const BASH_NOT_FOUND = /^(?:\S+: (?:line \d+: )?)?([^\s:]+): command not found$/;
// dash: `sh: 1: x: not found`, `./ci.sh: 3: x: not found`; zsh: `zsh:1: command not found: x`.
const DASH_NOT_FOUND = /^\S+: \d+: ([^\s:]+): not found$/;
const ZSH_NOT_FOUND = /^zsh:(?:\d+: )?command not found: (\S+)$/;
// `#!/usr/bin/env python` with no python: env exits 127 too.
const ENV_NOT_FOUND = /^(?:\/usr)?\/bin\/env: ['‘]([^'’\s]+)['’]: No such file or directory$/;
// A script without its exec bit (exit 126), reported by the shell that tried to run it.
const NOT_EXECUTABLE = new RegExp(String.raw`^(?:${WHO}: (?:line \d+: |\d+: )?|\S+: (?:line \d+|\d+): )(\S+): Permission denied$`);
// coreutils `timeout --verbose` (quotes follow the locale).
const TIMEOUT = /^timeout: sending signal (\w+) to command ['‘](.+)['’]$/;

// Shell-integration hooks that rc files call: RVM's `shell_session_update` on macOS images and Terminal's
// `update_terminal_cwd` are missing in non-interactive shells, complain, and change nothing.
const SHELL_HOOKS = new Set(['shell_session_update', 'update_terminal_cwd']);

/** Shells: `command not found` (bash, dash, zsh, env), a script without its exec bit, `timeout --verbose`. */
export const shell: ParserDef = {
  name: 'shell',
  description: 'bash/dash/zsh `command not found`, `env: … No such file`, `Permission denied` (exit 126) and `timeout --verbose` kills',
  url: 'https://www.gnu.org/software/bash/manual/html_node/Exit-Status.html',
  trigger: new RegExp(String.raw`command not found|: not found$|Permission denied$|No such file or directory$|^timeout: sending signal|${STEP_EVENT_SOURCE}`),
  keywords: ['command not found', ': not found', 'Permission denied', 'No such file or directory', 'timeout: sending signal', ...STEP_STATUS_KEYWORDS],
  watchKeywords: STEP_BOUNDARY_KEYWORDS,
  create(sink) {
    const gate = new StepGate(sink);
    return {
      feed(text: string, ctx: LineContext): boolean {
        const t = text.startsWith('timeout: ') ? TIMEOUT.exec(text) : null;
        if (t) {
          sink.emit({ class: 'timeout', message: text, tool: 'timeout', evidence: [ev(text, ctx)] });
          return false;
        }
        const cmd = text.includes('not found') || text.endsWith('No such file or directory') ? commandOf(text) : undefined;
        if (cmd !== undefined) {
          // A missing command makes the step exit 127 unless the script shrugs it off: only then it counts.
          if (!SHELL_HOOKS.has(cmd)) {
            gate.hold({ class: 'dependency_missing', message: text, tool: 'shell', package: cmd, evidence: [ev(text, ctx)] }, ifExitCode(127));
          }
          return false;
        }
        if (text.endsWith(': Permission denied') && NOT_EXECUTABLE.test(text)) {
          gate.hold({ class: 'orchestration_error', message: text, tool: 'shell', evidence: [ev(text, ctx)] }, ifExitCode(126));
          return false;
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

function commandOf(text: string): string | undefined {
  return (BASH_NOT_FOUND.exec(text) ?? DASH_NOT_FOUND.exec(text) ?? ZSH_NOT_FOUND.exec(text) ?? ENV_NOT_FOUND.exec(text))?.[1];
}
