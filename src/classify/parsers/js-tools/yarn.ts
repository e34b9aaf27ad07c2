import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import type { FailureClass } from '../../taxonomy.ts';
import { packageOfRegistryUrl, packageOfSpec } from './package-spec.ts';

// Yarn 1 prints `error <message>`; Yarn 2+ prints `➤ YN0035: │ <message>` (the code names the kind of message).
const CLASSIC = /^error (.*)$/;
const BERRY = /^➤ YN(\d{4}): (?:[│┌└·] ?)*(.*)$/;
const NOT_FOUND = /^Couldn't find package "([^"]+)"/;
const NO_VERSION = /^Couldn't find any versions for "([^"]+)" that matches/;
const URL_NOT_FOUND = /^An unexpected error occurred: "(https?:\/\/[^"\s]+): Not found"/;
const MISSING_FILE = /^Package "([^"]+)" refers to a non-existing file/;
const FROZEN = /^Your lockfile needs to be updated, but yarn was run with `--frozen-lockfile`|^The lockfile would have been modified by this install, which is explicitly forbidden/;
const BERRY_NOT_FOUND = /^(\S+): (?:Package not found|No candidates found)$/;
const NOT_IN_REGISTRY = /^(?:\w*Error: )?(\S+?):? .*doesn't exist in the registry/;
const NETWORK = /\b(?:ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ESOCKETTIMEDOUT|ECONNREFUSED|ECONNRESET|ENETUNREACH|EHOSTUNREACH|ENOSPC)\b|no space left on device/i;
const FAILED = /^Command failed with exit code \d+|^Failed with errors in /;

/** Yarn 1 (classic) and Yarn 2+ (berry) install errors. */
export const yarn: ParserDef = {
  name: 'yarn',
  description: 'Yarn classic `error Couldn\'t find package` and berry `YN0035`/`YN0082`/`YN0028` install errors, network faults',
  url: 'https://yarnpkg.com/advanced/error-codes',
  // Berry prints every line under a code: only the codes read below can report, so only they trigger.
  trigger: /^error [A-Z]|^➤ YN(?:0035|0082|0028|0001|0016): |^➤ YN0000: (?:[│┌└·] ?)*(?:Command failed with exit code \d|Failed with errors in )/,
  keywords: [
    ...[...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c) => `error ${c}`),
    ...['0035', '0082', '0028', '0001', '0016'].map((c) => `➤ YN${c}: `),
    'Command failed with exit code ',
    'Failed with errors in ',
  ],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        const classic = CLASSIC.exec(text);
        const berry = classic ? null : BERRY.exec(text);
        const body = classic?.[1] ?? berry?.[2];
        if (body === undefined) return false;
        const code = berry ? `YN${berry[1]}` : undefined;
        const emit = (cls: FailureClass, pkg?: string): void => {
          const d: FailureDraft = { class: cls, message: body, tool: 'yarn', evidence: [ev(text, ctx)] };
          if (code) d.code = code;
          if (pkg) d.package = pkg;
          sink.emit(d);
        };
        // Berry colours errors and warnings alike once colour is gone: trust only codes that are always errors.
        if (berry && code !== 'YN0035' && code !== 'YN0082' && code !== 'YN0028' && code !== 'YN0001' && code !== 'YN0016') {
          if (code === 'YN0000' && FAILED.test(body)) sink.jobFailed(ev(text, ctx));
          return false;
        }
        const spec = NOT_FOUND.exec(body) ?? NO_VERSION.exec(body) ?? MISSING_FILE.exec(body) ?? BERRY_NOT_FOUND.exec(body);
        if (spec) {
          emit('dependency_missing', packageOfSpec(spec[1]!));
          return false;
        }
        const url = URL_NOT_FOUND.exec(body);
        if (url) {
          emit('dependency_missing', packageOfRegistryUrl(url[1]!));
          return false;
        }
        const absent = NOT_IN_REGISTRY.exec(body);
        if (absent) {
          emit('dependency_missing', packageOfSpec(absent[1]!));
          return false;
        }
        if (FROZEN.test(body)) {
          // The lock file does not pin what package.json asks for, so the install cannot resolve it.
          emit('dependency_missing');
          return false;
        }
        // Berry prints the 404's details (`Response Code: 404`) under the same code: only its first line counts.
        if (NETWORK.test(body) && !/^\s*(?:Response Code|Request (?:Method|URL)):/.test(body)) {
          emit('orchestration_error');
          return false;
        }
        if (classic && FAILED.test(body)) sink.jobFailed(ev(text, ctx));
        return false;
      },
      end() {},
    };
  },
};
