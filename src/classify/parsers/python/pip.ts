import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef, type ParserSink } from '../../parser.ts';

const NO_VERSION = /^(?:ERROR: )?Could not find a version that satisfies the requirement (\S+)/;
const NO_DISTRIBUTION = /^(?:ERROR: )?No matching distribution found for (\S+)/;
const OS_ERROR = /^ERROR: Could not install packages due to an OSError: (.*)$/;
// pip's own retry and fetch warnings: the index or a download host could not be reached.
const UNREACHABLE = /^WARNING: (?:Retrying \(Retry\(.*\)\) after connection broken by '(\w+)|Could not fetch URL (\S+): (.*))/;
const NETWORK_OS_ERROR = /HTTPS?ConnectionPool|Max retries exceeded|Failed to establish a new connection|Temporary failure in name resolution|Connection (?:refused|reset)|timed out|SSLError|ProxyError/;
const REQUIREMENT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;

/** pip: requirements it cannot satisfy (missing dependencies) and an index it cannot reach (machinery). */
export const pip: ParserDef = {
  name: 'pip',
  description: 'pip install/download errors: `Could not find a version that satisfies the requirement`, `No matching distribution found for`, network retries and OSErrors',
  url: 'https://pip.pypa.io/en/stable/topics/dependency-resolution/',
  trigger: /^(?:ERROR: )?(?:Could not find a version that satisfies|No matching distribution found for|Could not install packages due to an OSError)|^WARNING: (?:Retrying \(Retry|Could not fetch URL)/,
  keywords: [
    'Could not find a version that satisfies',
    'No matching distribution found for',
    'Could not install packages due to an OSError',
    'WARNING: Retrying (Retry',
    'WARNING: Could not fetch URL',
  ],
  create(sink) {
    return new PipParser(sink);
  },
};

class PipParser {
  readonly #sink: ParserSink;
  #unreachable: { reason: string; evidence: EvidenceLine } | null = null;
  #networkReported = false;

  constructor(sink: ParserSink) {
    this.#sink = sink;
  }

  feed(text: string, ctx: LineContext): boolean {
    const u = UNREACHABLE.exec(text);
    if (u) {
      // A retry can still succeed: the warning counts only once pip gives up.
      this.#unreachable ??= { reason: u[1] ?? u[3] ?? 'connection failed', evidence: ev(text, ctx) };
      return false;
    }
    const os = OS_ERROR.exec(text);
    if (os) {
      const network = NETWORK_OS_ERROR.test(os[1]!);
      if (network) this.#networkReported = true;
      this.#sink.emit({
        class: 'orchestration_error', tool: 'pip', evidence: [ev(text, ctx)],
        message: network ? `Cannot reach a package host: ${os[1]}` : `Cannot install packages: ${os[1]}`,
      });
      return false;
    }
    const req = NO_VERSION.exec(text) ?? NO_DISTRIBUTION.exec(text);
    if (!req) return false;
    this.#reportNetwork();
    const name = REQUIREMENT_NAME.exec(req[1]!)?.[0];
    if (name) {
      this.#sink.emit({ class: 'dependency_missing', tool: 'pip', package: name, message: text.replace(/^ERROR: /, ''), evidence: [ev(text, ctx)] });
    }
    return false;
  }

  end(): void {}

  // The requirement failed after pip could not reach its index: the network is the cause (TAXONOMY "Machinery").
  #reportNetwork(): void {
    const u = this.#unreachable;
    if (!u || this.#networkReported) return;
    this.#networkReported = true;
    this.#sink.emit({ class: 'orchestration_error', tool: 'pip', message: `Cannot reach the package index: ${u.reason}`, evidence: [u.evidence] });
  }
}
