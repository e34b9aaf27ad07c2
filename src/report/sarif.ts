import type { Log, Result, ReportingDescriptor } from 'sarif';
import { CLASS_DESCRIPTIONS, FAILURE_CLASSES, type Classification, type Failure } from '../classify/index.ts';
import { annotationMessage } from './workflow-commands.ts';

/** One classified log and, where known, the path it was read from. */
export interface ClassifiedLog {
  /** Path of the log file, used to locate failures that name no source file. */
  log?: string;
  classification: Classification;
}

const INFORMATION_URI = 'https://github.com/punchlist/punchlist#failure-classes';
/**
 * SARIF's `rank` (0–100, higher matters more): a failure in the tool's own words outranks one whose class was
 * inferred from the name of the step that failed.
 */
const RANK_STATED = 90;
const RANK_INFERRED = 30;

/** A SARIF 2.1.0 log: one rule per failure class, one result per failure. */
export function toSarif(logs: readonly ClassifiedLog[], version: string): Log {
  const rules: ReportingDescriptor[] = FAILURE_CLASSES.map((cls) => ({
    id: cls,
    name: cls,
    shortDescription: { text: CLASS_DESCRIPTIONS[cls] },
    helpUri: INFORMATION_URI,
  }));
  const results: Result[] = logs.flatMap(({ log, classification }) =>
    classification.failures.map((f) => toResult(f, log)),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'punchlist', version, informationUri: INFORMATION_URI, rules } },
        results,
      },
    ],
  };
}

function toResult(f: Failure, log: string | undefined): Result {
  const result: Result = {
    ruleId: f.class,
    ruleIndex: FAILURE_CLASSES.indexOf(f.class),
    level: 'error',
    rank: f.basis === 'step' ? RANK_INFERRED : RANK_STATED,
    message: { text: annotationMessage(f) },
  };
  const properties: Record<string, string> = {};
  for (const k of ['tool', 'code', 'test', 'package', 'basis'] as const) if (f[k]) properties[k] = f[k];
  if (Object.keys(properties).length > 0) result.properties = properties;
  if (f.file) {
    result.locations = [{ physicalLocation: { artifactLocation: { uri: encodeUri(f.file) }, ...region(f) } }];
  } else if (log && f.evidence[0]) {
    // Nothing in the source to point at: point at the log line that shows the failure.
    result.locations = [
      { physicalLocation: { artifactLocation: { uri: encodeUri(log) }, region: { startLine: f.evidence[0].line } } },
    ];
  }
  return result;
}

function region(f: Failure): { region?: NonNullable<NonNullable<Result['locations']>[number]['physicalLocation']>['region'] } {
  if (f.line === undefined) return {};
  return {
    region: {
      startLine: f.line,
      ...(f.column !== undefined ? { startColumn: f.column } : {}),
      ...(f.endLine !== undefined ? { endLine: f.endLine } : {}),
      ...(f.endColumn !== undefined ? { endColumn: f.endColumn } : {}),
    },
  };
}

function encodeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
