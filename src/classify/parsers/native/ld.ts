import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import { PROBE_KEYWORDS, PROBE_TRIGGER, probeTracker } from './probe.ts';

// GNU ld/gold: `<where>: undefined reference to `sym'` and `<where>: multiple definition of `sym'; …`.
const SYMBOL_ERROR = /(undefined reference to|multiple definition of) [`'‘"]?([^`'’"]+)['’"]?/;
// lld: `ld.lld: error: undefined symbol: foo` / `duplicate symbol: foo`, then `>>> referenced by main.c:5`.
const LLD = /^(?:\S*[/\\])?(?:ld\.lld|lld|ld64\.lld|lld-link|wasm-ld)(?:\.exe)?: error: (undefined|duplicate) symbol: (.+)$/;
const LLD_REF = /^>>> (?:referenced by|defined at) (\S+?):(\d+)(?:\s|$)/;
// ld64 (macOS): `Undefined symbols for architecture arm64:` then `  "_foo", referenced from:`.
const LD64_HEAD = /^Undefined symbols for architecture \S+:$/;
const LD64_SYMBOL = /^\s+"(.+)", referenced from:$/;
// A library the link needs: GNU `cannot find -lfoo`, ld64 `library not found for -lfoo`, lld `unable to find library -lfoo`.
const MISSING_LIB = /^(?:\S*[/\\])?(?:[\w.-]*-)?ld(?:\.\w+)?(?:\.exe)?: (?:error: )?(?:cannot find|library not found for|unable to find library) (\S+?)(?::.*)?$/;
// The dynamic loader, when a program runs: `prog: error while loading shared libraries: libfoo.so.1: cannot open …`.
const MISSING_SO = /error while loading shared libraries: ([^:\s]+): cannot open shared object file/;
const LINKER_PREFIX = /^(?:\S*[/\\])?(?:[\w.-]*-)?ld(?:\.bfd|\.gold)?(?:\.exe)?: /;
// Objects, archives and archive members name no source file.
const OBJECT = /\.(?:o|obj|a|so|lo|dylib|lib)$|\)$/;
const DONE = /collect2(?:\.exe)?: error: ld returned \d+ exit status|linker command failed with exit code|^ld: symbol\(s\) not found/;

const LINK_TRIGGER = /undefined reference to |multiple definition of |: error: (?:undefined|duplicate) symbol: |^Undefined symbols for architecture|cannot find -l|library not found for -l|unable to find library -l|ld(?:\.\w+)?: cannot find |error while loading shared libraries|collect2(?:\.exe)?: error|linker command failed|^ld: symbol/;

const MAX_LD64_LINES = 400;

interface LldError {
  kind: string;
  sym: string;
  file?: string;
  line?: number;
  evidence: EvidenceLine[];
}

/** GNU ld, gold, lld and ld64 link errors; each distinct symbol once. */
export const ld: ParserDef = {
  name: 'ld',
  description: 'Linker errors: GNU ld/gold `undefined reference to`, `multiple definition of`, lld, ld64, `cannot find -lfoo`',
  url: 'https://sourceware.org/binutils/docs/ld/',
  trigger: new RegExp(
    `${LINK_TRIGGER.source}|${PROBE_TRIGGER.source}`,
  ),
  keywords: [
    'undefined reference to ',
    'multiple definition of ',
    ': error: undefined symbol: ',
    ': error: duplicate symbol: ',
    'Undefined symbols for architecture',
    'cannot find -l',
    'library not found for -l',
    'unable to find library -l',
    ': cannot find ',
    'error while loading shared libraries',
    'collect2',
    'linker command failed',
    'ld: symbol',
    ...PROBE_KEYWORDS,
  ],
  create(sink) {
    const seen = new Set<string>();
    let lld: LldError | null = null;
    let lldLines = 0;
    let ld64 = 0;
    const probe = probeTracker();

    function symbol(kind: string, sym: string, d: Omit<FailureDraft, 'class' | 'message' | 'tool'>): void {
      const key = `${kind}\u0000${sym}`;
      if (seen.has(key)) return;
      seen.add(key);
      sink.emit({ ...d, class: 'compile_error', message: `${kind} \`${sym}'`, tool: 'ld' });
    }

    function flushLld(): void {
      if (!lld) return;
      const { kind, sym, ...d } = lld;
      lld = null;
      symbol(kind, sym, d);
    }

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (probe.feed(text, ctx.n)) return true;
        if (lld) {
          const r = LLD_REF.exec(text);
          if (r && lld.file === undefined && !OBJECT.test(r[1]!)) {
            lld.file = r[1]!;
            lld.line = Number(r[2]);
            lld.evidence.push(ev(text, ctx));
          }
          if (text.startsWith('>>> ') && ++lldLines < 8) return true;
          flushLld();
        }
        if (ld64 > 0) {
          const s = LD64_SYMBOL.exec(text);
          if (s) symbol('undefined symbol', s[1]!, { evidence: [ev(text, ctx)] });
          if ((text.startsWith(' ') || text.startsWith('\t')) && ++ld64 < MAX_LD64_LINES) return true;
          ld64 = 0;
        }
        if (DONE.test(text)) {
          sink.jobFailed(ev(text, ctx));
          return false;
        }
        if (LD64_HEAD.test(text)) {
          ld64 = 1;
          return true;
        }
        const l = LLD.exec(text);
        if (l) {
          lld = { kind: `${l[1]} symbol`, sym: l[2]!.trim(), evidence: [ev(text, ctx)] };
          lldLines = 0;
          return true;
        }
        const s = SYMBOL_ERROR.exec(text);
        if (s) {
          symbol(s[1]!, s[2]!, { ...where(text.slice(0, s.index)), evidence: [ev(text, ctx)] });
          return false;
        }
        const lib = MISSING_LIB.exec(text);
        if (lib) {
          const name = lib[1]!.startsWith('-l') ? lib[1]!.slice(2) : lib[1]!;
          sink.emit({ class: 'dependency_missing', message: text.replace(LINKER_PREFIX, ''), tool: 'ld', package: name, evidence: [ev(text, ctx)] });
          return false;
        }
        const so = MISSING_SO.exec(text);
        if (so) sink.emit({ class: 'dependency_missing', message: text, tool: 'ld.so', package: so[1]!, evidence: [ev(text, ctx)] });
        return false;
      },
      end() {
        flushLld();
      },
    };
  },
};

// What precedes the error: `main.c:(.text+0x35): `, `/abs/main.c:7: `, `/usr/bin/ld: main.c:8:(.text+0x1): `,
// or an object (`/tmp/ccX.o:(.data+0x10): `) that names no source.
function where(prefix: string): { file?: string; line?: number } {
  let p = prefix.replace(/:\s*$/, '').replace(LINKER_PREFIX, '');
  const section = p.lastIndexOf(':(');
  if (section >= 0 && p.endsWith(')')) p = p.slice(0, section);
  const m = /^(.*?):(\d+)$/.exec(p);
  const file = m ? m[1]! : p;
  if (file === '' || /\s/.test(file) || OBJECT.test(file)) return {};
  return m ? { file, line: Number(m[2]) } : { file };
}
