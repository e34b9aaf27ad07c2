import type { EvidenceLine, FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef, type ParserSink } from '../../parser.ts';
import type { FailureClass } from '../../taxonomy.ts';
import { packageOfSpec } from './package-spec.ts';

// ` ERR_PNPM_FETCH_404  GET …` (pnpm ≤ 10), `Error: ERR_PNPM_FETCH_404` then a box (pnpm 11+), `[ERR_PNPM_…] …`.
const CODE = /\bERR_PNPM_([A-Z0-9_]+)/;
const NOT_IN_REGISTRY = /(?:^|\s)((?:@[\w.-]+\/)?[\w.-]+) is not in the npm registry/;
const NO_VERSION = /No matching version found for (\S+@\S+)/;
const FAILED_TO_RESOLVE = /Failed to resolve ((?:@[\w.-]+\/)?[\w.-]+@\S+)/;
const UNMET_PEER = /✕ (?:unmet|missing) peer ((?:@[\w.-]+\/)?[\w.-]+)@/;
const NETWORK = /\b(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ENOSPC)\b/;
const RESOLUTION = new Set(['FETCH_404', 'NO_MATCHING_VERSION', 'PEER_DEP_ISSUES', 'OUTDATED_LOCKFILE', 'LOCKFILE_CONFIG_MISMATCH']);
const MACHINERY = /^(?:META_FETCH_FAIL|FETCH_(?:ECONN\w+|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|5\d\d|401|403)|ENOSPC|EACCES|EPERM|ENOTFOUND|ECONNREFUSED)$/;
// Lines after the code within which pnpm names the package (its peer tree can be long).
const WINDOW = 40;

interface Block {
  code: string;
  evidence: EvidenceLine[];
  packages: string[];
  network: boolean;
  left: number;
}

/** pnpm install errors: `ERR_PNPM_FETCH_404`, `NO_MATCHING_VERSION`, `PEER_DEP_ISSUES`, an outdated lockfile, network faults. */
export const pnpm: ParserDef = {
  name: 'pnpm',
  description: 'pnpm `ERR_PNPM_*` errors: FETCH_404, NO_MATCHING_VERSION, PEER_DEP_ISSUES, OUTDATED_LOCKFILE, network and disk faults',
  url: 'https://pnpm.io/errors',
  trigger: /ERR_PNPM_[A-Z]/,
  keywords: ['ERR_PNPM_'],
  create(sink) {
    let block: Block | null = null;
    const finish = (): void => {
      if (block) decide(block, sink);
      block = null;
    };
    return {
      feed(text: string, ctx: LineContext): boolean {
        const c = CODE.exec(text);
        if (c) {
          finish();
          block = { code: c[1]!, evidence: [ev(text, ctx)], packages: [], network: false, left: WINDOW };
        } else if (!block) {
          return false;
        }
        const b = block!;
        const peer = UNMET_PEER.exec(text);
        const pkg = peer?.[1] ?? NOT_IN_REGISTRY.exec(text)?.[1] ?? specOf(NO_VERSION.exec(text) ?? FAILED_TO_RESOLVE.exec(text));
        if (pkg && !b.packages.includes(pkg)) {
          b.packages.push(pkg);
          if (b.evidence.length < 8 && !c) b.evidence.push(ev(text, ctx));
        }
        if (NETWORK.test(text)) b.network = true;
        // One missing package per error, except the peer tree that lists every unmet peer.
        const done = b.code !== 'PEER_DEP_ISSUES' ? b.packages.length > 0 : false;
        if (done || --b.left <= 0) {
          finish();
          return false;
        }
        return true;
      },
      end() {
        finish();
      },
    };
  },
};

function specOf(m: RegExpExecArray | null): string | undefined {
  return m ? packageOfSpec(m[1]!) : undefined;
}

function decide(b: Block, sink: ParserSink): void {
  const emit = (cls: FailureClass, pkg?: string): void => {
    // pnpm 11+ puts the code alone on its line (`Error: ERR_PNPM_FETCH_404`): the next evidence line says more.
    const head = b.evidence[0]!.text.trim();
    const message = /^(?:Error: )?ERR_PNPM_\w+$/.test(head) && b.evidence[1] ? b.evidence[1].text.replace(/^[\s│├╰─▶×]+/, '').trim() : head;
    const d: FailureDraft = { class: cls, message, tool: 'pnpm', code: `ERR_PNPM_${b.code}`, evidence: b.evidence };
    if (pkg) d.package = pkg;
    sink.emit(d);
  };
  if (MACHINERY.test(b.code) || (b.network && !RESOLUTION.has(b.code))) {
    emit('orchestration_error');
  } else if (RESOLUTION.has(b.code)) {
    if (b.packages.length === 0) emit('dependency_missing');
    for (const p of b.packages) emit('dependency_missing', p);
  } else {
    // ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL and the like: a script failed; its own output says why.
    sink.jobFailed(b.evidence[0]!);
  }
}
