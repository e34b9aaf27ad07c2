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

// src/classify/parsers/go-rust/index.ts
var GO_RUST_PARSERS = [];

// src/classify/parsers/infra/index.ts
var INFRA_PARSERS = [];

// src/classify/parsers/js-test/index.ts
var JS_TEST_PARSERS = [];

// src/classify/parsers/js-tools/index.ts
var JS_TOOLS_PARSERS = [];

// src/classify/parsers/native/index.ts
var NATIVE_PARSERS = [];

// src/classify/parsers/python/index.ts
var PYTHON_PARSERS = [];

// src/classify/parser.ts
function ev(text, ctx) {
  return { line: ctx.n, text };
}

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

// src/classify/parsers/tsc.ts
var LOCATED = /^\s*(\S(?:[^():]|:[\\/])*?)(?:\((\d+),(\d+)\):|:(\d+):(\d+) -) error (TS\d+): (.*)$/;
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
        const m = LOCATED.exec(text);
        if (m) {
          const line = Number(m[2] ?? m[4]);
          const column = Number(m[3] ?? m[5]);
          sink.emit(classify({ file: m[1], line, column, code: m[6], message: m[7], evidence: [ev(text, ctx)] }));
          return false;
        }
        const u = UNLOCATED.exec(text);
        if (u) sink.emit(classify({ code: u[1], message: u[2], evidence: [ev(text, ctx)] }));
        return false;
      },
      end() {
      }
    };
  }
};
function classify(d) {
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
  ...INFRA_PARSERS
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
        this.#jobFailed ??= clipEvidence(e);
      }
    };
    this.#parsers = defs.map((d) => d.create(sink));
    this.#triggers = defs.map((d) => new RegExp(d.trigger.source, d.trigger.flags.replace(/[gy]/g, "")));
    this.#scanner = keywordScanner(defs.every((d) => d.keywords?.length) ? defs.flatMap((d) => d.keywords ?? []) : []);
    this.#active = defs.map(() => false);
    this.#splitter = new LineSplitter((bytes, start, end) => this.#byteLine(bytes, start, end));
    if (options.exitCode !== void 0 && options.exitCode !== 0) {
      this.#jobFailed = { line: 0, text: `Process completed with exit code ${options.exitCode}.` };
    }
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
  /** Ends the input and returns the classification. */
  end() {
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
  #feed(i, text, ctx) {
    const was = this.#active[i];
    const now = this.#parsers[i].feed(text, ctx);
    if (now !== was) {
      this.#active[i] = now;
      this.#activeCount += now ? 1 : -1;
    }
  }
  #emit(draft) {
    const f = this.#finish(draft);
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
  const located = f.file !== void 0 && f.line !== void 0;
  return [
    f.class,
    f.file ?? "",
    f.line ?? "",
    located ? f.column ?? "" : "",
    f.code ?? "",
    f.test ?? "",
    f.package ?? "",
    located || f.test || f.package ? "" : f.message
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
  const where = f.file ? [f.file, f.line, f.line !== void 0 ? f.column : void 0].filter((x) => x !== void 0).join(":") : "";
  const what = [f.code, f.test ? `${f.test}:` : void 0, f.message].filter(Boolean).join(" ");
  const extra = [f.package && !f.message.includes(f.package) ? `package ${f.package}` : "", f.tool ?? ""].filter(Boolean).join(", ");
  return [where ? paint("cyan", where) : "", what, extra ? paint("dim", `[${extra}]`) : ""].filter(Boolean).join("  ");
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

// src/cli/read-log.ts
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
