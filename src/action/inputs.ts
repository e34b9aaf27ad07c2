// zod's tree-shakable build: the Action bundle carries only the checks it uses.
import * as z from 'zod/mini';

/** The Action's inputs, read once into a typed object (action.yml documents each). */
export interface Inputs {
  /** Where the logs come from; absent when only test reports are given. */
  source?: { kind: 'logs'; patterns: string[] } | { kind: 'run'; command: string } | { kind: 'workflow-run'; runId: number };
  /** Globs of JUnit XML / CTRF JSON test reports, read beside (or instead of) the logs. */
  reports: string[];
  githubToken: string;
  checkName: string;
  sarif?: string;
  maxAnnotations: number;
  workingDirectory?: string;
  /** Read earlier attempts and the base branch's check runs to mark known-flaky and already-broken failures. */
  history: boolean;
}

// Empty means "not given"; anything else must be a whole number.
const wholeNumber = (name: string, min: number) =>
  z.string().check(
    z.refine((s) => s === '' || (/^\d+$/.test(s) && Number(s) >= min), `"${name}" must be a whole number${min > 0 ? ` of at least ${min}` : ''}`),
  );

const flag = (name: string) => z.string().check(z.refine((s) => s === '' || s === 'true' || s === 'false', `"${name}" must be "true" or "false"`));

const Raw = z.object({
  logs: z.string(),
  reports: z.string(),
  run: z.string(),
  'workflow-run-id': wholeNumber('workflow-run-id', 1),
  'github-token': z.string(),
  'check-name': z.string(),
  sarif: z.string(),
  'max-annotations': wholeNumber('max-annotations', 0),
  'working-directory': z.string(),
  history: flag('history'),
});

/** Reads and validates every input; returns the inputs or a one-line reason naming the bad input. */
export function readInputs(getInput: (name: string) => string): { ok: true; inputs: Inputs } | { ok: false; error: string } {
  const raw = Object.fromEntries(Object.keys(Raw.shape).map((k) => [k, getInput(k).trim()]));
  const parsed = Raw.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `Invalid input "${String(issue.path[0])}": ${issue.message}` };
  }
  const r = parsed.data;
  const patterns = lines(r.logs);
  const reports = lines(r.reports);
  const given = [patterns.length > 0 && 'logs', r.run !== '' && 'run', r['workflow-run-id'] !== '' && 'workflow-run-id'].filter(Boolean);
  if (given.length > 1 || (given.length === 0 && reports.length === 0)) {
    return {
      ok: false,
      error: given.length === 0
        ? 'No input to classify: set one of "logs", "run" or "workflow-run-id", or "reports"'
        : `Inputs ${given.map((g) => `"${g}"`).join(' and ')} exclude each other: set only one`,
    };
  }
  const source: Inputs['source'] =
    patterns.length > 0
      ? { kind: 'logs', patterns }
      : r.run !== ''
        ? { kind: 'run', command: r.run }
        : r['workflow-run-id'] !== ''
          ? { kind: 'workflow-run', runId: Number(r['workflow-run-id']) }
          : undefined;
  return {
    ok: true,
    inputs: {
      ...(source ? { source } : {}),
      reports,
      githubToken: r['github-token'],
      checkName: r['check-name'] || 'punchlist',
      ...(r.sarif ? { sarif: r.sarif } : {}),
      maxAnnotations: r['max-annotations'] === '' ? 1000 : Number(r['max-annotations']),
      ...(r['working-directory'] ? { workingDirectory: r['working-directory'] } : {}),
      history: r.history !== 'false',
    },
  };
}

/** Newline-separated values, trimmed, blank lines dropped. */
function lines(value: string): string[] {
  return value.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}
