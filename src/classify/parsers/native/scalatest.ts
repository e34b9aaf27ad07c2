// ScalaTest's standard-out reporter (https://www.scalatest.org/user_guide/using_the_runner, its `-o` reporter;
// sbt prefixes each line with `[info]`): the suite line `FooSpec:`, scope lines, and for a failed test
// `- should x *** FAILED ***` with the failure's message and `(FooSpec.scala:42)` indented below it.
// Fixture: written in that format from ScalaTest's documentation (ScalaTest is not installable here).
import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const SBT = /^\[(?:info|error)\] ?/;
const FAILED = /^( *)- (.+?) \*\*\* FAILED \*\*\*(?: \([\d.]+ m?s(?:ec(?:onds)?)?\))?$/;
const SUITE = /^([\w$][\w.$]*):$/;
// ScalaTest's own time limits (`failAfter`, `eventually`, `futureValue`) and a timeout the code under test threw.
const TIMED_OUT = /TestFailedDueToTimeoutException|TimeoutException|did not complete within|A timeout occurred waiting/;
const MAX_DETAIL = 4;

/** ScalaTest: each `*** FAILED ***` test, named by its suite and scopes; time limits are timeouts. */
export const scalatest: ParserDef = {
  name: 'scalatest',
  description: 'ScalaTest `- should x *** FAILED ***` with its message and `(Spec.scala:42)`, named `Suite > scope > test`',
  url: 'https://www.scalatest.org/user_guide/using_the_runner',
  trigger: /\*\*\* FAILED \*\*\*/,
  keywords: ['*** FAILED ***'],
  // sbt's `[error] ` / `[info] ` levels are part of what it reads.
  readsWrappers: ['sbt'],
  // The suite and scope lines a failed test belongs to come just before it.
  lookback: 8,
  create(sink) {
    // Lines seen before a failure, to find its suite and scopes: [indent, text].
    let recent: [number, string][] = [];
    let test: FailureDraft | null = null;
    let depth = 0;
    let detail = 0;

    function flush(): void {
      if (test) sink.emit(test);
      test = null;
    }

    // ScalaTest prints a test at its innermost scope's indentation, each scope deeper than its parent, and the
    // suite as `Name:` at the left margin.
    function nameOf(indent: number, text: string): string {
      const parts: string[] = [text];
      let level = indent + 1;
      for (let i = recent.length - 1; i >= 0; i--) {
        const [d, t] = recent[i]!;
        if (t.startsWith('- ')) continue;
        const suite = d === 0 ? SUITE.exec(t) : null;
        if (suite) {
          parts.unshift(suite[1]!);
          break;
        }
        if (d < level) {
          parts.unshift(t);
          level = d;
        }
      }
      return parts.join(' > ');
    }

    return {
      feed(text: string, ctx: LineContext): boolean {
        const body = text.replace(SBT, '');
        const indent = body.length - body.trimStart().length;
        const f = FAILED.exec(body);
        if (test && !f && indent > depth && detail < MAX_DETAIL) {
          // The indented lines below: the message, then where it failed (a bare file name: TAXONOMY keeps it out of `file`).
          detail++;
          if (detail === 1) test.message = body.trim();
          test.evidence.push(ev(text, ctx));
          if (TIMED_OUT.test(body)) test.class = 'timeout';
          return true;
        }
        flush();
        if (f) {
          const name = nameOf(f[1]!.length, f[2]!);
          test = { class: 'test_fail', message: `${name} failed`, test: name, tool: 'scalatest', evidence: [ev(text, ctx)] };
          depth = f[1]!.length;
          detail = 0;
          recent = [];
          return true;
        }
        if (body.trim() !== '' && recent.length < 16) recent.push([indent, body.trim()]);
        else if (body.trim() !== '') recent = [...recent.slice(1), [indent, body.trim()]];
        return false;
      },
      end() {
        flush();
      },
    };
  },
};
