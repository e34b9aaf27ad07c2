import { z } from 'zod';

// The fixed shape of DESIGN.md. Each variant is strict (no other keys): a model that mixes `content` with
// `search` has not said which edit it means, and strict objects give providers `additionalProperties: false`,
// which OpenAI's strict structured outputs require. Length limits are not in what providers are sent (strict
// modes reject them); they are checked here after the answer arrives.
function shapes(minLength: 0 | 1) {
  const text = () => (minLength > 0 ? z.string().min(minLength) : z.string());
  const path = text().describe('Repository-relative path with forward slashes, e.g. src/app.ts');
  const edit = z.union([
    z.strictObject({ path, content: z.string().describe('The whole new content of the file') }),
    z.strictObject({
      path,
      search: text().describe('Text that occurs exactly once in the current file'),
      replace: z.string().describe('Text that replaces it'),
    }),
    z.strictObject({ path, delete: z.literal(true).describe('Delete the file') }),
  ]);
  const answer = z.strictObject({
    summary: text().describe('What the change does and why, in a few sentences for the pull request'),
    edits: z.array(edit),
  });
  return { edit, answer };
}

const checked = shapes(1);

/** The zod schema of one edit: whole-file content, an exact search/replace, or a deletion. */
export const editSchema = checked.edit;

/** The zod schema of the model's answer, `{ summary, edits }`, with every rule the App checks. */
export const answerSchema = checked.answer;

/** The same shape without length limits: what providers are sent as the JSON schema of structured output. */
export const wireAnswerSchema = shapes(0).answer;

/** One edit of the model's answer. */
export type Edit = z.output<typeof editSchema>;

/** The model's answer in the fixed shape. */
export type ProposalAnswer = z.output<typeof answerSchema>;

const EDIT_SHAPES = '{ "path", "content" }, { "path", "search", "replace" } or { "path", "delete": true }';

function keyPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') || '(answer)';
}

/** One line per problem of a failed parse, in words a model can act on when it is fed back. */
export function describeAnswerIssues(error: z.ZodError): string {
  const lines: string[] = [];
  for (const issue of error.issues.slice(0, 10)) {
    const where = keyPath(issue.path);
    if (issue.code === 'invalid_union' && issue.path[0] === 'edits') lines.push(`${where} must be exactly one of ${EDIT_SHAPES}`);
    else if (issue.code === 'unrecognized_keys') lines.push(`${where} has keys the shape does not allow: ${issue.keys.map((k) => `"${k}"`).join(', ')}`);
    else lines.push(`${where}: ${issue.message}`);
  }
  if (error.issues.length > 10) lines.push(`… and ${error.issues.length - 10} more`);
  return lines.join('; ');
}

/** Parses model text as the fixed answer shape; a failure is a one-line description, never a throw. */
export function parseAnswer(text: string): { ok: true; answer: ProposalAnswer } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(stripCodeFence(text));
  } catch (err) {
    return { ok: false, error: `the answer is not valid JSON (${(err as Error).message})` };
  }
  return checkAnswer(raw);
}

/** Checks a parsed value against the fixed answer shape and its rules; a failure is one line, never a throw. */
export function checkAnswer(raw: unknown): { ok: true; answer: ProposalAnswer } | { ok: false; error: string } {
  const parsed = answerSchema.safeParse(raw);
  return parsed.success ? { ok: true, answer: parsed.data } : { ok: false, error: describeAnswerIssues(parsed.error) };
}

// Models without constrained decoding often wrap JSON in a markdown fence even when asked not to.
function stripCodeFence(text: string): string {
  const m = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return m?.[1] ?? text;
}
