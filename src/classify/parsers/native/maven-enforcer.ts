// maven-enforcer-plugin rule failures: `Rule 0: org.apache.maven.enforcer.rules.dependency.DependencyConvergence
// failed with message:` (3.2+; before it `org.apache.maven.plugins.enforcer.…`) followed by the rule's message
// (https://maven.apache.org/enforcer/maven-enforcer-plugin/, rules: https://maven.apache.org/enforcer/enforcer-rules/).
// Fixture: maven-enforcer-plugin 3.6.3 under Maven 3.8.7, run offline on a project whose JUnit artifacts diverge.
import type { FailureClass } from '../../taxonomy.ts';
import type { FailureDraft } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';

const LEVEL = /^\[(ERROR|WARNING|INFO)\] ?/;
const RULE = /^Rule \d+: ([\w.$]+?)(?:\([^)]*\))? failed with message:$/;
// `Dependency convergence error for g:a:jar:1.0. Paths to dependency are:` (3.x; 1.x without `jar:`, lower-case
// `paths`), `Require upper bound dependencies error for g:a:1.0 [paths to dependency are]:` / `… are:`.
const DIVERGENT = /^(?:Dependency convergence|Require upper bound dependencies) error for ([\w.-]+:[\w.-]+):/;
// Before 3.0 the verdict came at the end, on the goal's failure, and the rules' messages were warnings.
const VERDICT = /Some Enforcer rules have failed\b/;
const END = /^-> \[Help \d+\]$|^(?:BUILD |--- |Total time)|^Rule \d+: /;

// Rules about the dependency graph: a version the build needs does not resolve to one artifact.
const GRAPH = new Set(['DependencyConvergence', 'RequireUpperBoundDeps']);
// Rules about the build's environment: the JDK, Maven or OS the project needs is not the one running it. TAXONOMY
// puts "a tool the code needs cannot be found" under dependency_missing; the needed version of the JDK or of
// Maven is such a tool. (Not orchestration_error: nothing around the build broke, the project's requirement
// is not met.)
const ENVIRONMENT = new Set(['RequireJavaVersion', 'RequireMavenVersion', 'RequireJavaVendor', 'RequireOS']);
// Every other rule (BannedDependencies, RequireReleaseDeps, RequirePluginVersions, BanDuplicatePomDependencyVersions,
// custom rules…) is a policy check of the project's own build files: the enforcer rejects what the project
// declares, as a linter does, so lint_error.

const MAX_MESSAGE = 60;

interface Rule {
  code: string;
  warning: boolean;
  packages: string[];
  message: string[];
  evidence: FailureDraft['evidence'];
}

/** Maven Enforcer: each failed rule, with the artifacts a dependency-convergence rule names. */
export const mavenEnforcer: ParserDef = {
  name: 'maven-enforcer',
  description: 'maven-enforcer-plugin `Rule N: …Rule failed with message:` blocks; convergence errors name their artifacts',
  url: 'https://maven.apache.org/enforcer/enforcer-rules/',
  trigger: /^\[(?:ERROR|WARNING)\] Rule \d+: |Some Enforcer rules have failed/,
  keywords: ['] Rule ', 'Some Enforcer rules have failed'],
  // Maven's `[ERROR] ` / `[INFO] ` levels are part of what it reads.
  readsWrappers: ['maven'],
  create(sink) {
    let rule: Rule | null = null;
    // Warnings are held until the goal says the rules failed (before 3.0) or a new goal starts (a rule set to warn).
    let held: Rule[] = [];

    function report(r: Rule): void {
      const cls: FailureClass = GRAPH.has(r.code) ? 'dependency_missing' : ENVIRONMENT.has(r.code) ? 'dependency_missing' : 'lint_error';
      const message = `${r.code}: ${r.message.join(' ').replace(/\s+/g, ' ').trim()}`;
      if (r.packages.length === 0) sink.emit({ class: cls, message, code: r.code, tool: 'maven-enforcer', evidence: r.evidence });
      for (const p of r.packages) sink.emit({ class: cls, message, code: r.code, package: p, tool: 'maven-enforcer', evidence: r.evidence });
    }

    function settle(): void {
      const r = rule;
      rule = null;
      if (!r) return;
      if (r.warning) held.push(r);
      else report(r);
    }

    return {
      feed(text: string, ctx: LineContext): boolean {
        const lv = LEVEL.exec(text);
        const rest = lv ? text.slice(lv[0].length) : text;
        if (VERDICT.test(text)) {
          settle();
          for (const r of held) report(r);
          held = [];
          return false;
        }
        const m = RULE.exec(rest);
        if (m && (lv?.[1] === 'ERROR' || lv?.[1] === 'WARNING')) {
          settle();
          const code = m[1]!.split('.').at(-1)!;
          rule = { code, warning: lv[1] === 'WARNING', packages: [], message: [], evidence: [ev(text, ctx)] };
          return true;
        }
        if (!rule) {
          if (lv?.[1] === 'INFO' && rest.startsWith('--- ')) held = [];
          return held.length > 0;
        }
        // The message runs on at the rule's level (pre-3.0 convergence reports print bare lines under a warning).
        if (END.test(rest) || lv?.[1] === 'INFO' || (lv && lv[1] !== 'ERROR' && !rule.warning)) {
          settle();
          if (lv?.[1] === 'INFO' && rest.startsWith('--- ')) held = [];
          return held.length > 0;
        }
        const d = DIVERGENT.exec(rest);
        if (d && !rule.packages.includes(d[1]!)) rule.packages.push(d[1]!);
        if (rule.message.length < MAX_MESSAGE && rest.trim() !== '' && !/^\s*[+|]-|^and$|^\]$/.test(rest)) rule.message.push(rest.trim());
        if (rule.evidence.length < 6 && (d || rule.evidence.length < 2)) rule.evidence.push(ev(text, ctx));
        return true;
      },
      end() {
        settle();
      },
    };
  },
};
