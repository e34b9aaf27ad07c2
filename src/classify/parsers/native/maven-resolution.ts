import type { FailureDraft } from '../../failure.ts';

type Resolution = Pick<FailureDraft, 'class' | 'message' | 'package'>;

// `g:a` of the coordinates Maven names when an artifact is not there (`g:a:type[:classifier]:version`).
const NOT_FOUND: readonly RegExp[] = [
  /Could not find artifact ([\w.-]+:[\w.-]+):/g,
  /the artifact ([\w.-]+:[\w.-]+):\S+ has not been downloaded from it before/g,
  /Failure to find ([\w.-]+:[\w.-]+):\S+ in /g,
  /'dependencies\.dependency\.version' for ([\w.-]+:[\w.-]+):\S+ is missing/g,
];
const UNRESOLVED_LIST = 'The following artifacts could not be resolved: ';
// Maven 3.9's cached miss names the coordinates before the literal: `g:a:jar:1.0 was not found in https://…`.
const CACHED_MISS = ' was not found in ';
const COORDS = /^([\w.-]+:[\w.-]+):/;
const PLUGIN = /^Plugin ([\w.-]+:[\w.-]+):\S+ or one of its dependencies could not be resolved/;
// The repository could not be reached: the machinery failed, not the project (TAXONOMY, "Machinery").
const NETWORK = /Could not transfer (?:artifact|metadata)|transfer failed for|Connection (?:refused|reset|timed out)|Unknown host|UnknownHostException|PKIX path building failed|status code: 5\d\d/;
const RESOLUTION = /Could not resolve dependencies|Non-resolvable (?:parent|import) POM|could not be resolved/;

/** What one Maven `[ERROR]` line says about dependency resolution: missing artifacts, or an unreachable repository. */
export function dependencyFailures(message: string): Resolution[] {
  const packages = new Set<string>();
  for (const re of NOT_FOUND) {
    for (const m of message.matchAll(re)) packages.add(m[1]!);
  }
  // Coordinates hold colons but no spaces, so the list ends at the first `: `.
  const at = message.indexOf(UNRESOLVED_LIST);
  if (at >= 0) {
    const rest = message.slice(at + UNRESOLVED_LIST.length);
    const end = rest.indexOf(': ');
    for (const coords of (end >= 0 ? rest.slice(0, end) : rest).split(', ')) {
      const ga = COORDS.exec(coords.trim());
      if (ga) packages.add(ga[1]!);
    }
  }
  const miss = message.indexOf(CACHED_MISS);
  if (miss > 0) {
    const ga = COORDS.exec(message.slice(message.lastIndexOf(' ', miss - 1) + 1, miss));
    if (ga) packages.add(ga[1]!);
  }
  if (packages.size > 0) return [...packages].map((p) => ({ class: 'dependency_missing', message, package: p }));
  if (NETWORK.test(message)) return [{ class: 'orchestration_error', message }];
  const plugin = PLUGIN.exec(message);
  if (plugin) return [{ class: 'dependency_missing', message, package: plugin[1]! }];
  if (RESOLUTION.test(message)) return [{ class: 'dependency_missing', message }];
  return [];
}
