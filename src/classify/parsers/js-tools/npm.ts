import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import type { FailureClass } from '../../taxonomy.ts';
import { HeldFailures, RETRYING } from './held.ts';
import { packageOfRegistryUrl, packageOfSpec } from './package-spec.ts';

// npm ≤ 6 prints `npm ERR! `, npm ≥ 7 prints `npm error `; the rest of the line is the same.
const PREFIX = /^npm (?:ERR!|error)(?: |$)/;
const CODE = /^code (\S+)$/;
const NOT_FOUND_SPEC = /^404 +(?:The requested resource )?'([^']+)' (?:could not be found|is not in (?:this|the npm) registry)/;
const NOT_FOUND_URL = /^404 (?:Not Found - (?:GET|PUT) |Registry returned 404 for GET on )(\S+)/;
const NO_MATCHING_VERSION = /^notarget No matching version found for (\S+)/;
const COULD_NOT_RESOLVE = /^Could not resolve dependency:$/;
const CONFLICTING_PEER = /^Conflicting peer dependency: (\S+)$/;
const DEPENDENT = /^(?:peer |peerOptional |dev |optional )?((?:@[^@\s/]+\/)?[^@\s/]+)@"/;
const OUT_OF_SYNC = /can only install packages when your package\.json and package-lock\.json (?:or npm-shrinkwrap\.json )?are in sync/;
const LOCK_ENTRY = /^(?:Missing: (\S+?)@\S* from lock file|Invalid: lock file's (\S+?)@\S* does not satisfy)/;
const COMPLETE_LOG = /^A complete log of this run can be found in/;

// The registry or the runner failed, not the project (TAXONOMY "Machinery").
const MACHINERY = new Set([
  'ENOSPC', 'EACCES', 'EPERM', 'EMFILE', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN',
  'ENETUNREACH', 'EHOSTUNREACH', 'ERR_SOCKET_TIMEOUT', 'EPROTO', 'E401', 'E403', 'E500', 'E502', 'E503', 'E504',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);
// Lines of a machinery error that say less than the one explaining it (`syscall connect`, a stack frame).
const MACHINERY_NOISE = /^(?:$|syscall |errno |at |path |dest |\{|\}|code: |[a-z]+: ')/;
const MAX_EVIDENCE = 8;
// Lines after npm's last line within which Travis prints its retry notice (blank and colour-reset lines included).
const AFTER_NPM_LINES = 8;

interface Block {
  first: EvidenceLine;
  code: string | null;
  evidence: EvidenceLine[];
  packages: string[];
  outOfSync: boolean;
  afterResolve: boolean;
  afterResolveLine: boolean;
  detail: string;
  detailFromUrl: boolean;
}

/** npm: registry and resolution errors (E404, ETARGET, ERESOLVE, `npm ci` out of sync) and machinery faults. */
export const npm: ParserDef = {
  name: 'npm',
  description: 'npm `npm ERR!`/`npm error` blocks: E404, ETARGET, ERESOLVE, lock file out of sync, network and disk errors',
  url: 'https://docs.npmjs.com/common-errors',
  // A retry notice matters only while a block or its held failures are open, and then every line is read.
  trigger: /^npm (?:ERR!|error)(?: |$)/,
  keywords: ['npm ERR!', 'npm error'],
  create(sink) {
    const held = new HeldFailures();
    let block: Block | null = null;
    let quiet = 0;

    const finish = (): void => {
      if (block) decide(block, held, sink.jobFailed);
      block = null;
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (RETRYING.test(text)) {
          finish();
          held.drop();
          quiet = 0;
          return false;
        }
        const p = PREFIX.exec(text);
        if (!p) {
          // npm's output is over; a retry line may still follow it closely, so wait a few lines before reporting.
          if (--quiet > 0) return true;
          finish();
          held.flush(sink);
          quiet = 0;
          return false;
        }
        quiet = AFTER_NPM_LINES;
        const body = text.slice(p[0].length).trim();
        const code = CODE.exec(body);
        if (code && block?.code) finish();
        block ??= { first: ev(text, ctx), code: null, evidence: [], packages: [], outOfSync: false, afterResolve: false, afterResolveLine: false, detail: '', detailFromUrl: false };
        if (code) {
          block.code = code[1]!;
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
      },
    };
  },
};

function read(b: Block, body: string, line: EvidenceLine): void {
  const keep = (pkg: string | undefined): void => {
    if (!pkg) return;
    if (!b.packages.includes(pkg)) b.packages.push(pkg);
    if (b.evidence.length < MAX_EVIDENCE) b.evidence.push(line);
    if (b.detail === '' || b.detailFromUrl) b.detail = b.afterResolveLine ? `Could not resolve dependency: ${body}` : body;
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
  if (spec) return keep(packageOfSpec(spec[1]!.replace(/\.$/, '')));
  const url = NOT_FOUND_URL.exec(body);
  if (url) {
    // The 404 URL names the same package as the quoted spec npm prints next; keep it only as a fallback.
    if (b.evidence.length < MAX_EVIDENCE) b.evidence.push(line);
    if (b.packages.length === 0 && b.detail === '') {
      b.detail = body;
      b.detailFromUrl = true;
    }
    const pkg = packageOfRegistryUrl(url[1]!);
    if (pkg && b.packages.length === 0) b.packages.push(`url:${pkg}`);
    return;
  }
  if (OUT_OF_SYNC.test(body)) {
    b.outOfSync = true;
    if (b.evidence.length < MAX_EVIDENCE) b.evidence.push(line);
    if (b.detail === '') b.detail = body;
    return;
  }
  const lock = LOCK_ENTRY.exec(body);
  if (lock) return keep(lock[1] ?? lock[2]);
  if (b.detail === '' && b.code && MACHINERY.has(b.code) && !MACHINERY_NOISE.test(body)) {
    b.detail = body;
    if (b.evidence.length < MAX_EVIDENCE) b.evidence.push(line);
  }
}

function decide(b: Block, held: HeldFailures, jobFailed: (e: EvidenceLine) => void): void {
  const code = b.code ?? '';
  // A quoted spec beats the URL fallback that was only kept while nothing better was seen.
  const named = b.packages.filter((p) => !p.startsWith('url:'));
  const packages = named.length > 0 ? named : b.packages.map((p) => p.slice(4));
  const evidence = b.evidence.length > 0 ? b.evidence : [b.first];
  const emit = (cls: FailureClass, pkg?: string): void => {
    const d: FailureDraft = { class: cls, message: b.detail || `npm error code ${code}`, tool: 'npm', evidence };
    if (code) d.code = code;
    if (pkg) d.package = pkg;
    held.hold(d);
  };
  if (code === 'E404' || code === 'ETARGET' || code === 'ERESOLVE' || (b.outOfSync && code === 'EUSAGE') || (b.outOfSync && !code)) {
    if (packages.length === 0) emit('dependency_missing');
    for (const p of packages) emit('dependency_missing', p);
    return;
  }
  if (MACHINERY.has(code)) {
    emit('orchestration_error');
    return;
  }
  // ELIFECYCLE, a script's own exit code and the like: the job failed, the cause is printed elsewhere.
  jobFailed(evidence[0]!);
}
