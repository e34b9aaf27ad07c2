import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Classification, Failure } from '../../src/classify/index.ts';
import { decide } from '../../src/decision/index.ts';
import { planCheckRun, type CheckAnnotation } from '../../src/report/check-run.ts';

/**
 * What the flaky / already-broken marks read from GitHub, served as GitHub answers it: every answer is GitHub's own
 * documented example with the test's values laid over it, and both the request (path and query parameters) and the
 * answer are checked against GitHub's published description (fixtures/history-operations.json, extracted from
 * @octokit/openapi). A request or answer that breaks it is recorded in `violations`.
 *
 * It serves these operations through the API stand-in's `extra` hook: two of them (jobs of a run attempt, the
 * commits of a branch) are not in test/fixtures/github-api/operations.json yet.
 */

interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters: { name: string; in: string; required: boolean; schema: { type?: string } }[];
  response: { schema: object; example: unknown };
}

const OPERATIONS = (JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'history-operations.json'), 'utf8')) as { operations: Operation[] }).operations;
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
(addFormats as unknown as { default: (a: Ajv) => void }).default(ajv);

const COMPILED = OPERATIONS.map((op) => {
  const names: string[] = [];
  const pattern = new RegExp(`^${op.path.replace(/\{(\w+)\}/g, (_, n: string) => (names.push(n), '([^/]+)'))}$`);
  return {
    op,
    names,
    pattern,
    response: ajv.compile(op.response.schema),
    params: new Map<string, ValidateFunction>(op.parameters.map((p) => [`${p.in}:${p.name}`, ajv.compile(p.schema)])),
  };
});

/** A job of one attempt, as the test gives it (GitHub's example job supplies the rest). */
export interface JobSpec {
  id: number;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | null;
  started_at: string;
  completed_at: string | null;
  runner_name: string;
}

/** A `punchlist` check run on a commit, with the annotations the Action wrote on it. */
export interface CheckRunSpec {
  id: number;
  name: string;
  conclusion: 'success' | 'failure';
  completed_at: string;
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
}

/** The history a test sets up: jobs per attempt, the base branch's commits, check runs per commit. */
export interface HistoryData {
  runId: number;
  jobs: Record<number, JobSpec[]>;
  branches?: Record<string, string[]>;
  checkRuns: Record<string, CheckRunSpec[]>;
  /** Answers to give instead, by operation id (a 403 without the permission). */
  refuse?: Record<string, { status: number; message: string }>;
}

export interface HistoryApi {
  /** Pass as `startGitHubStandIn`'s second argument. */
  extra: (req: IncomingMessage, res: ServerResponse) => boolean;
  calls: { operationId: string; query: Record<string, string> }[];
  violations: string[];
}

function coerce(value: string, schema: { type?: string }): unknown {
  return schema.type === 'integer' || schema.type === 'number' ? (/^-?\d+$/.test(value) ? Number(value) : value) : value;
}

/** Serves `data` as GitHub would. */
export function historyApi(data: HistoryData): HistoryApi {
  const calls: HistoryApi['calls'] = [];
  const violations: string[] = [];
  const example = (id: string) => structuredClone(OPERATIONS.find((o) => o.operationId === id)!.response.example) as Record<string, unknown> & unknown[];

  function answer(operationId: string, params: Record<string, string>, query: Record<string, string>): unknown {
    switch (operationId) {
      case 'actions/list-jobs-for-workflow-run-attempt': {
        const base = example(operationId) as unknown as { jobs: Record<string, unknown>[] };
        const jobs = (Number(params.run_id) === data.runId ? (data.jobs[Number(params.attempt_number)] ?? []) : []).map((j) => ({
          ...base.jobs[0],
          // GitHub's example predates `created_at`, which its schema requires.
          created_at: j.started_at,
          ...j,
          run_id: data.runId,
          run_attempt: Number(params.attempt_number),
        }));
        return { total_count: jobs.length, jobs };
      }
      case 'repos/list-commits': {
        const base = (example(operationId) as unknown as Record<string, unknown>[])[0]!;
        const shas = (data.branches?.[query.sha ?? ''] ?? []).slice(0, Number(query.per_page ?? 30));
        return shas.map((sha) => ({ ...base, sha, url: `https://api.github.com/repos/o/r/commits/${sha}` }));
      }
      case 'checks/list-for-ref': {
        const base = (example(operationId) as unknown as { check_runs: Record<string, unknown>[] }).check_runs[0]!;
        const runs = (data.checkRuns[params.ref!] ?? [])
          .filter((c) => !query.check_name || c.name === query.check_name)
          .map((c) => ({
            ...base,
            id: c.id,
            name: c.name,
            head_sha: params.ref,
            status: 'completed',
            conclusion: c.conclusion,
            started_at: c.completed_at,
            completed_at: c.completed_at,
            output: { title: c.title, summary: c.summary, text: null, annotations_count: c.annotations.length, annotations_url: `https://api.github.com/repos/o/r/check-runs/${c.id}/annotations` },
          }));
        return { total_count: runs.length, check_runs: runs };
      }
      case 'checks/list-annotations': {
        const base = (example(operationId) as unknown as Record<string, unknown>[])[0]!;
        const run = Object.values(data.checkRuns).flat().find((c) => c.id === Number(params.check_run_id));
        const perPage = Number(query.per_page ?? 30);
        const page = Number(query.page ?? 1);
        return (run?.annotations ?? []).slice((page - 1) * perPage, page * perPage).map((a) => ({
          ...base,
          start_column: null,
          end_column: null,
          ...a,
          title: a.title ?? null,
          raw_details: a.raw_details ?? null,
          blob_href: `https://github.com/o/r/blob/sha/${a.path}`,
        }));
      }
      default:
        return undefined;
    }
  }

  const extra = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const found = COMPILED.map((c) => ({ c, m: req.method === c.op.method ? c.pattern.exec(url.pathname) : null })).find((x) => x.m);
    if (!found) return false;
    const { c, m } = found;
    const params = Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(m![i + 1]!)]));
    const query = Object.fromEntries(url.searchParams);
    calls.push({ operationId: c.op.operationId, query });
    for (const p of c.op.parameters) {
      const raw = p.in === 'path' ? params[p.name] : p.in === 'query' ? query[p.name] : undefined;
      if (raw === undefined) {
        if (p.required) violations.push(`${c.op.operationId}: missing ${p.in} parameter "${p.name}"`);
        continue;
      }
      const v = c.params.get(`${p.in}:${p.name}`)!;
      if (!v(coerce(raw, p.schema))) violations.push(`${c.op.operationId}: ${p.in} parameter "${p.name}" ${ajv.errorsText(v.errors)}`);
    }
    for (const q of Object.keys(query)) {
      if (!c.op.parameters.some((p) => p.in === 'query' && p.name === q)) violations.push(`${c.op.operationId}: unknown query parameter "${q}"`);
    }
    if (!/^(token|bearer) \S+/i.test(req.headers.authorization ?? '')) violations.push(`${c.op.operationId}: no authorization header`);
    const refused = data.refuse?.[c.op.operationId];
    res.writeHead(refused?.status ?? 200, { 'content-type': 'application/json; charset=utf-8' });
    if (refused) {
      res.end(JSON.stringify({ message: refused.message, documentation_url: 'https://docs.github.com/rest' }));
      return true;
    }
    const body = answer(c.op.operationId, params, query);
    if (!c.response(body)) violations.push(`${c.op.operationId}: answer ${ajv.errorsText(c.response.errors, { dataVar: 'body' })}`);
    res.end(JSON.stringify(body));
    return true;
  };
  return { extra, calls, violations };
}

/**
 * The check run the Action itself writes for these failures of a test report (with its counts when `tests`), as
 * GitHub then keeps it: what an earlier attempt or the base branch left behind.
 */
export function actionCheckRun(id: number, completedAt: string, failures: Failure[], tests = true, name = 'punchlist'): CheckRunSpec {
  const classification: Classification = { primary: failures.length > 0 ? 'test_fail' : null, failures, omitted: 0, jobFailed: null, lines: 40 };
  const plan = planCheckRun([{ name: 'junit.xml', classification, decision: decide('junit.xml', classification) }], {
    maxAnnotations: 1000,
    ...(tests ? { tests: [{ name: 'junit.xml', suites: [{ name: 'src/cart.test.ts', passed: 5, failed: failures.length, skipped: 0 }] }] } : {}),
  });
  return { id, name, conclusion: plan.conclusion, completed_at: completedAt, title: plan.title, summary: plan.summary, annotations: plan.batches.flat() };
}
