import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Classifier } from '../../src/classify/index.ts';
import { toAnnotation } from '../../src/report/check-run.ts';
import type { FakeWorkflowRun } from '../helpers/fake-github.ts';
import type { RecordedRequest, ScriptedReply } from '../helpers/scripted-model-server.ts';
import { webhookExample } from '../helpers/webhook-examples.ts';
import { INSTALLATION_ID } from './fixtures.ts';

/** Job logs of the repository's CI, captured from the real tools (see test/fixtures/ci-logs). */
export const LOGS = {
  testFail: readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ci-logs', 'node-test-fail.log'), 'utf8'),
  runnerTimeout: readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ci-logs', 'runner-timeout.log'), 'utf8'),
};

/**
 * The repository's configuration for the CI stories: two models, three cycles, a $1 budget per work order, and
 * routing `fixed` (every cycle with the routed model), so these stories follow the CI loop itself; a red CI handed
 * to a stronger model is routing.test.ts's story.
 */
export const CI_CONFIG_YAML = `models:
  - name: scripted-mini
    provider: openai
    tier: 1
    input_per_mtok: 0.4
    output_per_mtok: 1.6
  - name: scripted-large
    provider: openai
    tier: 3
    input_per_mtok: 3
    output_per_mtok: 15
max_cycles: 3
budget: { per_order: 1, per_month: 50 }
routing: { strategy: fixed }
`;

const BUGGY = 'export function sum(a, b) {\n  return a - b;\n}\n';
const FIXED = 'export function sum(a, b) {\n  return a + b;\n}\n';

/** The default branch: a sum with a bug, its test, the config. */
export const CI_FILES: Record<string, string> = {
  'README.md': '# Hello-World\n',
  'src/sum.js': BUGGY,
  'src/sum.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { sum } from './sum.js';\n\ntest('sum adds two numbers', () => {\n  assert.equal(sum(2, 3), 5);\n});\n",
  '.github/punchlist.yml': CI_CONFIG_YAML,
};

const usedModel = (r: RecordedRequest) => String((r.body as { model?: unknown }).model ?? '');
const promptOf = (r: RecordedRequest) => JSON.stringify((r.body as { messages?: unknown }).messages ?? '');

/** True when a request is a refinement: its prompt carries the classified failures of the previous attempt. */
export function isRefinement(r: RecordedRequest): boolean {
  return promptOf(r).includes('The previous attempt failed CI');
}

let variant = 0;

/**
 * The model's side of the CI stories, chosen by the issue title in the prompt:
 * - "Make sum add": first a change that misses the bug, then (fed the failing test) the fix.
 * - "Sum stays wrong": never fixes it with the small model; the large one (a person's retry) does.
 * - "Expensive": reports a huge usage, so the next cycle would overrun the budget.
 * - anything else: a harmless change to the README.
 */
export function ciModelReply(request: RecordedRequest): ScriptedReply {
  const text = promptOf(request);
  const comment = (n: number) => ({ json: { summary: 'Document sum.', edits: [{ path: 'src/sum.js', content: `// sum, try ${n}\n${BUGGY}` }] } });
  if (text.includes('Make sum add')) {
    return isRefinement(request) ? { json: { summary: 'Add instead of subtract.', edits: [{ path: 'src/sum.js', search: 'a - b', replace: 'a + b' }] } } : comment(++variant);
  }
  if (text.includes('Sum stays wrong')) {
    return usedModel(request) === 'scripted-large' ? { json: { summary: 'Fix sum.', edits: [{ path: 'src/sum.js', content: FIXED }] } } : comment(++variant);
  }
  if (text.includes('Expensive')) return { ...comment(++variant), usage: { input: 400_000, output: 400_000 } };
  return { json: { summary: 'Touch the README.', edits: [{ path: 'README.md', content: `# Hello-World\n\nRevision ${++variant}.\n` }] } };
}

/** The failure annotations the Punchlist Action posts for a job log (its own classifier and reporter). */
export function actionAnnotations(log: string): Record<string, unknown>[] {
  const classifier = new Classifier({ roots: ['/home/runner/work/Hello-World/Hello-World'] });
  classifier.push(log);
  return classifier
    .end(1)
    .failures.map((f) => toAnnotation(f, '.github/workflows/ci.yml'))
    .filter((a) => a !== null)
    .map((a) => ({ ...a }));
}

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function ours(payload: Payload): Payload {
  const labeled = webhookExample('issues', 'labeled') as Payload;
  payload.repository = labeled.repository;
  payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNzc=' };
  return payload;
}

/** A real `workflow_run.completed` payload for a run the fake GitHub played. */
export function workflowRunCompleted(run: FakeWorkflowRun): Payload {
  const payload = webhookExample('workflow_run', 'completed') as Payload;
  payload.workflow_run = { ...payload.workflow_run, id: run.id, name: run.name, head_sha: run.headSha, head_branch: run.headBranch, status: 'completed', conclusion: run.conclusion, run_attempt: run.runAttempt };
  return ours(payload);
}

/** A real `status` payload: a CI service set `context` to `state` on `sha`. */
export function statusSet(sha: string, context: string, state: string): Payload {
  const payload = webhookExample('status') as Payload;
  Object.assign(payload, { sha, context, state, description: `${context}: ${state}` });
  return ours(payload);
}

/** A real `push` payload: `sender` pushed `after` to `branch`. */
export function pushed(branch: string, before: string, after: string, sender: string): Payload {
  const payload = webhookExample('push') as Payload;
  Object.assign(payload, { ref: `refs/heads/${branch}`, before, after, created: false, deleted: false, forced: false });
  payload.sender = { ...payload.sender, login: sender, type: 'User' };
  payload.pusher = { name: sender, email: null };
  return ours(payload);
}

/** A real `issue_comment.created` payload: `sender` commented `body` on issue `number`. */
export function commented(number: number, body: string, sender: string): Payload {
  const payload = webhookExample('issue_comment', 'created') as Payload;
  payload.issue = { ...payload.issue, number, pull_request: undefined };
  delete payload.issue.pull_request;
  payload.comment = { ...payload.comment, body, user: { ...payload.comment.user, login: sender, type: 'User' } };
  payload.sender = { ...payload.sender, login: sender, type: 'User' };
  return ours(payload);
}
