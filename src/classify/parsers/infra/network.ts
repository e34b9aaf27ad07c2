import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import type { FailureClass } from '../../taxonomy.ts';
import { anyLiteral } from './literals.ts';
import { IF_STEP_FAILED, ifExitCode, type Policy, STEP_BOUNDARY_KEYWORDS, STEP_EVENT_SOURCE, STEP_STATUS_KEYWORDS, StepGate } from './step-gate.ts';

interface Rule {
  /** A literal the line must hold before the pattern is tried (cheap, and keeps long lines fast). */
  key: string;
  re: RegExp;
  tool: string;
  cls?: FailureClass;
  /** Capture group holding the package that cannot be found. */
  pkg?: number;
  policy?: Policy;
  /** The line only goes on with the failure the line before it reported (wget's lookup, then its verdict). */
  continues?: boolean;
}

// curl exit codes that mean the network, DNS, TLS or proxy failed (man curl, "EXIT CODES").
const CURL_NETWORK = String.raw`(?:5|6|7|16|18|28|35|47|51|52|55|56|58|59|60|77|90|91|92)`;
// HTTP answers that say the server or the credentials failed; a 404 names a missing file, which a download
// probe often expects (rvm tries several mirrors), so it is not evidence by itself.
const HTTP_MACHINERY = String.raw`(?:5\d\d|40[137]|429)`;

const RULES: readonly Rule[] = [
  { key: 'curl: (', re: new RegExp(String.raw`^curl: \(${CURL_NETWORK}\) \S`), tool: 'curl' },
  { key: 'curl: (22)', re: new RegExp(String.raw`^curl: \(22\) The requested URL returned error: ${HTTP_MACHINERY}\b`), tool: 'curl' },
  { key: 'wget: unable', re: /^wget: unable to resolve host address /, tool: 'wget', continues: true },
  { key: '... failed: ', re: /^Resolving \S+(?: \([^()]*\))?\.\.\. failed: /, tool: 'wget' },
  { key: '... failed: ', re: /^Connecting to \S+(?: \([^()]*\))?(?:\|[^|]*\|)?:\d+\.\.\. failed: /, tool: 'wget' },
  // wget's verdict on its own line after `Resolving x... ` (wget's src/host.c and connect.c print these strerror and
  // gai_strerror texts). One rule per message, each keyed by all of it: `failed: ` alone is in many programs' logs
  // (`attempt 1 failed: …`), and the key is what wakes this parser.
  ...[
    'Connection refused',
    'Connection timed out',
    'No route to host',
    'Network is unreachable',
    'Name or service not known',
    'Temporary failure in name resolution',
  ].map((m): Rule => ({ key: `failed: ${m}.`, re: new RegExp(String.raw`^failed: ${m}\.$`), tool: 'wget' })),
  { key: 'ERROR ', re: new RegExp(String.raw`^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d )?ERROR ${HTTP_MACHINERY}: `), tool: 'wget' },
  { key: 'ERROR: ', re: /^ERROR: (?:no certificate subject alternative name matches|cannot verify \S+ certificate|certificate common name )/, tool: 'wget' },
  { key: "The certificate's owner", re: /^The certificate's owner does not match hostname /, tool: 'wget' },
  { key: 'Unable to establish SSL', re: /^Unable to establish SSL connection\.$/, tool: 'wget' },
  { key: 'E: Failed to fetch', re: /^E: Failed to fetch \S/, tool: 'apt' },
  { key: 'E: The repository', re: /^E: The repository '[^']*' (?:does not have a Release file|is not signed)\.?$/, tool: 'apt' },
  { key: 'E: Could not get lock', re: /^E: Could not get lock /, tool: 'apt' },
  { key: 'E: Unable to locate package', re: /^E: Unable to locate package (\S+)$/, tool: 'apt', cls: 'dependency_missing', pkg: 1 },
  { key: 'E: Package ', re: /^E: Package '([^']+)' has no installation candidate$/, tool: 'apt', cls: 'dependency_missing', pkg: 1 },
  { key: 'E: Version ', re: /^E: Version '[^']*' for '([^']+)' was not found$/, tool: 'apt', cls: 'dependency_missing', pkg: 1 },
  { key: 'Cannot connect to the Docker daemon', re: /Cannot connect to the Docker daemon at \S+\. Is the docker daemon running\?/, tool: 'docker' },
  { key: 'Error response from daemon: ', re: /Error response from daemon: (?:pull access denied for |manifest for \S+ not found|manifest unknown|toomanyrequests|Get "?https?:)/, tool: 'docker' },
  { key: 'toomanyrequests: ', re: /^toomanyrequests: /, tool: 'docker' },
  // Clients' own last words, at the start of a line: the same text inside another tool's report (npm, yarn,
  // pip, cargo, Maven) is that tool's to classify, and often only a retry.
  { key: 'connect ECONNREFUSED ', re: /^(?:Error: )?connect ECONNREFUSED \S+$/, tool: 'node' },
  { key: 'connect ETIMEDOUT ', re: /^(?:Error: )?connect ETIMEDOUT \S+$/, tool: 'node' },
  { key: 'getaddrinfo E', re: /^(?:Error: )?getaddrinfo (?:ENOTFOUND|EAI_AGAIN) \S+$/, tool: 'node' },
  { key: 'ConnectionRefusedError: ', re: /^ConnectionRefusedError: \[Errno \d+\] Connection refused$/, tool: 'python' },
  { key: 'socket.gaierror: ', re: /^socket\.gaierror: \[Errno -?\d+\] /, tool: 'python' },
  { key: 'psql: ', re: /^psql: (?:error: )?(?:connection to server .{0,300}? failed: |could not connect to server: )Connection refused/, tool: 'psql' },
  { key: 'Could not connect to Redis at ', re: /^Could not connect to Redis at \S+: Connection refused$/, tool: 'redis-cli' },
  { key: "Can't connect to ", re: /^ERROR 200[23] \(HY000\): Can't connect to /, tool: 'mysql' },
  { key: 'The connection to the server ', re: /^The connection to the server \S+ was refused - did you specify the right host or port\?$/, tool: 'kubectl' },
  { key: 'connect: connection refused', re: /\bdial tcp \S+: connect: connection refused\b/, tool: 'go' },
  { key: 'Could not create connection to ', re: /Could not create connection to \S+:\d+/, tool: 'emacs' },
  { key: "Couldn't establish HTTP connection", re: /Couldn't establish HTTP connection/, tool: 'cabal' },
  { key: 'gh: ', re: new RegExp(String.raw`^gh: .*\(HTTP ${HTTP_MACHINERY}\)$`), tool: 'gh' },
  { key: 'API rate limit exceeded', re: /\bAPI rate limit exceeded\b/, tool: 'network' },
  { key: 'secondary rate limit', re: /\bsecondary rate limit\b/, tool: 'network' },
  { key: 'Out of memory: Kill', re: /\bOut of memory: Kill(?:ed)? process\b/, tool: 'kernel' },
  { key: 'OOMKilled', re: /\bOOMKilled\b/, tool: 'kubernetes' },
  { key: 'oom-kill', re: /\boom-kill\b/, tool: 'kernel' },
  { key: 'Memory cgroup out of memory', re: /\bMemory cgroup out of memory\b/, tool: 'kernel' },
  // bash's job report for a SIGKILLed child; the step's exit status 137 says the kill ended it.
  { key: 'Killed', re: /^(?:\S+: line \d+: +\d+ Killed\b|Killed$)/, tool: 'bash', policy: ifExitCode(137) },
];

// git reports its own transport errors (`fatal: unable to access …`, `ssh: connect to host …`): see git.ts.
const OTHER_TOOL = /^(?:fatal|ssh|remote): /;

// Every rule's key: a line that holds none of them cannot match any rule.
const KEYWORDS = [...new Set(RULES.map((r) => r.key))];
// Any key, in one pass: most lines this parser reads are step events, which hold none.
const ANY_KEY = new RegExp(anyLiteral(KEYWORDS));

/** Network, package-index, Docker-daemon and out-of-memory failures around the build. */
export const network: ParserDef = {
  name: 'network',
  description: 'curl/wget/apt/docker and service-client network, DNS, TLS and forge HTTP errors, `E: Unable to locate package`, OOM kills',
  url: 'https://curl.se/docs/manpage.html#EXIT',
  trigger: new RegExp(`${anyLiteral(KEYWORDS)}|${STEP_EVENT_SOURCE}`),
  keywords: [...KEYWORDS, ...STEP_STATUS_KEYWORDS],
  watchKeywords: STEP_BOUNDARY_KEYWORDS,
  create(sink) {
    const gate = new StepGate(sink);
    let lastLine = 0;
    return {
      feed(text: string, ctx: LineContext): boolean {
        const rule = OTHER_TOOL.test(text) || !ANY_KEY.test(text) ? undefined : RULES.find((r) => text.includes(r.key) && r.re.test(text));
        if (!rule) {
          gate.observe(text, ctx);
          return false;
        }
        const previous = gate.last();
        const follows = rule.continues === true && previous?.tool === rule.tool && lastLine === ctx.n - 1;
        lastLine = ctx.n;
        if (follows) {
          previous.evidence.push(ev(text, ctx));
          return false;
        }
        const cls = rule.cls ?? 'orchestration_error';
        const pkg = rule.pkg === undefined ? undefined : rule.re.exec(text)?.[rule.pkg];
        const draft = { class: cls, message: text, tool: rule.tool, evidence: [ev(text, ctx)], ...(pkg ? { package: pkg } : {}) };
        gate.hold(draft, rule.policy ?? IF_STEP_FAILED);
        return false;
      },
      end() {
        gate.end();
      },
      watching: () => gate.watching,
    };
  },
};
