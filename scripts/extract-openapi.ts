// Extracts the GitHub REST operations Punchlist calls from @octokit/openapi's description of api.github.com into
// test/fixtures/github-api/operations.json, so the API stand-in validates requests without loading 70 MB per test.
// Usage: node scripts/extract-openapi.ts   (re-run after upgrading @octokit/openapi or calling a new endpoint)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const OPERATIONS: [method: string, path: string][] = [
  ['post', '/repos/{owner}/{repo}/check-runs'],
  ['patch', '/repos/{owner}/{repo}/check-runs/{check_run_id}'],
  // The Action after a lost answer: its check run found by external_id, and how many annotations it holds.
  ['get', '/repos/{owner}/{repo}/check-runs/{check_run_id}'],
  ['get', '/repos/{owner}/{repo}/actions/runs/{run_id}'],
  ['get', '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs'],
  ['get', '/repos/{owner}/{repo}/actions/jobs/{job_id}/logs'],
  // The App: installation tokens, intake, context and the Git Data API (no clone), the pull request.
  ['post', '/app/installations/{installation_id}/access_tokens'],
  ['get', '/repos/{owner}/{repo}/contents/{path}'],
  ['get', '/repos/{owner}/{repo}/collaborators/{username}/permission'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['patch', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['delete', '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}'],
  ['get', '/repos/{owner}/{repo}/git/ref/{ref}'],
  ['get', '/repos/{owner}/{repo}/git/commits/{commit_sha}'],
  ['get', '/repos/{owner}/{repo}/git/trees/{tree_sha}'],
  ['post', '/repos/{owner}/{repo}/git/trees'],
  ['post', '/repos/{owner}/{repo}/git/commits'],
  ['post', '/repos/{owner}/{repo}/git/refs'],
  ['patch', '/repos/{owner}/{repo}/git/refs/{ref}'],
  ['get', '/repos/{owner}/{repo}/pulls'],
  ['post', '/repos/{owner}/{repo}/pulls'],
  // The CI loop: the head commit's checks and the Action's annotations, re-running failed jobs, the needs-human label.
  ['get', '/repos/{owner}/{repo}/commits/{ref}/check-runs'],
  ['get', '/repos/{owner}/{repo}/commits/{ref}/status'],
  ['get', '/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations'],
  ['get', '/repos/{owner}/{repo}/actions/runs'],
  ['post', '/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
  // Recovery: the status and escalation comments are found by their hidden marker before one is created.
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  // Test history: the test reports a workflow run uploaded as artifacts.
  ['get', '/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts'],
  ['get', '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}'],
];

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema: unknown }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> };
  responses: Record<string, unknown>;
}

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.deref.json'), 'utf8')) as {
  info: { version: string };
  paths: Record<string, Record<string, Operation>>;
};
const out = OPERATIONS.map(([method, path]) => {
  const op = spec.paths[path]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in @octokit/openapi`);
  return {
    method: method.toUpperCase(),
    path,
    operationId: op.operationId,
    parameters: (op.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: Boolean(p.required), schema: p.schema })),
    requestBody: op.requestBody
      ? { required: Boolean(op.requestBody.required), schema: op.requestBody.content['application/json']?.schema ?? null }
      : null,
    responses: Object.keys(op.responses),
  };
});
const file = 'test/fixtures/github-api/operations.json';
writeFileSync(file, `${JSON.stringify({ source: `@octokit/openapi api.github.com ${spec.info.version}`, operations: out }, null, 1)}\n`);
console.log(`wrote ${out.length} operations to ${file}`);

// The Action's history reads (test/action/history-api.ts), with the answer's schema and GitHub's documented example,
// so that stand-in checks what it answers as well as what it is asked.
const HISTORY: [method: string, path: string][] = [
  ['get', '/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs'],
  ['get', '/repos/{owner}/{repo}/commits'],
  ['get', '/repos/{owner}/{repo}/commits/{ref}/check-runs'],
  ['get', '/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations'],
];
interface Answer {
  content: Record<string, { schema: object; examples?: Record<string, { value: unknown }> }>;
}
/** OpenAPI 3.0's `nullable` as JSON Schema's `null` type (what ajv validates), and without its `example`s. */
function jsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const { nullable, example: _example, ...rest } = node as Record<string, unknown>;
  const out = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, k === 'enum' || k === 'required' ? v : jsonSchema(v)]));
  if (nullable !== true) return out;
  if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'], ...(Array.isArray(out.enum) ? { enum: [...(out.enum as unknown[]), null] } : {}) };
  return { anyOf: [out, { type: 'null' }] };
}
const history = HISTORY.map(([method, path]) => {
  const op = spec.paths[path]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in @octokit/openapi`);
  const json = (op.responses['200'] as Answer).content['application/json']!;
  return {
    method: method.toUpperCase(),
    path,
    operationId: op.operationId,
    parameters: (op.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: Boolean(p.required), schema: p.schema })),
    response: { schema: jsonSchema(json.schema), example: Object.values(json.examples ?? {})[0]?.value ?? null },
  };
});
const historyFile = 'test/action/fixtures/history-operations.json';
writeFileSync(historyFile, `${JSON.stringify({ source: `@octokit/openapi api.github.com ${spec.info.version}`, operations: history })}\n`);
console.log(`wrote ${history.length} operations to ${historyFile}`);
