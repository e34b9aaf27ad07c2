import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef, type ParserSink } from '../../parser.ts';
import { type Frame, isExternal, looksLikeTestFile, parseFrame, pickFrame, sameFile, stripDuration, unresolved } from './stack.ts';

// spec reporter: the tree (`▶ suite`, `✖ test (1.2ms)`, `✔ …`, `﹣ … # SKIP`), indented two spaces a level.
const TREE = /^( *)([▶✖✔﹣]) (.+)$/;
const FAILING_TESTS = /^✖ failing tests:\s*$/;
const TEST_AT = /^test at (\S.*)$/;
// TAP reporter: `# Subtest: name` and `not ok 3 - name`, indented four spaces a level.
const SUBTEST = /^( *)# Subtest: (.*)$/;
const NOT_OK = /^( *)not ok \d+ - (.*)$/;
const DIRECTIVE = / # (?:SKIP|TODO)\b.*$/i;
const TIMED_OUT = /^'?test timed out after \d+ ?ms'?$/;
// Results that are consequences of another failure, not failures of their own.
const CONSEQUENCE = /^'?(?:\d+ subtests? failed|test did not finish before its parent and was cancelled|Promise resolution is still pending but the event loop has already resolved)'?$/;
const MODULE = /Cannot find (?:package|module) '([^']+)'/;
const MAX_ENTRY_LINES = 400;

interface Entry {
  name: string;
  full: string[];
  loc: Frame | null;
  failureType: string | null;
  messages: string[];
  frames: Frame[];
  evidence: EvidenceLine[];
  count: number;
}

type Mode = 'idle' | 'summary' | 'yaml';

/** node:test: the spec reporter's "failing tests" summary (names from its tree) and the TAP reporter. */
export const nodeTest: ParserDef = {
  name: 'node-test',
  description: 'node:test spec reporter (tree and `✖ failing tests:` with `test at file:line:col`) and TAP reporter (`not ok` with YAML diagnostics)',
  url: 'https://nodejs.org/api/test.html#test-reporters',
  // Passing (`✔`) and skipped (`﹣`) tree lines need not be read: a suite's path is cut back to the depth of the
  // next `▶` or `✖` line anyway, and they are most of a passing run's output.
  trigger: /^ *(?:[▶✖] |# Subtest: |not ok \d)/,
  keywords: ['▶ ', '✖ ', '# Subtest: ', 'not ok '],
  create(sink) {
    const suites: string[] = [];
    const tapStack: string[] = [];
    // Leaf name → full names of failed tests in the tree, in the order the summary repeats them.
    const failedByName = new Map<string, string[][]>();
    let mode: Mode = 'idle';
    let entry: Entry | null = null;
    let pendingLoc: { frame: Frame; evidence: EvidenceLine } | null = null;
    let yamlIndent = -1;
    // The YAML key whose (possibly multi-line) value is being read.
    let yamlKey = '';

    const flush = (): void => {
      if (entry) emitEntry(entry, sink);
      entry = null;
    };

    const readTree = (text: string): void => {
      const m = TREE.exec(text);
      if (!m) return;
      const depth = Math.floor(m[1]!.length / 2);
      const name = cleanName(m[3]!);
      if (suites.length > depth) suites.length = depth;
      if (m[2] === '▶') {
        suites.push(name);
      } else if (m[2] === '✖') {
        const list = failedByName.get(name) ?? [];
        if (list.length < 1000) list.push([...suites, name]);
        failedByName.set(name, list);
      }
    };

    const startEntry = (text: string, name: string, ctx: LineContext): void => {
      flush();
      const full = failedByName.get(name)?.shift() ?? [name];
      entry = { name, full, loc: pendingLoc?.frame ?? null, failureType: null, messages: [], frames: [], evidence: [], count: 0 };
      if (pendingLoc) entry.evidence.push(pendingLoc.evidence);
      entry.evidence.push(ev(text, ctx));
      pendingLoc = null;
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (mode === 'yaml' && entry) {
          // Once the block ends (or a plain-TAP `not ok` has none), the line is read afresh below.
          if (readYaml(entry, text, ctx)) return true;
        }
        if (mode === 'summary') {
          const at = TEST_AT.exec(text);
          if (at) {
            flush();
            const frame = parseFrame(at[1]!, '');
            pendingLoc = frame ? { frame, evidence: ev(text, ctx) } : null;
            return true;
          }
          if (text.startsWith('✖ ')) {
            startEntry(text, cleanName(text.slice(2)), ctx);
            return true;
          }
          // Details are indented; a line at the margin is output after the summary.
          if (text !== '' && !text.startsWith(' ')) {
            flush();
            mode = 'idle';
            return false;
          }
          if (entry) {
            const e: Entry = entry;
            readDetail(e, text, ctx);
            if (++e.count > MAX_ENTRY_LINES) {
              flush();
              mode = 'idle';
              return false;
            }
            return true;
          }
          if (text.trim() === '') return true;
          mode = 'idle';
          return false;
        }
        if (FAILING_TESTS.test(text)) {
          mode = 'summary';
          return true;
        }
        const sub = SUBTEST.exec(text);
        if (sub) {
          const depth = Math.floor(sub[1]!.length / 4);
          if (tapStack.length > depth) tapStack.length = depth;
          tapStack.push(sub[2]!.trim());
          return false;
        }
        const notOk = NOT_OK.exec(text);
        if (notOk) {
          if (DIRECTIVE.test(notOk[2]!)) return false;
          const depth = Math.floor(notOk[1]!.length / 4);
          const name = notOk[2]!.trim();
          flush();
          entry = { name, full: [...tapStack.slice(0, depth), name], loc: null, failureType: null, messages: [], frames: [], evidence: [ev(text, ctx)], count: 0 };
          yamlIndent = notOk[1]!.length + 2;
          mode = 'yaml';
          return true;
        }
        readTree(text);
        return false;
      },
      end() {
        flush();
      },
    };

    // The YAML block after `not ok`: `---`, `key: value` lines, `...`.
    function readYaml(e: Entry, text: string, ctx: LineContext): boolean {
      const t = text.trim();
      const indent = text.length - text.trimStart().length;
      if (e.count === 0 && t !== '---') return endYaml();
      if (++e.count > MAX_ENTRY_LINES || (t === '...' && indent <= yamlIndent)) return endYaml();
      if (indent === yamlIndent) {
        const kv = /^([A-Za-z_]+): ?(.*)$/.exec(t);
        if (kv) {
          yamlKey = kv[1]!;
          const value = unquote(kv[2]!);
          if (yamlKey === 'location') {
            e.loc = parseFrame(value, '');
            e.evidence.push(ev(text, ctx));
          } else if (yamlKey === 'failureType') {
            e.failureType = value;
          } else if (yamlKey === 'error' && value !== '|-' && value !== '|' && value !== '>-') {
            e.messages.push(value);
            e.evidence.push(ev(text, ctx));
          }
        }
        return true;
      }
      if (indent > yamlIndent && t !== '') {
        if (yamlKey === 'error' && e.messages.length === 0) {
          e.messages.push(t);
          e.evidence.push(ev(text, ctx));
        } else if (yamlKey === 'stack' && e.frames.length < 100) {
          const f = parseFrame(t, '');
          if (f) e.frames.push(f);
        }
      }
      return true;
    }

    function endYaml(): boolean {
      flush();
      mode = 'idle';
      yamlKey = '';
      return false;
    }
  },
};

function readDetail(e: Entry, text: string, ctx: LineContext): void {
  const frame = parseFrame(text, 'at');
  if (frame) {
    if (e.frames.length < 100) e.frames.push(frame);
    return;
  }
  const t = text.trim();
  if (t === '' || e.messages.length >= 20 || t.length > 2000) return;
  e.messages.push(t);
  if (e.messages.length === 1) e.evidence.push(ev(text, ctx));
}

function cleanName(raw: string): string {
  return stripDuration(raw.replace(DIRECTIVE, '').trim());
}

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith("'") && v.endsWith("'") ? v.slice(1, -1).replace(/''/g, "'") : v;
}

function emitEntry(e: Entry, sink: ParserSink): void {
  if (e.failureType === 'subtestsFailed' || e.failureType === 'cancelledByParent') return;
  const message = e.messages[0] ?? '';
  if (CONSEQUENCE.test(message)) return;
  // Other TAP producers (tape, sharness, prove) print `not ok` too; only node's own fields name node:test.
  const tool = e.failureType !== null || e.loc !== null ? 'node-test' : 'tap';
  const draft: FailureDraft = { class: 'test_fail', message: message || `not ok - ${e.name}`, tool, evidence: e.evidence };
  const loc = e.loc;
  // node runs each file as a test named by its path: a failure of the file as a whole has no test name.
  const isFile = loc !== null && sameFile(e.name, loc.file);
  // A file whose process merely exited non-zero: the runtime printed the cause above, on its own.
  if (isFile && /^'?test failed'?$/.test(message)) return;
  if (!isFile) draft.test = e.full.join(' > ');
  const mod = e.messages.map((m) => MODULE.exec(m)).find((m) => m !== null);
  if (mod) {
    const u = unresolved(mod[1]!);
    draft.class = u.class;
    if (u.package) draft.package = u.package;
  } else if (e.failureType === 'testTimeoutFailure' || TIMED_OUT.test(message)) {
    draft.class = 'timeout';
  }
  const at =
    pickFrame(
      e.frames,
      (f) => loc !== null && sameFile(f.file, loc.file),
      (f) => !isExternal(f.file) && looksLikeTestFile(f.file),
    ) ?? loc;
  if (at) {
    draft.file = at.file;
    draft.line = at.line;
    draft.column = at.column;
  }
  sink.emit(draft);
}
