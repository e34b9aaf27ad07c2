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
  const json = answerJson(text);
  if (!json.ok) return json;
  let raw: unknown;
  try {
    raw = JSON.parse(json.text);
  } catch (err) {
    return { ok: false, error: `the answer is not valid JSON (${oneLine((err as Error).message)})` };
  }
  return checkAnswer(raw);
}

/** Checks a parsed value against the fixed answer shape and its rules; a failure is one line, never a throw. */
export function checkAnswer(raw: unknown): { ok: true; answer: ProposalAnswer } | { ok: false; error: string } {
  const parsed = answerSchema.safeParse(raw);
  return parsed.success ? { ok: true, answer: parsed.data } : { ok: false, error: describeAnswerIssues(parsed.error) };
}

function oneLine(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

// A fence line (CommonMark): up to three spaces, three or more backticks or tildes, and for an opening fence an
// optional info string such as `json`.
const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)[ \t]*$/;

function closes(line: string, marker: string): boolean {
  const m = FENCE.exec(line);
  return m?.[1] !== undefined && m[2] === '' && m[1][0] === marker[0] && m[1].length >= marker.length;
}

/**
 * The JSON text of an answer: the whole text, or the inside of the one ```` ```json ```` (or bare ```` ``` ````)
 * fence it holds. Models without constrained decoding often fence their JSON, even when asked not to, and some say
 * a sentence around it. JSON strings cannot hold a raw newline, so a line that is only a fence can never be inside
 * the JSON: finding fences line by line is exact. Two such blocks, or a fence of another language, are ambiguous
 * and refused with a line that says so; the answer's own words are never quoted (they may end up in a comment).
 */
export function answerJson(text: string): { ok: true; text: string } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return { ok: true, text: trimmed };
  // The whole answer on one line: ```json { … }```.
  const inline = /^(`{3,})(?:json[c5]?)?[ \t]*(\{.*\})[ \t]*\1$/i.exec(trimmed);
  if (inline?.[2] !== undefined) return { ok: true, text: inline[2] };
  const lines = trimmed.split(/\r?\n/);
  const blocks: { info: string; body: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (open?.[1] === undefined) continue;
    let end = i + 1;
    while (end < lines.length && !closes(lines[end] ?? '', open[1])) end++;
    // An unclosed fence runs to the end, as it renders.
    blocks.push({ info: (open[2] ?? '').toLowerCase(), body: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  const json = blocks.filter((b) => /^(?:json[c5]?)?$/.test(b.info));
  if (json.length === 1 && json[0] !== undefined) return { ok: true, text: json[0].body.trim() };
  if (json.length > 1) return { ok: false, error: `the answer has ${json.length} fenced blocks; send one JSON object and nothing else` };
  if (blocks.length > 0) return { ok: false, error: 'the answer is a fenced block of another language, not JSON; send one JSON object and nothing else' };
  return { ok: false, error: 'the answer is not JSON: it neither starts with "{" nor holds a ```json block; send one JSON object and nothing else' };
}
