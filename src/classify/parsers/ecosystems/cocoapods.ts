import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const INCOMPATIBLE = /CocoaPods could not find compatible versions for pod "([^"]+)"/;
const NO_SPEC = /Unable to find a specification for [`"']([^`"' ]+)/;

/** CocoaPods: pods that cannot be resolved (`pod install`, `pod lib lint`). */
export const cocoapods: ParserDef = {
  name: 'cocoapods',
  description: 'CocoaPods resolution failures: `could not find compatible versions for pod "X"` and `Unable to find a specification for X`',
  url: 'https://guides.cocoapods.org/using/troubleshooting.html',
  trigger: /CocoaPods could not find compatible versions for pod "|Unable to find a specification for /,
  keywords: ['CocoaPods could not find compatible versions for pod "', 'Unable to find a specification for '],
  create(sink) {
    return {
      feed(text: string, ctx: LineContext): boolean {
        const m = INCOMPATIBLE.exec(text) ?? NO_SPEC.exec(text);
        if (m) {
          sink.emit({
            class: 'dependency_missing',
            tool: 'cocoapods',
            package: m[1]!,
            message: text.trim().replace(/^(?:\[!\]|- ERROR \|[^:]*:)\s*/, ''),
            evidence: [ev(text, ctx)],
          });
        }
        return false;
      },
      end() {},
    };
  },
};
