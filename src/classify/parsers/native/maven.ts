import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { isCheckstyleFinding } from './checkstyle.ts';
import { dependencyFailures } from './maven-resolution.ts';

const LEVEL = /^\[(ERROR|WARNING|INFO)\] ?/;
// Compiler output through Maven: javac `/a/B.java:[12,5] msg`, kotlinc `file:///a/B.kt:12:5 msg` or
// `/a/B.kt: (12, 5) msg`, scalac `/a/B.scala:12: error: msg`.
const LOCATED = /^(?:file:\/\/)?(\S(?:[^:[]|:[\\/])*?\.(?:java|kt|scala|groovy)):(?:\[(\d+),(\d+)\]|(\d+)(?::(\d+))?:?| \((\d+), ?(\d+)\):?) (?:error: )?(.*)$/;
// javac's `-Werror` verdict, printed with the file it gave up on.
const WERROR = /^(?:(\S(?:[^:]|:[\\/])*?\.java): )?warnings found and -Werror specified$/;
// Surefire/Failsafe per-test header: `pkg.Class.method -- Time elapsed: 0.01 s <<< FAILURE!` (3.x),
// `method(pkg.Class)  Time elapsed: 0.01 sec  <<< ERROR!` (2.x), `pkg.Class.method  Time elapsed: …` (2.22).
const TEST_HEAD = /^(\S.*?) (?:-- | )?Time elapsed: [\d.,]+ ?s(?:ec)? {1,4}<<< (FAILURE|ERROR)!/;
const JUNIT4_NAME = /^([^\s(]+)\(([\w.$]+)\)$/;
// The summary after the run: `[ERROR] Failures:` / `[ERROR] Errors:` (2.19+), `Failed tests:` / `Tests in error:` (older).
const SUMMARY_HEAD = /^(?:Failures|Errors|Failed tests|Tests in error): ?$/;
const SUMMARY_ITEM = /^ +(\S.*)$/;
// JUnit's own time limits (`@Timeout`, the `Timeout` rule), not an exception the code under test threw.
const TIMED_OUT = /timed out after|TestTimedOutException|» Timeout\b/;
// The class line of a failing class: `Tests run: 3, Failures: 1, … <<< FAILURE! - in pkg.ClassTest` (2.x `… <<< FAILURE! - in`,
// 3.x `… <<< FAILURE! -- in`): it gives the package the summary's short `ClassTest.method` leaves out.
const CLASS_LINE = /^Tests run: .*<<< (?:FAILURE|ERROR)! -{1,2} in ([\w.$]+)$/;
const FORK_TIMEOUT = /^There was a timeout in the fork\b/;
const MOJO = /^--- |^BUILD (?:SUCCESS|FAILURE)/;
const FAILED = /^BUILD FAILURE$|^Failed to execute goal /;

const MAX_DETAIL = 4;
const MAX_WARNINGS = 1000;
const MAX_SUMMARY = 5000;

type Pending = { kind: 'compile' | 'warning' | 'test'; draft: FailureDraft; lines: number };

/** Maven: compiler errors, Surefire/Failsafe test failures, dependency resolution, `-Werror`. */
export const maven: ParserDef = {
  name: 'maven',
  description: 'Maven `[ERROR] /a/B.java:[12,5] msg`, Surefire `<<< FAILURE!` tests and summaries, unresolvable artifacts',
  url: 'https://maven.apache.org/surefire/maven-surefire-plugin/',
  trigger: /^\[(?:ERROR|WARNING)\] |^\[INFO\] (?:--- |BUILD )|<<< (?:FAILURE|ERROR)!|^(?:Failed tests|Tests in error): ?$/,
  keywords: ['[ERROR] ', '[WARNING] ', '[INFO] --- ', '[INFO] BUILD ', '<<< FAILURE!', '<<< ERROR!', 'Failed tests:', 'Tests in error:'],
  // Maven's `[ERROR] ` / `[INFO] ` levels are part of what it reads.
  readsWrappers: ['maven'],
  create(sink) {
    let pending: Pending | null = null;
    let warnings: FailureDraft[] = [];
    // The compiler's verdict is repeated in the goal's failure summary: the warnings count once.
    let werrorReported = false;
    let summary = 0;
    // `Class.method` and `Class` keys of tests already reported from their header, so the summary adds only new ones.
    const reported = new Set<string>();
    // Simple class name → fully qualified, from the class lines of failing classes.
    const classes = new Map<string, string>();

    function settle(): void {
      if (!pending) return;
      const p = pending;
      pending = null;
      if (p.kind === 'warning') {
        if (warnings.length < MAX_WARNINGS) warnings.push(p.draft);
      } else sink.emit(p.draft);
    }

    function summaryItem(item: string, text: string, ctx: LineContext): void {
      if (/^Run \d+: /.test(item)) return;
      const j = JUNIT4_NAME.exec(/^[^\s:]+/.exec(item)?.[0] ?? '');
      const short = j ? `${j[2]}.${j[1]}` : (/^[^\s:]+/.exec(item)?.[0] ?? item);
      if (reported.has(keys(short)[0]!)) return;
      const test = qualify(short, classes);
      const timeout = TIMED_OUT.test(item);
      sink.emit({ class: timeout ? 'timeout' : 'test_fail', message: item, test, tool: 'maven', evidence: [ev(text, ctx)] });
    }

    return {
      feed(text: string, ctx: LineContext): boolean {
        const lv = LEVEL.exec(text);
        const level = lv?.[1];
        let rest = lv ? text.slice(lv[0].length) : text;
        if (level === 'ERROR' && rest.startsWith('[ERROR] ')) rest = rest.slice(8);

        if (pending) {
          const p = pending;
          p.lines++;
          if (p.kind === 'test') {
            // The line after a test header is its exception: the message, and whether a time limit killed it.
            if (p.lines === 1 && !lv && !TEST_HEAD.test(text) && text.trim() !== '') {
              p.draft.message = text.trim();
              p.draft.evidence.push(ev(text, ctx));
              if (TIMED_OUT.test(text)) p.draft.class = 'timeout';
            }
            settle();
          } else if (p.lines <= MAX_DETAIL && /^ {2}/.test(rest) && (level === undefined || level === 'ERROR' || level === 'WARNING')) {
            p.draft.evidence.push(ev(text, ctx));
            return true;
          } else settle();
        }

        if (summary > 0) {
          const item = level !== 'INFO' && level !== 'WARNING' ? SUMMARY_ITEM.exec(rest) : null;
          if (item && !item[1]!.startsWith('Tests run:') && ++summary < MAX_SUMMARY) {
            summaryItem(item[1]!.trim(), text, ctx);
            return true;
          }
          summary = 0;
        }

        const cl = CLASS_LINE.exec(rest);
        if (cl) classes.set(cl[1]!.split('.').at(-1)!, cl[1]!);
        const head = TEST_HEAD.exec(rest);
        if (head && (level === undefined || level === 'ERROR') && !head[1]!.startsWith('Tests run:')) {
          const j = JUNIT4_NAME.exec(head[1]!);
          const test = j ? `${j[2]}.${j[1]}` : head[1]!;
          for (const k of keys(test)) reported.add(k);
          pending = { kind: 'test', draft: { class: 'test_fail', message: `${test} ${head[2]!.toLowerCase()}`, test, tool: 'maven', evidence: [ev(text, ctx)] }, lines: 0 };
          return true;
        }
        if ((level === 'ERROR' || level === undefined) && SUMMARY_HEAD.test(rest)) {
          summary = 1;
          return true;
        }
        if (level === 'INFO') {
          if (MOJO.test(rest)) warnings = [];
          if (rest.startsWith('--- ')) werrorReported = false;
          if (FAILED.test(rest)) sink.jobFailed(ev(text, ctx));
          return false;
        }
        if (level !== 'ERROR' && level !== 'WARNING') return false;

        // Checkstyle's findings look like a compiler's location: the checkstyle parser reports them.
        const loc = isCheckstyleFinding(rest) ? null : LOCATED.exec(rest);
        if (loc) {
          const draft: FailureDraft = { class: 'compile_error', message: loc[8]!, file: loc[1]!, line: Number(loc[2] ?? loc[4] ?? loc[6]), tool: 'maven', evidence: [ev(text, ctx)] };
          const column = loc[3] ?? loc[5] ?? loc[7];
          if (column) draft.column = Number(column);
          pending = { kind: level === 'ERROR' ? 'compile' : 'warning', draft, lines: 0 };
          return true;
        }
        if (level === 'WARNING') return false;

        const w = WERROR.exec(rest);
        if (w) {
          // TAXONOMY: with -Werror every warning that counted is a failure; the verdict itself only when none was shown.
          if (warnings.length === 0 && !werrorReported) {
            const d: FailureDraft = { class: 'compile_error', message: 'warnings found and -Werror specified', tool: 'maven', evidence: [ev(text, ctx)] };
            if (w[1]) d.file = w[1];
            sink.emit(d);
          }
          for (const d of warnings) sink.emit(d);
          warnings = [];
          werrorReported = true;
          return false;
        }
        if (FORK_TIMEOUT.test(rest)) {
          sink.emit({ class: 'timeout', message: rest, tool: 'maven', evidence: [ev(text, ctx)] });
          return false;
        }
        for (const d of dependencyFailures(rest)) sink.emit({ ...d, tool: 'maven', evidence: [ev(text, ctx)] });
        if (FAILED.test(rest)) sink.jobFailed(ev(text, ctx));
        return false;
      },
      end() {
        settle();
      },
    };
  },
};

// A test's name is printed in full in its header (`pkg.Class.method`, or `pkg.Class` for a class-level error)
// and short in the summary (`Class.method`, `Class`): the first key is its last two segments, without
// parameters; the second, its last segment, lets a class-level header match a summary's bare `Class`.
function keys(test: string): string[] {
  const base = test.replace(/[([].*$/, '');
  const parts = base.split('.');
  return parts.length >= 2 ? [parts.slice(-2).join('.'), parts.at(-1)!] : [base];
}

// Surefire's summary prints `ClassTest.method`; TAXONOMY names a Maven test `pkg.Class.method`, which the class line
// of the same run gives. A name whose class line was not printed stays as printed.
function qualify(test: string, classes: ReadonlyMap<string, string>): string {
  const dot = test.indexOf('.');
  const cls = dot < 0 ? test : test.slice(0, dot);
  const fq = classes.get(cls);
  return fq ? fq + test.slice(cls.length) : test;
}
