#!/usr/bin/env node
import { createRequire as __punchlistCreateRequire } from 'node:module';
const require = __punchlistCreateRequire(import.meta.url);

// src/classify/keywords.ts
var ROW = 256;
function keywordScanner(keywords) {
  const enc = new TextEncoder();
  const words = [...new Set(keywords)].filter((k) => k !== "").map((k) => enc.encode(k));
  if (words.length === 0) return { scan: () => true };
  const rows = [new Int32Array(ROW).fill(-1)];
  const accept = [false];
  for (const w of words) {
    let s = 0;
    for (const b of w) {
      let t = rows[s][b];
      if (t === -1) {
        t = rows.length;
        rows.push(new Int32Array(ROW).fill(-1));
        accept.push(false);
        rows[s][b] = t;
      }
      s = t;
    }
    accept[s] = true;
  }
  const n = rows.length;
  const delta = new Int32Array(n * ROW);
  const fail = new Int32Array(n);
  const queue = [];
  for (let b = 0; b < ROW; b++) {
    const t = rows[0][b];
    if (t === -1) delta[b] = 0;
    else {
      delta[b] = t;
      queue.push(t);
    }
  }
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q];
    if (accept[fail[s]]) accept[s] = true;
    for (let b = 0; b < ROW; b++) {
      const t = rows[s][b];
      if (t === -1) delta[s * ROW + b] = delta[fail[s] * ROW + b];
      else {
        fail[t] = delta[fail[s] * ROW + b];
        delta[s * ROW + b] = t;
        queue.push(t);
      }
    }
  }
  const table = new Int32Array(3 * n * ROW);
  const esc = (s) => n + s;
  const csi = (s) => 2 * n + s;
  for (let s = 0; s < n; s++) {
    for (let b = 0; b < ROW; b++) {
      table[s * ROW + b] = (accept[s] ? s : b === 27 ? esc(s) : delta[s * ROW + b]) * ROW;
      table[esc(s) * ROW + b] = (b === 91 ? csi(s) : s) * ROW;
      table[csi(s) * ROW + b] = (b >= 64 && b <= 126 ? s : csi(s)) * ROW;
    }
  }
  const accepting = new Uint8Array(3 * n * ROW);
  for (let s = 0; s < n; s++) if (accept[s]) accepting[s * ROW] = 1;
  return {
    scan(bytes, start, end) {
      let s = 0;
      for (let i = start; i < end; i++) s = table[s + bytes[i]];
      return accepting[s] === 1;
    }
  };
}

// src/classify/lines.ts
var MAX_LINE_BYTES = 64 * 1024;
var LineSplitter = class {
  #onLine;
  #pending = new Uint8Array(MAX_LINE_BYTES);
  #pendingLength = 0;
  #carrying = false;
  constructor(onLine) {
    this.#onLine = onLine;
  }
  /** Adds a chunk; calls `onLine` for each line it completes. */
  push(chunk) {
    let start = 0;
    for (; ; ) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) break;
      if (this.#carrying) {
        this.#hold(chunk, start, nl);
        this.#emit(this.#pending, 0, this.#pendingLength);
        this.#pendingLength = 0;
        this.#carrying = false;
      } else {
        this.#emit(chunk, start, Math.min(nl, start + MAX_LINE_BYTES));
      }
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.#hold(chunk, start, chunk.length);
      this.#carrying = true;
    }
  }
  /** Flushes the last line if the input did not end with a newline. */
  end() {
    if (this.#carrying) this.#emit(this.#pending, 0, this.#pendingLength);
    this.#pendingLength = 0;
    this.#carrying = false;
  }
  #hold(chunk, start, end) {
    const take = Math.min(end - start, MAX_LINE_BYTES - this.#pendingLength);
    if (take > 0) {
      this.#pending.set(chunk.subarray(start, start + take), this.#pendingLength);
      this.#pendingLength += take;
    }
  }
  #emit(bytes, start, end) {
    this.#onLine(bytes, start, end > start && bytes[end - 1] === 13 ? end - 1 : end);
  }
};

// src/classify/normalize.ts
var ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;
var TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)? ?/;
var RUNNER_MARKER = /^##\[(error|warning|notice|group|endgroup|command|debug|section)\]/;
var WORKFLOW_COMMAND = /^::(error|warning|notice|group|endgroup|debug)(?: ([^:]*))?::/;
var MARKERS = {
  error: "error",
  warning: "warning",
  notice: "notice",
  group: "group",
  endgroup: "endgroup",
  command: "command",
  debug: "debug",
  section: "group"
};
function cleanLine(raw) {
  let text = raw;
  if (text.includes("\x1B")) text = text.replace(ANSI, "");
  if (text.includes("\r")) text = lastVisibleSegment(text);
  if (text.length > 20 && text.charCodeAt(4) === 45 && text.charCodeAt(10) === 84) {
    const m = TIMESTAMP.exec(text);
    if (m) text = text.slice(m[0].length);
  }
  let marker = null;
  let props = null;
  const first = text.charCodeAt(0);
  if (first === 35 && text.startsWith("##[")) {
    const m = RUNNER_MARKER.exec(text);
    if (m) {
      marker = MARKERS[m[1]] ?? null;
      text = text.slice(m[0].length);
    }
  } else if (first === 58 && text.charCodeAt(1) === 58) {
    const m = WORKFLOW_COMMAND.exec(text);
    if (m) {
      marker = MARKERS[m[1]] ?? null;
      props = m[2] ? parseProps(m[2]) : null;
      text = unescapeData(text.slice(m[0].length));
    }
  }
  return { text, marker, props };
}
function lastVisibleSegment(text) {
  const parts = text.split("\r");
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i].trim() !== "") return parts[i];
  }
  return "";
}
function parseProps(raw) {
  const props = {};
  for (const pair of raw.split(",")) {
    const eq = pair.indexOf("=");
    if (eq > 0) props[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1));
  }
  return props;
}
function unescapeData(s) {
  return s.includes("%") ? s.replace(/%0D/g, "").replace(/%0A/g, " ").replace(/%25/g, "%") : s;
}
function unescapeProperty(s) {
  return s.includes("%") ? unescapeData(s).replace(/%3A/g, ":").replace(/%2C/g, ",") : s;
}

// src/classify/paths.ts
var KNOWN_ROOTS = [
  /^\/home\/runner\/work\/[^/]+\/[^/]+\//,
  /^\/Users\/runner\/work\/[^/]+\/[^/]+\//,
  /^[A-Za-z]:\/a\/[^/]+\/[^/]+\//,
  /^\/github\/workspace\//,
  /^\/home\/travis\/build\/[^/]+\/[^/]+\//,
  /^\/Users\/travis\/build\/[^/]+\/[^/]+\//,
  /^\/builds\/[^/]+\/[^/]+\//
];
function normalizeRoot(root) {
  const r = root.replace(/\\/g, "/");
  return r.endsWith("/") ? r : `${r}/`;
}
function relativizePath(file, roots) {
  let p = file.trim();
  if (p.startsWith("file://")) p = p.slice(7);
  p = p.replace(/\\/g, "/");
  for (const root of roots) {
    if (p.startsWith(root)) return stripDot(p.slice(root.length));
  }
  for (const re of KNOWN_ROOTS) {
    const m = re.exec(p);
    if (m) return stripDot(p.slice(m[0].length));
  }
  return stripDot(p);
}
function stripDot(p) {
  while (p.startsWith("./")) p = p.slice(2);
  return p;
}

// src/classify/parser.ts
function ev(text, ctx) {
  return { line: ctx.n, text };
}

// src/classify/parsers/ecosystems/cocoapods.ts
var INCOMPATIBLE = /CocoaPods could not find compatible versions for pod "([^"]+)"/;
var NO_SPEC = /Unable to find a specification for [`"']([^`"' ]+)/;
var cocoapods = {
  name: "cocoapods",
  description: 'CocoaPods resolution failures: `could not find compatible versions for pod "X"` and `Unable to find a specification for X`',
  url: "https://guides.cocoapods.org/using/troubleshooting.html",
  trigger: /CocoaPods could not find compatible versions for pod "|Unable to find a specification for /,
  create(sink) {
    return {
      feed(text, ctx) {
        const m = INCOMPATIBLE.exec(text) ?? NO_SPEC.exec(text);
        if (m) {
          sink.emit({
            class: "dependency_missing",
            tool: "cocoapods",
            package: m[1],
            message: text.trim().replace(/^(?:\[!\]|- ERROR \|[^:]*:)\s*/, ""),
            evidence: [ev(text, ctx)]
          });
        }
        return false;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/ecosystems/conda.ts
var HEAD = /^(?:PackagesNotFoundError: The following packages? (?:is|are) not available from current channels|ResolvePackageNotFound):/;
var ITEM = /^ {2}- ([A-Za-z0-9_.-]+(?:::[A-Za-z0-9_.-]+)?)(?:[=<>!~ [].*)?$/;
var MAX_BLOCK = 500;
var conda = {
  name: "conda",
  description: "conda `PackagesNotFoundError` / `ResolvePackageNotFound` with their `  - name=version` list",
  url: "https://docs.conda.io/projects/conda/en/latest/user-guide/troubleshooting.html",
  trigger: /^(?:PackagesNotFoundError|ResolvePackageNotFound):/,
  create(sink) {
    let head = null;
    let lines = 0;
    let items = 0;
    return {
      feed(text, ctx) {
        if (HEAD.test(text)) {
          head = ev(text, ctx);
          lines = 0;
          items = 0;
          return true;
        }
        if (!head) return false;
        if (++lines > MAX_BLOCK) {
          head = null;
          return false;
        }
        const m = ITEM.exec(text);
        if (m) {
          items++;
          const name = m[1].includes("::") ? m[1].split("::")[1] : m[1];
          sink.emit({
            class: "dependency_missing",
            tool: "conda",
            package: name,
            message: `Package not available from current channels: ${text.trim().slice(2)}`,
            evidence: [head, ev(text, ctx)]
          });
          return true;
        }
        if (text.trim() === "" && items === 0) return true;
        head = null;
        return false;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/ecosystems/erlc.ts
var DIAG = /^(\S(?:[^:]|:(?!\d))*?\.(?:erl|hrl|escript|yrl|xrl)):(\d+):(?:(\d+):)? (.*)$/;
var erlc = {
  name: "erlc",
  description: "erlc `file.erl:line[:col]: message` errors; `Warning:` lines count only when the build treats warnings as errors",
  url: "https://www.erlang.org/doc/man/erlc.html",
  trigger: /\.(?:erl|hrl|escript|yrl|xrl):\d+:(?:\d+:)? /,
  create(sink) {
    return {
      feed(text, ctx) {
        if (text.length > 2e4) return false;
        const m = DIAG.exec(text);
        if (!m) return false;
        const message = m[4];
        if (/^[Ww]arning: /.test(message)) return false;
        sink.emit({
          class: "compile_error",
          tool: "erlc",
          file: m[1],
          line: Number(m[2]),
          ...m[3] ? { column: Number(m[3]) } : {},
          message,
          evidence: [ev(text, ctx)]
        });
        return false;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/ecosystems/exunit.ts
var HEADER = /^ {2}\d+\) ((?:test|doctest|property) .+ \(([\w.]+)\))$/;
var SETUP_ALL = /^ {2}\d+\) ([\w.]+): failure on setup_all callback/;
var LOCATION = /^ {5}(\S+\.exs?):(\d+)$/;
var FRAME = /^ {7}(?:\([\w.]+ [\d.]+\) )?(\S+\.exs?):(\d+): (.*)$/;
var RAISED = /^ {5}\*\* \(([\w.]+)\) (.*)$/;
var MAX_BLOCK2 = 400;
var exunit = {
  name: "exunit",
  description: "ExUnit (`mix test`) failure blocks: `N) test name (Module)`, location, assertion or `** (Error)`, stacktrace; `ExUnit.TimeoutError` is a timeout",
  url: "https://hexdocs.pm/ex_unit/ExUnit.html",
  trigger: /^ {2}\d+\) (?:(?:test|doctest|property) |[\w.]+: failure on setup_all)/,
  create(sink) {
    let block = null;
    let inStack = false;
    const flush = () => {
      if (!block) return;
      const b = block;
      block = null;
      inStack = false;
      const at = b.frame ?? (b.file ? { file: b.file, line: b.line } : null);
      sink.emit({
        class: b.exception === "ExUnit.TimeoutError" ? "timeout" : "test_fail",
        tool: "exunit",
        test: b.test,
        ...at ? { file: at.file, line: at.line } : {},
        ...b.exception ? { code: b.exception } : {},
        message: b.message ?? "Test failed",
        evidence: b.evidence
      });
    };
    return {
      feed(text, ctx) {
        const h = HEADER.exec(text) ?? SETUP_ALL.exec(text);
        if (h) {
          flush();
          block = { test: h[1], evidence: [ev(text, ctx)], lines: 0 };
          return true;
        }
        if (!block) return false;
        const b = block;
        if (++b.lines > MAX_BLOCK2 || text.length > 2e4) {
          flush();
          return false;
        }
        if (inStack) {
          if (!text.startsWith("       ")) {
            flush();
            return false;
          }
          const f = FRAME.exec(text);
          if (!f) return true;
          if (!b.frame && (f[1] === b.file || f[3] === "(test)")) b.frame = { file: f[1], line: Number(f[2]) };
          return true;
        }
        if (b.lines === 1) {
          const l = LOCATION.exec(text);
          if (l) {
            b.file = l[1];
            b.line = Number(l[2]);
            return true;
          }
        }
        if (text.trim() === "stacktrace:") {
          inStack = true;
          return true;
        }
        const r = RAISED.exec(text);
        if (r && !b.exception) {
          b.exception = r[1];
          b.message = r[2];
          b.evidence.push(ev(text, ctx));
          return true;
        }
        if (b.message === void 0 && /^ {5}\S/.test(text)) {
          b.message = text.trim();
          b.evidence.push(ev(text, ctx));
          return true;
        }
        if (text !== "" && !/^\s/.test(text)) {
          flush();
          return false;
        }
        return true;
      },
      end() {
        flush();
      }
    };
  }
};

// src/classify/parsers/ecosystems/ghc.ts
var HEADER2 = /^(\S(?:[^:]|:(?![(\d]))*?\.(?:hs|lhs|hsc|hs-boot|chs)):(?:(\d+):(\d+)(?:-\d+)?|\((\d+),(\d+)\)-\(\d+,\d+\)): error:(?: \[([^\]]*)\])?\s*(.*)$/;
var GHC_CODE = /GHC-\d+/;
var WERROR = /-Werror=([\w-]+)/;
var MISSING_MODULE = /Could not (?:find|load) module [‘'`]([\w.]+)[’']/;
var ghc = {
  name: "ghc",
  description: "GHC `file.hs:line:col: error:` diagnostics (plain, ranged, with `[GHC-nnnnn]` codes or `-Werror=` flags) and their indented message",
  url: "https://downloads.haskell.org/ghc/latest/docs/users_guide/using.html",
  trigger: /\.(?:hs|lhs|hsc|hs-boot|chs):(?:\d+:\d+|\(\d+,\d+\))[-\d(),]*: error:/,
  create(sink) {
    let open2 = null;
    const flush = () => {
      const o = open2;
      open2 = null;
      if (!o) return;
      const mod = MISSING_MODULE.exec(o.message)?.[1];
      sink.emit({
        class: mod ? "dependency_missing" : "compile_error",
        tool: "ghc",
        file: o.file,
        line: o.line,
        column: o.column,
        ...o.code ? { code: o.code } : {},
        ...mod ? { package: mod } : {},
        message: o.message,
        evidence: o.evidence
      });
    };
    return {
      feed(text, ctx) {
        if (text.length > 2e4) {
          flush();
          return false;
        }
        const h = HEADER2.exec(text);
        if (h) {
          flush();
          const flags = h[6] ?? "";
          const code = GHC_CODE.exec(flags)?.[0] ?? WERROR.exec(flags)?.[1];
          open2 = {
            file: h[1],
            line: Number(h[2] ?? h[4]),
            column: Number(h[3] ?? h[5]),
            ...code ? { code } : {},
            message: h[7].trim(),
            evidence: [ev(text, ctx)]
          };
          return true;
        }
        if (!open2) return false;
        if (open2.message === "" && /^\s{2,}\S/.test(text) && !/^\s*\|/.test(text)) {
          open2.message = text.trim();
          open2.evidence.push(ev(text, ctx));
          return true;
        }
        flush();
        return false;
      },
      end() {
        flush();
      }
    };
  }
};

// src/classify/parsers/ecosystems/karma.ts
var BROWSER = /^[A-Z][\w .-]* \d[\w.]* \([^()]+\)$/;
var NO_MESSAGE = /because no message in (\d+) ?ms/;
var MAX_BROWSER = 120;
function splitBrowser(text) {
  const close = text.indexOf(") ");
  if (close < 0 || close > MAX_BROWSER) return null;
  const browser = text.slice(0, close + 1);
  return BROWSER.test(browser) ? [browser, text.slice(close + 2)] : null;
}
var karma = {
  name: "karma",
  description: "Karma progress/dots reporters: `<browser> <spec> FAILED` with its message, and `<browser> ERROR` / `Disconnected\u2026` browser losses (no-activity timeout or lost connection)",
  url: "https://karma-runner.github.io/latest/config/configuration-file.html",
  trigger: /^[A-Z][\w .-]* \d[\w.]* \([^()]+\) (?:\S.* FAILED|ERROR)$|\]: Disconnected \(\d+ times\)/,
  create(sink) {
    let pending = null;
    return {
      feed(text, ctx) {
        if (pending) {
          const p = pending;
          pending = null;
          const detail = text.trim();
          if (p.kind === "failed") {
            sink.emit({
              class: "test_fail",
              tool: "karma",
              test: p.test,
              message: /^\s/.test(text) && detail !== "" ? detail : "FAILED",
              evidence: [...p.evidence, ...detail ? [ev(text, ctx)] : []]
            });
          } else if (detail.startsWith("Disconnected")) {
            disconnected(p.browser, detail, [...p.evidence, ev(text, ctx)]);
            return false;
          }
        }
        if (text.length > 2e4) return false;
        const log = text.indexOf("]: Disconnected (");
        if (log > 0) {
          const open2 = text.lastIndexOf("[", log);
          disconnected(text.slice(open2 + 1, log), text.slice(log + 3), [ev(text, ctx)]);
          return false;
        }
        const split = splitBrowser(text);
        if (!split) return false;
        const [browser, rest] = split;
        if (rest === "ERROR") {
          pending = { kind: "error", browser, test: "", evidence: [ev(text, ctx)] };
          return true;
        }
        if (rest.endsWith(" FAILED")) {
          pending = { kind: "failed", browser, test: rest.slice(0, -" FAILED".length), evidence: [ev(text, ctx)] };
          return true;
        }
        return false;
      },
      end() {
        if (pending?.kind === "failed") {
          sink.emit({ class: "test_fail", tool: "karma", test: pending.test, message: "FAILED", evidence: pending.evidence });
        }
        pending = null;
      }
    };
    function disconnected(browser, detail, evidence) {
      const quiet = NO_MESSAGE.exec(detail);
      sink.emit(
        quiet ? {
          class: "timeout",
          tool: "karma",
          message: `${browser} disconnected, because no message in ${quiet[1]} ms`,
          evidence
        } : { class: "orchestration_error", tool: "karma", message: `${browser} disconnected: ${detail}`, evidence }
      );
    }
  }
};

// src/classify/parsers/ecosystems/markdownlint.ts
var ISSUE = /^(\S(?:[^:]|:(?! ?\d))*?): ?(\d+)(?::(\d+))?:? (?:(error|warning) )?(MD\d{3})((?:\/[\w-]+)*) (.*)$/;
var markdownlint = {
  name: "markdownlint",
  description: "markdownlint-cli/cli2 `file:line[:col] MDnnn/alias message` and Ruby mdl `file:line: MDnnn message`",
  url: "https://github.com/DavidAnson/markdownlint#rules--aliases",
  trigger: /: ?\d+(?::\d+)?:? (?:error )?MD\d{3}[/ ]/,
  create(sink) {
    return {
      feed(text, ctx) {
        if (text.length > 2e4) return false;
        const m = ISSUE.exec(text);
        if (!m || m[4] === "warning") return false;
        sink.emit({
          class: "lint_error",
          tool: "markdownlint",
          file: m[1],
          line: Number(m[2]),
          ...m[3] ? { column: Number(m[3]) } : {},
          code: m[5],
          message: m[7],
          evidence: [ev(text, ctx)]
        });
        return false;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/ecosystems/mima.ts
var PROBLEM = /^\[error\] {1,3}\* (.+)$/;
var FILTER = /^\[error\] +filter with: ProblemFilters\.exclude\[(\w+)\]\("([^"]*)"\)/;
var VERDICT = ": Binary compatibility check failed!";
var mima = {
  name: "mima",
  description: 'MiMa `mimaReportBinaryIssues`: ` * <problem>` lines with their `filter with: ProblemFilters.exclude[\u2026]` hint, and the "Binary compatibility check failed!" verdict',
  url: "https://github.com/lightbend-labs/mima#usage",
  trigger: /^\[error\] {1,3}\* |Binary compatibility check failed!/,
  create(sink) {
    let problem = null;
    let found = false;
    let verdict = null;
    let module = "";
    return {
      feed(text, ctx) {
        if (problem) {
          const p = problem;
          problem = null;
          const f = FILTER.exec(text);
          if (f) {
            found = true;
            sink.emit({
              class: "contract_violation",
              tool: "mima",
              code: f[1],
              message: p.text,
              evidence: [p.ev, ev(text, ctx)]
            });
            return false;
          }
        }
        const m = PROBLEM.exec(text);
        if (m) {
          problem = { text: m[1], ev: ev(text, ctx) };
          return true;
        }
        const at = text.indexOf(VERDICT);
        if (at > 0 && !verdict) {
          verdict = ev(text, ctx);
          module = text.slice(text.lastIndexOf(" ", at - 1) + 1, at);
        }
        return false;
      },
      end() {
        if (verdict && !found) {
          sink.emit({
            class: "contract_violation",
            tool: "mima",
            message: `${module}: Binary compatibility check failed`,
            evidence: [verdict]
          });
        }
      }
    };
  }
};

// src/classify/parsers/ecosystems/minitest.ts
var HEAD2 = /^\s*(?:\d+\) )?(Failure|Error):$/;
var NAME_AT = /^(\S+#\S.*?)\s{1,4}\[(\S+?):(\d+)\]:?$/;
var NAME = /^(\S+#\S.*?):$/;
var FRAME2 = /^\s+(?:\.\/)?(\S+?\.rb):(\d+):in /;
var TEST_FILE = /(?:^|\/)(?:test|spec)s?\/|_test\.rb$|(?:^|\/)test_[^/]*\.rb$/;
var MAX_BLOCK3 = 200;
var minitest = {
  name: "minitest",
  description: "Minitest `Failure:` / `Error:` reports: `Class#test [file:line]` then the assertion or exception, with its backtrace for errors",
  url: "https://docs.seattlerb.org/minitest/",
  trigger: /^\s*(?:\d+\) )?(?:Failure|Error):$/,
  create(sink) {
    let block = null;
    const flush = () => {
      const b = block;
      block = null;
      if (!b?.test) return;
      sink.emit({
        class: "test_fail",
        tool: "minitest",
        test: b.test,
        ...b.at ? { file: b.at.file, line: b.at.line } : {},
        message: b.message ?? `Test ${b.kind === "Error" ? "errored" : "failed"}`,
        evidence: b.evidence
      });
    };
    return {
      feed(text, ctx) {
        const h = HEAD2.exec(text);
        if (h) {
          flush();
          block = { kind: h[1], evidence: [ev(text, ctx)], lines: 0 };
          return true;
        }
        if (!block) return false;
        const b = block;
        if (++b.lines > MAX_BLOCK3 || text.length > 2e4) {
          flush();
          return false;
        }
        if (!b.test) {
          const m = NAME_AT.exec(text) ?? NAME.exec(text);
          if (!m) {
            block = null;
            return false;
          }
          b.test = m[1].trim();
          if (m[2]) b.at = { file: m[2], line: Number(m[3]) };
          b.evidence.push(ev(text, ctx));
          return true;
        }
        if (text.trim() === "") {
          flush();
          return false;
        }
        const f = FRAME2.exec(text);
        if (f) {
          if (!b.at && TEST_FILE.test(f[1])) b.at = { file: f[1], line: Number(f[2]) };
          return true;
        }
        if (b.message === void 0) {
          b.message = text.trim();
          b.evidence.push(ev(text, ctx));
        }
        return true;
      },
      end() {
        flush();
      }
    };
  }
};

// src/classify/parsers/ecosystems/mix-format.ts
var FAILED = /^\*\* \(Mix\) mix format failed due to --check-formatted\.?$/;
var FILE = /^ {2}\* (\S.*)$/;
var MAX_BLOCK4 = 2e3;
var mixFormat = {
  name: "mix-format",
  description: "`mix format --check-formatted`: `** (Mix) mix format failed\u2026` followed by the `  * path` list of unformatted files",
  url: "https://hexdocs.pm/mix/Mix.Tasks.Format.html",
  trigger: /^\*\* \(Mix\) mix format failed due to --check-formatted/,
  create(sink) {
    let open2 = false;
    let lines = 0;
    let listed = 0;
    let head = null;
    const close = () => {
      if (head && listed === 0) {
        sink.emit({ class: "lint_error", tool: "mix format", message: "mix format failed due to --check-formatted", evidence: [head] });
      }
      open2 = false;
      head = null;
      return false;
    };
    return {
      feed(text, ctx) {
        if (FAILED.test(text)) {
          if (open2) close();
          open2 = true;
          lines = 0;
          listed = 0;
          head = ev(text, ctx);
          return true;
        }
        if (!open2) return false;
        if (++lines > MAX_BLOCK4) return close();
        const f = FILE.exec(text);
        if (f) {
          listed++;
          sink.emit({
            class: "lint_error",
            tool: "mix format",
            file: f[1].trim(),
            message: "File is not formatted",
            evidence: [head, ev(text, ctx)]
          });
          return true;
        }
        if (text === "" || /^The following files (?:were|are) not formatted/.test(text)) return true;
        if (listed > 0 && /^[\s+@-]/.test(text)) return true;
        return close();
      },
      end() {
        if (open2) close();
      }
    };
  }
};

// src/classify/parsers/ecosystems/msbuild.ts
var CODE = /(?:^|\s)error ((?:CS|NU|FS|BC)\d{4}): /;
var ORIGIN = /^\s*(\S.*?)(?:\((\d+)(?:,(\d+))?(?:,\d+,\d+)?\))?\s*:(?: [\w ]{0,40})?$/;
var NUGET_MISSING = /* @__PURE__ */ new Set(["NU1100", "NU1101", "NU1102", "NU1103", "NU1107", "NU1108", "NU1202", "NU1605", "NU1608"]);
var NUGET_PACKAGE = /^(?:Unable to (?:find|resolve) (?:package )?'?|Detected package downgrade: |Version conflict detected for |Package )([\w.-]+)/;
var MAX_ORIGIN = 1e3;
var msbuild = {
  name: "msbuild",
  description: "MSBuild canonical errors `file(line,col): error CS0246: msg [proj]` from csc/mcs/fsc/vbc, and NuGet restore `proj : error NU1101/NU1605: \u2026`",
  url: "https://learn.microsoft.com/en-us/visualstudio/msbuild/msbuild-diagnostic-format-for-tasks",
  trigger: /error (?:CS|NU|FS|BC)\d{4}: /,
  create(sink) {
    return {
      feed(text, ctx) {
        const m = CODE.exec(text);
        if (!m || m.index > MAX_ORIGIN) return false;
        const code = m[1];
        let message = text.slice(m.index + m[0].length);
        if (message.startsWith(" ")) return false;
        const project = message.lastIndexOf(" [");
        if (project > 0 && message.endsWith("]")) message = message.slice(0, project);
        message = message.trim();
        const origin = ORIGIN.exec(text.slice(0, m.index + 1));
        const file = origin?.[1] && !/^(?:CSC|MSBUILD|EXEC)$/i.test(origin[1]) ? origin[1] : void 0;
        const where2 = {
          ...file ? { file } : {},
          ...origin?.[2] ? { line: Number(origin[2]) } : {},
          ...origin?.[3] ? { column: Number(origin[3]) } : {}
        };
        if (code.startsWith("NU")) {
          if (!NUGET_MISSING.has(code)) return false;
          const pkg = NUGET_PACKAGE.exec(message)?.[1];
          sink.emit({
            class: "dependency_missing",
            tool: "nuget",
            code,
            ...where2,
            ...pkg ? { package: pkg } : {},
            message,
            evidence: [ev(text, ctx)]
          });
          return false;
        }
        const tool = code.startsWith("CS") ? "csc" : code.startsWith("FS") ? "fsc" : "vbc";
        sink.emit({ class: "compile_error", tool, code, ...where2, message, evidence: [ev(text, ctx)] });
        return false;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/ecosystems/perlcritic.ts
var VIOLATION = /^(?:([^\s:[][^:]*): )?(?:\[([\w:]+)\] )?(.+?) at line (\d+), column (\d+)\.\s+(?:.*\s)?\(Severity: (\d)\)$/;
var MAX_LINE = 4e3;
var perlcritic = {
  name: "perlcritic",
  description: "perlcritic violations `[file: ][[Policy] ]message at line L, column C.  explanation  (Severity: N)`",
  url: "https://metacpan.org/pod/perlcritic#-verbose-N-FORMAT",
  trigger: /\(Severity: \d\)$/,
  create(sink) {
    return {
      feed(text, ctx) {
        if (text.length > MAX_LINE) return false;
        const m = VIOLATION.exec(text);
        if (!m) return false;
        sink.emit({
          class: "lint_error",
          tool: "perlcritic",
          ...m[1] ? { file: m[1], line: Number(m[4]), column: Number(m[5]) } : {},
          ...m[2] ? { code: m[2] } : {},
          message: m[1] ? m[3] : `${m[3]} at line ${m[4]}, column ${m[5]}`,
          evidence: [ev(text, ctx)]
        });
        return false;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/ecosystems/phpunit.ts
var SECTION = /^There (?:was|were) \d+ (failure|error)s?:$/;
var OTHER_SECTION = /^There (?:was|were) \d+ \w+/;
var HEADER3 = /^(\d+)\) (\S+::\S.*)$/;
var FRAME3 = /^(\S+\.(?:php|phpt|inc)):(\d+)$/;
var END = /^(?:FAILURES!|ERRORS!|OK, but|Tests: \d+)/;
var MAX_BLOCK5 = 2e4;
var phpunit = {
  name: "phpunit",
  description: "PHPUnit `There were N failures:` / `errors:` sections: `N) Class::method`, the message and the file:line trace",
  url: "https://docs.phpunit.de/en/10.5/textui.html",
  trigger: /^There (?:was|were) \d+ (?:failure|error)s?:$/,
  create(sink) {
    let open2 = false;
    let lines = 0;
    let test = null;
    const flush = () => {
      const t = test;
      test = null;
      if (!t) return;
      const at = testFrame(t);
      sink.emit({
        class: "test_fail",
        tool: "phpunit",
        test: t.name,
        ...at ? { file: at.file, line: at.line } : {},
        message: t.message ?? "Test failed",
        evidence: at ? [...t.evidence, at.ev] : t.evidence
      });
    };
    return {
      feed(text, ctx) {
        if (SECTION.test(text)) {
          flush();
          open2 = true;
          lines = 0;
          return true;
        }
        if (!open2) return false;
        if (++lines > MAX_BLOCK5 || END.test(text) || OTHER_SECTION.test(text)) {
          flush();
          open2 = false;
          return false;
        }
        if (text.length > 2e4) return true;
        const h = HEADER3.exec(text);
        if (h) {
          flush();
          test = { name: h[2], frames: [], evidence: [ev(text, ctx)] };
          return true;
        }
        if (!test) return true;
        const f = FRAME3.exec(text);
        if (f) {
          test.frames.push({ file: f[1], line: Number(f[2]), ev: ev(text, ctx) });
          return true;
        }
        if (test.message === void 0 && text.trim() !== "") {
          test.message = text.trim();
          test.evidence.push(ev(text, ctx));
        }
        return true;
      },
      end() {
        flush();
      }
    };
  }
};
function testFrame(t) {
  const cls = t.name.slice(0, t.name.indexOf("::"));
  const short = cls.slice(cls.lastIndexOf("\\") + 1);
  const base = (f) => f.slice(f.lastIndexOf("/") + 1).replace(/\.\w+$/, "");
  return t.frames.find((f) => base(f.file) === short) ?? t.frames.find((f) => /Test\.php$|_test\.php$/i.test(f.file)) ?? t.frames[0];
}

// src/classify/parsers/ecosystems/prove.ts
var FAILED_TEST = /^#\s+Failed test(?: '(.*)'| (?:in|at) (\S+) line (\d+)\.?)?$/;
var AT = /^#\s+(?:at|in) (\S+) line (\d+)\.?$/;
var SUMMARY = /^(\S+)\s+\(Wstat: (\d+)(?: \([^)]*\))? Tests: \d+ Failed: (\d+)\)$/;
var PARSE_ERRORS = /^\s+(?:Parse errors: |Non-zero (?:exit|wait) status: )(.*)$/;
var DUBIOUS = /^(?:\[[\d:]+\] )?(\S+?) ?\.{2,} ?Dubious, test returned (\d+)/;
var prove = {
  name: "prove",
  description: "prove / Test::Harness: Test::More `#   Failed test` diagnostics, `Dubious, test returned N`, and the Test Summary Report `(Wstat: \u2026 Failed: N)` lines",
  url: "https://metacpan.org/pod/TAP::Harness",
  trigger: /^#\s+Failed test|\(Wstat: \d+|Dubious, test returned/,
  create(sink) {
    let pending = null;
    let summary = null;
    const scripts = /* @__PURE__ */ new Set();
    const emitScript = (file, message, evidence) => {
      if (scripts.has(file)) return;
      scripts.add(file);
      sink.emit({ class: "test_fail", tool: "prove", file, test: file, message, evidence });
    };
    const flushPending = (file, line, extra) => {
      const p = pending;
      pending = null;
      if (!p) return;
      if (file) scripts.add(file);
      sink.emit({
        class: "test_fail",
        tool: "prove",
        test: p.test,
        ...file ? { file, line } : {},
        message: `Failed test${p.test ? ` '${p.test}'` : ""}`,
        evidence: extra ? [...p.evidence, extra] : p.evidence
      });
    };
    const flushSummary = () => {
      const s = summary;
      summary = null;
      if (s && (s.failed > 0 || s.status !== "0")) {
        emitScript(s.file, s.details.length > 0 ? s.details.join("; ") : `${s.failed} failed test(s)`, s.evidence);
      }
    };
    return {
      feed(text, ctx) {
        if (text.length > 2e4) return false;
        if (pending) {
          const at = AT.exec(text);
          if (at) {
            flushPending(at[1], Number(at[2]), ev(text, ctx));
            return false;
          }
          flushPending();
        }
        if (summary) {
          const pe = PARSE_ERRORS.exec(text);
          if (pe && summary.failed === 0 && summary.status === "0") {
            const s2 = summary;
            summary = null;
            emitScript(s2.file, pe[1], [...s2.evidence, ev(text, ctx)]);
            return false;
          }
          if (pe || /^\s+Failed tests?:/.test(text)) {
            summary.details.push(text.trim());
            summary.evidence.push(ev(text, ctx));
            return true;
          }
          flushSummary();
        }
        const f = FAILED_TEST.exec(text);
        if (f) {
          pending = { test: f[1] ?? "", evidence: [ev(text, ctx)] };
          if (f[2]) {
            flushPending(f[2], Number(f[3]));
            return false;
          }
          return true;
        }
        const s = SUMMARY.exec(text);
        if (s) {
          summary = { file: s[1], status: s[2], failed: Number(s[3]), details: [], evidence: [ev(text, ctx)] };
          return true;
        }
        const d = DUBIOUS.exec(text);
        if (d) emitScript(d[1], `Dubious, test returned ${d[2]}`, [ev(text, ctx)]);
        return false;
      },
      end() {
        flushPending();
        flushSummary();
      }
    };
  }
};

// src/classify/parsers/ecosystems/rspec.ts
var FAILURES = /^Failures:$/;
var HEADER4 = /^ {2}(\d+)\) (\S.*)$/;
var FRAME4 = /^\s+# (?:\.\/)?([^:\s]+):(\d+)(?::in |$)/;
var SPEC_FILE = /_spec\.rb$/;
var RERUN = /^rspec (?:\.\/)?(\S+?):(\d+) # (.+)$/;
var MAX_BLOCK6 = 5e3;
var rspec = {
  name: "rspec",
  description: "RSpec: numbered `Failures:` entries (message, spec backtrace) and the `rspec ./spec/x_spec.rb:N # description` rerun list",
  url: "https://rspec.info/features/3-12/rspec-core/command-line/",
  trigger: /^Failures:$|^rspec \S+:\d+ # /,
  create(sink) {
    let inFailures = false;
    let lines = 0;
    let current = null;
    const examples = /* @__PURE__ */ new Map();
    const emitted = /* @__PURE__ */ new Set();
    const close = () => {
      if (current) examples.set(current.test, current);
      current = null;
      inFailures = false;
    };
    const emit = (e, fallback, extra) => {
      if (emitted.has(e.test)) return;
      emitted.add(e.test);
      const at = e.frame ?? fallback;
      sink.emit({
        class: "test_fail",
        tool: "rspec",
        test: e.test,
        ...at ? { file: at.file, line: at.line } : {},
        message: e.message ?? "Example failed",
        evidence: extra ? [...e.evidence, extra] : e.evidence
      });
    };
    return {
      feed(text, ctx) {
        if (FAILURES.test(text)) {
          close();
          inFailures = true;
          lines = 0;
          return true;
        }
        const r = RERUN.exec(text);
        if (r) {
          close();
          const e = examples.get(r[3]) ?? { test: r[3], detail: 0, evidence: [] };
          emit(e, { file: r[1], line: Number(r[2]) }, ev(text, ctx));
          return false;
        }
        if (!inFailures) return false;
        if (++lines > MAX_BLOCK6 || /^(?:Finished in |Failed examples:|\d+ examples?, )/.test(text)) {
          close();
          return false;
        }
        if (text.length > 2e4) return true;
        const h = HEADER4.exec(text);
        if (h) {
          if (current) examples.set(current.test, current);
          current = { test: h[2], detail: 0, evidence: [ev(text, ctx)] };
          return true;
        }
        if (!current) return true;
        const f = FRAME4.exec(text);
        if (f) {
          if (!current.frame && SPEC_FILE.test(f[1])) current.frame = { file: f[1], line: Number(f[2]) };
          return true;
        }
        const t = text.trim();
        if (t === "") return true;
        if (t.startsWith("Failure/Error:")) current.message = void 0;
        else if (current.message === void 0) current.message = t;
        else if (current.detail++ === 0 && current.message.endsWith(":")) current.message += ` ${t}`;
        if (current.evidence.length < 4) current.evidence.push(ev(text, ctx));
        return true;
      },
      end() {
        close();
        for (const e of examples.values()) emit(e);
      }
    };
  }
};

// src/classify/parsers/ecosystems/rubocop.ts
var OFFENSE = /^(\S(?:[^:]|:(?!\d))*?):(\d+):(\d+): ([CWEFR]): (\[(?:Correctable|Corrected|Todo)\] )?(?:([A-Z]\w*(?:\/\w+)+): )?(.*)$/;
var rubocop = {
  name: "rubocop",
  description: "RuboCop offenses `file:line:col: C: Department/Cop: message` (progress, clang and emacs formatters); auto-corrected ones are skipped",
  url: "https://docs.rubocop.org/rubocop/formatters.html",
  trigger: /:\d+:\d+: [CWEFR]: /,
  create(sink) {
    return {
      feed(text, ctx) {
        if (text.length > 2e4) return false;
        const m = OFFENSE.exec(text);
        if (!m || m[5] === "[Corrected] ") return false;
        sink.emit({
          class: "lint_error",
          tool: "rubocop",
          file: m[1],
          line: Number(m[2]),
          column: Number(m[3]),
          ...m[6] ? { code: m[6] } : {},
          message: m[7],
          evidence: [ev(text, ctx)]
        });
        return false;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/ecosystems/sbt.ts
var LOCATED = /^\[error\] (\S(?:[^:]|:(?!\d))*?\.(scala|java|sc|sbt)):(\d+):(?:(\d+):)? (.*)$/;
var DOTTY = /^\[error\] -- (?:\[(E\d+)\] )?[\w ]*Error: (\S(?:[^:]|:(?!\d))*?):(\d+):(\d+) ?-*$/;
var FATAL_WARNINGS = /^\[error\] (No warnings can be incurred under -(?:Xfatal-warnings|Werror)\.)/;
var IVY = /ResolveException: unresolved dependency: ([\w.-]+#[\w.-]+);\S* (.*)$/;
var COURSIER = /ResolveException: Error downloading ([\w.-]+:[\w.-]+):\S*/;
var sbt = {
  name: "sbt",
  description: "sbt: `[error] file.scala:line:col: msg` compiler errors (Scala 2 and 3) and `ResolveException` unresolved dependencies",
  url: "https://www.scala-sbt.org/1.x/docs/Howto-Logging.html",
  trigger: /^\[error\] (?:\S|-- )|ResolveException: /,
  create(sink) {
    let dotty = null;
    return {
      feed(text, ctx) {
        if (dotty) {
          const d2 = dotty;
          dotty = null;
          const msg = text.startsWith("[error] ") ? text.slice(8).replace(/^\s*\|?\s*/, "") : "";
          sink.emit({
            class: "compile_error",
            tool: "scalac",
            file: d2.file,
            line: d2.line,
            column: d2.column,
            ...d2.code ? { code: d2.code } : {},
            message: msg || d2.text,
            evidence: [ev(d2.text, d2.at), ...msg ? [ev(text, ctx)] : []]
          });
        }
        const ivy = IVY.exec(text) ?? COURSIER.exec(text);
        if (ivy) {
          sink.emit({
            class: "dependency_missing",
            tool: "sbt",
            package: ivy[1],
            message: `Unresolved dependency ${ivy[1]}${ivy[2] ? `: ${ivy[2]}` : ""}`,
            evidence: [ev(text, ctx)]
          });
          return false;
        }
        if (text.length > 2e4) return false;
        const m = LOCATED.exec(text);
        if (m) {
          sink.emit({
            class: "compile_error",
            tool: m[2] === "java" ? "javac" : "scalac",
            file: m[1],
            line: Number(m[3]),
            ...m[4] ? { column: Number(m[4]) } : {},
            message: m[5],
            evidence: [ev(text, ctx)]
          });
          return false;
        }
        const d = DOTTY.exec(text);
        if (d) {
          dotty = { code: d[1], file: d[2], line: Number(d[3]), column: Number(d[4]), at: ctx, text };
          return true;
        }
        const w = FATAL_WARNINGS.exec(text);
        if (w) sink.emit({ class: "compile_error", tool: "scalac", message: w[1], evidence: [ev(text, ctx)] });
        return false;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/ecosystems/stylelint.ts
var HEADER5 = /^(\S+\.(?:css|scss|sass|less|sss|pcss|postcss|styl|stylus|html?|vue|svelte|astro|[cm]?[jt]sx?|md|php))\s*$/;
var ROW2 = /^\s*(\d+):(\d+)\s+([✖×⚠‼])\s+(\S.*)$/;
var RULE = /^[a-z@][\w@/-]*$/;
var MAX_BLOCK7 = 2e3;
var stylelint = {
  name: "stylelint",
  description: "stylelint `string` formatter: a file line followed by `line:col  \u2716  message  rule` rows, wrapped cells included",
  url: "https://stylelint.io/user-guide/cli#formatters",
  trigger: /^\s*\d+:\d+\s+[✖×]\s|^\S+\.(?:css|scss|sass|less|sss|pcss|postcss|styl|stylus|html?|vue|svelte|astro|[cm]?[jt]sx?|md|php)\s*$/,
  create(sink) {
    let file;
    let fileAt = -1;
    let open2 = false;
    let seen = 0;
    let row = null;
    const flush = () => {
      if (!row) return;
      const r = row;
      row = null;
      sink.emit({
        class: "lint_error",
        tool: "stylelint",
        ...r.file ? { file: r.file } : {},
        line: r.line,
        column: r.column,
        ...r.rule ? { code: r.rule } : {},
        message: r.message,
        evidence: r.evidence
      });
    };
    return {
      feed(text, ctx) {
        if (text.length > 2e4) {
          flush();
          open2 = false;
          return false;
        }
        const m = ROW2.exec(text);
        if (m) {
          flush();
          if (!open2 && fileAt !== ctx.n - 1) file = void 0;
          open2 = true;
          seen = 0;
          if (m[3] === "\u26A0" || m[3] === "\u203C") return true;
          const cells = m[4].trim().split(/\s{2,}/);
          const last = cells.length > 1 ? cells[cells.length - 1] : void 0;
          const rule = last && RULE.test(last) ? last : void 0;
          row = {
            file,
            line: Number(m[1]),
            column: Number(m[2]),
            message: (rule ? cells.slice(0, -1) : cells).join(" "),
            rule,
            evidence: [ev(text, ctx)]
          };
          return true;
        }
        const h = HEADER5.exec(text);
        if (h) {
          flush();
          file = h[1];
          fileAt = ctx.n;
          return open2;
        }
        if (!open2) return false;
        if (text.trim() === "") {
          flush();
          return ++seen < 3;
        }
        if (row && /^\s{4,}\S/.test(text) && ++seen < MAX_BLOCK7) {
          const cells = text.trim().split(/\s{2,}/);
          row.message = `${row.message} ${cells[0]}`;
          if (cells.length > 1 && row.rule) row.rule += cells[1];
          row.evidence.push(ev(text, ctx));
          return true;
        }
        flush();
        open2 = false;
        return false;
      },
      end() {
        flush();
      }
    };
  }
};

// src/classify/parsers/ecosystems/xcpretty.ts
var LOCATED2 = /^❌ +(\S(?:[^:]|:(?!\d))*?):(\d+):(\d+): (.*)$/;
var UNDEFINED_SYMBOLS = /^❌ +(Undefined symbols? for architecture \S+)/;
var FAILED_TEST2 = /^\s*✗ (\w+), (.*)$/;
var TIMED_OUT = /Exceeded timeout of [\d.]+ seconds?|timed out/i;
var MISSING_HEADER = /^'([^']+)' file not found/;
var MISSING_MODULE2 = /^no such module '([^']+)'/;
var xcpretty = {
  name: "xcpretty",
  description: "xcpretty (xcodebuild formatter): `\u274C  file:line:col: reason` compiler errors, undefined symbols, and `\u2717 test, reason` XCTest failures",
  url: "https://github.com/xcpretty/xcpretty",
  trigger: /❌|^\s*✗ \w+, /,
  create(sink) {
    return {
      feed(text, ctx) {
        if (text.length > 2e4) return false;
        const t = FAILED_TEST2.exec(text);
        if (t) {
          const timedOut = TIMED_OUT.test(t[2]);
          sink.emit({
            class: timedOut ? "timeout" : "test_fail",
            tool: "xctest",
            test: t[1],
            message: t[2],
            evidence: [ev(text, ctx)]
          });
          return false;
        }
        const mark = text.indexOf("\u274C");
        if (mark < 0) return false;
        const marked = mark === 0 ? text : text.slice(mark);
        const m = LOCATED2.exec(marked);
        if (m) {
          sink.emit(located(m[1], Number(m[2]), Number(m[3]), m[4], [ev(text, ctx)]));
          return false;
        }
        const u = UNDEFINED_SYMBOLS.exec(marked);
        if (u) sink.emit({ class: "compile_error", tool: "ld", message: u[1], evidence: [ev(text, ctx)] });
        return false;
      },
      end() {
      }
    };
  }
};
function located(file, line, column, message, evidence) {
  const base = { file, line, column, message, evidence };
  const header = MISSING_HEADER.exec(message)?.[1];
  if (header) return { ...base, class: "dependency_missing", tool: "clang", package: header };
  const module = MISSING_MODULE2.exec(message)?.[1];
  if (module) return { ...base, class: "dependency_missing", tool: "swiftc", package: module };
  return { ...base, class: "compile_error", tool: /\.swift$/.test(file) ? "swiftc" : "clang" };
}

// src/classify/parsers/ecosystems/index.ts
var ECOSYSTEMS_PARSERS = [
  sbt,
  mima,
  xcpretty,
  cocoapods,
  stylelint,
  markdownlint,
  karma,
  exunit,
  mixFormat,
  erlc,
  conda,
  rubocop,
  rspec,
  minitest,
  phpunit,
  perlcritic,
  prove,
  ghc,
  msbuild
];

// src/classify/parsers/go-rust/cargo-test-run.ts
var SECTION2 = /^---- (.+) std(?:out|err) ----$/;
var PANICKED = /^thread '([^']*)'(?: \(\d+\))? panicked at (.*)$/;
var NEW_LOCATION = /^(.+?):(\d+):(\d+):$/;
var OLD_LOCATION = /^(\S+?):(\d+):(\d+)$/;
var FAILED_LINE = /^(?:test (.+?) \.\.\. FAILED|(\S.*?) --- FAILED)$/;
var SHOULD_PANIC = / - should panic$/;
var LISTED = /^ {4}(\S.*)$/;
var RESULT = /^test result: /;
var ERR_RETURN = /^Error: (.*)$/;
var FRAME_SYMBOL = /^\s+\d+: (\S+)$/;
var FRAME_AT = /^\s+at (.+?):(\d+):(\d+)$/;
var FOREIGN_FRAME = /^(?:\/rustc\/|.*[\\/]\.cargo[\\/]registry[\\/]|.*[\\/]rustlib[\\/])/;
var MAX_SECTION_LINES = 2e3;
var MAX_OLD_MESSAGE_LINES = 50;
var CargoTestRun = class {
  #failed = /* @__PURE__ */ new Map();
  #section = null;
  #listing = "idle";
  #oldPanic = null;
  #messageFor = null;
  #symbol = null;
  /** True while lines that match no trigger still matter (a test's output, the `failures:` list). */
  get open() {
    return this.#section !== null || this.#listing !== "idle" || this.#oldPanic !== null;
  }
  /** True inside a failed test's captured output, where rustc diagnostics belong to a doctest. */
  get inTestOutput() {
    return this.#section !== null;
  }
  /** Reads one line; returns true if it belonged to the test run. */
  feed(text, ctx) {
    if (this.#listing !== "idle" && this.#list(text)) return true;
    const sec = SECTION2.exec(text);
    if (sec) {
      this.#section = { name: sec[1], lines: 0 };
      this.#test(sec[1]);
      return true;
    }
    if (text === "failures:") {
      this.#section = null;
      this.#listing = "waiting";
      return true;
    }
    if (RESULT.test(text)) {
      this.#section = null;
      return true;
    }
    const failed = FAILED_LINE.exec(text);
    if (failed) {
      const name = (failed[1] ?? failed[2]).replace(SHOULD_PANIC, "");
      this.#test(name).result ??= ev(text, ctx);
      return true;
    }
    const p = PANICKED.exec(text);
    if (p) {
      this.#panicked(p[1], p[2], text, ctx);
      return true;
    }
    if (this.#oldPanic) return this.#oldPanicLine(text, ctx);
    if (this.#section) return this.#sectionLine(text, ctx);
    return false;
  }
  /** Ends the run (its `test result:` line or the end of input): the failures, each once. */
  flush() {
    const out = [];
    for (const [test, t] of this.#failed) {
      const at = t.frame ?? t.panic;
      out.push({
        class: "test_fail",
        tool: "cargo",
        test,
        message: t.message ?? `${test} failed`,
        ...at ? { file: at.file, line: at.line, column: at.column } : {},
        evidence: [t.result, t.panic?.evidence, t.frame?.evidence].filter((e) => e !== void 0)
      });
    }
    this.#failed.clear();
    this.#section = null;
    this.#listing = "idle";
    this.#oldPanic = null;
    this.#messageFor = null;
    return out;
  }
  #test(name) {
    let t = this.#failed.get(name);
    if (!t) {
      t = {};
      this.#failed.set(name, t);
    }
    return t;
  }
  #list(text) {
    const named = LISTED.exec(text);
    if (named) {
      this.#listing = "names";
      this.#test(named[1]);
      return true;
    }
    if (text === "" && this.#listing === "waiting") return true;
    this.#listing = "idle";
    return text === "";
  }
  #panicked(thread, rest, text, ctx) {
    const owner = this.#section?.name ?? (isTestThread(thread) ? thread : null);
    if (owner === null) return;
    const t = this.#test(owner);
    if (t.panic) return;
    if (rest.startsWith("'")) {
      const at = oldLocation(rest);
      if (at) {
        t.panic = { ...at, evidence: ev(text, ctx) };
        t.message ??= rest.slice(1, rest.lastIndexOf("', "));
      } else {
        this.#oldPanic = { test: owner, lines: 0 };
        t.message ??= rest.slice(1);
      }
      return;
    }
    const m = NEW_LOCATION.exec(rest);
    if (!m) return;
    t.panic = { file: m[1], line: Number(m[2]), column: Number(m[3]), evidence: ev(text, ctx) };
    this.#messageFor = owner;
  }
  #oldPanicLine(text, ctx) {
    const p = this.#oldPanic;
    p.lines++;
    const at = oldLocation(text);
    if (at) {
      this.#test(p.test).panic = { ...at, evidence: ev(text, ctx) };
      this.#oldPanic = null;
    } else if (p.lines >= MAX_OLD_MESSAGE_LINES) {
      this.#oldPanic = null;
    }
    return true;
  }
  #sectionLine(text, ctx) {
    const s = this.#section;
    if (++s.lines >= MAX_SECTION_LINES) {
      this.#section = null;
      return false;
    }
    const t = this.#test(s.name);
    if (this.#messageFor === s.name) {
      this.#messageFor = null;
      if (text !== "") t.message ??= text;
      return true;
    }
    const err = ERR_RETURN.exec(text);
    if (err) {
      t.message ??= text;
      return true;
    }
    const sym = FRAME_SYMBOL.exec(text);
    if (sym) {
      this.#symbol = sym[1];
      return true;
    }
    const at = FRAME_AT.exec(text);
    if (at && this.#symbol !== null) {
      if (!t.frame && !FOREIGN_FRAME.test(at[1]) && isTestCode(this.#symbol, s.name)) {
        t.frame = { file: at[1], line: Number(at[2]), column: Number(at[3]), evidence: ev(text, ctx) };
      }
      this.#symbol = null;
    }
    return true;
  }
};
function isTestThread(thread) {
  return thread !== "main" && thread !== "<unnamed>" && thread !== "";
}
function oldLocation(text) {
  const i = text.lastIndexOf("', ");
  if (i < 0) return null;
  const m = OLD_LOCATION.exec(text.slice(i + 3));
  return m ? { file: m[1], line: Number(m[2]), column: Number(m[3]) } : null;
}
function isTestCode(symbol, test) {
  const sym = symbol.replace(/::\{\{closure\}\}/g, "");
  if (sym === test || sym.endsWith(`::${test}`)) return true;
  const mod = test.lastIndexOf("::");
  return mod > 0 && sym.includes(`::${test.slice(0, mod)}::`);
}

// src/classify/parsers/go-rust/rustc-diagnostic.ts
var RUST_ERROR_HEADER = /^error(?:\[(E\d{4,5})\])?: (.+)$/;
var CONSEQUENCE = /^(?:[Cc]ould not compile|aborting due to|test failed, to rerun|build failed|[Cc]ould not document|doctest failed)/;
var ARROW = /^\s*--> (.+?):(\d+):(\d+)$/;
var SUB_DIAGNOSTIC = /^(?:note|help)(?:\[\w+\])?: /;
var NOTE = /^\s*= (?:note|help): (.*)$/;
var BODY = /^(?:\s|\d+\s*\||\.\.\.$|(?:note|help)(?:\[\w+\])?: )/;
var LINT_ATTR = /#!?\[(?:deny|forbid|allow)\(([\w:]+)\)\]/;
var LINT_FLAG = /`-[DF] ([\w:-]+)` implied by/;
var CLIPPY_URL = /rust-clippy\/\S*#(\w+)/;
var CARGO_ADD = /`cargo add ([\w-]+)`/;
var MISSING_CRATE = /(?:^can't find crate for `(\w+)`|maybe a missing crate `(\w+)`)/;
var MAX_LINES = 500;
var RustDiagnosticReader = class {
  #open = null;
  #done;
  constructor(done) {
    this.#done = done;
  }
  /** True while a diagnostic is open and needs the following lines. */
  get open() {
    return this.#open !== null;
  }
  /** Reads one line; returns true if it opened or continued a diagnostic. */
  feed(text, ctx) {
    const d = this.#open;
    if (d) {
      if (text === "" || !BODY.test(text) || d.lines >= MAX_LINES) {
        this.end();
        return this.#start(text, ctx);
      }
      this.#body(d, text, ctx);
      return true;
    }
    return this.#start(text, ctx);
  }
  /** Closes an open diagnostic (end of input, or the caller knows it ended). */
  end() {
    const d = this.#open;
    if (!d) return;
    this.#open = null;
    const { lines: _lines, sub: _sub, ...diag } = d;
    this.#done(diag);
  }
  #start(text, ctx) {
    const h = RUST_ERROR_HEADER.exec(text);
    if (!h || CONSEQUENCE.test(h[2])) return false;
    const message = h[2];
    const crate = MISSING_CRATE.exec(message);
    this.#open = {
      message,
      evidence: [ev(text, ctx)],
      lines: 0,
      sub: false,
      ...h[1] ? { code: h[1] } : {},
      ...crate ? { crate: crate[1] ?? crate[2] } : {}
    };
    return true;
  }
  #body(d, text, ctx) {
    d.lines++;
    if (SUB_DIAGNOSTIC.test(text)) {
      d.sub = true;
      return;
    }
    if (d.file === void 0 && !d.sub) {
      const a = ARROW.exec(text);
      if (a) {
        d.file = a[1];
        d.line = Number(a[2]);
        d.column = Number(a[3]);
        d.evidence.push(ev(text, ctx));
        return;
      }
    }
    const note = NOTE.exec(text);
    if (!note) return;
    const body = note[1];
    if (d.lint === void 0) {
      const attr = LINT_ATTR.exec(body);
      const flag = attr ? null : LINT_FLAG.exec(body);
      const url = attr || flag ? null : CLIPPY_URL.exec(body);
      const lint = attr?.[1] ?? flag?.[1]?.replace(/-/g, "_") ?? (url ? `clippy::${url[1]}` : void 0);
      if (lint !== void 0) {
        d.lint = lint;
        d.evidence.push(ev(text, ctx));
      }
    }
    const add = CARGO_ADD.exec(body);
    if (add && d.crate === void 0) {
      d.crate = add[1];
      d.evidence.push(ev(text, ctx));
    }
  }
};

// src/classify/parsers/go-rust/cargo.ts
var SHORT = /^([^\s:][^:]*(?::[\\/][^:]*)?):(\d+):(\d+): error\[(E\d{4,5})\]: (.*)$/;
var NO_PACKAGE = /no matching package (?:named|found)[: ]+`([^`\s]+)`/;
var NO_VERSION = /failed to select a version for (?:the requirement )?`([^`\s=]+)/;
var FETCH = /^error: failed to (?:get `[^`]+` as a dependency|load source for (?:a )?dependency|update registry|download from|fetch `)/;
var NETWORK = /[Cc]ould(?: not|n't) resolve host|failed to connect|[Cc]onnection (?:refused|reset|timed out)|[Oo]peration timed out|SSL connect error|spurious network error \(0 tries remaining\)/;
var LINKING = /^linking with `[^`]+` failed/;
var MAX_FETCH_LINES = 40;
var cargo = {
  name: "cargo",
  description: "cargo build/check/test: rustc `error[E\u2026]` diagnostics, denied lints, dependency resolution errors, libtest failures and panics",
  url: "https://doc.rust-lang.org/rustc/json.html",
  trigger: /^(?:error(?:\[E\d+\])?: |---- .+ ----$|thread '|test result: |failures:$)| \.\.\. FAILED$| --- FAILED$|\.rs:\d+:\d+: error\[E/,
  create(sink) {
    const run = new CargoTestRun();
    let fetch = null;
    const reader = new RustDiagnosticReader((d) => {
      const f = fromDiagnostic(d);
      if (f) sink.emit(f);
    });
    const resolution = (text, ctx) => {
      const pkg = NO_PACKAGE.exec(text) ?? NO_VERSION.exec(text);
      if (!pkg) return false;
      fetch = null;
      sink.emit({ class: "dependency_missing", tool: "cargo", message: text.replace(/^error: /, ""), package: pkg[1], evidence: [ev(text, ctx)] });
      return true;
    };
    return {
      feed(text, ctx) {
        if (fetch) {
          fetch.lines++;
          if (resolution(text, ctx)) return false;
          if (NETWORK.test(text)) {
            sink.emit({ class: "orchestration_error", tool: "cargo", message: text.trim(), evidence: [...fetch.evidence, ev(text, ctx)] });
            fetch = null;
            return false;
          }
          if (fetch.lines < MAX_FETCH_LINES) return true;
          fetch = null;
        }
        if (run.inTestOutput) {
          run.feed(text, ctx);
          return run.open;
        }
        if (!reader.open) {
          if (resolution(text, ctx)) return false;
          if (FETCH.test(text)) {
            fetch = { lines: 0, evidence: [ev(text, ctx)] };
            return true;
          }
        }
        if (reader.feed(text, ctx)) return true;
        if (run.feed(text, ctx)) {
          if (text.startsWith("test result: ")) for (const f of run.flush()) sink.emit(f);
          return run.open;
        }
        const s = SHORT.exec(text);
        if (s) {
          const loc2 = { file: s[1], line: Number(s[2]), column: Number(s[3]) };
          sink.emit({ class: "compile_error", tool: "cargo", code: s[4], message: s[5], ...loc2, evidence: [ev(text, ctx)] });
        }
        return false;
      },
      end() {
        reader.end();
        for (const f of run.flush()) sink.emit(f);
      }
    };
  }
};
function fromDiagnostic(d) {
  if (d.lint?.startsWith("clippy::")) return null;
  const base = {
    tool: "cargo",
    message: d.message,
    ...d.file !== void 0 ? { file: d.file, line: d.line, column: d.column } : {},
    evidence: d.evidence
  };
  if (d.crate !== void 0) return { ...base, class: "dependency_missing", package: d.crate, ...d.code ? { code: d.code } : {} };
  if (d.lint !== void 0) return { ...base, class: "lint_error", code: d.lint };
  if (d.code !== void 0) return { ...base, class: "compile_error", code: d.code };
  if (d.file !== void 0 || LINKING.test(d.message)) return { ...base, class: "compile_error" };
  return null;
}

// src/classify/parsers/go-rust/clippy.ts
var clippy = {
  name: "clippy",
  description: "cargo clippy lints reported as errors, told from rustc errors by the `clippy::` lint their notes name",
  url: "https://doc.rust-lang.org/clippy/usage.html",
  trigger: /^error: /,
  create(sink) {
    const reader = new RustDiagnosticReader((d) => {
      if (!d.lint?.startsWith("clippy::")) return;
      sink.emit({
        class: "lint_error",
        tool: "clippy",
        code: d.lint,
        message: d.message,
        ...d.file !== void 0 ? { file: d.file, line: d.line, column: d.column } : {},
        evidence: d.evidence
      });
    });
    return {
      feed(text, ctx) {
        return reader.feed(text, ctx);
      },
      end() {
        reader.end();
      }
    };
  }
};

// src/classify/parsers/go-rust/go-messages.ts
var GO_PKG_HEADER = /^# ([\w.~/-]+)(?: \[[\w.~/-]+\])?$/;
var GO_LOCATED = /^(vet: )?(\S+?\.go):(\d+)(?::(\d+))?: (.*)$/;
var VET_FINDING = new RegExp(
  [
    "^self-assignment of ",
    "direct assignment to atomic value",
    "^(?:redundant|suspect) (?:or|and): ",
    "\\+build (?:line|comment)",
    "//go:build (?:comment|line)",
    "embedded pointer to C",
    "literal uses unkeyed fields",
    "copies lock",
    "passes lock by value",
    "//go:debug directive",
    "errors\\.As must be a non-nil pointer",
    "frame pointer is clobbered",
    " before checking for errors$",
    "no type can implement both",
    "\\(conflicting types for \\S+ method\\)$",
    "captured by func literal",
    "the cancel function",
    "^comparison of function \\S+ [!=]= nil is always",
    " format %",
    "call has possible (?:Printf )?formatting directive",
    "call has arguments but no formatting directives",
    "call needs \\d+ args? but has",
    "arg list ends with redundant newline",
    "is a func value, not called$",
    "non-constant format string in call to",
    "too small for shift of",
    "misuse of unbuffered os\\.Signal channel",
    "^method \\S+ should have signature",
    "yields a string of one rune",
    "not compatible with reflect\\.StructTag\\.Get",
    "^struct field \\S+ repeats \\S+ tag",
    "from a non-test goroutine",
    "has malformed (?:name|example suffix)",
    "refers to unknown (?:identifier|field or method)",
    "should (?:be niladic|return nothing)$",
    "2006-02-01 should be 2006-01-02",
    "passes non-pointer as",
    "^unreachable code$",
    "possible misuse of (?:unsafe\\.Pointer|reflect\\.)",
    "^result of \\S+ call not used",
    "^append with no values",
    "is not deferred$",
    "should be a string or a slog\\.Attr",
    "missing a final value",
    "WaitGroup\\.Add called from inside new goroutine",
    "does not work with IPv6",
    "requires go1\\.\\d+ or later"
  ].join("|")
);
function isVetFinding(message) {
  return VET_FINDING.test(message);
}
var NOT_PROVIDED = /no required module provides package ([^\s;]+)/;
var NOT_FOUND_QUOTED = /cannot find package "([^"\s]+)"/;
var NO_MODULE_PROVIDING = /cannot find module providing package ([^\s:;]+)/;
var MISSING_SUM_PROVIDING = /missing go\.sum entry for module providing package ([^\s;()]+)/;
var NOT_IN_GOROOT = /^package (\S+) is not in (?:GOROOT|std)\b/;
var MODULE_AT = /^(?:module )?([^\s@:]+)(?:@[^\s:]+)?: (.*)$/;
var MODULE_MISSING = /^(?:reading \S+: (?:404|410)\b|invalid version|unknown revision|missing go\.sum entry|no matching versions|module \S+ found \(\S+\), but does not contain package)/;
var NETWORK2 = /^(?:Get "|reading \S+: 5\d\d\b)|dial tcp|no such host|i\/o timeout|connection refused|TLS handshake timeout|Could not resolve host/;
function goDependencyProblem(message) {
  const named = NOT_PROVIDED.exec(message) ?? NOT_FOUND_QUOTED.exec(message) ?? NO_MODULE_PROVIDING.exec(message) ?? MISSING_SUM_PROVIDING.exec(message) ?? NOT_IN_GOROOT.exec(message);
  if (named) return { class: "dependency_missing", package: named[1] };
  if (message.startsWith("module lookup disabled by GOPROXY=")) return { class: "dependency_missing" };
  const m = MODULE_AT.exec(message);
  if (!m) return null;
  if (NETWORK2.test(m[2])) return { class: "orchestration_error" };
  if (MODULE_MISSING.test(m[2])) return { class: "dependency_missing", package: m[1] };
  return null;
}

// src/classify/parsers/go-rust/go-test-run.ts
var RUN = /^=== (RUN|CONT|NAME|PAUSE)\s+(\S+)$/;
var RESULT2 = /^(\s*)--- (FAIL|PASS|SKIP): (\S+) \(\d[\d.]*s\)$/;
var OUTPUT = /^(\s+)(\S+?\.go):(\d+): (.*)$/;
var PANIC = /^panic: (.*)$/;
var TIMED_OUT2 = /^test timed out after (\S+)$/;
var RUNNING_TEST = /^\s+(Test\S*) \(\S+\)$/;
var FRAME_FUNC = /^(\S+)\(.*\)$/;
var FRAME_FILE = /^\t(\S+?\.go):(\d+)(?: \+0x[\da-f]+)?$/;
var TEST_FUNC = /\.(Test\w*)(?:\.func\d+(?:\.\d+)*)?$/;
var GOROUTINE = /^goroutine \d+ \[/;
var GO_PACKAGE_RESULT = /^(?:(?:FAIL|ok)\s+\S+(?:\s|$)|FAIL$|PASS$|exit status \d+$)/;
var MAX_PANIC_LINES = 2e3;
var GoTestRun = class {
  #tests = /* @__PURE__ */ new Map();
  #running = [];
  /** Open `--- FAIL/PASS/SKIP` results whose indented output may follow (plain output). */
  #results = [];
  #current = null;
  #panic = null;
  #named = [];
  #frames = [];
  #goroutineFrames = 0;
  #skipGoroutine = false;
  #pendingFunc = null;
  /** True while a panic's goroutine dump is being read: the caller must keep feeding every line. */
  get inPanic() {
    return this.#panic !== null && this.#panic.lines < MAX_PANIC_LINES;
  }
  /** Reads one line; returns true if it belonged to the test run. */
  feed(text, ctx) {
    if (this.#panic) return this.#feedPanic(text, ctx);
    const run = RUN.exec(text);
    if (run) {
      this.#results = [];
      this.#current = run[1] === "PAUSE" ? null : run[2];
      if (run[1] === "RUN") this.#running.push(run[2]);
      return true;
    }
    const res = RESULT2.exec(text);
    if (res) {
      const indent = res[1].length;
      const name = res[3];
      this.#results = this.#results.filter((r) => r.indent < indent);
      this.#results.push({ indent, name });
      this.#current = null;
      const i = this.#running.lastIndexOf(name);
      if (i >= 0) this.#running.splice(i, 1);
      if (res[2] === "FAIL") {
        const t = this.#record(name);
        t.failed = true;
        t.result = ev(text, ctx);
      }
      return true;
    }
    const out = OUTPUT.exec(text);
    if (out) {
      const owner = this.#ownerOf(out[1].length);
      if (owner) {
        const t = this.#record(owner);
        t.output = { file: out[2], line: Number(out[3]), message: out[4], evidence: ev(text, ctx) };
      }
      return true;
    }
    const p = PANIC.exec(text);
    if (p) {
      const timeout = TIMED_OUT2.test(p[1]);
      this.#panic = { message: p[1], timeout, evidence: [ev(text, ctx)], lines: 0 };
      return true;
    }
    return false;
  }
  /** Ends this test binary's output: returns its failures and forgets them. */
  flush() {
    const out = [];
    if (this.#panic) out.push(...this.#panicFailures());
    const failed = [...this.#tests.values()].filter((t) => t.failed);
    for (const t of failed) {
      if (!t.output && failed.some((o2) => o2.name.startsWith(`${t.name}/`))) continue;
      if (out.some((f) => f.test === t.name)) continue;
      const o = t.output;
      out.push({
        class: "test_fail",
        tool: "go",
        test: t.name,
        message: o?.message ?? `${t.name} failed`,
        ...o ? { file: o.file, line: o.line } : {},
        evidence: [t.result, o?.evidence].filter((e) => e !== void 0).sort((a, b) => a.line - b.line)
      });
    }
    this.#tests.clear();
    this.#running.length = 0;
    this.#results = [];
    this.#current = null;
    this.#panic = null;
    this.#named = [];
    this.#frames = [];
    this.#pendingFunc = null;
    return out;
  }
  #record(name) {
    let t = this.#tests.get(name);
    if (!t) {
      t = { name, failed: false };
      this.#tests.set(name, t);
    }
    return t;
  }
  #ownerOf(indent) {
    for (let i = this.#results.length - 1; i >= 0; i--) {
      if (this.#results[i].indent < indent) return this.#results[i].name;
    }
    return this.#current;
  }
  #feedPanic(text, ctx) {
    const p = this.#panic;
    p.lines++;
    if (p.lines <= 3 && p.evidence.length < 3 && text.startsWith("	panic: ")) p.evidence.push(ev(text, ctx));
    const named = RUNNING_TEST.exec(text);
    if (named && p.timeout && this.#frames.length === 0) {
      this.#named.push(named[1]);
      return true;
    }
    if (GOROUTINE.test(text)) {
      this.#goroutineFrames = 0;
      this.#skipGoroutine = false;
      return true;
    }
    const fn = FRAME_FUNC.exec(text);
    if (fn && !text.startsWith("	")) {
      if (this.#goroutineFrames === 0 && fn[1] === "testing.(*T).Run") this.#skipGoroutine = true;
      this.#goroutineFrames++;
      this.#pendingFunc = fn[1];
      return true;
    }
    const file = FRAME_FILE.exec(text);
    if (file && this.#pendingFunc !== null) {
      if (!this.#skipGoroutine && file[1].endsWith("_test.go")) {
        this.#frames.push({ func: this.#pendingFunc, file: file[1], line: Number(file[2]), evidence: ev(text, ctx) });
      }
      this.#pendingFunc = null;
      return true;
    }
    return p.lines < MAX_PANIC_LINES;
  }
  #panicFailures() {
    const p = this.#panic;
    if (p.timeout) return this.#timeouts(p.message, p.evidence);
    const failed = [...this.#tests.values()].filter((t) => t.failed);
    const name = failed.at(-1)?.name ?? this.#running.at(-1);
    const frame = this.#frameFor(name);
    if (!name && !frame) return [];
    const test = name ?? testFromFrame(frame);
    const result = test !== void 0 ? this.#tests.get(test)?.result : void 0;
    return [
      {
        class: "test_fail",
        tool: "go",
        ...test ? { test } : {},
        message: `panic: ${p.message}`,
        ...frame ? { file: frame.file, line: frame.line } : {},
        evidence: [result, ...p.evidence, frame?.evidence].filter((e) => e !== void 0)
      }
    ];
  }
  #timeouts(message, evidence) {
    const names = this.#named.length > 0 ? this.#named : this.#running.slice(-1);
    if (names.length === 0) {
      const frame = this.#frames[0];
      const test = frame ? testFromFrame(frame) : void 0;
      return [timeoutFailure(message, evidence, test, frame)];
    }
    return names.map((name) => timeoutFailure(message, evidence, name, this.#frameFor(name)));
  }
  #frameFor(name) {
    if (name === void 0) return this.#frames[0];
    const top = name.split("/")[0];
    return this.#frames.find((f) => testFromFrame(f) === top) ?? this.#frames[0];
  }
};
function testFromFrame(f) {
  return TEST_FUNC.exec(f.func)?.[1];
}
function timeoutFailure(message, evidence, test, frame) {
  return {
    class: "timeout",
    tool: "go",
    message: `panic: ${message}`,
    ...test ? { test } : {},
    ...frame ? { file: frame.file, line: frame.line } : {},
    evidence: frame ? [...evidence, frame.evidence] : evidence
  };
}

// src/classify/parsers/go-rust/go.ts
var GO_PREFIXED = /^go: (.*)$/;
var CANT_LOAD = /^can't load package: (.*)$/;
var BUILD_FAILED = /^FAIL\s+(\S+) \[(?:build|setup) failed\]$/;
var BLOCK_CONTINUES = /^(?:\s|too many errors$|note: )/;
var MAX_BLOCK_LINES = 1e3;
var go = {
  name: "go",
  description: "go build/run/test: `# pkg` compile errors, module resolution errors, `--- FAIL` tests, panics and test timeouts",
  url: "https://pkg.go.dev/cmd/go#hdr-Test_packages",
  trigger: /^(?:=== [A-Z]|\s*--- [A-Z]{4}: |# |panic: |FAIL|ok |PASS$|go: |can't load package)|\.go:\d+:|no required module provides|cannot find (?:package|module providing)|go\.sum entry/,
  create(sink) {
    const run = new GoTestRun();
    let block = null;
    let sawDiagnostic = false;
    const flush = () => {
      for (const f of run.flush()) sink.emit(f);
    };
    const dependency = (message, text, ctx, loc2) => {
      const dep = goDependencyProblem(message);
      if (!dep) return false;
      sawDiagnostic = true;
      sink.emit({
        class: dep.class,
        tool: "go",
        // An unreachable proxy is reported as the whole line, so generic network parsers' copies merge with it.
        message: dep.class === "orchestration_error" ? text : message,
        ...dep.package ? { package: dep.package } : {},
        ...loc2 ?? {},
        evidence: [ev(text, ctx)]
      });
      return true;
    };
    const located4 = (text, ctx) => {
      const m = GO_LOCATED.exec(text);
      if (!m) return false;
      if (m[1] || isVetFinding(m[5])) return true;
      const loc2 = { file: m[2], line: Number(m[3]), ...m[4] ? { column: Number(m[4]) } : {} };
      if (dependency(m[5], text, ctx, loc2)) return true;
      sawDiagnostic = true;
      sink.emit({ class: "compile_error", tool: "go", message: m[5], ...loc2, evidence: [ev(text, ctx)] });
      return true;
    };
    const feedBlock = (text, ctx) => {
      const b = block;
      b.lines++;
      if (GO_LOCATED.test(text)) {
        sawDiagnostic = true;
        located4(text, ctx);
        return b.lines < MAX_BLOCK_LINES;
      }
      if (BLOCK_CONTINUES.test(text) && b.lines < MAX_BLOCK_LINES) return true;
      block = null;
      return false;
    };
    return {
      feed(text, ctx) {
        if (run.inPanic) {
          if (GO_PACKAGE_RESULT.test(text)) {
            flush();
            return false;
          }
          run.feed(text, ctx);
          return run.inPanic;
        }
        if (block) {
          if (feedBlock(text, ctx)) return true;
        }
        const header = GO_PKG_HEADER.exec(text);
        if (header) {
          block = { pkg: header[1], lines: 0 };
          return true;
        }
        if (run.feed(text, ctx)) return run.inPanic;
        const failed = BUILD_FAILED.exec(text);
        if (failed) {
          flush();
          if (!sawDiagnostic) {
            sink.emit({ class: "compile_error", tool: "go", message: `Package ${failed[1]} failed to build`, evidence: [ev(text, ctx)] });
          }
          return false;
        }
        if (GO_PACKAGE_RESULT.test(text)) {
          flush();
          return false;
        }
        const goMsg = GO_PREFIXED.exec(text) ?? CANT_LOAD.exec(text);
        if (goMsg) {
          dependency(goMsg[1], text, ctx);
          return false;
        }
        const loc2 = GO_LOCATED.exec(text);
        if (loc2 && !loc2[1]) {
          dependency(loc2[5], text, ctx, { file: loc2[2], line: Number(loc2[3]), ...loc2[4] ? { column: Number(loc2[4]) } : {} });
        }
        return false;
      },
      end() {
        flush();
      }
    };
  }
};

// src/classify/parsers/go-rust/go-vet.ts
var BLOCK_CONTINUES2 = /^\s/;
var MAX_BLOCK_LINES2 = 1e3;
var goVet = {
  name: "go-vet",
  description: "go vet (and the vet checks go test runs): `# pkg` then `./file.go:line:col: finding`, and `vet:` type errors",
  url: "https://pkg.go.dev/cmd/vet",
  trigger: /^(?:# |vet: )/,
  create(sink) {
    let lines = -1;
    return {
      feed(text, ctx) {
        if (GO_PKG_HEADER.test(text)) {
          lines = 0;
          return true;
        }
        if (lines < 0 && !text.startsWith("vet: ")) return false;
        const m = GO_LOCATED.exec(text);
        if (m) {
          const loc2 = { file: m[2], line: Number(m[3]), ...m[4] ? { column: Number(m[4]) } : {} };
          const message = m[5];
          if (m[1]) {
            const dep = goDependencyProblem(message);
            sink.emit({
              class: dep?.class ?? "compile_error",
              tool: "go-vet",
              message,
              ...dep?.package ? { package: dep.package } : {},
              ...loc2,
              evidence: [ev(text, ctx)]
            });
          } else if (isVetFinding(message)) {
            sink.emit({ class: "lint_error", tool: "go-vet", message, ...loc2, evidence: [ev(text, ctx)] });
          }
        } else if (!BLOCK_CONTINUES2.test(text) || lines < 0) {
          lines = -1;
          return false;
        }
        if (lines < 0) return false;
        lines++;
        if (lines >= MAX_BLOCK_LINES2) lines = -1;
        return lines >= 0;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/go-rust/index.ts
var GO_RUST_PARSERS = [go, goVet, cargo, clippy];

// src/classify/parsers/infra/step-gate.ts
var IF_STEP_FAILED = (o) => o === "failed" || o === "end";
var UNLESS_STEP_PASSED = (o) => o !== "passed";
function ifExitCode(code) {
  return (o, codes) => o === "end" || o !== "passed" && codes.has(code);
}
var TRAVIS_COMMAND = /^(?:travis_[\w.:=,-]*)?\$ /;
var TRAVIS_MARK = /travis_(?:fold|time):|^Done\. Your build exited with/;
var TRAVIS_EXIT = /" exited with (\d+)\.$/;
var TRAVIS_FAILED = /" failed(?: and exited with (\d+) during \w*| \d+ times)\.$/;
var GHA_EXIT = /^Process completed with exit code (\d+)\.$|^The process '[^']*' failed with exit code (\d+)$/;
var GHA_JOB_END = /^(?:Post job cleanup\.|Cleaning up orphan processes)$/;
var EXIT_STATUS = /(?:\bError|exit code|exit status|exited with) (1(?:2[4-7]|37))\b/;
var STEP_EVENT_SOURCE = String.raw`travis_(?:fold|time):|^\$ |" exited with \d|" failed|Done\. Your build exited|^Run |^Process completed with exit code|^The process '|^Post job cleanup|^Cleaning up orphan processes|(?:Error|exit code|exit status|exited with) 1(?:2[4-7]|37)\b`;
var STEP_EVENT_KEYWORDS = [
  "travis_fold:",
  "travis_time:",
  "$ ",
  '" exited with ',
  '" failed',
  "Done. Your build exited",
  "Run ",
  "Process completed with exit code",
  "The process '",
  "Post job cleanup",
  "Cleaning up orphan processes",
  "Error 12",
  "Error 137",
  "exit code 12",
  "exit code 137",
  "exit status 12",
  "exit status 137"
];
var MAX_HELD = 200;
var StepGate = class {
  #structured = false;
  #held = [];
  #codes = /* @__PURE__ */ new Set();
  #sink;
  constructor(sink) {
    this.#sink = sink;
  }
  /** Keeps a failure until its step ends. */
  hold(draft4, policy) {
    if (this.#held.length < MAX_HELD) this.#held.push({ draft: draft4, policy });
  }
  /** The failure held last, while its step has not ended (to add evidence from the lines that follow it). */
  last() {
    return this.#held.at(-1)?.draft ?? null;
  }
  /** Reads a line for step boundaries and verdicts; true when the line was one (and needs nothing else). */
  observe(text, ctx) {
    if (ctx.marker === "group" && text.startsWith("Run ")) return this.#resolve("passed", true);
    if (GHA_JOB_END.test(text)) return this.#resolve("passed", true);
    const gha = GHA_EXIT.exec(text);
    if (gha) return this.#exit(Number(gha[1] ?? gha[2]), true);
    if (text.includes("travis_") || text.startsWith("Done.")) {
      if (TRAVIS_MARK.test(text)) this.#structured = true;
    }
    const exit = text.includes('" ') ? TRAVIS_EXIT.exec(text) ?? TRAVIS_FAILED.exec(text) : null;
    if (exit) {
      this.#structured = true;
      return this.#exit(exit[1] === void 0 ? 1 : Number(exit[1]), true);
    }
    if (this.#structured && TRAVIS_COMMAND.test(text)) return this.#resolve("unknown", false);
    const status = text.includes(" 1") ? EXIT_STATUS.exec(text) : null;
    if (status) this.#codes.add(Number(status[1]));
    return false;
  }
  /** End of input: a log with no step structure is one step, and its end is its verdict. */
  end() {
    this.#resolve(this.#structured ? "unknown" : "end", false);
  }
  #exit(code, consumed) {
    this.#structured = true;
    if (code === 0) return this.#resolve("passed", consumed);
    this.#codes.add(code);
    return this.#resolve("failed", consumed);
  }
  #resolve(outcome, consumed) {
    if (outcome !== "end") this.#structured = true;
    for (const h of this.#held) if (h.policy(outcome, this.#codes)) this.#sink.emit(h.draft);
    this.#held = [];
    this.#codes.clear();
    return consumed;
  }
};

// src/classify/parsers/infra/git.ts
var MACHINERY = [
  /^fatal: couldn't find remote ref \S/,
  /^fatal: Could not read from remote repository\.?$/,
  /^fatal: repository '[^']*' (?:not found|does not exist)$/,
  /^fatal: '[^']*' does not appear to be a git repository$/,
  /^fatal: unable to access '[^']*': \S/,
  /^fatal: Remote branch \S+ not found in upstream \S+$/,
  /^fatal: detected dubious ownership in repository at '/,
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
  /^ssh: Could not resolve hostname \S+: /
];
var SAME_FAILURE_WITHIN = 3;
var git = {
  name: "git",
  description: "git and its ssh transport: `fatal:` remote/ref/credential/ownership errors, `error: pathspec`, `remote: Permission \u2026 denied`",
  url: "https://git-scm.com/docs/git#_git_commands",
  trigger: new RegExp(
    String.raw`^(?:fatal|error|remote|ssh|ERROR): |^Repository not found|^Host key verification failed|: Permission denied \(publickey|${STEP_EVENT_SOURCE}`
  ),
  keywords: ["fatal: ", "error: ", "remote: ", "ssh: ", "ERROR: ", "Repository not found", "Host key verification", "Permission denied (publickey", ...STEP_EVENT_KEYWORDS],
  create(sink) {
    const gate = new StepGate(sink);
    let lastLine = -SAME_FAILURE_WITHIN;
    return {
      feed(text, ctx) {
        if (!MACHINERY.some((re) => re.test(text))) {
          gate.observe(text, ctx);
          return false;
        }
        const held = gate.last();
        if (held && ctx.n - lastLine <= SAME_FAILURE_WITHIN) {
          held.evidence.push(ev(text, ctx));
        } else {
          gate.hold({ class: "orchestration_error", message: text, tool: "git", evidence: [ev(text, ctx)] }, UNLESS_STEP_PASSED);
        }
        lastLine = ctx.n;
        return false;
      },
      end() {
        gate.end();
      }
    };
  }
};

// src/classify/parsers/infra/github-runner.ts
var EXIT = /^Process completed with exit code (\d+)\.$/;
var PROCESS_FAILED = /^The process '[^']*' failed with exit code (\d+)$/;
var JOB_TIMEOUT = /^The job (?:running on runner .{1,200}? )?has exceeded the maximum execution time of \S/;
var ACTION_TIMEOUT = /^The action '.{1,300}?' has timed out after \d+ minutes?\.$/;
var CANCELED = /^The operation was canceled\.$/;
var SHUTDOWN = /^The runner has received a shutdown signal\b/;
var LOST = /^The (?:self-)?hosted runner\b.{0,200}? lost communication with the server\b/;
var NO_SPACE = /\bNo space left on device\b|\bENOSPC: no space left on device\b/;
var UNRESOLVED_ACTION = /^Unable to resolve action [`'"]?([^`'"\s,@]+)/;
var MISSING_ACTION_YML = /^Can't find 'action\.yml', 'action\.yaml' or 'Dockerfile' (?:under|for action) '([^']+)'/;
var FORGE_HTTP = /^(?:Error: )?Response status code does not indicate success: (?:5\d\d|40[13]|429)\b|\bAPI rate limit exceeded\b|\bsecondary rate limit\b/;
var githubRunner = {
  name: "github-runner",
  description: "GitHub Actions runner lines: `Process completed with exit code N`, job/action time limits, shutdown, lost runner, full disk, unresolvable actions",
  url: "https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idtimeout-minutes",
  trigger: new RegExp(
    String.raw`^Process completed with exit code|^The process '|^The job |^The action '|^The operation was canceled|^The runner has received|lost communication with the server|No space left on device|^Unable to resolve action|^Can't find 'action\.yml'|Response status code does not indicate success|rate limit|${STEP_EVENT_SOURCE}`
  ),
  keywords: [
    "Process completed with exit code",
    "The process '",
    "The job ",
    "The action '",
    "The operation was canceled",
    "The runner has received",
    "lost communication with the server",
    "No space left on device",
    "Unable to resolve action",
    "Can't find 'action.yml'",
    "Response status code does not indicate success",
    "rate limit",
    ...STEP_EVENT_KEYWORDS
  ],
  create(sink) {
    const gate = new StepGate(sink);
    const emit = (cls, text, ctx, pkg) => {
      sink.emit({ class: cls, message: text, tool: "github-actions", evidence: [ev(text, ctx)], ...pkg ? { package: pkg } : {} });
    };
    return {
      feed(text, ctx) {
        const exit = EXIT.exec(text) ?? PROCESS_FAILED.exec(text);
        if (exit && exit[1] !== "0") sink.jobFailed(ev(text, ctx));
        if (JOB_TIMEOUT.test(text) || ACTION_TIMEOUT.test(text)) emit("timeout", text, ctx);
        else if (CANCELED.test(text)) sink.jobFailed(ev(text, ctx));
        else if (SHUTDOWN.test(text) || LOST.test(text)) emit("orchestration_error", text, ctx);
        else if (NO_SPACE.test(text)) {
          gate.hold({ class: "orchestration_error", message: text, tool: "github-actions", evidence: [ev(text, ctx)] }, UNLESS_STEP_PASSED);
        } else if (ctx.marker !== "warning" && FORGE_HTTP.test(text)) emit("orchestration_error", text, ctx);
        else {
          const action = UNRESOLVED_ACTION.exec(text)?.[1] ?? actionOfPath(MISSING_ACTION_YML.exec(text)?.[1]);
          if (action) emit("dependency_missing", text, ctx, action);
        }
        gate.observe(text, ctx);
        return false;
      },
      end() {
        gate.end();
      }
    };
  }
};
function actionOfPath(path) {
  if (path === void 0) return void 0;
  const m = /\/_actions\/([^/]+\/[^/]+)\//.exec(`${path}/`);
  return m ? m[1] : path;
}

// src/classify/parsers/infra/literals.ts
function anyLiteral(literals) {
  return literals.map((l) => l.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|");
}

// src/classify/parsers/infra/network.ts
var CURL_NETWORK = String.raw`(?:5|6|7|16|18|28|35|47|51|52|55|56|58|59|60|77|90|91|92)`;
var HTTP_MACHINERY = String.raw`(?:5\d\d|40[137]|429)`;
var RULES = [
  { key: "curl: (", re: new RegExp(String.raw`^curl: \(${CURL_NETWORK}\) \S`), tool: "curl" },
  { key: "curl: (22)", re: new RegExp(String.raw`^curl: \(22\) The requested URL returned error: ${HTTP_MACHINERY}\b`), tool: "curl" },
  { key: "wget: unable", re: /^wget: unable to resolve host address /, tool: "wget" },
  { key: "... failed: ", re: /^Resolving \S+(?: \([^()]*\))?\.\.\. failed: /, tool: "wget" },
  { key: "... failed: ", re: /^Connecting to \S+(?: \([^()]*\))?(?:\|[^|]*\|)?:\d+\.\.\. failed: /, tool: "wget" },
  { key: "failed: ", re: /^failed: (?:Connection refused|Connection timed out|No route to host|Network is unreachable|Name or service not known|Temporary failure in name resolution)\.$/, tool: "wget" },
  { key: "ERROR ", re: new RegExp(String.raw`^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d )?ERROR ${HTTP_MACHINERY}: `), tool: "wget" },
  { key: "ERROR: ", re: /^ERROR: (?:no certificate subject alternative name matches|cannot verify \S+ certificate|certificate common name )/, tool: "wget" },
  { key: "The certificate's owner", re: /^The certificate's owner does not match hostname /, tool: "wget" },
  { key: "Unable to establish SSL", re: /^Unable to establish SSL connection\.$/, tool: "wget" },
  { key: "E: Failed to fetch", re: /^E: Failed to fetch \S/, tool: "apt" },
  { key: "E: The repository", re: /^E: The repository '[^']*' (?:does not have a Release file|is not signed)\.?$/, tool: "apt" },
  { key: "E: Could not get lock", re: /^E: Could not get lock /, tool: "apt" },
  { key: "E: Unable to locate package", re: /^E: Unable to locate package (\S+)$/, tool: "apt", cls: "dependency_missing", pkg: 1 },
  { key: "E: Package ", re: /^E: Package '([^']+)' has no installation candidate$/, tool: "apt", cls: "dependency_missing", pkg: 1 },
  { key: "E: Version ", re: /^E: Version '[^']*' for '([^']+)' was not found$/, tool: "apt", cls: "dependency_missing", pkg: 1 },
  { key: "Cannot connect to the Docker daemon", re: /Cannot connect to the Docker daemon at \S+\. Is the docker daemon running\?/, tool: "docker" },
  { key: "Error response from daemon: ", re: /Error response from daemon: (?:pull access denied for |manifest for \S+ not found|manifest unknown|toomanyrequests|Get "?https?:)/, tool: "docker" },
  { key: "toomanyrequests: ", re: /^toomanyrequests: /, tool: "docker" },
  { key: "connect ECONNREFUSED ", re: /\bconnect ECONNREFUSED \S/, tool: "node" },
  { key: "connect ETIMEDOUT ", re: /\bconnect ETIMEDOUT \S/, tool: "node" },
  { key: "getaddrinfo E", re: /\bgetaddrinfo (?:ENOTFOUND|EAI_AGAIN) \S/, tool: "node" },
  { key: "Could not resolve host: ", re: /Could not resolve host: \S/, tool: "network" },
  { key: "Temporary failure in name resolution", re: /Temporary failure in name resolution/, tool: "network" },
  { key: "Name or service not known", re: /Name or service not known/, tool: "network" },
  { key: "nodename nor servname provided", re: /nodename nor servname provided/, tool: "network" },
  { key: ": no such host", re: /: no such host$/, tool: "network" },
  { key: "onnection refused", re: /\b[Cc]onnection refused\b/, tool: "network" },
  { key: "SSL certificate problem: ", re: /SSL certificate problem: /, tool: "network" },
  { key: "CERTIFICATE_VERIFY_FAILED", re: /CERTIFICATE_VERIFY_FAILED/, tool: "network" },
  { key: "certificate verify failed", re: /certificate verify failed/, tool: "network" },
  { key: "x509: certificate ", re: /x509: certificate /, tool: "network" },
  { key: "unable to get local issuer certificate", re: /unable to get local issuer certificate/, tool: "network" },
  { key: "Could not create connection to ", re: /Could not create connection to \S+:\d+/, tool: "network" },
  { key: "Couldn't establish HTTP connection", re: /Couldn't establish HTTP connection/, tool: "network" },
  { key: "Max retries exceeded with url: ", re: /Max retries exceeded with url: /, tool: "python" },
  { key: "gh: ", re: new RegExp(String.raw`^gh: .*\(HTTP ${HTTP_MACHINERY}\)$`), tool: "gh" },
  { key: "API rate limit exceeded", re: /\bAPI rate limit exceeded\b/, tool: "network" },
  { key: "secondary rate limit", re: /\bsecondary rate limit\b/, tool: "network" },
  { key: "Out of memory: Kill", re: /\bOut of memory: Kill(?:ed)? process\b/, tool: "kernel" },
  { key: "OOMKilled", re: /\bOOMKilled\b/, tool: "kubernetes" },
  { key: "oom-kill", re: /\boom-kill\b/, tool: "kernel" },
  { key: "Memory cgroup out of memory", re: /\bMemory cgroup out of memory\b/, tool: "kernel" },
  // bash's job report for a SIGKILLed child; the step's exit status 137 says the kill ended it.
  { key: "Killed", re: /^(?:\S+: line \d+: +\d+ Killed\b|Killed$)/, tool: "bash", policy: ifExitCode(137) }
];
var OTHER_TOOL = /^(?:fatal|ssh|remote): /;
var KEYWORDS = [
  "curl: (",
  "wget: unable",
  "... failed: ",
  "failed: Connection",
  "failed: No route",
  "failed: Network",
  "failed: Name",
  "failed: Temporary",
  "ERROR 5",
  "ERROR 40",
  "ERROR 429",
  "ERROR: ",
  "The certificate's owner",
  "Unable to establish SSL",
  "E: Failed to fetch",
  "E: The repository",
  "E: Could not get lock",
  "E: Unable to locate package",
  "E: Package ",
  "E: Version ",
  "Cannot connect to the Docker daemon",
  "Error response from daemon",
  "toomanyrequests",
  "connect ECONNREFUSED ",
  "connect ETIMEDOUT ",
  "getaddrinfo E",
  "Could not resolve host",
  "name resolution",
  "Name or service not known",
  "nodename nor servname",
  ": no such host",
  "onnection refused",
  "SSL certificate problem: ",
  "CERTIFICATE_VERIFY_FAILED",
  "certificate verify failed",
  "x509: certificate",
  "local issuer certificate",
  "Could not create connection to ",
  "Couldn't establish HTTP connection",
  "Max retries exceeded with url: ",
  "gh: ",
  "rate limit",
  "Out of memory: Kill",
  "OOMKilled",
  "oom-kill",
  "Memory cgroup out of memory",
  "Killed"
];
var network = {
  name: "network",
  description: "curl/wget/apt/docker/node/pip network, DNS, TLS and forge HTTP errors, `E: Unable to locate package`, OOM kills",
  url: "https://curl.se/docs/manpage.html#EXIT",
  trigger: new RegExp(`${anyLiteral(KEYWORDS)}|${STEP_EVENT_SOURCE}`),
  keywords: [...KEYWORDS, ...STEP_EVENT_KEYWORDS],
  create(sink) {
    const gate = new StepGate(sink);
    return {
      feed(text, ctx) {
        const rule = OTHER_TOOL.test(text) ? void 0 : RULES.find((r) => text.includes(r.key) && r.re.test(text));
        if (!rule) {
          gate.observe(text, ctx);
          return false;
        }
        const cls = rule.cls ?? "orchestration_error";
        const pkg = rule.pkg === void 0 ? void 0 : rule.re.exec(text)?.[rule.pkg];
        const draft4 = { class: cls, message: text, tool: rule.tool, evidence: [ev(text, ctx)], ...pkg ? { package: pkg } : {} };
        gate.hold(draft4, rule.policy ?? IF_STEP_FAILED);
        return false;
      },
      end() {
        gate.end();
      }
    };
  }
};

// src/classify/parsers/infra/shell.ts
var WHO = String.raw`(?:(?:/usr)?/bin/)?(?:ba|da|z|k)?sh`;
var BASH_NOT_FOUND = /^(?:\S+: (?:line \d+: )?)?([^\s:]+): command not found$/;
var DASH_NOT_FOUND = /^\S+: \d+: ([^\s:]+): not found$/;
var ZSH_NOT_FOUND = /^zsh:(?:\d+: )?command not found: (\S+)$/;
var ENV_NOT_FOUND = /^(?:\/usr)?\/bin\/env: ['‘]([^'’\s]+)['’]: No such file or directory$/;
var NOT_EXECUTABLE = new RegExp(String.raw`^(?:${WHO}: (?:line \d+: |\d+: )?|\S+: (?:line \d+|\d+): )(\S+): Permission denied$`);
var TIMEOUT = /^timeout: sending signal (\w+) to command ['‘](.+)['’]$/;
var SHELL_HOOKS = /* @__PURE__ */ new Set(["shell_session_update", "update_terminal_cwd"]);
var shell = {
  name: "shell",
  description: "bash/dash/zsh `command not found`, `env: \u2026 No such file`, `Permission denied` (exit 126) and `timeout --verbose` kills",
  url: "https://www.gnu.org/software/bash/manual/html_node/Exit-Status.html",
  trigger: new RegExp(String.raw`command not found|: not found$|Permission denied$|No such file or directory$|^timeout: sending signal|${STEP_EVENT_SOURCE}`),
  keywords: ["command not found", ": not found", "Permission denied", "No such file or directory", "timeout: sending signal", ...STEP_EVENT_KEYWORDS],
  create(sink) {
    const gate = new StepGate(sink);
    return {
      feed(text, ctx) {
        const t = text.startsWith("timeout: ") ? TIMEOUT.exec(text) : null;
        if (t) {
          sink.emit({ class: "timeout", message: text, tool: "timeout", evidence: [ev(text, ctx)] });
          return false;
        }
        const cmd = text.includes("not found") || text.endsWith("No such file or directory") ? commandOf(text) : void 0;
        if (cmd !== void 0) {
          if (!SHELL_HOOKS.has(cmd)) {
            gate.hold({ class: "dependency_missing", message: text, tool: "shell", package: cmd, evidence: [ev(text, ctx)] }, ifExitCode(127));
          }
          return false;
        }
        if (text.endsWith(": Permission denied") && NOT_EXECUTABLE.test(text)) {
          gate.hold({ class: "orchestration_error", message: text, tool: "shell", evidence: [ev(text, ctx)] }, ifExitCode(126));
          return false;
        }
        gate.observe(text, ctx);
        return false;
      },
      end() {
        gate.end();
      }
    };
  }
};
function commandOf(text) {
  return (BASH_NOT_FOUND.exec(text) ?? DASH_NOT_FOUND.exec(text) ?? ZSH_NOT_FOUND.exec(text) ?? ENV_NOT_FOUND.exec(text))?.[1];
}

// src/classify/parsers/infra/shellcheck.ts
var GCC = /^(\S(?:[^:]|:[\\/])*?):(\d+):(\d+): (?:error|warning|note|info|style): (.*) \[(SC\d+)\]$/;
var HEADER6 = /^In (.+) line (\d+):$/;
var CARET = /^( *)\^[-^]* (SC\d+) \((?:error|warning|info|style)\): (.*)$/;
var TAB_WIDTH = 8;
var shellcheck = {
  name: "shellcheck",
  description: "ShellCheck findings, `-f gcc` (`file:line:col: severity: msg [SCnnnn]`) and the default tty blocks (`In file line N:`)",
  url: "https://github.com/koalaman/shellcheck/wiki/Checks",
  trigger: /\[SC\d+\]$|^In .+ line \d+:$|\^[-^]* SC\d+ \(/,
  keywords: ["[SC", "In ", " SC"],
  create(sink) {
    let header = null;
    let awaitingSource = false;
    return {
      feed(text, ctx) {
        const g = GCC.exec(text);
        if (g) {
          sink.emit({
            class: "lint_error",
            message: g[4],
            file: g[1],
            line: Number(g[2]),
            column: Number(g[3]),
            code: g[5],
            tool: "shellcheck",
            evidence: [ev(text, ctx)]
          });
          return false;
        }
        if (awaitingSource && header) {
          awaitingSource = false;
          header.source = text;
          if (!CARET.test(text)) return false;
        }
        const h = HEADER6.exec(text);
        if (h) {
          header = { file: h[1], line: Number(h[2]), source: null, evidence: ev(text, ctx) };
          awaitingSource = true;
          return true;
        }
        const c = CARET.exec(text);
        if (c && header) {
          sink.emit({
            class: "lint_error",
            message: c[3],
            file: header.file,
            line: header.line,
            column: columnOf(header.source ?? "", c[1].length),
            code: c[2],
            tool: "shellcheck",
            evidence: [header.evidence, ...header.source === null ? [] : [ev(header.source, { ...ctx, n: header.evidence.line + 1 })], ev(text, ctx)]
          });
        }
        return false;
      },
      end() {
      }
    };
  }
};
function columnOf(source, caretIndent) {
  let screen = 0;
  for (let i = 0; i < source.length; i++) {
    if (screen >= caretIndent) return i + 1;
    screen = source[i] === "	" ? (Math.floor(screen / TAB_WIDTH) + 1) * TAB_WIDTH : screen + 1;
  }
  return caretIndent - screen + source.length + 1;
}

// src/classify/parsers/infra/travis.ts
var START = 'The command "';
var VERDICT2 = /" (?:exited with (\d+)|failed and exited with (\d+) during \w*|failed (\d+) times)\.$/;
var RETRYING = /" failed\. Retrying, \d+ of \d+\.$/;
var BUILD_EXIT = /Done\. Your build exited with (\d+)\.$/;
var JOB_TIME_LIMIT = /^The job exceeded the maximum time limit for jobs, and has been terminated\.$/;
var NO_OUTPUT = /^No output has been received in the last \w+, this potentially indicates a stalled build or something wrong with the build itself\.$/;
var CHECKOUT = /^(?:eval )?git (?:clone|fetch|checkout|submodule|pull)\b/;
var MAX_COMMAND_LINES = 60;
var travis = {
  name: "travis",
  description: 'Travis CI runner lines: `The command "x" exited with N.`, `Done. Your build exited with N.`, job time limit and no-output kills, failed git checkout',
  url: "https://docs.travis-ci.com/user/common-build-problems/",
  trigger: /The command "|Done\. Your build exited with|^The job exceeded the maximum time limit|^No output has been received in the last/,
  keywords: ['The command "', "Done. Your build exited with", "The job exceeded the maximum time limit", "No output has been received in the last"],
  create(sink) {
    let command = null;
    let evidence = [];
    const verdict = (text, ctx) => {
      if (RETRYING.test(text)) {
        command = null;
        return false;
      }
      const v = VERDICT2.exec(text);
      if (!v) return evidence.length < MAX_COMMAND_LINES;
      const code = Number(v[1] ?? v[2] ?? 1);
      const cmd = command ?? "";
      command = null;
      if (code === 0) return false;
      sink.jobFailed(ev(text, ctx));
      if (CHECKOUT.test(cmd)) {
        sink.emit({ class: "orchestration_error", message: `The command "${cmd}" failed`, tool: "travis", evidence: [...evidence, ev(text, ctx)] });
      }
      return false;
    };
    return {
      feed(text, ctx) {
        if (command !== null) {
          evidence.push(ev(text, ctx));
          command += `
${text}`;
          return verdict(text, ctx);
        }
        const at = text.indexOf(START);
        if (at >= 0) {
          const rest = text.slice(at + START.length);
          const v = VERDICT2.exec(rest) ?? RETRYING.exec(rest);
          command = v ? rest.slice(0, v.index) : rest;
          evidence = [ev(text, ctx)];
          return verdict(text, ctx);
        }
        const b = BUILD_EXIT.exec(text);
        if (b && b[1] !== "0") sink.jobFailed(ev(text, ctx));
        else if (JOB_TIME_LIMIT.test(text) || NO_OUTPUT.test(text)) {
          sink.emit({ class: "timeout", message: text, tool: "travis", evidence: [ev(text, ctx)] });
        }
        return false;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/infra/yamllint.ts
var PARSABLE = /^(\S(?:[^:]|:[\\/])*?):(\d+):(\d+): \[(error|warning)\] (.*?)(?: \(([\w-]+)\))?$/;
var STANDARD = /^ {2}(\d+):(\d+) +(error|warning) +(.*?)(?: {2}\(([\w-]+)\))?$/;
var GITHUB = /^(\d+):(\d+) \[([\w-]+)\] (.*)$/;
var FILE2 = /^(\S.*\.ya?ml)$/;
var STRICT = /\byamllint\b.*\s(?:-s|--strict)(?:\s|$)/;
var STEP_END = /^Process completed with exit code (\d+)\.$|" exited with (\d+)\.$/;
var MAX_WARNINGS = 1e3;
var yamllint = {
  name: "yamllint",
  description: "yamllint findings in the parsable, standard/colored and github formats; warnings count under `-s`",
  url: "https://yamllint.readthedocs.io/en/stable/configuration.html#errors-and-warnings",
  trigger: /: \[(?:error|warning)\] |^ {2}\d+:\d+ +(?:error|warning) |^\d+:\d+ \[[\w-]+\] |\.ya?ml$|yamllint|^Run |^Process completed with exit code \d|" exited with \d/,
  keywords: [": [error] ", ": [warning] ", "error ", "warning ", "::error file=", "::warning file=", ".yml", ".yaml", "yamllint", "Run ", "Process completed with exit code", '" exited with '],
  create(sink) {
    let file = null;
    let fileLine = 0;
    let lastProblem = 0;
    let strict = false;
    let errors = 0;
    let warnings = [];
    const report = (d, level) => {
      if (level === "error") {
        errors++;
        sink.emit(d);
      } else if (strict) {
        sink.emit(d);
      } else if (warnings.length < MAX_WARNINGS) {
        warnings.push(d);
      }
    };
    const flush = (count) => {
      if (count) for (const w of warnings) sink.emit(w);
      warnings = [];
    };
    return {
      feed(text, ctx) {
        const p = PARSABLE.exec(text);
        if (p) {
          report(draft(p[5], p[1], p[2], p[3], p[6], text, ctx), p[4]);
          return false;
        }
        const s = STANDARD.exec(text);
        if (s) {
          const inBlock = file !== null && (ctx.n === fileLine + 1 || ctx.n === lastProblem + 1);
          lastProblem = ctx.n;
          report(draft(s[4], inBlock ? file : null, s[1], s[2], s[5], text, ctx), s[3]);
          return false;
        }
        const g = GITHUB.exec(text);
        if (g && (ctx.marker === "error" || ctx.marker === "warning")) {
          report(draft(g[4], ctx.props?.file ?? null, g[1], g[2], g[3], text, ctx), ctx.marker);
          return false;
        }
        if (STRICT.test(text)) {
          strict = true;
          flush(true);
        }
        const end = STEP_END.exec(text);
        if (end || ctx.marker === "group" && text.startsWith("Run ")) {
          flush(end !== null && Number(end[1] ?? end[2]) === 2 && errors === 0);
          errors = 0;
          return false;
        }
        const f = FILE2.exec(text);
        if (f) {
          file = f[1];
          fileLine = ctx.n;
        }
        return false;
      },
      end() {
      }
    };
  }
};
function draft(message, file, line, column, rule, text, ctx) {
  return {
    class: "lint_error",
    message,
    line: Number(line),
    column: Number(column),
    tool: "yamllint",
    evidence: [ev(text, ctx)],
    ...file ? { file } : {},
    ...rule ? { code: rule } : {}
  };
}

// src/classify/parsers/infra/index.ts
var INFRA_PARSERS = [githubRunner, travis, git, shell, network, shellcheck, yamllint];

// src/classify/parsers/specifier.ts
function isBareSpecifier(spec) {
  if (spec === "" || spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("~/")) return false;
  if (/^[A-Za-z]:[\\/]/.test(spec) || spec.startsWith("file:") || spec.startsWith("#")) return false;
  return true;
}
function packageName(spec) {
  const parts = spec.split("/");
  if (spec.startsWith("@") && parts.length >= 2) return `${parts[0]}/${parts[1]}`;
  return parts[0];
}

// src/classify/parsers/js-test/stack.ts
var MAX_FRAME_CHARS = 2e3;
function parseFrame(text, prefix) {
  if (text.length > MAX_FRAME_CHARS) return null;
  let i = 0;
  while (i < text.length && (text[i] === " " || text[i] === "	")) i++;
  const indent = i;
  if (prefix !== "") {
    if (!text.startsWith(prefix, i) || text[i + prefix.length] !== " ") return null;
    i += prefix.length + 1;
  }
  let body = text.slice(i).trimEnd();
  let fn = "";
  if (body.endsWith(")")) {
    const open2 = body.lastIndexOf(" (");
    if (open2 > 0) {
      fn = body.slice(0, open2);
      body = body.slice(open2 + 2, -1);
    } else if (body.startsWith("(")) {
      body = body.slice(1, -1);
    }
  } else if (prefix === "\u276F") {
    const space = body.lastIndexOf(" ");
    if (space > 0) {
      fn = body.slice(0, space);
      body = body.slice(space + 1);
    }
  }
  const c2 = body.lastIndexOf(":");
  const c1 = c2 > 0 ? body.lastIndexOf(":", c2 - 1) : -1;
  if (c1 <= 0) return null;
  const line = digits(body.slice(c1 + 1, c2));
  const column = digits(body.slice(c2 + 1));
  if (line === null || column === null) return null;
  let file = body.slice(0, c1);
  const url = file.indexOf("file:/");
  if (url > 0) file = `/${file.slice(url + 5).replace(/^\/+/, "")}`;
  if (file === "" || file.includes(" (")) return null;
  return { fn, file, line, column, indent };
}
function digits(s) {
  return s.length > 0 && s.length < 10 && /^\d+$/.test(s) ? Number(s) : null;
}
function isExternal(file) {
  return file.includes("node_modules/") || file.includes("node_modules\\") || file.startsWith("node:") || file.startsWith("internal/") || file === "<anonymous>" || file === "native";
}
var TEST_PATH = /(?:^|[\\/])(?:__tests__|tests?|spec|specs|__specs__)[\\/]|[._-](?:test|spec)s?\.[cm]?[jt]sx?$/;
function looksLikeTestFile(file) {
  return TEST_PATH.test(file);
}
function sameFile(printed, file) {
  const a = printed.replace(/\\/g, "/").replace(/^file:\/\//, "");
  const b = file.replace(/\\/g, "/").replace(/^\.\//, "");
  if (b === "") return false;
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}
function pickFrame(frames, ...prefs) {
  for (const p of prefs) {
    const f = frames.find(p);
    if (f) return f;
  }
  return void 0;
}
function unresolved(spec) {
  return isBareSpecifier(spec) ? { class: "dependency_missing", package: packageName(spec) } : { class: "compile_error" };
}
function stripDuration(name) {
  return name.replace(/ \(\d+(?:\.\d+)? ?m?s\)$/, "").replace(/ \d+(?:\.\d+)? ?m?s$/, "");
}

// src/classify/parsers/js-test/jest.ts
var FAIL = /^\s*FAIL\s+(\S.*)$/;
var PASS = /^\s*PASS\s/;
var BULLET = /^\s*● (.+)$/;
var SUMMARY2 = /^Tests:\s+(\d+) failed/;
var MODULE = /Cannot find module '([^']+)' from '([^']+)'/;
var TIMEOUT2 = /Exceeded timeout of \d+ ?ms/;
var BABEL_SYNTAX = /^SyntaxError: (\S[^:]*): (.*) \((\d+):(\d+)\)$/;
var TS_DIAGNOSTIC = /error TS\d+/;
var MAX_BLOCK_LINES3 = 1e3;
var MAX_KEPT_CHARS = 2e3;
var jest = {
  name: "jest",
  description: 'Jest default reporter: `\u25CF suite \u203A test` blocks with code frame and stack, "Test suite failed to run", timeouts',
  url: "https://jestjs.io/docs/cli#--reporters",
  trigger: /^\s*(?:FAIL\s|PASS\s|● |Tests:\s+\d+ failed)/,
  create(sink) {
    let suiteFile = null;
    let block = null;
    let emitted = false;
    const flush = () => {
      if (block && emitBlock(block, sink)) emitted = true;
      block = null;
    };
    return {
      feed(text, ctx) {
        const fail = FAIL.exec(text);
        if (fail && !fail[1].includes(" > ") && !fail[1].endsWith(" ]")) {
          flush();
          suiteFile = suitePath(fail[1]);
          return false;
        }
        if (PASS.test(text)) {
          flush();
          suiteFile = null;
          return false;
        }
        const bullet = BULLET.exec(text);
        if (bullet) {
          flush();
          const name = bullet[1].trim();
          if (suiteFile === null || name === "Console") return false;
          const suite = name === "Test suite failed to run";
          block = { suite, test: name, file: suiteFile, lines: [], frames: [], evidence: [ev(text, ctx)], count: 0 };
          return true;
        }
        const summary = SUMMARY2.exec(text);
        if (summary) {
          flush();
          if (!emitted) {
            const n = summary[1];
            sink.emit({ class: "test_fail", message: `${n} ${n === "1" ? "test" : "tests"} failed`, tool: "jest", evidence: [ev(text, ctx)] });
            emitted = true;
          }
          return false;
        }
        if (!block) return false;
        const b = block;
        if (text.trim() !== "" && !/^\s{2}/.test(text)) {
          flush();
          return false;
        }
        readBlockLine(b, text, ctx);
        if (++b.count > MAX_BLOCK_LINES3) {
          flush();
          return false;
        }
        return true;
      },
      end() {
        flush();
      }
    };
  }
};
function suitePath(rest) {
  const words = stripDuration(rest.trim()).split(/\s+/);
  return words[words.length - 1].replace(/^\.\//, "");
}
function readBlockLine(b, text, ctx) {
  const frame = parseFrame(text, "at");
  if (frame) {
    if (b.frames.length < 100) b.frames.push(frame);
    if (b.evidence.length < 8 && !isExternal(frame.file)) b.evidence.push(ev(text, ctx));
    return;
  }
  const t = text.trim();
  if (t === "" || b.lines.length >= 200 || t.length > MAX_KEPT_CHARS) return;
  b.lines.push(t);
  if (b.lines.length === 1) b.evidence.push(ev(text, ctx));
}
function emitBlock(b, sink) {
  const first = b.lines.find((l) => !/^(?:thrown: )?"?$/.test(l)) ?? b.test;
  const message = first.replace(/^thrown: "/, "");
  const draft4 = { class: "test_fail", message, tool: "jest", evidence: b.evidence };
  if (!b.suite) draft4.test = b.test;
  const own = ownStack(b.frames);
  let moduleLike = false;
  for (const l of b.lines) {
    const mod = MODULE.exec(l);
    if (mod) {
      const u = unresolved(mod[1]);
      draft4.class = u.class;
      if (u.package) draft4.package = u.package;
      draft4.message = l;
      moduleLike = true;
      break;
    }
    if (TIMEOUT2.test(l)) {
      draft4.class = "timeout";
      break;
    }
    if (b.suite && TS_DIAGNOSTIC.test(l)) return false;
    const syntax = BABEL_SYNTAX.exec(l);
    if (b.suite && syntax) {
      sink.emit({ ...draft4, class: "compile_error", message: l, file: syntax[1], line: Number(syntax[3]), column: Number(syntax[4]) });
      return true;
    }
    if (b.suite && l.startsWith("SyntaxError:")) {
      draft4.class = "compile_error";
      draft4.message = l;
      moduleLike = true;
      break;
    }
  }
  const inSuite = (f) => sameFile(f.file, b.file);
  const inProject = (f) => !isExternal(f.file);
  const at = moduleLike ? pickFrame(b.frames, (f) => own.includes(f) && inProject(f), inProject) : pickFrame(
    b.frames,
    (f) => own.includes(f) && inSuite(f),
    inSuite,
    (f) => inProject(f) && looksLikeTestFile(f.file),
    (f) => own.includes(f) && inProject(f),
    inProject
  );
  if (at) {
    draft4.file = at.file;
    draft4.line = at.line;
    draft4.column = at.column;
  } else {
    draft4.file = b.file;
  }
  sink.emit(draft4);
  return true;
}
function ownStack(frames) {
  if (frames.length === 0) return [];
  const min = Math.min(...frames.map((f) => f.indent));
  return frames.filter((f) => f.indent === min);
}

// src/classify/parsers/js-test/mocha.ts
var FAILING = /^\s*(\d+) failing\s*$/;
var HEADER7 = /^(\s*)(\d+)\) (.*)$/;
var TIMEOUT3 = /\bTimeout of \d+ ?ms exceeded\b/i;
var TIMEOUT_FILE = / \(([^()]+)\)$/;
var MODULE2 = /Cannot find module '([^']+)'/;
var MAX_IDLE_LINES = 500;
var mocha = {
  name: "mocha",
  description: "Mocha epilogue of the spec/dot/list reporters: `N failing`, `1) suite\\n  test:` with error and stack",
  url: "https://mochajs.org/#reporters",
  trigger: /^\s*\d+ failing\s*$/,
  create(sink) {
    let expected = 0;
    let next = 0;
    let idle = 0;
    let block = null;
    const flush = () => {
      if (block) emitBlock2(block, sink);
      block = null;
    };
    const close = () => {
      flush();
      expected = 0;
      return false;
    };
    return {
      feed(text, ctx) {
        const failing = FAILING.exec(text);
        if (failing) {
          flush();
          expected = Number(failing[1]);
          next = 1;
          idle = 0;
          return expected > 0;
        }
        if (expected === 0) return false;
        const h = HEADER7.exec(text);
        if (h && Number(h[2]) === next && next <= expected && h[3].trim() !== "") {
          flush();
          next++;
          idle = 0;
          const title = h[3].trim();
          const done = title.endsWith(":");
          block = { titles: [done ? title.slice(0, -1) : title], titleDone: done, messages: [], frames: [], stackEnded: false, evidence: [ev(text, ctx)] };
          return true;
        }
        if (block) readBlockLine2(block, text, ctx);
        if (block && next > expected && block.stackEnded) return close();
        if (++idle > MAX_IDLE_LINES) return close();
        return true;
      },
      end() {
        flush();
      }
    };
  }
};
function readBlockLine2(b, text, ctx) {
  const t = text.trim();
  if (!b.titleDone) {
    if (t === "") return;
    const done = t.endsWith(":");
    b.titles.push(done ? t.slice(0, -1) : t);
    b.titleDone = done || b.titles.length >= 20;
    return;
  }
  const frame = parseFrame(text, "at");
  if (frame) {
    if (b.frames.length < 100) b.frames.push(frame);
    if (b.evidence.length < 6 && !isExternal(frame.file)) b.evidence.push(ev(text, ctx));
    return;
  }
  if (b.frames.length > 0) {
    b.stackEnded = true;
    return;
  }
  if (t !== "" && b.messages.length < 20 && t.length < 2e3) {
    b.messages.push(t);
    if (b.messages.length === 1) b.evidence.push(ev(text, ctx));
  }
}
function emitBlock2(b, sink) {
  const message = b.messages[0] ?? "";
  const draft4 = { class: "test_fail", message, tool: "mocha", test: b.titles.join(" > "), evidence: b.evidence };
  const mod = MODULE2.exec(message);
  if (mod) {
    const u = unresolved(mod[1]);
    draft4.class = u.class;
    if (u.package) draft4.package = u.package;
  } else if (TIMEOUT3.test(message)) {
    draft4.class = "timeout";
  }
  const at = pickFrame(
    b.frames,
    (f) => f.fn.startsWith("Context.") && !isExternal(f.file),
    (f) => !isExternal(f.file) && looksLikeTestFile(f.file),
    (f) => !isExternal(f.file)
  );
  if (at) {
    draft4.file = at.file;
    draft4.line = at.line;
    draft4.column = at.column;
  } else if (draft4.class === "timeout") {
    const file = TIMEOUT_FILE.exec(message)?.[1];
    if (file) draft4.file = file;
  }
  sink.emit(draft4);
}

// src/classify/parsers/js-test/node-test.ts
var TREE = /^( *)([▶✖✔﹣]) (.+)$/;
var FAILING_TESTS = /^✖ failing tests:\s*$/;
var TEST_AT = /^test at (\S.*)$/;
var SUBTEST = /^( *)# Subtest: (.*)$/;
var NOT_OK = /^( *)not ok \d+ - (.*)$/;
var DIRECTIVE = / # (?:SKIP|TODO)\b.*$/i;
var TIMED_OUT3 = /^'?test timed out after \d+ ?ms'?$/;
var CONSEQUENCE2 = /^'?(?:\d+ subtests? failed|test did not finish before its parent and was cancelled|Promise resolution is still pending but the event loop has already resolved)'?$/;
var MODULE3 = /Cannot find (?:package|module) '([^']+)'/;
var MAX_ENTRY_LINES = 400;
var nodeTest = {
  name: "node-test",
  description: "node:test spec reporter (tree and `\u2716 failing tests:` with `test at file:line:col`) and TAP reporter (`not ok` with YAML diagnostics)",
  url: "https://nodejs.org/api/test.html#test-reporters",
  trigger: /^ *(?:[▶✖✔﹣] |# Subtest: |not ok \d)/,
  create(sink) {
    const suites = [];
    const tapStack = [];
    const failedByName = /* @__PURE__ */ new Map();
    let mode = "idle";
    let entry = null;
    let pendingLoc = null;
    let yamlIndent = -1;
    let yamlKey = "";
    const flush = () => {
      if (entry) emitEntry(entry, sink);
      entry = null;
    };
    const readTree = (text) => {
      const m = TREE.exec(text);
      if (!m) return;
      const depth = Math.floor(m[1].length / 2);
      const name = cleanName(m[3]);
      if (suites.length > depth) suites.length = depth;
      if (m[2] === "\u25B6") {
        suites.push(name);
      } else if (m[2] === "\u2716") {
        const list = failedByName.get(name) ?? [];
        if (list.length < 1e3) list.push([...suites, name]);
        failedByName.set(name, list);
      }
    };
    const startEntry = (text, name, ctx) => {
      flush();
      const full = failedByName.get(name)?.shift() ?? [name];
      entry = { name, full, loc: pendingLoc?.frame ?? null, failureType: null, messages: [], frames: [], evidence: [], count: 0 };
      if (pendingLoc) entry.evidence.push(pendingLoc.evidence);
      entry.evidence.push(ev(text, ctx));
      pendingLoc = null;
    };
    return {
      feed(text, ctx) {
        if (mode === "yaml" && entry) {
          if (readYaml(entry, text, ctx)) return true;
        }
        if (mode === "summary") {
          const at = TEST_AT.exec(text);
          if (at) {
            flush();
            const frame = parseFrame(at[1], "");
            pendingLoc = frame ? { frame, evidence: ev(text, ctx) } : null;
            return true;
          }
          if (text.startsWith("\u2716 ")) {
            startEntry(text, cleanName(text.slice(2)), ctx);
            return true;
          }
          if (text !== "" && !text.startsWith(" ")) {
            flush();
            mode = "idle";
            return false;
          }
          if (entry) {
            const e = entry;
            readDetail(e, text, ctx);
            if (++e.count > MAX_ENTRY_LINES) {
              flush();
              mode = "idle";
              return false;
            }
            return true;
          }
          if (text.trim() === "") return true;
          mode = "idle";
          return false;
        }
        if (FAILING_TESTS.test(text)) {
          mode = "summary";
          return true;
        }
        const sub = SUBTEST.exec(text);
        if (sub) {
          const depth = Math.floor(sub[1].length / 4);
          if (tapStack.length > depth) tapStack.length = depth;
          tapStack.push(sub[2].trim());
          return false;
        }
        const notOk = NOT_OK.exec(text);
        if (notOk) {
          if (DIRECTIVE.test(notOk[2])) return false;
          const depth = Math.floor(notOk[1].length / 4);
          const name = notOk[2].trim();
          flush();
          entry = { name, full: [...tapStack.slice(0, depth), name], loc: null, failureType: null, messages: [], frames: [], evidence: [ev(text, ctx)], count: 0 };
          yamlIndent = notOk[1].length + 2;
          mode = "yaml";
          return true;
        }
        readTree(text);
        return false;
      },
      end() {
        flush();
      }
    };
    function readYaml(e, text, ctx) {
      const t = text.trim();
      const indent = text.length - text.trimStart().length;
      if (e.count === 0 && t !== "---") return endYaml();
      if (++e.count > MAX_ENTRY_LINES || t === "..." && indent <= yamlIndent) return endYaml();
      if (indent === yamlIndent) {
        const kv = /^([A-Za-z_]+): ?(.*)$/.exec(t);
        if (kv) {
          yamlKey = kv[1];
          const value = unquote(kv[2]);
          if (yamlKey === "location") {
            e.loc = parseFrame(value, "");
            e.evidence.push(ev(text, ctx));
          } else if (yamlKey === "failureType") {
            e.failureType = value;
          } else if (yamlKey === "error" && value !== "|-" && value !== "|" && value !== ">-") {
            e.messages.push(value);
            e.evidence.push(ev(text, ctx));
          }
        }
        return true;
      }
      if (indent > yamlIndent && t !== "") {
        if (yamlKey === "error" && e.messages.length === 0) {
          e.messages.push(t);
          e.evidence.push(ev(text, ctx));
        } else if (yamlKey === "stack" && e.frames.length < 100) {
          const f = parseFrame(t, "");
          if (f) e.frames.push(f);
        }
      }
      return true;
    }
    function endYaml() {
      flush();
      mode = "idle";
      yamlKey = "";
      return false;
    }
  }
};
function readDetail(e, text, ctx) {
  const frame = parseFrame(text, "at");
  if (frame) {
    if (e.frames.length < 100) e.frames.push(frame);
    return;
  }
  const t = text.trim();
  if (t === "" || e.messages.length >= 20 || t.length > 2e3) return;
  e.messages.push(t);
  if (e.messages.length === 1) e.evidence.push(ev(text, ctx));
}
function cleanName(raw) {
  return stripDuration(raw.replace(DIRECTIVE, "").trim());
}
function unquote(v) {
  return v.length >= 2 && v.startsWith("'") && v.endsWith("'") ? v.slice(1, -1).replace(/''/g, "'") : v;
}
function emitEntry(e, sink) {
  if (e.failureType === "subtestsFailed" || e.failureType === "cancelledByParent") return;
  const message = e.messages[0] ?? "";
  if (CONSEQUENCE2.test(message)) return;
  const tool = e.failureType !== null || e.loc !== null ? "node-test" : "tap";
  const draft4 = { class: "test_fail", message: message || `not ok - ${e.name}`, tool, evidence: e.evidence };
  const loc2 = e.loc;
  const isFile = loc2 !== null && sameFile(e.name, loc2.file);
  if (isFile && /^'?test failed'?$/.test(message)) return;
  if (!isFile) draft4.test = e.full.join(" > ");
  const mod = e.messages.map((m) => MODULE3.exec(m)).find((m) => m !== null);
  if (mod) {
    const u = unresolved(mod[1]);
    draft4.class = u.class;
    if (u.package) draft4.package = u.package;
  } else if (e.failureType === "testTimeoutFailure" || TIMED_OUT3.test(message)) {
    draft4.class = "timeout";
  }
  const at = pickFrame(
    e.frames,
    (f) => loc2 !== null && sameFile(f.file, loc2.file),
    (f) => !isExternal(f.file) && looksLikeTestFile(f.file)
  ) ?? loc2;
  if (at) {
    draft4.file = at.file;
    draft4.line = at.line;
    draft4.column = at.column;
  }
  sink.emit(draft4);
}

// src/classify/parsers/js-test/vitest.ts
var SECTION3 = /^\s*⎯+ (Failed Tests|Failed Suites|Unhandled Errors?) (?:\d+ )?⎯/;
var UNHANDLED = /^\s*⎯+ (?:Uncaught Exception|Unhandled Rejection|Unhandled Error)\b[^⎯]*⎯/;
var FAIL2 = /^\s*FAIL\s+(\S.*)$/;
var RULE2 = /^\s*⎯{3}/;
var SUMMARY3 = /^\s*(?:Test Files|Tests)\s+\d/;
var TIMED_OUT4 = /\b(?:Test|Hook) timed out in \d+ ?ms\b|^(?:TestTimeoutError|HookTimeoutError)\b/;
var PACKAGE = /Cannot find (?:package|module) '([^']+)'/;
var LOAD_URL = /Failed to load url (\S+)/;
var COMPILE = /^(?:SyntaxError|Error: Transform failed|Error: Parse failure|Error: Failed to parse source|TransformError)\b/;
var MAX_SECTION_IDLE = 2e3;
var vitest = {
  name: "vitest",
  description: "Vitest default/verbose reporter: `FAIL file > suite > test` blocks with `\u276F file:line:col`, failed suites, unhandled errors",
  url: "https://vitest.dev/guide/reporters",
  trigger: /⎯ (?:Failed|Unhandled)/,
  create(sink) {
    let inSection = false;
    let idle = 0;
    let block = null;
    const flush = () => {
      if (block) emitBlock3(block, sink);
      block = null;
    };
    return {
      feed(text, ctx) {
        if (SECTION3.test(text)) {
          flush();
          inSection = true;
          idle = 0;
          return true;
        }
        if (!inSection) return false;
        if (UNHANDLED.test(text)) {
          flush();
          block = { file: null, test: null, unhandled: true, messages: [], frames: [], evidence: [ev(text, ctx)] };
          idle = 0;
          return true;
        }
        const fail = FAIL2.exec(text);
        if (fail) {
          flush();
          block = { ...failHeader(fail[1]), unhandled: false, messages: [], frames: [], evidence: [ev(text, ctx)] };
          idle = 0;
          return true;
        }
        if (RULE2.test(text)) {
          flush();
          return true;
        }
        if (SUMMARY3.test(text)) {
          flush();
          inSection = false;
          return false;
        }
        if (block) readBlockLine3(block, text, ctx);
        if (++idle > MAX_SECTION_IDLE) {
          flush();
          inSection = false;
        }
        return inSection;
      },
      end() {
        flush();
      }
    };
  }
};
function failHeader(rest) {
  const bracket = rest.indexOf(" [ ");
  if (bracket > 0 && rest.endsWith(" ]")) return { file: rest.slice(0, bracket).trim(), test: null };
  const sep = rest.indexOf(" > ");
  if (sep < 0) return { file: rest.trim(), test: null };
  return { file: rest.slice(0, sep).trim(), test: rest.slice(sep + 3).trim() };
}
function readBlockLine3(block, text, ctx) {
  const frame = parseFrame(text, "\u276F");
  if (frame) {
    if (block.frames.length < 50) block.frames.push(frame);
    if (!isExternal(frame.file)) pushEvidence(block, text, ctx);
    return;
  }
  const t = text.trim();
  if (t === "" || block.messages.length >= 20) return;
  if (block.messages.length === 0 || t.startsWith("Caused by:")) {
    block.messages.push(t.replace(/^Caused by: /, ""));
    pushEvidence(block, text, ctx);
  }
}
function pushEvidence(block, text, ctx) {
  if (block.evidence.length < 6) block.evidence.push(ev(text, ctx));
}
function emitBlock3(block, sink) {
  const message = block.messages[0];
  if (message === void 0) return;
  const base = { message, tool: "vitest", evidence: block.evidence };
  if (block.test) base.test = block.test;
  let cls = "test_fail";
  for (const m of block.messages) {
    const spec = PACKAGE.exec(m)?.[1] ?? LOAD_URL.exec(m)?.[1];
    if (spec) {
      const u = unresolved(spec);
      cls = u.class;
      if (u.package) base.package = u.package;
      break;
    }
  }
  if (cls === "test_fail") {
    if (TIMED_OUT4.test(message)) cls = "timeout";
    else if (block.test === null && !block.unhandled && COMPILE.test(message)) cls = "compile_error";
  }
  const file = block.file;
  const at = pickFrame(
    block.frames,
    (f) => file !== null && sameFile(f.file, file),
    (f) => !isExternal(f.file)
  );
  if (at) {
    base.file = at.file;
    base.line = at.line;
    base.column = at.column;
  } else if (file) {
    base.file = file;
  }
  sink.emit({ ...base, class: cls });
}

// src/classify/parsers/js-test/index.ts
var JS_TEST_PARSERS = [vitest, jest, mocha, nodeTest];

// src/classify/parsers/js-tools/api-extractor.ts
var REPORT_CHANGED = /You have changed the (?:public )?API signature for this project\. Please copy the file "([^"]+)" to "([^"]+)"/;
var MESSAGE = /^(Warning|Error): (?:((?:[A-Za-z]:)?[^:]+?)(?::(\d+):(\d+))? - )?\(((?:ae|tsdoc)-[\w-]+|TS\d+)\) (.*)$/;
var COMPLETED = /^API Extractor completed (successfully|with warnings|with errors)/;
var MAX_HELD2 = 1e3;
var apiExtractor = {
  name: "api-extractor",
  description: 'API Extractor: "You have changed the API signature" report mismatches and `(ae-\u2026)`/`(tsdoc-\u2026)`/`(TSnnnn)` messages',
  url: "https://api-extractor.com/pages/messages/ae-extractor-message-reporting/",
  trigger: /changed the (?:public )?API signature for this project|^(?:Warning|Error): .* - \((?:ae-|tsdoc-|TS\d)|^API Extractor completed /,
  create(sink) {
    let warnings = [];
    return {
      feed(text, ctx) {
        const changed = REPORT_CHANGED.exec(text);
        if (changed) {
          sink.emit({
            class: "contract_violation",
            message: "You have changed the API signature for this project: the committed API report is out of date",
            file: changed[2],
            tool: "api-extractor",
            evidence: [ev(text, ctx)]
          });
          return false;
        }
        const done = COMPLETED.exec(text);
        if (done) {
          if (done[1] === "with warnings") for (const w of warnings) sink.emit({ ...w, evidence: [...w.evidence, ev(text, ctx)] });
          warnings = [];
          return false;
        }
        const m = MESSAGE.exec(text);
        if (!m) return false;
        const code = m[5];
        const d = {
          // A TS code is the compiler's own error; ae-/tsdoc- rules judge how the API is declared and documented.
          class: code.startsWith("TS") ? "compile_error" : "lint_error",
          message: m[6],
          tool: "api-extractor",
          code,
          evidence: [ev(text, ctx)]
        };
        if (m[2]) d.file = m[2];
        if (m[3]) Object.assign(d, { line: Number(m[3]), column: Number(m[4]) });
        if (m[1] === "Error") sink.emit(d);
        else if (warnings.length < MAX_HELD2) warnings.push(d);
        return false;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/js-tools/eslint.ts
var STYLISH_HEADER = /^(?:\/|[A-Za-z]:[\\/])[^:*?"<>|]*[^\s:*?"<>|]$/;
var STYLISH_ROW = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.*)$/;
var UNIX_HEAD = /^((?:[A-Za-z]:)?[^:]+):(\d+):(\d+): /;
var UNIX_TAIL = / \[(Error|Warning)(?:\/([^\]\s]+))?\]$/;
var COMPACT = /^((?:[A-Za-z]:)?[^:]+): line (\d+), col (\d+), (Error|Warning) - (.*)$/;
var TRAILING_RULE = / \(([@\w][\w@/.-]*)\)$/;
var RULE3 = /^[@\w][\w@/.-]*$/;
var TOO_MANY_WARNINGS = /^ESLint found too many warnings \(maximum: \d+\)/;
var OOPS = /^Oops! Something went wrong! :\($/;
var MISSING_PLUGIN = /^ESLint couldn't find the (plugin|config) "([^"]+)"/;
var MISSING_IMPORT = /^Error( \[ERR_MODULE_NOT_FOUND\])?: Cannot find (?:package|module) '([^']+)'(?: imported from (.+))?$/;
var MAX_HELD_WARNINGS = 1e3;
var OOPS_WINDOW = 8;
var eslint = {
  name: "eslint",
  description: "ESLint findings from the stylish, unix, compact and json formatters, and missing plugins/configs",
  url: "https://eslint.org/docs/latest/use/formatters/",
  trigger: /^(?:\/|[A-Za-z]:[\\/])[^:*?"<>|]*[^\s:*?"<>|]$| \[(?:Error|Warning)[/\]]|: line \d+, col \d+, (?:Error|Warning) - |^\[\{"filePath":|^ESLint found too many warnings|^Oops! Something went wrong!/,
  create(sink) {
    let file = null;
    let fileName = "";
    let oopsLeft = 0;
    const warnings = [];
    const report = (d, severity) => {
      if (severity === "error" || severity === "Error" || severity === "2") sink.emit(d);
      else if (warnings.length < MAX_HELD_WARNINGS) warnings.push(d);
    };
    return {
      feed(text, ctx) {
        if (oopsLeft > 0) {
          oopsLeft--;
          if (crashCause(text, ctx, sink)) oopsLeft = 0;
          return oopsLeft > 0;
        }
        if (file) {
          const row = STYLISH_ROW.exec(text);
          if (row) {
            const { message, rule } = splitRule(row[4]);
            const d = draft2(fileName, row[1], row[2], message, rule, [file, ev(text, ctx)]);
            report(d, row[3]);
            return true;
          }
          file = null;
        }
        if (STYLISH_HEADER.test(text)) {
          file = ev(text, ctx);
          fileName = text;
          return true;
        }
        if (TOO_MANY_WARNINGS.test(text)) {
          for (const w of warnings) sink.emit({ ...w, evidence: [...w.evidence, ev(text, ctx)] });
          warnings.length = 0;
          return false;
        }
        if (OOPS.test(text)) {
          oopsLeft = OOPS_WINDOW;
          return true;
        }
        if (text.startsWith('[{"filePath":')) {
          readJson(text, ctx, report);
          return false;
        }
        unixOrCompact(text, ctx, report);
        return false;
      },
      end() {
      }
    };
  }
};
function draft2(file, line, column, message, rule, evidence) {
  const d = { class: "lint_error", message, file, line: Number(line), column: Number(column), tool: "eslint", evidence };
  if (rule) d.code = rule;
  return d;
}
function splitRule(rest) {
  const trimmed = rest.trimEnd();
  const gap = trimmed.lastIndexOf("  ");
  if (gap === -1) return { message: trimmed };
  const rule = trimmed.slice(gap + 2).trim();
  if (!RULE3.test(rule)) return { message: trimmed };
  return { message: trimmed.slice(0, gap).trim(), rule };
}
function unixOrCompact(text, ctx, report) {
  const tail = UNIX_TAIL.exec(text);
  if (tail) {
    const head = UNIX_HEAD.exec(text);
    if (!head) return;
    const message2 = text.slice(head[0].length, tail.index);
    report(draft2(head[1], head[2], head[3], message2, tail[2], [ev(text, ctx)]), tail[1]);
    return;
  }
  const c = COMPACT.exec(text);
  if (!c) return;
  const rule = TRAILING_RULE.exec(c[5]);
  const message = rule ? c[5].slice(0, rule.index) : c[5];
  report(draft2(c[1], c[2], c[3], message, rule?.[1], [ev(text, ctx)]), c[4]);
}
function readJson(text, ctx, report) {
  let results;
  try {
    results = JSON.parse(text);
  } catch {
    return;
  }
  if (!Array.isArray(results)) return;
  for (const r of results) {
    if (typeof r?.filePath !== "string" || !Array.isArray(r.messages)) continue;
    for (const m of r.messages) {
      if (typeof m?.message !== "string") continue;
      const d = draft2(r.filePath, String(m.line ?? 0), String(m.column ?? 0), m.message, m.ruleId ?? void 0, [ev(text, ctx)]);
      if (m.endLine) d.endLine = m.endLine;
      if (m.endColumn) d.endColumn = m.endColumn;
      report(d, String(m.severity ?? ""));
    }
  }
}
function crashCause(text, ctx, sink) {
  const p = MISSING_PLUGIN.exec(text);
  if (p) {
    sink.emit({ class: "dependency_missing", message: text, tool: "eslint", package: p[2], evidence: [ev(text, ctx)] });
    return true;
  }
  const m = MISSING_IMPORT.exec(text);
  if (!m) return false;
  const spec = m[2];
  const bare = isBareSpecifier(spec);
  const d = { class: bare ? "dependency_missing" : "compile_error", message: text, tool: "eslint", evidence: [ev(text, ctx)] };
  if (m[3]) d.file = m[3];
  d.code = m[1] ? "ERR_MODULE_NOT_FOUND" : "MODULE_NOT_FOUND";
  if (bare) d.package = packageName(spec);
  sink.emit(d);
  return true;
}

// src/classify/parsers/js-tools/held.ts
var RETRYING2 = /^The command ".*" failed\. Retrying, \d+ of \d+\.$/;
var HeldFailures = class {
  #held = [];
  /** Keeps one failure (at most `max`; the engine only needs the first few to classify). */
  hold(d, max = 200) {
    if (this.#held.length < max) this.#held.push(d);
  }
  /** Forgets what an attempt that was retried printed. */
  drop() {
    this.#held.length = 0;
  }
  /** Emits everything still held. */
  flush(sink) {
    for (const d of this.#held) sink.emit(d);
    this.#held.length = 0;
  }
};

// src/classify/parsers/js-tools/node.ts
var HEADER8 = /^(?:node:internal\/[\w/.-]+|internal\/[\w/.-]+\.js|[\w-]+\.js|(?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^:]*\.[cm]?[jt]sx?):(\d+)$/;
var ERROR_LINE = /^(?:Uncaught )?(\w*Error)(?: \[(\w+)\])?: (.*)$/;
var CJS_NOT_FOUND = /^Cannot find module '([^']+)'$/;
var ESM_NOT_FOUND = /^Cannot find (?:package|module) '([^']+)' imported from (.+)$/;
var FRAME5 = /^\s+at (?:.*? \()?((?:file:\/\/|node:)?(?:[A-Za-z]:[\\/])?[^():]+):(\d+):(\d+)\)?$/;
var REQUIRE_STACK_ENTRY = /^- (.+)$/;
var NODE_VERSION = /^Node\.js v\d/;
var EXCEPTION_LINE = /^(?:\s+at |\s+\.\.\. \d+ lines? matching|Require stack:|- |\s*\{$|\}$|\s+[\w$]+: |\s*$)/;
var TO_ERROR_LINE = 5;
var MAX_EXCEPTION_LINES = 60;
var RETRY_WINDOW = 60;
var node = {
  name: "node",
  description: "Node.js uncaught exceptions: `Cannot find module`/ERR_MODULE_NOT_FOUND and SyntaxError when a file loads",
  url: "https://nodejs.org/api/errors.html",
  trigger: HEADER8,
  create(sink) {
    const held = new HeldFailures();
    let ex = null;
    let watch = 0;
    const close = () => {
      if (ex?.error) decide(ex, held, sink.jobFailed);
      ex = null;
      watch = RETRY_WINDOW;
    };
    return {
      feed(text, ctx) {
        if (ex) {
          if (readException(ex, text, ctx)) return true;
          close();
        }
        const h = HEADER8.exec(text);
        if (h) {
          held.flush(sink);
          ex = newException(ev(text, ctx), text.slice(0, text.length - h[1].length - 1), Number(h[1]));
          return true;
        }
        if (watch > 0) {
          if (RETRYING2.test(text)) {
            held.drop();
            watch = 0;
            return false;
          }
          if (--watch > 0) return true;
        }
        held.flush(sink);
        return false;
      },
      end() {
        if (ex) close();
        held.flush(sink);
      }
    };
  }
};
function newException(header, file, line) {
  return {
    header,
    headerFile: file,
    headerLine: line,
    error: null,
    name: "",
    code: "",
    message: "",
    frames: 0,
    frame: null,
    firstFrameInternal: null,
    requiredFrom: null,
    lines: 0
  };
}
function readException(ex, text, ctx) {
  ex.lines++;
  if (!ex.error) {
    const e = ERROR_LINE.exec(text);
    if (e) {
      ex.error = ev(text, ctx);
      ex.name = e[1];
      ex.code = e[2] ?? "";
      ex.message = e[3];
      return true;
    }
    return ex.lines <= TO_ERROR_LINE;
  }
  if (NODE_VERSION.test(text)) return false;
  if (ex.lines > MAX_EXCEPTION_LINES) return false;
  const f = FRAME5.exec(text);
  if (f) {
    ex.frames++;
    const location = f[1];
    const internal = isInternal(location);
    ex.firstFrameInternal ??= internal;
    if (!ex.frame && !internal && !location.includes("/node_modules/") && !location.includes("\\node_modules\\")) {
      ex.frame = { file: location, line: Number(f[2]), column: Number(f[3]), evidence: ev(text, ctx) };
    }
    return true;
  }
  if (/^\s+at /.test(text)) {
    ex.frames++;
    ex.firstFrameInternal ??= false;
    return true;
  }
  const r = REQUIRE_STACK_ENTRY.exec(text);
  if (r && ex.frames === 0) {
    if (!ex.requiredFrom && !r[1].includes("node_modules")) ex.requiredFrom = r[1];
    return true;
  }
  return ex.frames === 0 ? !/^\s*$/.test(text) : EXCEPTION_LINE.test(text);
}
function isInternal(location) {
  return location.startsWith("node:") || location.startsWith("internal/") || !/[\\/]/.test(location);
}
function decide(ex, held, jobFailed) {
  const error = ex.error;
  const cjs = ex.name === "Error" && !ex.code ? CJS_NOT_FOUND.exec(ex.message) : null;
  const esm = ex.code === "ERR_MODULE_NOT_FOUND" ? ESM_NOT_FOUND.exec(ex.message) : null;
  if (cjs || esm) {
    const spec = (cjs ?? esm)[1];
    const bare = isBareSpecifier(spec);
    const d = {
      class: bare ? "dependency_missing" : "compile_error",
      message: `${ex.name}: ${ex.message}`,
      tool: "node",
      code: ex.code || "MODULE_NOT_FOUND",
      evidence: [ex.header, error]
    };
    if (bare) d.package = packageName(spec);
    if (ex.frame) {
      Object.assign(d, { file: ex.frame.file, line: ex.frame.line, column: ex.frame.column });
      d.evidence.push(ex.frame.evidence);
    } else if (esm) {
      d.file = esm[2];
    } else if (ex.requiredFrom) {
      d.file = ex.requiredFrom;
    } else if (!bare) {
      jobFailed(error);
      return;
    }
    held.hold(d);
    return;
  }
  if (ex.name === "SyntaxError" && ex.firstFrameInternal !== false && !isInternal(ex.headerFile)) {
    held.hold({
      class: "compile_error",
      message: `${ex.name}: ${ex.message}`,
      file: ex.headerFile,
      line: ex.headerLine,
      tool: "node",
      code: "SyntaxError",
      evidence: [ex.header, error]
    });
    return;
  }
  jobFailed(error);
}

// src/classify/parsers/js-tools/package-spec.ts
function packageOfSpec(spec) {
  const s = spec.trim().replace(/^["']|["']$/g, "");
  const at = s.indexOf("@", s.startsWith("@") ? 1 : 0);
  return at > 0 ? s.slice(0, at) : s;
}
function packageOfRegistryUrl(url) {
  const m = /^https?:\/\/[^/\s]+\/((?:@[^/\s]+(?:\/|%2[fF]))?[^/\s@:]+)/.exec(url);
  if (!m) return void 0;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

// src/classify/parsers/js-tools/npm.ts
var PREFIX = /^npm (?:ERR!|error)(?: |$)/;
var CODE2 = /^code (\S+)$/;
var NOT_FOUND_SPEC = /^404 +(?:The requested resource )?'([^']+)' (?:could not be found|is not in (?:this|the npm) registry)/;
var NOT_FOUND_URL = /^404 (?:Not Found - (?:GET|PUT) |Registry returned 404 for GET on )(\S+)/;
var NO_MATCHING_VERSION = /^notarget No matching version found for (\S+)/;
var COULD_NOT_RESOLVE = /^Could not resolve dependency:$/;
var CONFLICTING_PEER = /^Conflicting peer dependency: (\S+)$/;
var DEPENDENT = /^(?:peer |peerOptional |dev |optional )?((?:@[^@\s/]+\/)?[^@\s/]+)@"/;
var OUT_OF_SYNC = /can only install packages when your package\.json and package-lock\.json (?:or npm-shrinkwrap\.json )?are in sync/;
var LOCK_ENTRY = /^(?:Missing: (\S+?)@\S* from lock file|Invalid: lock file's (\S+?)@\S* does not satisfy)/;
var COMPLETE_LOG = /^A complete log of this run can be found in/;
var MACHINERY2 = /* @__PURE__ */ new Set([
  "ENOSPC",
  "EACCES",
  "EPERM",
  "EMFILE",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ERR_SOCKET_TIMEOUT",
  "EPROTO",
  "E401",
  "E403",
  "E500",
  "E502",
  "E503",
  "E504",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "CERT_HAS_EXPIRED",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE"
]);
var MACHINERY_NOISE = /^(?:$|syscall |errno |at |path |dest |\{|\}|code: |[a-z]+: ')/;
var MAX_EVIDENCE = 8;
var AFTER_NPM_LINES = 8;
var npm = {
  name: "npm",
  description: "npm `npm ERR!`/`npm error` blocks: E404, ETARGET, ERESOLVE, lock file out of sync, network and disk errors",
  url: "https://docs.npmjs.com/common-errors",
  trigger: /^npm (?:ERR!|error)(?: |$)|^The command ".*" failed\. Retrying, /,
  create(sink) {
    const held = new HeldFailures();
    let block = null;
    let quiet = 0;
    const finish = () => {
      if (block) decide2(block, held, sink.jobFailed);
      block = null;
    };
    return {
      feed(text, ctx) {
        if (RETRYING2.test(text)) {
          finish();
          held.drop();
          quiet = 0;
          return false;
        }
        const p = PREFIX.exec(text);
        if (!p) {
          if (--quiet > 0) return true;
          finish();
          held.flush(sink);
          quiet = 0;
          return false;
        }
        quiet = AFTER_NPM_LINES;
        const body = text.slice(p[0].length).trim();
        const code = CODE2.exec(body);
        if (code && block?.code) finish();
        block ??= { first: ev(text, ctx), code: null, evidence: [], packages: [], outOfSync: false, afterResolve: false, afterResolveLine: false, detail: "", detailFromUrl: false };
        if (code) {
          block.code = code[1];
          block.evidence.push(ev(text, ctx));
        } else if (COMPLETE_LOG.test(body)) {
          finish();
        } else {
          read(block, body, ev(text, ctx));
        }
        return true;
      },
      end() {
        finish();
        held.flush(sink);
      }
    };
  }
};
function read(b, body, line) {
  const keep = (pkg) => {
    if (!pkg) return;
    if (!b.packages.includes(pkg)) b.packages.push(pkg);
    if (b.evidence.length < MAX_EVIDENCE) b.evidence.push(line);
    if (b.detail === "" || b.detailFromUrl) b.detail = b.afterResolveLine ? `Could not resolve dependency: ${body}` : body;
    b.detailFromUrl = false;
  };
  if (b.afterResolve) {
    b.afterResolve = false;
    const d = DEPENDENT.exec(body);
    b.afterResolveLine = d !== null;
    if (d) keep(d[1]);
    b.afterResolveLine = false;
    if (d) return;
  }
  if (COULD_NOT_RESOLVE.test(body)) {
    b.afterResolve = true;
    return;
  }
  const spec = NOT_FOUND_SPEC.exec(body) ?? NO_MATCHING_VERSION.exec(body) ?? CONFLICTING_PEER.exec(body);
  if (spec) return keep(packageOfSpec(spec[1].replace(/\.$/, "")));
  const url = NOT_FOUND_URL.exec(body);
  if (url) {
    if (b.evidence.length < MAX_EVIDENCE) b.evidence.push(line);
    if (b.packages.length === 0 && b.detail === "") {
      b.detail = body;
      b.detailFromUrl = true;
    }
    const pkg = packageOfRegistryUrl(url[1]);
    if (pkg && b.packages.length === 0) b.packages.push(`url:${pkg}`);
    return;
  }
  if (OUT_OF_SYNC.test(body)) {
    b.outOfSync = true;
    if (b.evidence.length < MAX_EVIDENCE) b.evidence.push(line);
    if (b.detail === "") b.detail = body;
    return;
  }
  const lock = LOCK_ENTRY.exec(body);
  if (lock) return keep(lock[1] ?? lock[2]);
  if (b.detail === "" && b.code && MACHINERY2.has(b.code) && !MACHINERY_NOISE.test(body)) {
    b.detail = body;
    if (b.evidence.length < MAX_EVIDENCE) b.evidence.push(line);
  }
}
function decide2(b, held, jobFailed) {
  const code = b.code ?? "";
  const named = b.packages.filter((p) => !p.startsWith("url:"));
  const packages = named.length > 0 ? named : b.packages.map((p) => p.slice(4));
  const evidence = b.evidence.length > 0 ? b.evidence : [b.first];
  const emit = (cls, pkg) => {
    const d = { class: cls, message: b.detail || `npm error code ${code}`, tool: "npm", evidence };
    if (code) d.code = code;
    if (pkg) d.package = pkg;
    held.hold(d);
  };
  if (code === "E404" || code === "ETARGET" || code === "ERESOLVE" || b.outOfSync && code === "EUSAGE" || b.outOfSync && !code) {
    if (packages.length === 0) emit("dependency_missing");
    for (const p of packages) emit("dependency_missing", p);
    return;
  }
  if (MACHINERY2.has(code)) {
    emit("orchestration_error");
    return;
  }
  jobFailed(evidence[0]);
}

// src/classify/parsers/js-tools/pnpm.ts
var CODE3 = /\bERR_PNPM_([A-Z0-9_]+)/;
var NOT_IN_REGISTRY = /(?:^|\s)((?:@[\w.-]+\/)?[\w.-]+) is not in the npm registry/;
var NO_VERSION2 = /No matching version found for (\S+@\S+)/;
var FAILED_TO_RESOLVE = /Failed to resolve ((?:@[\w.-]+\/)?[\w.-]+@\S+)/;
var UNMET_PEER = /✕ (?:unmet|missing) peer ((?:@[\w.-]+\/)?[\w.-]+)@/;
var NETWORK3 = /\b(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ENOSPC)\b/;
var RESOLUTION = /* @__PURE__ */ new Set(["FETCH_404", "NO_MATCHING_VERSION", "PEER_DEP_ISSUES", "OUTDATED_LOCKFILE", "LOCKFILE_CONFIG_MISMATCH"]);
var MACHINERY3 = /^(?:META_FETCH_FAIL|FETCH_(?:ECONN\w+|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|5\d\d|401|403)|ENOSPC|EACCES|EPERM|ENOTFOUND|ECONNREFUSED)$/;
var WINDOW = 40;
var pnpm = {
  name: "pnpm",
  description: "pnpm `ERR_PNPM_*` errors: FETCH_404, NO_MATCHING_VERSION, PEER_DEP_ISSUES, OUTDATED_LOCKFILE, network and disk faults",
  url: "https://pnpm.io/errors",
  trigger: /ERR_PNPM_[A-Z]/,
  create(sink) {
    let block = null;
    const finish = () => {
      if (block) decide3(block, sink);
      block = null;
    };
    return {
      feed(text, ctx) {
        const c = CODE3.exec(text);
        if (c) {
          finish();
          block = { code: c[1], evidence: [ev(text, ctx)], packages: [], network: false, left: WINDOW };
        } else if (!block) {
          return false;
        }
        const b = block;
        const peer = UNMET_PEER.exec(text);
        const pkg = peer?.[1] ?? NOT_IN_REGISTRY.exec(text)?.[1] ?? specOf(NO_VERSION2.exec(text) ?? FAILED_TO_RESOLVE.exec(text));
        if (pkg && !b.packages.includes(pkg)) {
          b.packages.push(pkg);
          if (b.evidence.length < 8 && !c) b.evidence.push(ev(text, ctx));
        }
        if (NETWORK3.test(text)) b.network = true;
        const done = b.code !== "PEER_DEP_ISSUES" ? b.packages.length > 0 : false;
        if (done || --b.left <= 0) {
          finish();
          return false;
        }
        return true;
      },
      end() {
        finish();
      }
    };
  }
};
function specOf(m) {
  return m ? packageOfSpec(m[1]) : void 0;
}
function decide3(b, sink) {
  const emit = (cls, pkg) => {
    const head = b.evidence[0].text.trim();
    const message = /^(?:Error: )?ERR_PNPM_\w+$/.test(head) && b.evidence[1] ? b.evidence[1].text.replace(/^[\s│├╰─▶×]+/, "").trim() : head;
    const d = { class: cls, message, tool: "pnpm", code: `ERR_PNPM_${b.code}`, evidence: b.evidence };
    if (pkg) d.package = pkg;
    sink.emit(d);
  };
  if (MACHINERY3.test(b.code) || b.network && !RESOLUTION.has(b.code)) {
    emit("orchestration_error");
  } else if (RESOLUTION.has(b.code)) {
    if (b.packages.length === 0) emit("dependency_missing");
    for (const p of b.packages) emit("dependency_missing", p);
  } else {
    sink.jobFailed(b.evidence[0]);
  }
}

// src/classify/parsers/js-tools/prettier.ts
var WARN_FILE = /^\[warn\] (\S+)$/;
var SUMMARY4 = /^(?:\[warn\] Code style issues (?:were )?found|Error occurred when checking code style)/;
var START2 = /^Checking formatting\.\.\.$/;
var PARSE_ERROR = /^\[error\] ([^:\s][^:]*): (SyntaxError): (.*?)(?: \((\d+):(\d+)\))?$/;
var MAX_FILES = 5e3;
var prettier = {
  name: "prettier",
  description: 'Prettier `--check`: `[warn] file` lines confirmed by the "Code style issues found" summary, and `[error]` parse failures',
  url: "https://prettier.io/docs/cli#--check",
  trigger: /^\[(?:warn|error)\] |^Checking formatting\.\.\.$|^Error occurred when checking code style/,
  create(sink) {
    let pending = [];
    return {
      feed(text, ctx) {
        if (START2.test(text)) {
          pending = [];
          return false;
        }
        if (SUMMARY4.test(text)) {
          for (const p of pending) {
            sink.emit({
              class: "lint_error",
              message: "Code style issues found: the file is not formatted as Prettier would format it",
              file: p.file,
              tool: "prettier",
              evidence: [p.evidence, ev(text, ctx)]
            });
          }
          pending = [];
          return false;
        }
        const w = WARN_FILE.exec(text);
        if (w) {
          if (pending.length < MAX_FILES) pending.push({ file: w[1], evidence: ev(text, ctx) });
          return false;
        }
        const e = PARSE_ERROR.exec(text);
        if (e) {
          sink.emit({
            class: "lint_error",
            message: `${e[2]}: ${e[3]}`,
            file: e[1],
            ...e[4] ? { line: Number(e[4]), column: Number(e[5]) } : {},
            tool: "prettier",
            code: e[2],
            evidence: [ev(text, ctx)]
          });
        }
        return false;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/js-tools/yarn.ts
var CLASSIC = /^error (.*)$/;
var BERRY = /^➤ YN(\d{4}): (?:[│┌└·] ?)*(.*)$/;
var NOT_FOUND = /^Couldn't find package "([^"]+)"/;
var NO_VERSION3 = /^Couldn't find any versions for "([^"]+)" that matches/;
var URL_NOT_FOUND = /^An unexpected error occurred: "(https?:\/\/[^"\s]+): Not found"/;
var MISSING_FILE = /^Package "([^"]+)" refers to a non-existing file/;
var FROZEN = /^Your lockfile needs to be updated, but yarn was run with `--frozen-lockfile`|^The lockfile would have been modified by this install, which is explicitly forbidden/;
var BERRY_NOT_FOUND = /^(\S+): (?:Package not found|No candidates found)$/;
var NOT_IN_REGISTRY2 = /^(?:\w*Error: )?(\S+?):? .*doesn't exist in the registry/;
var NETWORK4 = /\b(?:ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ESOCKETTIMEDOUT|ECONNREFUSED|ECONNRESET|ENETUNREACH|EHOSTUNREACH|ENOSPC)\b|no space left on device/i;
var FAILED2 = /^Command failed with exit code \d+|^Failed with errors in /;
var yarn = {
  name: "yarn",
  description: "Yarn classic `error Couldn't find package` and berry `YN0035`/`YN0082`/`YN0028` install errors, network faults",
  url: "https://yarnpkg.com/advanced/error-codes",
  trigger: /^error [A-Z]|^➤ YN\d{4}: /,
  create(sink) {
    return {
      feed(text, ctx) {
        const classic = CLASSIC.exec(text);
        const berry = classic ? null : BERRY.exec(text);
        const body = classic?.[1] ?? berry?.[2];
        if (body === void 0) return false;
        const code = berry ? `YN${berry[1]}` : void 0;
        const emit = (cls, pkg) => {
          const d = { class: cls, message: body, tool: "yarn", evidence: [ev(text, ctx)] };
          if (code) d.code = code;
          if (pkg) d.package = pkg;
          sink.emit(d);
        };
        if (berry && code !== "YN0035" && code !== "YN0082" && code !== "YN0028" && code !== "YN0001" && code !== "YN0016") {
          if (code === "YN0000" && FAILED2.test(body)) sink.jobFailed(ev(text, ctx));
          return false;
        }
        const spec = NOT_FOUND.exec(body) ?? NO_VERSION3.exec(body) ?? MISSING_FILE.exec(body) ?? BERRY_NOT_FOUND.exec(body);
        if (spec) {
          emit("dependency_missing", packageOfSpec(spec[1]));
          return false;
        }
        const url = URL_NOT_FOUND.exec(body);
        if (url) {
          emit("dependency_missing", packageOfRegistryUrl(url[1]));
          return false;
        }
        const absent = NOT_IN_REGISTRY2.exec(body);
        if (absent) {
          emit("dependency_missing", packageOfSpec(absent[1]));
          return false;
        }
        if (FROZEN.test(body)) {
          emit("dependency_missing");
          return false;
        }
        if (NETWORK4.test(body) && !/^\s*(?:Response Code|Request (?:Method|URL)):/.test(body)) {
          emit("orchestration_error");
          return false;
        }
        if (classic && FAILED2.test(body)) sink.jobFailed(ev(text, ctx));
        return false;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/js-tools/index.ts
var JS_TOOLS_PARSERS = [eslint, prettier, npm, yarn, pnpm, node, apiExtractor];

// src/classify/parsers/native/cmake.ts
var HEAD3 = /^CMake Error(?: (?:at|in) ((?:[A-Za-z]:)?[^:]+?)(?::(\d+))?(?: \([\w:-]{0,80}\))?)?:(?: (.*))?$/;
var FRAME6 = /^\s+((?:[A-Za-z]:)?[^:\s][^:]*?):(\d+) \(([\w:-]{1,80})\)$/;
var PKG_MISSING = /^--\s+(?:No package '([^']+)' found|Package '([^']+)', required by '[^']*', not found)/;
var MISSING = [
  /Could NOT find (\S+)/,
  /Could not find a (?:package configuration file provided by|configuration file for package) "([^"]+)"/,
  /By not providing "Find(\S+)\.cmake"/,
  /Unable to find the requested (\S+) libraries/
];
var PKG_CONFIG_FAILED = /A required package was not found/;
var NO_COMPILER = /No CMAKE_\w+_COMPILER could be found|set to NOTFOUND/;
var FAILED3 = /^-- Configuring incomplete, errors occurred!|^CMake Generate step failed/;
var FIND_CALL = /^(?:find_package|find_dependency|pkg_check_modules|pkg_search_module)$/;
var ABSOLUTE = /^(?:\/|[A-Za-z]:[\\/])/;
var MAX_BLOCK8 = 80;
var cmake = {
  name: "cmake",
  description: "CMake `CMake Error at file:line (command):` blocks: `Could NOT find X`, missing package config files, pkg-config modules",
  url: "https://cmake.org/cmake/help/latest/manual/cmake.1.html",
  trigger: /^CMake Error|^-- Configuring incomplete|^CMake Generate step failed|^--\s+(?:No package '|Package '[^']*', required by)/,
  create(sink) {
    let block = null;
    let lastPkg = null;
    function flush() {
      if (!block) return;
      const b = block;
      block = null;
      sink.emit(draft3(b, lastPkg));
    }
    return {
      feed(text, ctx) {
        if (block) {
          const b = block;
          if (++b.lines < MAX_BLOCK8 && (text === "" || /^\s/.test(text) || text.startsWith("Call Stack"))) {
            const f = FRAME6.exec(text);
            if (f && b.frames.length < 20) b.frames.push({ file: f[1], line: Number(f[2]), call: f[3] });
            else if (text.trim() === "") {
              if (b.body.length > 0 && !b.body.at(-1).endsWith(":")) b.complete = true;
            } else if (!text.startsWith("Call Stack") && b.body.length < 40) {
              if (!b.complete) b.message.push(text.trim());
              b.body.push(text.trim());
              if (b.evidence.length < 6) b.evidence.push(ev(text, ctx));
            }
            return true;
          }
          flush();
        }
        const pkg = PKG_MISSING.exec(text);
        if (pkg) {
          lastPkg = pkg[1] ?? pkg[2];
          return false;
        }
        if (FAILED3.test(text)) {
          sink.jobFailed(ev(text, ctx));
          return false;
        }
        const h = HEAD3.exec(text);
        if (!h) return false;
        block = { inline: h[3] ?? "", body: [], message: [], complete: false, frames: [], evidence: [ev(text, ctx)], lines: 0 };
        if (h[1] !== void 0) block.file = h[1];
        if (h[2] !== void 0) block.line = Number(h[2]);
        return true;
      },
      end() {
        flush();
      }
    };
  }
};
function draft3(b, lastPkg) {
  const text = [b.inline, ...b.body].filter((s) => s !== "").join(" ");
  const message = [b.inline, ...b.message].filter((s) => s !== "").join(" ") || "CMake error";
  const d = { class: "compile_error", message, tool: "cmake", evidence: b.evidence };
  let pkg;
  for (const re of MISSING) {
    pkg = re.exec(text)?.[1];
    if (pkg) break;
  }
  if (!pkg && PKG_CONFIG_FAILED.test(text) && lastPkg) pkg = lastPkg;
  const dependency = pkg !== void 0 || NO_COMPILER.test(text);
  if (dependency) d.class = "dependency_missing";
  if (pkg) d.package = pkg;
  Object.assign(d, locate(b, dependency));
  return d;
}
function locate(b, dependency) {
  if (b.file !== void 0 && !ABSOLUTE.test(b.file)) return b.line === void 0 ? { file: b.file } : { file: b.file, line: b.line };
  const own = b.frames.filter((f) => !ABSOLUTE.test(f.file));
  const frame = (dependency ? own.find((f) => FIND_CALL.test(f.call)) : void 0) ?? own[0];
  return frame ? { file: frame.file, line: frame.line } : {};
}

// src/classify/parsers/native/ctest.ts
var HEAD4 = /^The following tests FAILED:$/;
var ITEM2 = /^\s*\d+ - /;
var RESULT3 = /^\s*\d+\/\d+ Test +#\d+: (\S+) \.*[ *]*(Failed|Timeout|Exception|Not Run|Passed)/;
var NOT_RUN = /^(?:Not Run|Disabled|Skipped)/;
var MAX_ITEMS = 5e3;
var ctest = {
  name: "ctest",
  description: "CTest summary `The following tests FAILED:` with `N - name (Failed|Timeout|SEGFAULT\u2026)` lines",
  url: "https://cmake.org/cmake/help/latest/manual/ctest.1.html",
  trigger: /^The following tests FAILED:$|^Errors while running CTest|Test +#\d+: \S+ \.*\s*\*\*\*/,
  create(sink) {
    let open2 = false;
    let items = 0;
    const results = /* @__PURE__ */ new Map();
    return {
      feed(text, ctx) {
        if (open2) {
          const m = item(text);
          if (m && ++items < MAX_ITEMS) {
            const { test, status } = m;
            if (NOT_RUN.test(status)) return true;
            const evidence = [ev(text, ctx)];
            const result = results.get(test);
            if (result) evidence.unshift(result);
            const timeout = status === "Timeout";
            sink.emit({ class: timeout ? "timeout" : "test_fail", message: `${test} (${status})`, test, tool: "ctest", evidence });
            return true;
          }
          open2 = false;
        }
        if (HEAD4.test(text)) {
          open2 = true;
          return true;
        }
        const r = RESULT3.exec(text);
        if (r && results.size < MAX_ITEMS) results.set(r[1], ev(text, ctx));
        else if (text.startsWith("Errors while running CTest")) sink.jobFailed(ev(text, ctx));
        return false;
      },
      end() {
      }
    };
  }
};
function item(text) {
  const s = ITEM2.exec(text);
  if (!s) return null;
  const rest = text.slice(s[0].length);
  const open2 = rest.lastIndexOf(" (");
  const close = rest.indexOf(")", open2);
  if (open2 <= 0 || close < 0) return null;
  return { test: rest.slice(0, open2), status: rest.slice(open2 + 2, close) };
}

// src/classify/parsers/native/gcc.ts
var DIAG2 = /^(\S(?:[^:]|:[\\/])*?):(\d+):(?:(\d+):)? (fatal error|error|warning|note): (.*)$/;
var HERE = /^(\S(?:[^:]|:[\\/])*?):(\d+):(?:(\d+):)?\s+required from here\b/;
var CONTEXT = /^\S(?:[^:]|:[\\/])*?: (?:In|At) ([a-z]+)/;
var DRIVER = /^(?:\S*[/\\])?(?:[\w.]+-)*(gcc|g\+\+|cc|c\+\+|clang|clang\+\+|cc1|cc1plus|cpp)(?:-\d+(?:\.\d+)*)?(?:\.exe)?: (?:fatal )?error: (.*)$/;
var MISSING_HEADER2 = /^(?:([^\s:'"]+): No such file or directory|'([^']+)' file not found)/;
var FRAME7 = /^ *(?:\d+ )?\| |^\s*\^[~^ ]*$/;
var C_FAMILY = /(?:\.(?:c|cc|cp|cpp|cxx|c\+\+|C|h|hh|hpp|hxx|h\+\+|H|inl|ipp|tpp|txx|tcc|m|mm|cu|cuh|ixx|cppm|ino|inc|def)|(?:^|[/\\])[^./\\]+)$/;
var FOREIGN_TAG = /\[[A-Za-z][\w.-]*\]$/;
var SYSTEM = /^(?:\/usr\/|\/opt\/|\/Library\/|\/Applications\/|\/System\/|\/nix\/store\/|[A-Za-z]:[\\/]Program Files)|[/\\]include[/\\]c\+\+[/\\]/;
var REQUESTED_HERE = /^in instantiation of .* requested here$/;
var MAX_BLOCK9 = 60;
var MAX_FRAMES = 6;
var gcc = {
  name: "gcc",
  description: "gcc, g++ and clang diagnostics `file:line:col: error: msg`, `fatal error: x.h: No such file or directory`, driver errors",
  url: "https://gcc.gnu.org/onlinedocs/gcc/Diagnostic-Message-Formatting-Options.html",
  trigger: /: (?:fatal )?error: |required from here|: (?:In|At) [a-z]+/,
  create(sink) {
    let pending = null;
    let instantiating = false;
    let userHere = null;
    let clangHere = null;
    function flush() {
      if (!pending) return;
      const p = pending;
      pending = null;
      const at = p.requested ?? (p.system ? clangHere : null);
      if (at) relocate(p.draft, at);
      sink.emit(p.draft);
    }
    function relocate(d, at) {
      d.file = at.file;
      d.line = at.line;
      if (at.column === void 0) delete d.column;
      else d.column = at.column;
      d.evidence.unshift(at.evidence);
    }
    function start(text, ctx) {
      const here = HERE.exec(text);
      if (here) {
        if (!SYSTEM.test(here[1])) userHere = loc(here, text, ctx);
        return false;
      }
      const m = DIAG2.exec(text);
      if (!m) {
        const c = CONTEXT.exec(text);
        if (c) {
          instantiating = c[1] === "instantiation" || c[1] === "substitution";
          if (!instantiating) userHere = clangHere = null;
          return false;
        }
        const d = DRIVER.exec(text);
        if (d && !d[2].startsWith("linker command failed")) {
          sink.emit({ class: "compile_error", message: d[2], tool: d[1].startsWith("clang") ? "clang" : "gcc", evidence: [ev(text, ctx)] });
        }
        return false;
      }
      const [, file, , , severity, message] = m;
      if (severity === "warning" || severity === "note" || !C_FAMILY.test(file) || FOREIGN_TAG.test(message)) return false;
      const draft4 = { ...classify(message), message, file, line: Number(m[2]), tool: "gcc", evidence: [ev(text, ctx)] };
      if (m[3]) draft4.column = Number(m[3]);
      const system = SYSTEM.test(file);
      if (system && instantiating && userHere) relocate(draft4, userHere);
      else if (!system) {
        userHere = null;
        clangHere = null;
      }
      pending = { draft: draft4, system: system && !(instantiating && userHere), lines: 0, frames: 0, requested: null };
      return true;
    }
    return {
      feed(text, ctx) {
        if (pending) {
          const p = pending;
          p.lines++;
          if (FRAME7.test(text)) {
            if (p.frames++ < MAX_FRAMES) p.draft.evidence.push(ev(text, ctx));
            if (p.lines < MAX_BLOCK9) return true;
          } else if (p.system && p.lines < MAX_BLOCK9) {
            const n = DIAG2.exec(text);
            if (n && n[4] === "note") {
              if (REQUESTED_HERE.test(n[5]) && !SYSTEM.test(n[1])) p.requested = clangHere = loc(n, text, ctx);
              return true;
            }
            if (!n && !HERE.test(text) && !CONTEXT.test(text) && !DRIVER.test(text)) return true;
          }
          flush();
        }
        return start(text, ctx);
      },
      end() {
        flush();
      }
    };
  }
};
function loc(m, text, ctx) {
  const l = { file: m[1], line: Number(m[2]), evidence: ev(text, ctx) };
  if (m[3]) l.column = Number(m[3]);
  return l;
}
function classify(message) {
  const h = MISSING_HEADER2.exec(message);
  const header = h ? h[1] ?? h[2] : null;
  if (header && !header.startsWith(".")) return { class: "dependency_missing", package: header };
  return { class: "compile_error" };
}

// src/classify/parsers/native/gradle.ts
var TEST = /^([\w$][\w.$]*) > (.+) FAILED$/;
var KOTLIN = /^e: (?:file:\/\/)?(\S(?:[^:]|:[\\/])*?\.kts?):(?:(\d+):(\d+)| ?\((\d+), ?(\d+)\):?) (.*)$/;
var NOT_FOUND2 = /^\s*> (?:Could not find|No cached version of) ([\w.-]+:[\w.-]+)(?::\S*?)?(?:\.| available for offline mode\.)$/;
var PLUGIN = /^\s*(?:> )?Plugin \[id: '([^']+)'(?:, version: '[^']*')?\] was not found in any of the following sources/;
var NETWORK5 = /^\s*> (?:Could not (?:GET|HEAD|get resource|resolve all) .*?(?:Received status code 5\d\d|Connection refused|timed out|Unknown host|No such host)|Connect to \S+ .*failed|.*(?:UnknownHostException|Connection refused|Read timed out|No route to host))/;
var TIMED_OUT5 = /TestTimedOutException|TimeoutException|timed out after/;
var FAILED4 = /^FAILURE: Build failed|^BUILD FAILED\b|^> Task :\S+ FAILED$|^:\S+ FAILED$/;
var gradle = {
  name: "gradle",
  description: "Gradle `Class > test FAILED` with its exception, Kotlin `e: file:line:col msg`, `Could not find g:a:v.`, offline misses",
  url: "https://docs.gradle.org/current/userguide/java_testing.html",
  trigger: /^[\w$][\w.$]* > .+ FAILED$|^e: |> Could not find [\w.-]+:|> No cached version of |Plugin \[id: '|^\s*> (?:Could not (?:GET|HEAD|get resource)|Connect to )|UnknownHostException|^FAILURE: Build failed|^BUILD FAILED|^> Task :\S+ FAILED$|^:\S+ FAILED$/,
  create(sink) {
    let test = null;
    function flush() {
      if (test) sink.emit(test);
      test = null;
    }
    return {
      feed(text, ctx) {
        if (test) {
          if (/^\s+\S/.test(text)) {
            test.message = text.trim();
            test.evidence.push(ev(text, ctx));
            if (TIMED_OUT5.test(text)) test.class = "timeout";
          }
          flush();
        }
        const t = TEST.exec(text);
        if (t) {
          const name = `${t[1]} > ${t[2]}`;
          test = { class: "test_fail", message: `${name} failed`, test: name, tool: "gradle", evidence: [ev(text, ctx)] };
          return true;
        }
        if (FAILED4.test(text)) {
          sink.jobFailed(ev(text, ctx));
          return false;
        }
        const evidence = [ev(text, ctx)];
        const k = KOTLIN.exec(text);
        if (k) {
          const d = { class: "compile_error", message: k[6], file: k[1], line: Number(k[2] ?? k[4]), column: Number(k[3] ?? k[5]), tool: "kotlinc", evidence };
          sink.emit(d);
          return false;
        }
        const nf = NOT_FOUND2.exec(text) ?? PLUGIN.exec(text);
        if (nf) {
          sink.emit({ class: "dependency_missing", message: text.trim().replace(/^> /, ""), package: nf[1], tool: "gradle", evidence });
          return false;
        }
        if (NETWORK5.test(text)) sink.emit({ class: "orchestration_error", message: text.trim().replace(/^> /, ""), tool: "gradle", evidence });
        return false;
      },
      end() {
        flush();
      }
    };
  }
};

// src/classify/parsers/native/javac.ts
var DIAG3 = /^(?::[\w:-]*?(?=\/|[A-Za-z]:[\\/]))?(\S(?:[^:]|:[\\/])*?\.java):(\d+): (error|warning): (.*)$/;
var WERROR2 = /^error: warnings found and -Werror specified$/;
var COUNT = /^\d+ (?:error|warning)s?$/;
var MAX_DETAIL = 6;
var MAX_WARNINGS2 = 1e3;
var javac = {
  name: "javac",
  description: "javac diagnostics `File.java:12: error: msg` with source and caret lines, and warnings that `-Werror` turned into errors",
  url: "https://docs.oracle.com/en/java/javase/17/docs/specs/man/javac.html",
  trigger: /\.java:\d+: (?:error|warning): |^error: warnings found and -Werror specified$|^\d+ (?:error|warning)s?$/,
  create(sink) {
    let pending = null;
    let detail = 0;
    let warnings = [];
    function settle() {
      if (!pending) return;
      const { draft: draft4, warning } = pending;
      pending = null;
      if (!warning) sink.emit(draft4);
      else if (warnings.length < MAX_WARNINGS2) warnings.push(draft4);
    }
    return {
      feed(text, ctx) {
        const m = DIAG3.exec(text);
        if (pending) {
          if (!m && detail++ < MAX_DETAIL && !COUNT.test(text) && !WERROR2.test(text)) {
            pending.draft.evidence.push(ev(text, ctx));
            return true;
          }
          settle();
        }
        if (m) {
          const draft4 = { class: "compile_error", message: m[4], file: m[1], line: Number(m[2]), tool: "javac", evidence: [ev(text, ctx)] };
          pending = { draft: draft4, warning: m[3] === "warning" };
          detail = 0;
          return true;
        }
        if (WERROR2.test(text)) {
          if (warnings.length === 0) sink.emit({ class: "compile_error", message: text, tool: "javac", evidence: [ev(text, ctx)] });
          for (const w of warnings) sink.emit(w);
          warnings = [];
        } else if (COUNT.test(text) && text.includes("warning")) warnings = [];
        return false;
      },
      end() {
        settle();
      }
    };
  }
};

// src/classify/parsers/native/ld.ts
var SYMBOL_ERROR = /(undefined reference to|multiple definition of) [`'‘"]?([^`'’"]+)['’"]?/;
var LLD = /^(?:\S*[/\\])?(?:ld\.lld|lld|ld64\.lld|lld-link|wasm-ld)(?:\.exe)?: error: (undefined|duplicate) symbol: (.+)$/;
var LLD_REF = /^>>> (?:referenced by|defined at) (\S+?):(\d+)(?:\s|$)/;
var LD64_HEAD = /^Undefined symbols for architecture \S+:$/;
var LD64_SYMBOL = /^\s+"(.+)", referenced from:$/;
var MISSING_LIB = /^(?:\S*[/\\])?(?:[\w.-]*-)?ld(?:\.\w+)?(?:\.exe)?: (?:error: )?(?:cannot find|library not found for|unable to find library) (\S+?)(?::.*)?$/;
var MISSING_SO = /error while loading shared libraries: ([^:\s]+): cannot open shared object file/;
var LINKER_PREFIX = /^(?:\S*[/\\])?(?:[\w.-]*-)?ld(?:\.bfd|\.gold)?(?:\.exe)?: /;
var OBJECT = /\.(?:o|obj|a|so|lo|dylib|lib)$|\)$/;
var DONE = /collect2(?:\.exe)?: error: ld returned \d+ exit status|linker command failed with exit code|^ld: symbol\(s\) not found/;
var MAX_LD64_LINES = 400;
var ld = {
  name: "ld",
  description: "Linker errors: GNU ld/gold `undefined reference to`, `multiple definition of`, lld, ld64, `cannot find -lfoo`",
  url: "https://sourceware.org/binutils/docs/ld/",
  trigger: /undefined reference to |multiple definition of |: error: (?:undefined|duplicate) symbol: |^Undefined symbols for architecture|cannot find -l|library not found for -l|unable to find library -l|ld(?:\.\w+)?: cannot find |error while loading shared libraries|collect2(?:\.exe)?: error|linker command failed|^ld: symbol/,
  create(sink) {
    const seen = /* @__PURE__ */ new Set();
    let lld = null;
    let lldLines = 0;
    let ld64 = 0;
    function symbol(kind, sym, d) {
      const key = `${kind}\0${sym}`;
      if (seen.has(key)) return;
      seen.add(key);
      sink.emit({ ...d, class: "compile_error", message: `${kind} \`${sym}'`, tool: "ld" });
    }
    function flushLld() {
      if (!lld) return;
      const { kind, sym, ...d } = lld;
      lld = null;
      symbol(kind, sym, d);
    }
    return {
      feed(text, ctx) {
        if (lld) {
          const r = LLD_REF.exec(text);
          if (r && lld.file === void 0 && !OBJECT.test(r[1])) {
            lld.file = r[1];
            lld.line = Number(r[2]);
            lld.evidence.push(ev(text, ctx));
          }
          if (text.startsWith(">>> ") && ++lldLines < 8) return true;
          flushLld();
        }
        if (ld64 > 0) {
          const s2 = LD64_SYMBOL.exec(text);
          if (s2) symbol("undefined symbol", s2[1], { evidence: [ev(text, ctx)] });
          if ((text.startsWith(" ") || text.startsWith("	")) && ++ld64 < MAX_LD64_LINES) return true;
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
          lld = { kind: `${l[1]} symbol`, sym: l[2].trim(), evidence: [ev(text, ctx)] };
          lldLines = 0;
          return true;
        }
        const s = SYMBOL_ERROR.exec(text);
        if (s) {
          symbol(s[1], s[2], { ...where(text.slice(0, s.index)), evidence: [ev(text, ctx)] });
          return false;
        }
        const lib = MISSING_LIB.exec(text);
        if (lib) {
          const name = lib[1].startsWith("-l") ? lib[1].slice(2) : lib[1];
          sink.emit({ class: "dependency_missing", message: text.replace(LINKER_PREFIX, ""), tool: "ld", package: name, evidence: [ev(text, ctx)] });
          return false;
        }
        const so = MISSING_SO.exec(text);
        if (so) sink.emit({ class: "dependency_missing", message: text, tool: "ld.so", package: so[1], evidence: [ev(text, ctx)] });
        return false;
      },
      end() {
        flushLld();
      }
    };
  }
};
function where(prefix) {
  let p = prefix.replace(/:\s*$/, "").replace(LINKER_PREFIX, "");
  const section = p.lastIndexOf(":(");
  if (section >= 0 && p.endsWith(")")) p = p.slice(0, section);
  const m = /^(.*?):(\d+)$/.exec(p);
  const file = m ? m[1] : p;
  if (file === "" || /\s/.test(file) || OBJECT.test(file)) return {};
  return m ? { file, line: Number(m[2]) } : { file };
}

// src/classify/parsers/native/make.ts
var PREFIX2 = /^(?:\S*[/\\])?(?:mingw32-|g)?make(?:\.exe)?(?:\[\d+\])?: /;
var NO_PROGRAM = /^([^\s:*][^\s:]*): (?:No such file or directory|Command not found)$/;
var FATAL = /^\*\*\* (No rule to make target|No targets specified and no makefile found)\b(.*?)\.? {0,3}Stop\.$/;
var SYNTAX = /^(\S(?:[^:]|:[\\/])*?):(\d+): \*\*\* (.+?)\.? {0,3}Stop\.$/;
var CONSEQUENCE3 = /^\*\*\* \[[^\]]*\] (?:Error \d+|Killed|Terminated|Segmentation fault|Aborted|Interrupt)|^Target '.*' not remade because of errors/;
var RECIPE_FAILED = /: recipe for target .* failed$/;
var make = {
  name: "make",
  description: "GNU make errors: `*** No rule to make target`, makefile syntax errors, a recipe program not found, `*** [target] Error N`",
  url: "https://www.gnu.org/software/make/manual/html_node/Error-Messages.html",
  trigger: /make(?:\.exe)?(?:\[\d+\])?: |: \*\*\* |recipe for target/,
  create(sink) {
    return {
      feed(text, ctx) {
        const evidence = [ev(text, ctx)];
        const p = PREFIX2.exec(text);
        if (!p) {
          const s = SYNTAX.exec(text);
          if (s) {
            sink.emit({ class: "compile_error", message: s[3], file: s[1], line: Number(s[2]), tool: "make", evidence });
          } else if (RECIPE_FAILED.test(text)) sink.jobFailed(evidence[0]);
          return false;
        }
        const rest = text.slice(p[0].length);
        const f = FATAL.exec(rest);
        if (f) {
          sink.emit({ class: "compile_error", message: `${f[1]}${f[2]}`, tool: "make", evidence });
          return false;
        }
        const n = NO_PROGRAM.exec(rest);
        if (n) {
          const program = n[1];
          if (program.startsWith(".")) sink.emit({ class: "compile_error", message: rest, tool: "make", evidence });
          else sink.emit({ class: "dependency_missing", message: rest, tool: "make", package: program, evidence });
          return false;
        }
        if (CONSEQUENCE3.test(rest)) sink.jobFailed(evidence[0]);
        return false;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/native/maven-resolution.ts
var NOT_FOUND3 = [
  /Could not find artifact ([\w.-]+:[\w.-]+):/g,
  /the artifact ([\w.-]+:[\w.-]+):\S+ has not been downloaded from it before/g,
  /Failure to find ([\w.-]+:[\w.-]+):\S+ in /g,
  /'dependencies\.dependency\.version' for ([\w.-]+:[\w.-]+):\S+ is missing/g
];
var UNRESOLVED_LIST = "The following artifacts could not be resolved: ";
var CACHED_MISS = " was not found in ";
var COORDS = /^([\w.-]+:[\w.-]+):/;
var PLUGIN2 = /^Plugin ([\w.-]+:[\w.-]+):\S+ or one of its dependencies could not be resolved/;
var NETWORK6 = /Could not transfer (?:artifact|metadata)|transfer failed for|Connection (?:refused|reset|timed out)|Unknown host|UnknownHostException|PKIX path building failed|status code: 5\d\d/;
var RESOLUTION2 = /Could not resolve dependencies|Non-resolvable (?:parent|import) POM|could not be resolved/;
function dependencyFailures(message) {
  const packages = /* @__PURE__ */ new Set();
  for (const re of NOT_FOUND3) {
    for (const m of message.matchAll(re)) packages.add(m[1]);
  }
  const at = message.indexOf(UNRESOLVED_LIST);
  if (at >= 0) {
    const rest = message.slice(at + UNRESOLVED_LIST.length);
    const end = rest.indexOf(": ");
    for (const coords of (end >= 0 ? rest.slice(0, end) : rest).split(", ")) {
      const ga = COORDS.exec(coords.trim());
      if (ga) packages.add(ga[1]);
    }
  }
  const miss = message.indexOf(CACHED_MISS);
  if (miss > 0) {
    const ga = COORDS.exec(message.slice(message.lastIndexOf(" ", miss - 1) + 1, miss));
    if (ga) packages.add(ga[1]);
  }
  if (packages.size > 0) return [...packages].map((p) => ({ class: "dependency_missing", message, package: p }));
  if (NETWORK6.test(message)) return [{ class: "orchestration_error", message }];
  const plugin = PLUGIN2.exec(message);
  if (plugin) return [{ class: "dependency_missing", message, package: plugin[1] }];
  if (RESOLUTION2.test(message)) return [{ class: "dependency_missing", message }];
  return [];
}

// src/classify/parsers/native/maven.ts
var LEVEL = /^\[(ERROR|WARNING|INFO)\] ?/;
var LOCATED3 = /^(?:file:\/\/)?(\S(?:[^:[]|:[\\/])*?\.(?:java|kt|scala|groovy)):(?:\[(\d+),(\d+)\]|(\d+)(?::(\d+))?:?| \((\d+), ?(\d+)\):?) (?:error: )?(.*)$/;
var WERROR3 = /^(?:(\S(?:[^:]|:[\\/])*?\.java): )?warnings found and -Werror specified$/;
var TEST_HEAD = /^(\S.*?) (?:-- | )?Time elapsed: [\d.,]+ ?s(?:ec)? {1,4}<<< (FAILURE|ERROR)!/;
var JUNIT4_NAME = /^([^\s(]+)\(([\w.$]+)\)$/;
var SUMMARY_HEAD = /^(?:Failures|Errors|Failed tests|Tests in error): ?$/;
var SUMMARY_ITEM = /^ +(\S.*)$/;
var TIMED_OUT6 = /timed out after|TestTimedOutException|» Timeout\b/;
var FORK_TIMEOUT = /^There was a timeout in the fork\b/;
var MOJO = /^--- |^BUILD (?:SUCCESS|FAILURE)/;
var FAILED5 = /^BUILD FAILURE$|^Failed to execute goal /;
var MAX_DETAIL2 = 4;
var MAX_WARNINGS3 = 1e3;
var MAX_SUMMARY = 5e3;
var maven = {
  name: "maven",
  description: "Maven `[ERROR] /a/B.java:[12,5] msg`, Surefire `<<< FAILURE!` tests and summaries, unresolvable artifacts",
  url: "https://maven.apache.org/surefire/maven-surefire-plugin/",
  trigger: /^\[(?:ERROR|WARNING)\] |^\[INFO\] (?:--- |BUILD )|<<< (?:FAILURE|ERROR)!|^(?:Failed tests|Tests in error): ?$/,
  create(sink) {
    let pending = null;
    let warnings = [];
    let summary = 0;
    const reported = /* @__PURE__ */ new Set();
    function settle() {
      if (!pending) return;
      const p = pending;
      pending = null;
      if (p.kind === "warning") {
        if (warnings.length < MAX_WARNINGS3) warnings.push(p.draft);
      } else sink.emit(p.draft);
    }
    function summaryItem(item2, text, ctx) {
      if (/^Run \d+: /.test(item2)) return;
      const j = JUNIT4_NAME.exec(/^[^\s:]+/.exec(item2)?.[0] ?? "");
      const test = j ? `${j[2]}.${j[1]}` : /^[^\s:]+/.exec(item2)?.[0] ?? item2;
      if (reported.has(keys(test)[0])) return;
      const timeout = TIMED_OUT6.test(item2);
      sink.emit({ class: timeout ? "timeout" : "test_fail", message: item2, test, tool: "maven", evidence: [ev(text, ctx)] });
    }
    return {
      feed(text, ctx) {
        const lv = LEVEL.exec(text);
        const level = lv?.[1];
        let rest = lv ? text.slice(lv[0].length) : text;
        if (level === "ERROR" && rest.startsWith("[ERROR] ")) rest = rest.slice(8);
        if (pending) {
          const p = pending;
          p.lines++;
          if (p.kind === "test") {
            if (p.lines === 1 && !lv && !TEST_HEAD.test(text) && text.trim() !== "") {
              p.draft.message = text.trim();
              p.draft.evidence.push(ev(text, ctx));
              if (TIMED_OUT6.test(text)) p.draft.class = "timeout";
            }
            settle();
          } else if (p.lines <= MAX_DETAIL2 && /^ {2}/.test(rest) && (level === void 0 || level === "ERROR" || level === "WARNING")) {
            p.draft.evidence.push(ev(text, ctx));
            return true;
          } else settle();
        }
        if (summary > 0) {
          const item2 = level !== "INFO" && level !== "WARNING" ? SUMMARY_ITEM.exec(rest) : null;
          if (item2 && !item2[1].startsWith("Tests run:") && ++summary < MAX_SUMMARY) {
            summaryItem(item2[1].trim(), text, ctx);
            return true;
          }
          summary = 0;
        }
        const head = TEST_HEAD.exec(rest);
        if (head && (level === void 0 || level === "ERROR") && !head[1].startsWith("Tests run:")) {
          const j = JUNIT4_NAME.exec(head[1]);
          const test = j ? `${j[2]}.${j[1]}` : head[1];
          for (const k of keys(test)) reported.add(k);
          pending = { kind: "test", draft: { class: "test_fail", message: `${test} ${head[2].toLowerCase()}`, test, tool: "maven", evidence: [ev(text, ctx)] }, lines: 0 };
          return true;
        }
        if ((level === "ERROR" || level === void 0) && SUMMARY_HEAD.test(rest)) {
          summary = 1;
          return true;
        }
        if (level === "INFO") {
          if (MOJO.test(rest)) warnings = [];
          if (FAILED5.test(rest)) sink.jobFailed(ev(text, ctx));
          return false;
        }
        if (level !== "ERROR" && level !== "WARNING") return false;
        const loc2 = LOCATED3.exec(rest);
        if (loc2) {
          const draft4 = { class: "compile_error", message: loc2[8], file: loc2[1], line: Number(loc2[2] ?? loc2[4] ?? loc2[6]), tool: "maven", evidence: [ev(text, ctx)] };
          const column = loc2[3] ?? loc2[5] ?? loc2[7];
          if (column) draft4.column = Number(column);
          pending = { kind: level === "ERROR" ? "compile" : "warning", draft: draft4, lines: 0 };
          return true;
        }
        if (level === "WARNING") return false;
        const w = WERROR3.exec(rest);
        if (w) {
          if (warnings.length === 0) {
            const d = { class: "compile_error", message: "warnings found and -Werror specified", tool: "maven", evidence: [ev(text, ctx)] };
            if (w[1]) d.file = w[1];
            sink.emit(d);
          }
          for (const d of warnings) sink.emit(d);
          warnings = [];
          return false;
        }
        if (FORK_TIMEOUT.test(rest)) {
          sink.emit({ class: "timeout", message: rest, tool: "maven", evidence: [ev(text, ctx)] });
          return false;
        }
        for (const d of dependencyFailures(rest)) sink.emit({ ...d, tool: "maven", evidence: [ev(text, ctx)] });
        if (FAILED5.test(rest)) sink.jobFailed(ev(text, ctx));
        return false;
      },
      end() {
        settle();
      }
    };
  }
};
function keys(test) {
  const base = test.replace(/[([].*$/, "");
  const parts = base.split(".");
  return parts.length >= 2 ? [parts.slice(-2).join("."), parts.at(-1)] : [base];
}

// src/classify/parsers/native/index.ts
var NATIVE_PARSERS = [gcc, ld, make, cmake, ctest, javac, maven, gradle];

// src/classify/parsers/python/flake8.ts
var DEFAULT = /^((?:[A-Za-z]:[\\/])?[^\s:][^:]*\.pyi?):(\d+):(\d+): ([A-Z]{1,3}\d{1,4}) (.*)$/;
var PYLINT_STYLE = /^((?:[A-Za-z]:[\\/])?[^\s:][^:]*\.pyi?):(\d+): \[([A-Z]{1,3}\d{1,4})\] (.*)$/;
var flake8 = {
  name: "flake8",
  description: "flake8, pycodestyle and pyflakes findings, default `file:line:col: CODE message` and `--format=pylint`",
  url: "https://flake8.pycqa.org/en/latest/user/options.html#cmdoption-flake8-format",
  trigger: /\.pyi?:\d+:(?:\d+: [A-Z]{1,3}\d| \[[A-Z]{1,3}\d)/,
  create(sink) {
    return {
      feed(text, ctx) {
        const m = DEFAULT.exec(text);
        if (m) {
          sink.emit({ class: "lint_error", tool: "flake8", file: m[1], line: Number(m[2]), column: Number(m[3]), code: m[4], message: m[5], evidence: [ev(text, ctx)] });
          return false;
        }
        const p = PYLINT_STYLE.exec(text);
        if (p) sink.emit({ class: "lint_error", tool: "flake8", file: p[1], line: Number(p[2]), code: p[3], message: p[4], evidence: [ev(text, ctx)] });
        return false;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/python/mypy.ts
var ERROR = /^((?:[A-Za-z]:[\\/])?[^\s:][^:]*\.pyi?):(\d+)(?::(\d+))?(?::(\d+):(\d+))?: error: (.*)$/;
var CODE4 = /^(.*?) {2}\[([a-z][a-z0-9-]*)\]$/;
var NOT_FOUND4 = /^Cannot find implementation or library stub for module named "([^"]+)"/;
var STUBS = /^Library stubs not installed for "([^"]+)"/;
var STUB_HINT = /: note: Hint: "python3? -m pip install ([^"\s]+)"/;
var DIAGNOSTIC = /^\S[^:]*(?::\d+)*: (?:error|note|warning): /;
var MAX_CONTINUATION = 3;
var mypy = {
  name: "mypy",
  description: "mypy errors `file:line[:col]: error: message  [code]`, including `--pretty` wrapped messages; notes are not failures",
  url: "https://mypy.readthedocs.io/en/stable/error_codes.html",
  trigger: /\.pyi?:\d+(?::\d+)*: error: /,
  create(sink) {
    return new MypyParser(sink);
  }
};
var MypyParser = class {
  #sink;
  #pending = null;
  #wrapped = 0;
  #stubsHint = 0;
  constructor(sink) {
    this.#sink = sink;
  }
  feed(text, ctx) {
    const m = ERROR.exec(text);
    if (m) {
      this.#flush();
      this.#pending = {
        class: "compile_error",
        tool: "mypy",
        file: m[1],
        line: Number(m[2]),
        message: m[6],
        evidence: [ev(text, ctx)],
        ...m[3] ? { column: Number(m[3]) } : {},
        ...m[4] ? { endLine: Number(m[4]), endColumn: Number(m[5]) } : {}
      };
      this.#wrapped = 0;
      return this.#settle();
    }
    const p = this.#pending;
    if (!p) return false;
    const hint = STUB_HINT.exec(text);
    if (this.#stubsHint > 0 && hint) {
      p.package = hint[1];
      return this.#flush();
    }
    if (p.code === void 0 && this.#wrapped < MAX_CONTINUATION && text !== "" && !text.startsWith(" ") && !DIAGNOSTIC.test(text) && !text.startsWith("Found ")) {
      this.#wrapped++;
      p.message = `${p.message} ${text}`;
      p.evidence.push(ev(text, ctx));
      return this.#settle();
    }
    if (this.#stubsHint > 0 && --this.#stubsHint > 0) return true;
    return this.#flush();
  }
  end() {
    this.#flush();
  }
  // Reads the code once the message is complete; waits for continuation lines or the stub hint otherwise.
  #settle() {
    const p = this.#pending;
    const c = CODE4.exec(p.message);
    if (!c) return true;
    p.message = c[1];
    p.code = c[2];
    const missing = NOT_FOUND4.exec(p.message);
    if (missing) {
      p.class = "dependency_missing";
      p.package = missing[1].split(".")[0];
      return this.#flush();
    }
    const stubs = STUBS.exec(p.message);
    if (stubs) {
      p.class = "dependency_missing";
      p.package = stubs[1].split(".")[0];
      this.#stubsHint = 3;
      return true;
    }
    return this.#flush();
  }
  #flush() {
    if (this.#pending) this.#sink.emit(this.#pending);
    this.#pending = null;
    this.#stubsHint = 0;
    return false;
  }
};

// src/classify/parsers/python/pip.ts
var NO_VERSION4 = /^(?:ERROR: )?Could not find a version that satisfies the requirement (\S+)/;
var NO_DISTRIBUTION = /^(?:ERROR: )?No matching distribution found for (\S+)/;
var OS_ERROR = /^ERROR: Could not install packages due to an OSError: (.*)$/;
var UNREACHABLE = /^WARNING: (?:Retrying \(Retry\(.*\)\) after connection broken by '(\w+)|Could not fetch URL (\S+): (.*))/;
var NETWORK_OS_ERROR = /HTTPS?ConnectionPool|Max retries exceeded|Failed to establish a new connection|Temporary failure in name resolution|Connection (?:refused|reset)|timed out|SSLError|ProxyError/;
var REQUIREMENT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
var pip = {
  name: "pip",
  description: "pip install/download errors: `Could not find a version that satisfies the requirement`, `No matching distribution found for`, network retries and OSErrors",
  url: "https://pip.pypa.io/en/stable/topics/dependency-resolution/",
  trigger: /^(?:ERROR: )?(?:Could not find a version that satisfies|No matching distribution found for|Could not install packages due to an OSError)|^WARNING: (?:Retrying \(Retry|Could not fetch URL)/,
  create(sink) {
    return new PipParser(sink);
  }
};
var PipParser = class {
  #sink;
  #unreachable = null;
  #networkReported = false;
  constructor(sink) {
    this.#sink = sink;
  }
  feed(text, ctx) {
    const u = UNREACHABLE.exec(text);
    if (u) {
      this.#unreachable ??= { reason: u[1] ?? u[3] ?? "connection failed", evidence: ev(text, ctx) };
      return false;
    }
    const os = OS_ERROR.exec(text);
    if (os) {
      const network2 = NETWORK_OS_ERROR.test(os[1]);
      if (network2) this.#networkReported = true;
      this.#sink.emit({
        class: "orchestration_error",
        tool: "pip",
        evidence: [ev(text, ctx)],
        message: network2 ? `Cannot reach a package host: ${os[1]}` : `Cannot install packages: ${os[1]}`
      });
      return false;
    }
    const req = NO_VERSION4.exec(text) ?? NO_DISTRIBUTION.exec(text);
    if (!req) return false;
    this.#reportNetwork();
    const name = REQUIREMENT_NAME.exec(req[1])?.[0];
    if (name) {
      this.#sink.emit({ class: "dependency_missing", tool: "pip", package: name, message: text.replace(/^ERROR: /, ""), evidence: [ev(text, ctx)] });
    }
    return false;
  }
  end() {
  }
  // The requirement failed after pip could not reach its index: the network is the cause (TAXONOMY "Machinery").
  #reportNetwork() {
    const u = this.#unreachable;
    if (!u || this.#networkReported) return;
    this.#networkReported = true;
    this.#sink.emit({ class: "orchestration_error", tool: "pip", message: `Cannot reach the package index: ${u.reason}`, evidence: [u.evidence] });
  }
};

// src/classify/parsers/python/pylint.ts
var DEFAULT2 = /^((?:[A-Za-z]:[\\/])?[^\s:][^:]*):(\d+):(\d+): ([CRWEFI]\d{4}): (.*) \(([a-z][a-z0-9-]*)\)$/;
var PARSEABLE = /^((?:[A-Za-z]:[\\/])?[^\s:][^:]*):(\d+): \[([CRWEFI]\d{4})\(([a-z][a-z0-9-]*)\), [^\]]*\] (.*)$/;
var pylint = {
  name: "pylint",
  description: "pylint messages, default `file:line:col: C0114: message (symbol)` and `--output-format=parseable`",
  url: "https://pylint.readthedocs.io/en/stable/user_guide/usage/output.html",
  trigger: /:\d+:\d+: [CRWEFI]\d{4}: |:\d+: \[[CRWEFI]\d{4}\(/,
  create(sink) {
    return {
      feed(text, ctx) {
        const m = DEFAULT2.exec(text);
        if (m) {
          sink.emit({ class: "lint_error", tool: "pylint", file: m[1], line: Number(m[2]), column: Number(m[3]) + 1, code: m[4], message: `${m[5]} (${m[6]})`, evidence: [ev(text, ctx)] });
          return false;
        }
        const p = PARSEABLE.exec(text);
        if (p) sink.emit({ class: "lint_error", tool: "pylint", file: p[1], line: Number(p[2]), code: p[3], message: `${p[5]} (${p[4]})`, evidence: [ev(text, ctx)] });
        return false;
      },
      end() {
      }
    };
  }
};

// src/classify/parsers/python/frames.ts
var FILE_FRAME = /^(\s*)File "([^"]+)", line (\d+)(?:,? in (\S.*))?$/;
var EXCEPTION_LINE2 = /^((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*)(?::[ \t]?(.*))?$/;
var NO_MODULE = /No module named '?([A-Za-z_][\w.]*)'?/;
var SYNTAX_ERRORS = /* @__PURE__ */ new Set(["SyntaxError", "IndentationError", "TabError"]);
var STDLIB = /(?:^|[\\/])(?:lib[\\/]python\d[\d.]*|Lib)[\\/](?!site-packages|dist-packages)/;
var INSTALLED = /[\\/](?:site|dist)-packages[\\/]/;
var RUNNER = /(?:^|[\\/])(?:_pytest|pluggy|unittest|pytest)[\\/]/;
var TEST_FILE2 = /(?:^|[\\/])(?:test_[^\\/]*|[^\\/]*_test|tests?|conftest)\.py$|(?:^|[\\/])(?:tests?|testing)[\\/]/;
function missingModule(exception, message) {
  if (exception !== "ModuleNotFoundError" && exception !== "ImportError" && !exception.endsWith(".ModuleNotFoundError")) return void 0;
  const m = NO_MODULE.exec(message);
  return m ? m[1].split(".")[0] : void 0;
}
function isSyntaxError(exception) {
  return SYNTAX_ERRORS.has(exception);
}
function isMachinery(file) {
  return file.startsWith("<") || STDLIB.test(file) || RUNNER.test(file);
}
function isInstalled(file) {
  return INSTALLED.test(file);
}
function isTestFile(file) {
  return TEST_FILE2.test(file);
}
function projectPath(file) {
  const m = INSTALLED.exec(file);
  return m ? file.slice(m.index + m[0].length) : file;
}
function testFrame2(frames, prefer) {
  const own = frames.filter((f) => !isMachinery(f.file));
  return (prefer ? findLast(own, prefer) : void 0) ?? findLast(own, (f) => isTestFile(f.file)) ?? findLast(own, (f) => !isInstalled(f.file)) ?? own.at(-1);
}
function projectFrame(frames) {
  return findLast(frames, (f) => !isMachinery(f.file) && !isInstalled(f.file)) ?? findLast(frames, (f) => !isMachinery(f.file));
}
function findLast(xs, p) {
  for (let i = xs.length - 1; i >= 0; i--) if (p(xs[i])) return xs[i];
  return void 0;
}
var CARET_SGR = /\^\[\[[0-9;]*m/g;
function stripCaretColour(text) {
  return text.includes("^[[") ? text.replace(CARET_SGR, "") : text;
}

// src/classify/parsers/python/pytest.ts
var SECTION4 = /^=+ (FAILURES|ERRORS|short test summary info|test session starts) =+$/;
var STATS = /^=+ .* in [\d.]+s(?: \([\d:]+\))? =+$|^!{3,} /;
var LOCATION2 = /^((?:[A-Za-z]:[\\/])?[^\s:][^:]*):(\d+):(?: (?:in (\S.*)|((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*))?)?\s*$/;
var E_LINE = /^E {1,}(\S.*)$/;
var E_EXCEPTION = /^((?:[a-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Failed|Failure|Warning|Timeout|Fault))(?::\s|$)/;
var E_SYNTAX_FRAME = /^E\s+File "([^"]+)", line (\d+)$/;
var SUMMARY_ENTRY = /^(FAILED|ERROR) (\S.*)$/;
var TIMEOUT_BANNER = /^\++ Timeout \++$/;
var FAULT_DUMP = /^(?:Current thread|Thread) 0x[0-9a-fA-F]+ \(most recent call first\):$/;
var MAX_BLOCK_LINES4 = 5e3;
var MAX_DUMP_LINES = 3e3;
var FAULT_TIMEOUT = /^Timeout \(\d+:\d\d:\d\d\)!$/;
var pytest = {
  name: "pytest",
  description: "pytest reports: FAILURES/ERRORS sections (long, short and native tracebacks), `FAILED`/`ERROR` summary lines, pytest-timeout and faulthandler dumps",
  url: "https://docs.pytest.org/en/stable/how-to/output.html",
  trigger: /=+ (?:FAILURES|ERRORS|short test summary info|test session starts) =|^\++ Timeout \++$|^(?:Current thread|Thread) 0x[0-9a-fA-F]+ \(most|^Timeout \(\d+:\d\d:\d\d\)!$/,
  create(sink) {
    return new PytestParser(sink);
  }
};
var PytestParser = class {
  #sink;
  #mode = "idle";
  #lines = 0;
  #blocks = [];
  #current = null;
  #entries = [];
  #dump = null;
  #faultTimeoutLine = -1;
  constructor(sink) {
    this.#sink = sink;
  }
  feed(raw, ctx) {
    const text = stripCaretColour(raw);
    const section = SECTION4.exec(text);
    if (section) return this.#section(section[1]);
    if (this.#mode === "dump") return this.#dumpLine(text, ctx);
    if (FAULT_TIMEOUT.test(text)) {
      this.#faultTimeoutLine = ctx.n;
      return this.#mode !== "idle";
    }
    const banner = TIMEOUT_BANNER.test(text);
    if (banner || FAULT_DUMP.test(text) && ctx.n !== this.#faultTimeoutLine + 1) {
      this.#closeBlock();
      this.#dump = { timeout: banner, frames: [], evidence: [ev(text, ctx)], innermostFirst: !banner };
      this.#lines = 0;
      this.#mode = "dump";
      return true;
    }
    if (this.#mode === "section") return this.#sectionLine(text, ctx);
    if (this.#mode === "summary") return this.#summaryLine(text, ctx);
    return false;
  }
  end() {
    this.#flush();
  }
  #section(name) {
    this.#closeBlock();
    this.#lines = 0;
    if (name === "test session starts") {
      this.#flush();
      this.#mode = "idle";
      return false;
    }
    this.#mode = name === "short test summary info" ? "summary" : "section";
    return true;
  }
  #sectionLine(text, ctx) {
    if (isRule(text)) {
      this.#closeBlock();
      this.#mode = "idle";
      if (STATS.test(text)) this.#flush();
      return false;
    }
    const header = headerName(text);
    if (header !== null) {
      this.#closeBlock();
      this.#lines = 0;
      this.#current = { ...classifyHeader(header), frames: [], evidence: [ev(text, ctx)], used: false };
      return true;
    }
    if (++this.#lines > MAX_BLOCK_LINES4) {
      this.#closeBlock();
      this.#mode = "idle";
      return false;
    }
    const b = this.#current;
    if (!b) return true;
    const loc2 = LOCATION2.exec(text);
    if (loc2) {
      b.frames.push({ file: loc2[1], line: Number(loc2[2]), evidence: ev(text, ctx) });
      if (loc2[4] && b.exception === void 0) b.exception = loc2[4];
      return true;
    }
    const e = E_LINE.exec(text);
    if (e) {
      const syntax = E_SYNTAX_FRAME.exec(text);
      if (syntax) b.syntaxAt = { file: syntax[1], line: Number(syntax[2]), evidence: ev(text, ctx) };
      const exc = E_EXCEPTION.exec(e[1])?.[1];
      if (exc) {
        b.exception = exc;
        b.message = e[1];
      } else {
        b.message ??= e[1];
      }
      if (b.evidence.length < 4) b.evidence.push(ev(text, ctx));
    }
    return true;
  }
  #summaryLine(text, ctx) {
    if (isRule(text) || text.startsWith("!!!")) {
      this.#mode = "idle";
      this.#flush();
      return false;
    }
    if (++this.#lines > MAX_BLOCK_LINES4) {
      this.#mode = "idle";
      this.#flush();
      return false;
    }
    const m = SUMMARY_ENTRY.exec(text);
    if (m) {
      const rest = m[2];
      const dash = rest.indexOf(" - ");
      this.#entries.push({
        status: m[1],
        id: dash < 0 ? rest.trim() : rest.slice(0, dash),
        message: dash < 0 ? "" : rest.slice(dash + 3),
        evidence: ev(text, ctx)
      });
    }
    return true;
  }
  // pytest-timeout's thread method and faulthandler dump the stack of the test that hung or crashed.
  #dumpLine(text, ctx) {
    const d = this.#dump;
    const f = FILE_FRAME.exec(text);
    if (f) {
      d.frames.push({ file: f[2], line: Number(f[3]), evidence: ev(text, ctx) });
      return true;
    }
    const closing = d.timeout ? TIMEOUT_BANNER.test(text) : text.trim() === "" && d.frames.length > 0;
    if (!closing && ++this.#lines <= MAX_DUMP_LINES) return true;
    this.#mode = "idle";
    this.#dump = null;
    if (!d.frames.some((fr) => /[\\/]_pytest[\\/]/.test(fr.file))) return false;
    const at = testFrame2(d.innermostFirst ? [...d.frames].reverse() : d.frames);
    if (!at) return false;
    const evidence = [...d.evidence, at.evidence];
    this.#sink.emit({
      class: d.timeout ? "timeout" : "test_fail",
      tool: "pytest",
      file: projectPath(at.file),
      line: at.line,
      message: d.timeout ? "Test timed out (pytest-timeout)" : "Test crashed (faulthandler)",
      evidence
    });
    return false;
  }
  #closeBlock() {
    if (this.#current) this.#blocks.push(this.#current);
    this.#current = null;
  }
  // Pairs each summary entry with its block (same order, same name) and reports both; blocks without an
  // entry (summary turned off) are reported on their own.
  #flush() {
    this.#closeBlock();
    for (const entry of this.#entries) {
      const sep = entry.id.indexOf("::");
      const key = sep < 0 ? entry.id : entry.id.slice(sep + 2).split("::").join(".");
      const block = this.#blocks.find((b) => !b.used && (b.name === key || sep < 0 && b.kind === "collect" && sameFile2(b.name, entry.id)));
      if (block) block.used = true;
      this.#report(block, sep < 0 ? void 0 : entry.id, sep < 0 ? entry.id : entry.id.slice(0, sep), entry.message, entry.evidence);
    }
    for (const b of this.#blocks) {
      if (!b.used) this.#report(b, b.kind === "collect" ? void 0 : b.name, void 0, "");
    }
    this.#entries = [];
    this.#blocks = [];
  }
  #report(b, test, idFile, summary, entry) {
    const emit = (f, at2) => {
      const lines = [...b?.evidence ?? [], ...at2?.evidence ? [at2.evidence] : [], ...entry ? [entry] : []];
      const unique = [...new Map(lines.map((e) => [e.line, e])).values()];
      this.#sink.emit({ ...f, evidence: unique.sort((x, y) => x.line - y.line) });
    };
    const exception = b?.exception;
    const message = b?.message ?? summary;
    const short = exception?.split(".").pop() ?? "";
    const base = {
      tool: "pytest",
      message: message || summary || (b ? b.name : test ?? idFile ?? ""),
      evidence: [],
      ...test ? { test } : {},
      ...exception ? { code: short } : {}
    };
    const frames = b?.frames ?? [];
    const pkg = exception ? missingModule(short, message) : void 0;
    if (pkg) {
      const at2 = projectFrame(frames);
      emit({ ...base, class: "dependency_missing", package: pkg, ...at2 ? located2(at2) : {} }, at2);
      return;
    }
    if (isSyntaxError(short) && b?.syntaxAt) {
      emit({ ...base, class: "compile_error", ...located2(b.syntaxAt) }, b.syntaxAt);
      return;
    }
    const cls = short === "Failed" && /^(?:Failed: )?Timeout\b/.test(message) ? "timeout" : "test_fail";
    const at = testFrame2(frames);
    if (at) emit({ ...base, class: cls, ...located2(at) }, at);
    else emit({ ...base, class: cls, ...idFile ? { file: idFile } : {} });
  }
};
function isRule(text) {
  return text.startsWith("==") && text.endsWith("==") && text.includes(" ");
}
function located2(f) {
  return { file: projectPath(f.file), line: f.line };
}
function headerName(text) {
  if (!text.startsWith("___") || !text.endsWith("___")) return null;
  let i = 0;
  while (i < text.length && text.charCodeAt(i) === 95) i++;
  let j = text.length;
  while (j > i && text.charCodeAt(j - 1) === 95) j--;
  if (text.charCodeAt(i) !== 32 || text.charCodeAt(j - 1) !== 32) return null;
  const name = text.slice(i + 1, j - 1).trim();
  return name === "" ? null : name;
}
function classifyHeader(header) {
  const m = /^ERROR (?:at (setup|teardown) of (.+)|collecting (.+))$/.exec(header);
  if (!m) return { name: header.startsWith("[doctest] ") ? header.slice(10) : header, kind: "test" };
  if (m[3]) return { name: m[3], kind: "collect" };
  return { name: m[2], kind: m[1] };
}
function sameFile2(a, b) {
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}

// src/classify/parsers/python/python.ts
var TRACEBACK = /^(\s*)Traceback \(most recent call last\):$/;
var COMPILING = /^\*\*\* Error compiling '([^']+)'/;
var SORRY = /^Sorry: (\w+): (.*) \(([^(),]+), line (\d+)\)$/;
var RUN_MODULE = /^\S*python[\w.]*(?:\.exe)?: No module named ([A-Za-z_][\w.]*)$/;
var UNITTEST_RULE = /^-{70}$/;
var MAX_BLOCK_LINES5 = 3e3;
var MAX_SYNTAX_LINES = 6;
var python = {
  name: "python",
  description: "CPython tracebacks (`Traceback (most recent call last):`), SyntaxError reports of import/py_compile/compileall, `No module named`",
  url: "https://docs.python.org/3/library/traceback.html",
  trigger: /Traceback \(most recent call last\):|^\s*File "[^"]*", line \d+$|^\*\*\* Error compiling '|^Sorry: \w+Error: |: No module named |^-{70}$/,
  create(sink) {
    return new PythonParser(sink);
  }
};
var PythonParser = class {
  #sink;
  #mode = "idle";
  #indent = 0;
  #frames = [];
  #evidence = [];
  #lines = 0;
  #compiling = null;
  #ruleLine = Number.NEGATIVE_INFINITY;
  constructor(sink) {
    this.#sink = sink;
  }
  feed(text, ctx) {
    if (this.#mode === "traceback") return this.#traceback(text, ctx);
    if (this.#mode === "syntax") return this.#syntax(text, ctx);
    return this.#idle(text, ctx);
  }
  end() {
    this.#mode = "idle";
  }
  #idle(text, ctx) {
    if (UNITTEST_RULE.test(text)) {
      this.#ruleLine = ctx.n;
      return false;
    }
    const tb = TRACEBACK.exec(text);
    if (tb) {
      if (ctx.n - this.#ruleLine <= 2) return false;
      return this.#open("traceback", tb[1].length, text, ctx);
    }
    const frame = FILE_FRAME.exec(text);
    if (frame && frame[4] === void 0) {
      this.#open("syntax", Math.max(0, frame[1].length - 2), text, ctx);
      this.#frames.push({ file: frame[2], line: Number(frame[3]) });
      return true;
    }
    const comp = COMPILING.exec(text);
    if (comp) {
      this.#compiling = comp[1];
      return false;
    }
    const sorry = SORRY.exec(text);
    if (sorry && isSyntaxError(sorry[1])) {
      const named = sorry[3];
      const file = this.#compiling && basename(this.#compiling) === named ? this.#compiling : named;
      this.#sink.emit({ class: "compile_error", tool: "python", file, line: Number(sorry[4]), code: sorry[1], message: `${sorry[1]}: ${sorry[2]}`, evidence: [ev(text, ctx)] });
      this.#compiling = null;
      return false;
    }
    const run = RUN_MODULE.exec(text);
    if (run) {
      const pkg = run[1].split(".")[0];
      this.#sink.emit({ class: "dependency_missing", tool: "python", package: pkg, code: "ModuleNotFoundError", message: `No module named ${run[1]}`, evidence: [ev(text, ctx)] });
    }
    return false;
  }
  #open(mode, indent, text, ctx) {
    this.#mode = mode;
    this.#indent = indent;
    this.#frames = [];
    this.#evidence = [ev(text, ctx)];
    this.#lines = 0;
    return true;
  }
  #traceback(text, ctx) {
    if (++this.#lines > MAX_BLOCK_LINES5 || text.trim() === "") return this.#close();
    const frame = FILE_FRAME.exec(text);
    if (frame && frame[1].length === this.#indent + 2) {
      this.#frames.push({ file: frame[2], line: Number(frame[3]), ...frame[4] ? { func: frame[4] } : {} });
      this.#evidence.push(ev(text, ctx));
      return true;
    }
    const indent = text.length - text.trimStart().length;
    if (indent > this.#indent) return true;
    this.#finish(text.slice(this.#indent), text, ctx);
    return this.#close();
  }
  // A SyntaxError printed without a traceback (py_compile, compileall): the location, the code, a caret, the error.
  #syntax(text, ctx) {
    if (++this.#lines > MAX_SYNTAX_LINES) return this.#close();
    const indent = text.length - text.trimStart().length;
    if (indent > this.#indent) return true;
    this.#finish(text.slice(this.#indent), text, ctx, true);
    this.#compiling = null;
    return this.#close();
  }
  #finish(exceptionLine, text, ctx, syntaxOnly = false) {
    const m = EXCEPTION_LINE2.exec(exceptionLine);
    if (!m || this.#frames.length === 0) return;
    const name = m[1];
    const message = m[2] ?? "";
    const short = name.split(".").pop();
    const evidence = [...this.#evidence.slice(-4), ev(text, ctx)];
    const at = this.#frames.at(-1);
    if (isSyntaxError(short) && at.func === void 0) {
      this.#sink.emit({ class: "compile_error", tool: "python", file: projectPath(at.file), line: at.line, code: short, message: `${short}: ${message}`, evidence });
      return;
    }
    if (syntaxOnly) return;
    const pkg = missingModule(short, message);
    if (pkg) {
      const at2 = projectFrame(this.#frames);
      this.#sink.emit({
        class: "dependency_missing",
        tool: "python",
        package: pkg,
        code: short,
        message: `${short}: ${message}`,
        evidence,
        ...at2 ? { file: projectPath(at2.file), line: at2.line } : {}
      });
      return;
    }
    this.#sink.jobFailed(ev(text, ctx));
  }
  #close() {
    this.#mode = "idle";
    this.#frames = [];
    this.#evidence = [];
    return false;
  }
};
function basename(p) {
  return p.slice(Math.max(p.lastIndexOf("/"), p.lastIndexOf("\\")) + 1);
}

// src/classify/parsers/python/unittest.ts
var HEADER9 = /^(FAIL|ERROR): (\w+) \(([\w.]+)\)(.*)$/;
var RULE4 = /^[=-]{70}$/;
var MAX_BLOCK_LINES6 = 3e3;
var CLASS_FIXTURES = /* @__PURE__ */ new Set(["setUpClass", "tearDownClass", "setUpModule", "tearDownModule"]);
var unittest = {
  name: "unittest",
  description: "Python unittest (and Django/trial-style) `FAIL:`/`ERROR:` reports with tracebacks, subTest parameters, Python \u22643.10 and 3.11+ test ids",
  url: "https://docs.python.org/3/library/unittest.html#unittest.TestResult",
  trigger: /^(?:FAIL|ERROR): \w+ \([\w.]+\)/,
  create(sink) {
    return new UnittestParser(sink);
  }
};
var UnittestParser = class {
  #sink;
  #report = null;
  constructor(sink) {
    this.#sink = sink;
  }
  feed(text, ctx) {
    const h = HEADER9.exec(text);
    if (h) {
      this.#flush();
      this.#report = { ...testName(h[2], h[3], h[4].trim()), frames: [], evidence: [ev(text, ctx)], ruled: false, lines: 0 };
      return true;
    }
    const r = this.#report;
    if (!r) return false;
    if (++r.lines > MAX_BLOCK_LINES6) return this.#flush();
    if (RULE4.test(text)) {
      if (r.ruled || text.startsWith("=")) return this.#flush();
      r.ruled = true;
      return true;
    }
    if (!r.ruled) {
      if (r.lines > 2) return this.#abandon();
      return true;
    }
    const f = FILE_FRAME.exec(text);
    if (f) {
      r.frames.push({ file: f[2], line: Number(f[3]), evidence: ev(text, ctx) });
      return true;
    }
    if (text === "" || text.startsWith(" ")) return true;
    const e = EXCEPTION_LINE2.exec(text);
    if (e && r.frames.length > 0) r.exception = { name: e[1], message: e[2] ?? "", evidence: ev(text, ctx) };
    return true;
  }
  end() {
    this.#flush();
  }
  #abandon() {
    this.#report = null;
    return false;
  }
  #flush() {
    const r = this.#report;
    this.#report = null;
    if (!r || !r.ruled) return false;
    const exc = r.exception;
    const short = exc?.name.split(".").pop() ?? "";
    const message = exc ? `${short}: ${exc.message}` : "Test failed";
    const base = { tool: "unittest", message, ...r.test ? { test: r.test } : {}, ...short ? { code: short } : {} };
    const evidence = (at2) => [...r.evidence, ...at2?.evidence ? [at2.evidence] : [], ...exc ? [exc.evidence] : []];
    const pkg = exc ? missingModule(short, exc.message) : void 0;
    if (pkg) {
      const at2 = projectFrame(r.frames);
      this.#sink.emit({ ...base, class: "dependency_missing", package: pkg, evidence: evidence(at2), ...at2 ? located3(at2) : {} });
      return false;
    }
    if (isSyntaxError(short) && r.frames.length > 0) {
      const at2 = r.frames.at(-1);
      this.#sink.emit({ ...base, class: "compile_error", evidence: evidence(at2), ...located3(at2) });
      return false;
    }
    const modulePath = `${r.module.split(".").join("/")}.py`;
    const at = testFrame2(r.frames, (f) => f.file.replace(/\\/g, "/").endsWith(modulePath));
    this.#sink.emit({ ...base, class: "test_fail", evidence: evidence(at), ...at ? located3(at) : {} });
    return false;
  }
};
function located3(f) {
  return { file: projectPath(f.file), line: f.line };
}
function testName(method, id, rest) {
  if (id.startsWith("unittest.loader.")) return { test: void 0, module: method };
  const suffix = rest === "" ? "" : ` ${rest}`;
  if (CLASS_FIXTURES.has(method)) return { test: id + suffix, module: method.endsWith("Module") ? id : id.slice(0, id.lastIndexOf(".")) };
  const full = id.endsWith(`.${method}`) ? id : `${id}.${method}`;
  const parts = full.split(".");
  return { test: full + suffix, module: parts.slice(0, -2).join(".") };
}

// src/classify/parsers/python/index.ts
var PYTHON_PARSERS = [pytest, unittest, python, flake8, pylint, mypy, pip];

// src/classify/parsers/tsc.ts
var LOCATED4 = /^\s*(\S(?:[^():]|:[\\/])*?)(?:\((\d+),(\d+)\):|:(\d+):(\d+) -) error (TS\d+): (.*)$/;
var UNLOCATED = /^\s*error (TS\d+): (.*)$/;
var TYPES_HINT = /`npm i(?:nstall)? --save-dev (@types\/[\w.-]+)`/;
var MODULE_NAME = /^Cannot find module '([^']+)'/;
var tsc = {
  name: "tsc",
  description: "TypeScript compiler diagnostics, plain `file(line,col): error TSnnnn:` and `--pretty` `file:line:col - error TSnnnn:`",
  url: "https://www.typescriptlang.org/docs/handbook/compiler-options.html",
  trigger: /error TS\d/,
  keywords: ["error TS"],
  create(sink) {
    return {
      feed(text, ctx) {
        const m = LOCATED4.exec(text);
        if (m) {
          const line = Number(m[2] ?? m[4]);
          const column = Number(m[3] ?? m[5]);
          sink.emit(classify2({ file: m[1], line, column, code: m[6], message: m[7], evidence: [ev(text, ctx)] }));
          return false;
        }
        const u = UNLOCATED.exec(text);
        if (u) sink.emit(classify2({ code: u[1], message: u[2], evidence: [ev(text, ctx)] }));
        return false;
      },
      end() {
      }
    };
  }
};
function classify2(d) {
  const base = { ...d, tool: "tsc" };
  if (d.code === "TS2307" || d.code === "TS2792") {
    const spec = MODULE_NAME.exec(d.message)?.[1];
    if (spec && isBareSpecifier(spec)) return { ...base, class: "dependency_missing", package: packageName(spec) };
  }
  if (d.code === "TS7016" || d.code === "TS2580" || d.code === "TS2591" || d.code === "TS2582" || d.code === "TS2583") {
    const types = TYPES_HINT.exec(d.message)?.[1];
    if (types) return { ...base, class: "dependency_missing", package: types };
  }
  return { ...base, class: "compile_error" };
}

// src/classify/registry.ts
var PARSERS = register([
  tsc,
  ...JS_TOOLS_PARSERS,
  ...JS_TEST_PARSERS,
  ...PYTHON_PARSERS,
  ...NATIVE_PARSERS,
  ...GO_RUST_PARSERS,
  ...INFRA_PARSERS,
  ...ECOSYSTEMS_PARSERS
]);
function register(defs) {
  const seen = /* @__PURE__ */ new Set();
  for (const d of defs) {
    if (seen.has(d.name)) throw new Error(`Parser "${d.name}" is registered twice`);
    if (d.trigger.global || d.trigger.sticky) throw new Error(`Parser "${d.name}" trigger must not use the g or y flag`);
    seen.add(d.name);
  }
  return Object.freeze(defs);
}

// src/classify/taxonomy.ts
var FAILURE_CLASSES = [
  "budget_exceeded",
  "timeout",
  "orchestration_error",
  "dependency_missing",
  "compile_error",
  "contract_violation",
  "lint_error",
  "test_fail",
  "unknown"
];
var RANK = new Map(FAILURE_CLASSES.map((c, i) => [c, i]));
function rankOf(cls) {
  return RANK.get(cls) ?? FAILURE_CLASSES.length;
}
function primaryOf(classes) {
  let best = null;
  for (const c of classes) if (best === null || rankOf(c) < rankOf(best)) best = c;
  return best;
}
var CLASS_DESCRIPTIONS = {
  budget_exceeded: "The orchestrator stopped work because a cost, token or cycle budget ran out.",
  timeout: "Work was killed or failed for taking too long: a job, step or test time limit.",
  orchestration_error: "The machinery around the build failed, not the code: git, checkout, runner, network, permissions, docker.",
  dependency_missing: "A package, module, header, tool or service the code needs cannot be found or resolved.",
  compile_error: "The code does not compile or type-check (syntax, types, linking).",
  contract_violation: "The code compiles but breaks a declared contract: a public API, ABI or schema change.",
  lint_error: "A linter or formatter rejects the code.",
  test_fail: "Tests ran and at least one assertion failed or a test errored.",
  unknown: "The job failed and none of the other classes can be shown from the log."
};

// src/classify/classifier.ts
var MAX_EVIDENCE_LINES = 12;
var MAX_EVIDENCE_CHARS = 400;
var MAX_MESSAGE_CHARS = 2e3;
var Classifier = class {
  #parsers;
  #triggers;
  #scanner;
  #decoder = new TextDecoder("utf-8");
  #encoder = new TextEncoder();
  #active;
  #activeCount = 0;
  #splitter;
  #roots;
  #maxFailures;
  #failures = /* @__PURE__ */ new Map();
  #classCounts = /* @__PURE__ */ new Map();
  #omitted = 0;
  #jobFailed = null;
  #n = 0;
  #ended = false;
  constructor(options = {}) {
    const defs = options.parsers ?? PARSERS;
    this.#roots = (options.roots ?? []).filter((r) => r !== "").map(normalizeRoot);
    this.#maxFailures = options.maxFailures ?? 5e3;
    const sink = {
      emit: (f) => this.#emit(f),
      jobFailed: (e) => {
        if (this.#jobFailed === null || this.#jobFailed.line === 0) this.#jobFailed = clipEvidence(e);
      }
    };
    this.#parsers = defs.map((d) => d.create(sink));
    this.#triggers = defs.map((d) => new RegExp(d.trigger.source, d.trigger.flags.replace(/[gy]/g, "")));
    this.#scanner = keywordScanner(defs.every((d) => d.keywords?.length) ? defs.flatMap((d) => d.keywords ?? []) : []);
    this.#active = defs.map(() => false);
    this.#splitter = new LineSplitter((bytes, start, end) => this.#byteLine(bytes, start, end));
    if (options.exitCode !== void 0) this.#exitCode(options.exitCode);
  }
  /** Adds a chunk of raw bytes (UTF-8; invalid sequences read as U+FFFD); lines are split on LF/CRLF across chunks. */
  pushBytes(chunk) {
    this.#splitter.push(chunk);
  }
  /** Adds a chunk of text; lines are split on LF/CRLF across chunks. */
  push(chunk) {
    this.#splitter.push(this.#encoder.encode(chunk));
  }
  // The hot path: most lines of a long log hold no keyword and are counted, not decoded.
  #byteLine(bytes, start, end) {
    const n = ++this.#n;
    if (this.#activeCount === 0 && !this.#scanner.scan(bytes, start, end)) return;
    this.#line(this.#decoder.decode(bytes.subarray(start, end)), n);
  }
  #line(raw, n) {
    const clean = cleanLine(raw);
    const text = clean.text;
    const ctx = { n, marker: clean.marker, props: clean.props };
    for (let i = 0; i < this.#parsers.length; i++) {
      if (this.#active[i] || this.#triggers[i].test(text)) this.#feed(i, text, ctx);
    }
  }
  /** Ends the input and returns the classification; `exitCode` is the step's, when known only now. */
  end(exitCode) {
    if (exitCode !== void 0) this.#exitCode(exitCode);
    if (!this.#ended) {
      this.#ended = true;
      this.#splitter.end();
      for (const p of this.#parsers) p.end();
    }
    const failures = [...this.#failures.values()];
    let primary = null;
    for (const c of FAILURE_CLASSES) {
      if (this.#classCounts.has(c)) {
        primary = c;
        break;
      }
    }
    if (primary === null && this.#jobFailed) primary = "unknown";
    return { primary, failures, omitted: this.#omitted, jobFailed: this.#jobFailed, lines: this.#n };
  }
  #exitCode(code) {
    if (code !== 0) this.#jobFailed ??= { line: 0, text: `Process completed with exit code ${code}.` };
  }
  #feed(i, text, ctx) {
    const was = this.#active[i];
    const now = this.#parsers[i].feed(text, ctx);
    if (now !== was) {
      this.#active[i] = now;
      this.#activeCount += now ? 1 : -1;
    }
  }
  #emit(draft4) {
    const f = this.#finish(draft4);
    const key = dedupeKey(f);
    const existing = this.#failures.get(key);
    if (existing) {
      mergeInto(existing, f);
      return;
    }
    this.#classCounts.set(f.class, (this.#classCounts.get(f.class) ?? 0) + 1);
    if (this.#failures.size >= this.#maxFailures) {
      this.#omitted++;
      return;
    }
    this.#failures.set(key, f);
  }
  #finish(d) {
    const f = { class: d.class, message: clip(d.message.trim(), MAX_MESSAGE_CHARS), evidence: [] };
    if (d.file) f.file = relativizePath(d.file, this.#roots);
    if (d.line !== void 0 && d.line > 0) f.line = d.line;
    if (d.column !== void 0 && d.column > 0) f.column = d.column;
    if (d.endLine !== void 0 && d.endLine > 0) f.endLine = d.endLine;
    if (d.endColumn !== void 0 && d.endColumn > 0) f.endColumn = d.endColumn;
    if (d.tool) f.tool = d.tool;
    if (d.code) f.code = d.code;
    if (d.test) f.test = d.test;
    if (d.package) f.package = d.package;
    f.evidence = d.evidence.slice(0, MAX_EVIDENCE_LINES).map(clipEvidence);
    return f;
  }
};
function dedupeKey(f) {
  const located4 = f.file !== void 0 && f.line !== void 0;
  return [
    f.class,
    f.file ?? "",
    f.line ?? "",
    located4 ? f.column ?? "" : "",
    f.code ?? "",
    f.test ?? "",
    f.package ?? "",
    located4 || f.test || f.package ? "" : f.message
  ].join("\0");
}
function mergeInto(into, from) {
  into.column ??= from.column;
  into.endLine ??= from.endLine;
  into.endColumn ??= from.endColumn;
  into.tool ??= from.tool;
  if (into.message === "" && from.message !== "") into.message = from.message;
}
function clip(s, max) {
  return s.length > max ? `${s.slice(0, max - 1)}\u2026` : s;
}
function clipEvidence(e) {
  return { line: e.line, text: clip(e.text, MAX_EVIDENCE_CHARS) };
}

// src/classify/merge.ts
function mergeClassifications(parts) {
  const primaries = parts.flatMap((p) => p.primary ? [p.primary] : []);
  return {
    primary: primaryOf(primaries),
    failures: parts.flatMap((p) => p.failures),
    omitted: parts.reduce((n, p) => n + p.omitted, 0),
    jobFailed: parts.find((p) => p.jobFailed)?.jobFailed ?? null,
    lines: parts.reduce((n, p) => n + p.lines, 0)
  };
}

// src/report/json.ts
var FIELDS = ["file", "line", "column", "endLine", "endColumn", "tool", "code", "test", "package"];
function failureToJson(f) {
  const out = { class: f.class, message: f.message };
  for (const k of FIELDS) {
    const v = f[k];
    if (v !== void 0) out[k] = v;
  }
  return out;
}
function toJson(r) {
  return { primary: r.primary, failures: r.failures.map(failureToJson) };
}

// src/report/workflow-commands.ts
function escapeData(s) {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
function annotationTitle(f) {
  const detail = [f.tool, f.code].filter(Boolean).join(" ");
  return detail ? `${f.class} (${detail})` : f.class;
}
function annotationMessage(f) {
  const about = f.test ? `${f.test}: ` : f.package && !f.message.includes(f.package) ? `${f.package}: ` : "";
  return `${about}${f.message}`;
}
function toWorkflowCommands(failures) {
  return failures.map((f) => {
    const props = [];
    if (f.file) props.push(`file=${escapeProperty(f.file)}`);
    if (f.file && f.line !== void 0) props.push(`line=${f.line}`);
    if (f.file && f.line !== void 0 && f.column !== void 0) props.push(`col=${f.column}`);
    if (f.file && f.endLine !== void 0) props.push(`endLine=${f.endLine}`);
    if (f.file && f.endColumn !== void 0) props.push(`endColumn=${f.endColumn}`);
    props.push(`title=${escapeProperty(annotationTitle(f))}`);
    return `::error ${props.join(",")}::${escapeData(annotationMessage(f))}
`;
  }).join("");
}

// src/report/check-run.ts
var MAX_ANNOTATION_CHARS = 64 * 1024 - 1;

// src/report/sarif.ts
var INFORMATION_URI = "https://github.com/punchlist/punchlist#failure-classes";
function toSarif(logs, version2) {
  const rules = FAILURE_CLASSES.map((cls) => ({
    id: cls,
    name: cls,
    shortDescription: { text: CLASS_DESCRIPTIONS[cls] },
    helpUri: INFORMATION_URI
  }));
  const results = logs.flatMap(
    ({ log, classification }) => classification.failures.map((f) => toResult(f, log))
  );
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "punchlist", version: version2, informationUri: INFORMATION_URI, rules } },
        results
      }
    ]
  };
}
function toResult(f, log) {
  const result = {
    ruleId: f.class,
    ruleIndex: FAILURE_CLASSES.indexOf(f.class),
    level: "error",
    message: { text: annotationMessage(f) }
  };
  const properties = {};
  for (const k of ["tool", "code", "test", "package"]) if (f[k]) properties[k] = f[k];
  if (Object.keys(properties).length > 0) result.properties = properties;
  if (f.file) {
    result.locations = [{ physicalLocation: { artifactLocation: { uri: encodeUri(f.file) }, ...region(f) } }];
  } else if (log && f.evidence[0]) {
    result.locations = [
      { physicalLocation: { artifactLocation: { uri: encodeUri(log) }, region: { startLine: f.evidence[0].line } } }
    ];
  }
  return result;
}
function region(f) {
  if (f.line === void 0) return {};
  return {
    region: {
      startLine: f.line,
      ...f.column !== void 0 ? { startColumn: f.column } : {},
      ...f.endLine !== void 0 ? { endLine: f.endLine } : {},
      ...f.endColumn !== void 0 ? { endColumn: f.endColumn } : {}
    }
  };
}
function encodeUri(path) {
  return path.split("/").map(encodeURIComponent).join("/");
}

// src/report/text.ts
var CODES = { red: [31, 39], yellow: [33, 39], dim: [2, 22], bold: [1, 22], cyan: [36, 39] };
function toText(r, { color }) {
  const paint = (style, s) => color ? `\x1B[${CODES[style][0]}m${s}\x1B[${CODES[style][1]}m` : s;
  const out = [];
  for (const cls of FAILURE_CLASSES) {
    const group = r.failures.filter((f) => f.class === cls);
    if (group.length === 0) continue;
    const tag = cls === r.primary ? paint("bold", " (primary)") : "";
    out.push(`${paint("red", "\u2716")} ${paint("bold", cls)}${tag} ${paint("dim", `\u2014 ${CLASS_DESCRIPTIONS[cls]}`)}`);
    for (const f of group) out.push(`  ${formatFailure(f, paint)}`);
    out.push("");
  }
  if (r.failures.length === 0 && r.primary === "unknown") {
    out.push(`${paint("yellow", "?")} ${paint("bold", "unknown")} ${paint("dim", `\u2014 ${CLASS_DESCRIPTIONS.unknown}`)}`);
    if (r.jobFailed) out.push(`  ${r.jobFailed.line > 0 ? `line ${r.jobFailed.line}: ` : ""}${r.jobFailed.text}`);
    out.push("");
  }
  const count = r.failures.length + r.omitted;
  const summary = r.primary === null ? "No failures found." : `${count} failure${count === 1 ? "" : "s"} \xB7 primary: ${r.primary}${r.omitted ? ` \xB7 ${r.omitted} not listed` : ""}`;
  out.push(paint(r.primary === null ? "cyan" : "bold", summary));
  return `${out.join("\n")}
`;
}
function formatFailure(f, paint) {
  const where2 = f.file ? [f.file, f.line, f.line !== void 0 ? f.column : void 0].filter((x) => x !== void 0).join(":") : "";
  const what = [f.code, f.test ? `${f.test}:` : void 0, f.message].filter(Boolean).join(" ");
  const extra = [f.package && !f.message.includes(f.package) ? `package ${f.package}` : "", f.tool ?? ""].filter(Boolean).join(", ");
  return [where2 ? paint("cyan", where2) : "", what, extra ? paint("dim", `[${extra}]`) : ""].filter(Boolean).join("  ");
}

// src/cli/args.ts
import { parseArgs } from "node:util";
var FORMATS = ["json", "text", "sarif", "github"];
var USAGE = `Usage: punchlist classify [FILE\u2026|-] [--format json|text|sarif|github] [--root DIR]\u2026 [--exit-code N]

Reads build and test logs (stdin when no FILE, or "-"), classifies every failure and prints them.
  --format      json (default when piped), text (default on a terminal), sarif (SARIF 2.1.0), github (workflow commands)
  --root        directory that absolute paths in the log are made relative to (default: the current directory)
  --exit-code   the step's exit code, when known: a non-zero code with no recognisable cause is "unknown"
Exit status: 0 when the logs were classified (whatever was found), 2 on bad usage or an unreadable file.`;
function parseCliArgs(argv, isTTY) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string", short: "f" },
        root: { type: "string", multiple: true },
        "exit-code": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" }
      }
    });
  } catch (e) {
    return { kind: "error", message: e.message.split("\n")[0] };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const [command, ...files] = positionals;
  if (command === void 0) return { kind: "error", message: 'Missing command: expected "classify"' };
  if (command !== "classify") return { kind: "error", message: `Unknown command "${command}": expected "classify"` };
  const format = values.format ?? (isTTY ? "text" : "json");
  if (!FORMATS.includes(format)) {
    return { kind: "error", message: `Invalid --format "${format}": expected one of ${FORMATS.join(", ")}` };
  }
  let exitCode;
  if (values["exit-code"] !== void 0) {
    exitCode = Number(values["exit-code"]);
    if (!/^-?\d+$/.test(values["exit-code"])) {
      return { kind: "error", message: `Invalid --exit-code "${values["exit-code"]}": expected an integer` };
    }
  }
  return {
    kind: "classify",
    files: files.length > 0 ? files : ["-"],
    format,
    roots: values.root ?? [],
    ...exitCode !== void 0 ? { exitCode } : {}
  };
}

// src/io/read-log.ts
import { open } from "node:fs/promises";
var CHUNK = 1024 * 1024;
var UnreadableLog = class extends Error {
  name = "UnreadableLog";
};
async function classifyLog(path, stdin, options) {
  const classifier = new Classifier(options);
  if (path === "-") {
    for await (const chunk of stdin) classifier.pushBytes(chunk);
  } else {
    const handle = await open(path, "r").catch((e) => {
      throw new UnreadableLog(`Cannot read "${path}": ${reason(e)}`);
    });
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) throw new UnreadableLog(`Cannot read "${path}": it is a directory`);
      const buffer = Buffer.allocUnsafe(CHUNK);
      for (; ; ) {
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, null).catch((e) => {
          throw new UnreadableLog(`Cannot read "${path}": ${reason(e)}`);
        });
        if (bytesRead === 0) break;
        classifier.pushBytes(buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
  }
  return classifier.end();
}
function reason(e) {
  switch (e.code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    default:
      return e.code ?? e.message;
  }
}

// src/cli/run.ts
async function runCli(argv, deps) {
  const args = parseCliArgs(argv, deps.isTTY);
  if (args.kind === "help") {
    deps.stdout(`${USAGE}
`);
    return 0;
  }
  if (args.kind === "version") {
    deps.stdout(`${deps.version}
`);
    return 0;
  }
  if (args.kind === "error") {
    deps.stderr(`punchlist: ${args.message} (see "punchlist --help")
`);
    return 2;
  }
  const roots = [...args.roots, ...deps.env.GITHUB_WORKSPACE ? [deps.env.GITHUB_WORKSPACE] : [], deps.cwd];
  const logs = [];
  try {
    for (const file of args.files) {
      const classification = await classifyLog(file, deps.stdin, {
        roots,
        ...args.exitCode !== void 0 ? { exitCode: args.exitCode } : {}
      });
      logs.push({ ...file === "-" ? {} : { log: file }, classification });
    }
  } catch (e) {
    if (e instanceof UnreadableLog) {
      deps.stderr(`punchlist: ${e.message}
`);
      return 2;
    }
    throw e;
  }
  deps.stdout(render(args.format, logs, deps));
  return 0;
}
function render(format, logs, deps) {
  const merged = mergeClassifications(logs.map((l) => l.classification));
  switch (format) {
    case "json":
      return `${JSON.stringify(toJson(merged), null, 2)}
`;
    case "sarif":
      return `${JSON.stringify(toSarif(logs, deps.version), null, 2)}
`;
    case "text":
      return toText(merged, { color: deps.isTTY && !deps.env.NO_COLOR });
    case "github": {
      const commands = toWorkflowCommands(merged.failures);
      if (merged.failures.length === 0 && merged.primary === "unknown") {
        return `::error title=unknown::The job failed and the log shows no recognisable cause
`;
      }
      return commands;
    }
  }
}

// src/cli/main.ts
var version = true ? "0.1.0" : "dev";
runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  cwd: process.cwd(),
  env: process.env,
  version
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`punchlist: internal error: ${e instanceof Error ? e.message : String(e)}
`);
    process.exitCode = 1;
  }
);
