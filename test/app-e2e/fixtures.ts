import type { RecordedRequest, ScriptedReply } from '../helpers/scripted-model-server.ts';
import { webhookExample } from '../helpers/webhook-examples.ts';

/** The repository of the real `issues.labeled` payload. */
export const REPO = { owner: 'Codertocat', repo: 'Hello-World', defaultBranch: 'master' } as const;

/** The installation the deliveries name (the captured payload has none: it was sent to a repository webhook). */
export const INSTALLATION_ID = 77;

/** The repository's configuration: a cheap tier-1 model and a tier-3 one, both served by the scripted server. */
export const CONFIG_YAML = `label: punchlist
models:
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
budget: { per_order: 1, per_month: 10 }
deny_paths: ["secrets/**"]
`;

/** The files on the default branch. */
export const FILES: Record<string, string> = {
  'README.md': '# Hello-World\n\nPlease committ your changes with a message.\n',
  'src/index.js': 'console.log("hello");\n',
  '.github/punchlist.yml': CONFIG_YAML,
};

/** A real `issues.labeled` payload, adjusted: the trigger label, our issue, sender and installation. */
export function labeledPayload(issue: { number: number; title: string; body: string; sender?: string; state?: string }): Record<string, unknown> {
  const payload = webhookExample('issues', 'labeled') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  payload.label = { ...payload.label, name: 'punchlist' };
  payload.issue = { ...payload.issue, number: issue.number, title: issue.title, body: issue.body, state: issue.state ?? 'open' };
  payload.sender = { ...payload.sender, login: issue.sender ?? 'Codertocat' };
  payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNzc=' };
  return payload;
}

function prompt(request: RecordedRequest): string {
  return JSON.stringify((request.body as { messages?: unknown }).messages ?? '');
}

/**
 * The model's side of the script, chosen by the issue title in the prompt: the typo fix answers with a valid
 * search/replace; "Malformed" answers prose (twice, so the fed-back retry fails too); "Slow" waits first;
 * "Provider outage" answers 503 every time, with `retry-after: 0` so the App's retries do not wait out the
 * default backoff (1 s, 2 s, 4 s) in a test.
 */
export function modelReply(request: RecordedRequest): ScriptedReply {
  const text = prompt(request);
  if (text.includes('Malformed')) return { content: 'Sure! I would change the README to fix it.' };
  if (text.includes('Provider outage')) return { status: 503, retryAfter: 0 };
  const answer = { json: { summary: 'Fix the spelling of "commit" in the README.', edits: [{ path: 'README.md', search: 'committ', replace: 'commit' }] } };
  if (text.includes('Slow')) return { ...answer, delayMs: 4_000 };
  return answer;
}
