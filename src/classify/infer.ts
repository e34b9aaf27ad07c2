import type { EvidenceLine, FailedUnit, Failure, FailureDraft, UnitName } from './failure.ts';
import { rankOf } from './taxonomy.ts';
import { deliveryWord, meaningOfEnv, meaningOfName, type UnitMeaning } from './vocabulary.ts';

// make's targets that are object files are compiler invocations (`make: *** [src/a.o] Error 1`).
const OBJECT_FILE = /\.(?:o|obj|lo|gch)$/;

/** What a unit's name says it did, by the kind of unit it is. */
export function meaningOfUnit(u: UnitName): UnitMeaning | null {
  if (u.kind === 'tox-env' || u.kind === 'nox-session') return meaningOfEnv(u.name);
  if (u.kind === 'make-target' && OBJECT_FILE.test(u.name)) return { class: 'compile_error', word: u.name };
  // pre-commit exists to run linters and formatters (https://pre-commit.com/): a hook whose name says nothing
  // else is one of them.
  if (u.kind === 'pre-commit-hook') return meaningOfName(u.name) ?? meaningOfName(u.command ?? '') ?? { class: 'lint_error', word: 'pre-commit' };
  return meaningOfName(u.name) ?? (u.command === undefined ? null : meaningOfName(u.command));
}

const LABELS: Readonly<Record<string, string>> = {
  step: 'Step',
  command: 'Command',
  'npm-script': 'Script',
  'yarn-script': 'Script',
  'gradle-task': 'Gradle task',
  'maven-goal': 'Maven goal',
  'make-target': 'make target',
  'tox-env': 'tox environment',
  'nox-session': 'nox session',
  'rake-task': 'rake task',
  'pre-commit-hook': 'pre-commit hook',
  'just-recipe': 'just recipe',
  'docker-run': 'Docker build step',
  'lerna-task': 'Lerna command',
  'nx-target': 'Nx target',
  'turbo-task': 'Turbo task',
};

const MAX_NAME_IN_MESSAGE = 200;

/**
 * Failures that explain failed units of work no parser explained: the class their names say (`basis: 'step'`),
 * and the runner's located annotations inside them. `covered(file, line)` tells which places a parser already
 * reported, so an annotation a tool printed twice (its own line and the runner's copy) stays one failure.
 */
export function explainUnits(
  units: readonly FailedUnit[],
  failures: Iterable<Failure>,
  covered: (file: string, line: number) => boolean,
): FailureDraft[] {
  const found = [...failures].filter((f) => f.basis === undefined);
  const out: FailureDraft[] = [];
  for (const u of units) {
    const deciding = refusedDelivery(u) ?? decidingName(u);
    const fromStep = deciding ? { class: deciding.meaning.class, basis: 'step' as const } : null;
    const explained = found.some((f) => within(u, f.evidence[0]));
    // Warnings fail a step only when the tool fails on them: when nothing else in the unit explains its failure.
    const counted = u.findings.some((f) => f.level === 'error') || explained ? u.findings.filter((f) => f.level === 'error') : u.findings;
    let located = 0;
    for (const f of counted) {
      if (covered(f.file, f.line)) continue;
      const byTitle = f.title === undefined ? null : meaningOfName(f.title);
      const cls = byTitle?.class ?? fromStep?.class ?? 'unknown';
      out.push({
        class: cls,
        message: f.message,
        file: f.file,
        line: f.line,
        ...(f.column !== undefined ? { column: f.column } : {}),
        ...(f.title !== undefined ? { tool: f.title } : deciding ? { tool: deciding.unit.tool } : {}),
        ...(!byTitle && fromStep ? { basis: 'step' as const } : {}),
        evidence: [f.evidence],
      });
      located++;
    }
    if (located > 0 || !deciding || explained) continue;
    const name = deciding.unit.name.length > MAX_NAME_IN_MESSAGE ? `${deciding.unit.name.slice(0, MAX_NAME_IN_MESSAGE - 1)}…` : deciding.unit.name;
    const refused = deciding.meaning.class === 'orchestration_error' && u.refused ? u.refused : null;
    out.push({
      class: deciding.meaning.class,
      message: refused
        ? `${LABELS[deciding.unit.kind] ?? 'Unit'} "${name}" failed; its name says "${deciding.meaning.word}" and the service refused it: ${refused.text}`
        : `${LABELS[deciding.unit.kind] ?? 'Unit'} "${name}" failed; its name says "${deciding.meaning.word}": ${u.evidence.text}`,
      tool: deciding.unit.tool,
      basis: 'step',
      evidence: evidenceOf(deciding.unit.evidence, ...(refused ? [refused] : []), u.evidence),
    });
  }
  return out;
}

/** A unit that delivers something (deploy, publish, push, upload) and was refused by a service: the machinery's. */
function refusedDelivery(u: FailedUnit): { unit: UnitName; meaning: UnitMeaning } | null {
  if (!u.refused) return null;
  for (const unit of [...u.inner, ...(u.running ? [u.running] : []), ...(u.outer ? [u.outer] : [])]) {
    const word = deliveryWord(unit.name) ?? (unit.command === undefined ? null : deliveryWord(unit.command));
    if (word) return { unit, meaning: { class: 'orchestration_error', word } };
  }
  return null;
}

/**
 * The name that decides a failed unit's class: the units that failed inside it first (a `build` step whose Gradle
 * `test` task failed), then the script that was running, then its own name.
 */
function decidingName(u: FailedUnit): { unit: UnitName; meaning: UnitMeaning } | null {
  let best: { unit: UnitName; meaning: UnitMeaning } | null = null;
  for (const inner of u.inner) {
    const meaning = meaningOfUnit(inner);
    if (meaning && (best === null || rankOf(meaning.class) < rankOf(best.meaning.class))) best = { unit: inner, meaning };
  }
  if (best) return best;
  for (const unit of [u.running, u.outer]) {
    const meaning = unit ? meaningOfUnit(unit) : null;
    if (unit && meaning) return { unit, meaning };
  }
  return null;
}

function within(u: FailedUnit, e: EvidenceLine | undefined): boolean {
  return e !== undefined && e.line >= u.start && e.line <= u.end;
}

function evidenceOf(...lines: EvidenceLine[]): EvidenceLine[] {
  const real = lines.filter((e) => e.line > 0 && e.text !== '');
  real.sort((a, b) => a.line - b.line);
  return real.filter((e, i) => i === 0 || e.line !== real[i - 1]!.line);
}
