import type { Handler, StandInReply, StandInRequest } from './github-stand-in.ts';

/** A check run as the model keeps it: what GitHub stores of one. */
export interface ModelCheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id: string | null;
  conclusion: string | null;
  output: { title: string | null; summary: string | null; annotations: unknown[] };
}

/**
 * What happens to one request, asked before GitHub acts on it (`call` counts the operation's requests from 1):
 * undefined to answer normally; a reply to answer instead, without acting (a 502, a rate limit); or `lost`
 * to act and then lose the answer (the connection dropped on the way back).
 */
export type Fault = (call: number, req: StandInRequest) => StandInReply | 'lost' | undefined;

export interface CheckRunsModel {
  runs: ModelCheckRun[];
  /** The stand-in's handlers for checks/create, checks/update, checks/get and checks/list-for-ref. */
  handlers: Record<string, Handler>;
}

/**
 * GitHub's check runs as the Checks API behaves, for the GitHub stand-in: a create stores a run (with its
 * `external_id`) and its first annotations, an update appends the annotations it carries (GitHub appends, never
 * replaces), a get answers `output.annotations_count`, and the list of a commit's runs filters by `check_name` and
 * pages (`per_page`, `page`; newest first, or oldest first with `oldestFirst`). Faults are injected per operation.
 */
export function checkRunsApi(
  faults: Partial<Record<'checks/create' | 'checks/update' | 'checks/get' | 'checks/list-for-ref', Fault>> = {},
  options: { oldestFirst?: boolean } = {},
): CheckRunsModel {
  const runs: ModelCheckRun[] = [];
  const calls = new Map<string, number>();
  const view = (run: ModelCheckRun, base: string) => ({
    id: run.id,
    name: run.name,
    head_sha: run.head_sha,
    external_id: run.external_id,
    status: 'completed',
    conclusion: run.conclusion,
    html_url: `${base}/runs/${run.id}`,
    output: { title: run.output.title, summary: run.output.summary, annotations_count: run.output.annotations.length },
  });
  const faulty =
    (operation: keyof typeof faults, act: (req: StandInRequest, base: string) => StandInReply): Handler =>
    (req, base) => {
      const call = (calls.get(operation) ?? 0) + 1;
      calls.set(operation, call);
      const fault = faults[operation]?.(call, req);
      if (fault !== undefined && fault !== 'lost') return fault;
      const reply = act(req, base);
      return fault === 'lost' ? { ...reply, fault: 'drop' } : reply;
    };
  const notFound: StandInReply = { status: 404, body: { message: 'Not Found' } };
  type Body = { name?: string; head_sha?: string; external_id?: string; conclusion?: string; output?: { title?: string; summary?: string; annotations?: unknown[] } };
  return {
    runs,
    handlers: {
      'checks/create': faulty('checks/create', (req, base) => {
        const body = req.body as Body;
        const run: ModelCheckRun = {
          id: 1000 + runs.length,
          name: body.name!,
          head_sha: body.head_sha!,
          external_id: body.external_id ?? null,
          conclusion: body.conclusion ?? null,
          output: { title: body.output?.title ?? null, summary: body.output?.summary ?? null, annotations: [...(body.output?.annotations ?? [])] },
        };
        runs.push(run);
        return { status: 201, body: view(run, base) };
      }),
      'checks/update': faulty('checks/update', (req, base) => {
        const run = runs.find((r) => r.id === Number(req.params.check_run_id));
        if (!run) return notFound;
        const body = req.body as Body;
        if (body.output?.title !== undefined) run.output.title = body.output.title;
        if (body.output?.summary !== undefined) run.output.summary = body.output.summary;
        run.output.annotations.push(...(body.output?.annotations ?? []));
        return { status: 200, body: view(run, base) };
      }),
      'checks/get': faulty('checks/get', (req, base) => {
        const run = runs.find((r) => r.id === Number(req.params.check_run_id));
        return run ? { status: 200, body: view(run, base) } : notFound;
      }),
      'checks/list-for-ref': faulty('checks/list-for-ref', (req, base) => {
        const found = runs.filter((r) => r.head_sha === req.params.ref && (req.query.check_name === undefined || r.name === req.query.check_name));
        // `filter=latest` (the default) keeps the newest run of each name.
        const latest = req.query.filter === 'all' ? found : found.filter((r) => !found.some((o) => o.name === r.name && o.id > r.id));
        // Newest first unless the model was asked otherwise (GitHub does not document the order).
        const ordered = options.oldestFirst === true ? latest : latest.reverse();
        const perPage = Number(req.query.per_page ?? 30);
        const page = ordered.slice((Number(req.query.page ?? 1) - 1) * perPage, Number(req.query.page ?? 1) * perPage);
        return { status: 200, body: { total_count: latest.length, check_runs: page.map((r) => view(r, base)) } };
      }),
    },
  };
}
