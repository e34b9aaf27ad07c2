import { z } from 'zod';
import { testKey } from '../../src/store/test-key.ts';

/** Where the per-repository configuration lives. */
export const CONFIG_PATH = '.github/punchlist.yml';

/** The providers a model entry may name: `openai` is any OpenAI-compatible Chat Completions endpoint. */
export const PROVIDERS = ['openai', 'anthropic'] as const;

/** One of the providers a model entry may name. */
export type Provider = (typeof PROVIDERS)[number];

/** Model tiers: 1 = simple work … 3 = hardest work; complexity bands use the same scale. */
export const TIERS = [1, 2, 3] as const;

/** A model tier (and a complexity band). */
export type Tier = (typeof TIERS)[number];

// Messages are written as the end of the sentence `"<key>" …`, so every issue reads the same way.
const positive = 'must be a positive number';
const nonNegative = 'must be a number of 0 or more';

// A missing required key says so, rather than describing the value it should have had.
function required(message: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);
}

// YAML writes an empty value (`label:`) as null; treating it as "not given" is what a person means by it.
function orDefault<T extends z.ZodType>(schema: T, fallback: z.output<T>) {
  return z.preprocess((v) => (v === null ? undefined : v), schema.optional()).transform((v) => v ?? fallback);
}

const modelSchema = z.object(
  {
    name: z.string({ error: required('must be the provider\'s model id, a non-empty string') }).trim().min(1, { error: 'must be the provider\'s model id, a non-empty string' }),
    provider: z.enum(PROVIDERS, { error: required(`must be one of ${PROVIDERS.map((p) => `"${p}"`).join(', ')}`) }),
    tier: z.literal(TIERS, { error: required('must be 1, 2 or 3') }),
    input_per_mtok: z.number({ error: required(nonNegative) }).finite({ error: nonNegative }).min(0, { error: nonNegative }),
    output_per_mtok: z.number({ error: required(nonNegative) }).finite({ error: nonNegative }).min(0, { error: nonNegative }),
  },
  { error: 'must be a mapping with "name", "provider", "tier", "input_per_mtok" and "output_per_mtok"' },
);

const DEFAULT_BUDGET = { per_order: 5, per_month: 200 };

/**
 * How much one answer may change. A reviewable change touches a handful of files, and an answer is capped at
 * 8192 output tokens (about 32 KB), so 50 edits is far above any real proposal and far below a runaway one (500
 * deletions fit in that cap). Bytes are what the commit uploads: each changed file's whole new content. 1 MB per
 * file: GitHub does not render diffs of files that size, so no one reviews them; they are generated or data files.
 * 2 MB in all: two such files, which is more than any change a person reviews at once.
 */
export const DEFAULT_LIMITS = { max_edits: 50, max_file_bytes: 1_000_000, max_total_bytes: 2_000_000 };

// GitHub refuses files over 100 MiB in a push; a larger limit could never be reached.
const GITHUB_MAX_FILE_BYTES = 100 * 1024 * 1024;

/** How long one proposal (its calls and their retries) may wait on a model: 8192 output tokens at a slow 30 a second. */
export const DEFAULT_MODEL_TIMEOUT_SECONDS = 300;

// A step that waits on a model keeps renewing its lease (app/worker/lane.ts), but no step may outlive its job's
// expiry (15 minutes, src/store/queue.ts): the configurable timeout stops well short of that ceiling.
const MAX_MODEL_TIMEOUT_SECONDS = 600;

const wholeBytes = 'must be a whole number of bytes, 1 or more';
const wholeCount = 'must be a whole number, 1 or more';

const limitsSchema = z.object(
  {
    max_edits: orDefault(z.number({ error: wholeCount }).int({ error: wholeCount }).min(1, { error: wholeCount }), DEFAULT_LIMITS.max_edits),
    max_file_bytes: orDefault(
      z.number({ error: wholeBytes }).int({ error: wholeBytes }).min(1, { error: wholeBytes }).max(GITHUB_MAX_FILE_BYTES, { error: `must be at most ${GITHUB_MAX_FILE_BYTES}, GitHub's limit on a file` }),
      DEFAULT_LIMITS.max_file_bytes,
    ),
    max_total_bytes: orDefault(z.number({ error: wholeBytes }).int({ error: wholeBytes }).min(1, { error: wholeBytes }), DEFAULT_LIMITS.max_total_bytes),
  },
  { error: 'must be a mapping with "max_edits", "max_file_bytes" and "max_total_bytes"' },
);

const botLogin = 'must be true, false or a list of bot logins such as "renovate[bot]"';

const budgetSchema = z.object(
  {
    per_order: orDefault(z.number({ error: positive }).finite({ error: positive }).positive({ error: positive }), DEFAULT_BUDGET.per_order),
    per_month: orDefault(z.number({ error: positive }).finite({ error: positive }).positive({ error: positive }), DEFAULT_BUDGET.per_month),
  },
  { error: 'must be a mapping with "per_order" and "per_month" in USD' },
);

/** How routing chooses models: `learned` plans from recorded outcomes; `cheapest` starts cheapest and hands over in price order on red; `fixed` keeps the routed model. */
export const ROUTING_STRATEGIES = ['learned', 'cheapest', 'fixed'] as const;

/** A routing strategy. */
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

/**
 * The share of work orders whose plan is drawn from the posteriors (Thompson sampling) rather than their means.
 * 0.1: on the replay (`npm run bench:routing`) more exploration paid for more trials of the dearest models than it
 * won back within 500 work orders (0.5 and 1 cost 31 % and 42 % more per success in pool 1), and none at all (0)
 * let an unlucky early record decide for good (the widest spread of success over the task orders).
 */
export const DEFAULT_EXPLORE = 0.1;

/**
 * What one more green work order is worth, USD: a further cycle is planned only while its expected cost per
 * additional success is below this. $3 is far below what a person's time on an issue costs, so the App stops
 * early rather than late; it was chosen with the replay in view ($4 and $5 buy more late attempts of the dearest
 * models for little more success: README, "Routing that learns").
 */
export const DEFAULT_WORTH_PER_SUCCESS = 3;

/** The routing settings with every key filled in but the strategy, which depends on the number of models. */
export const DEFAULT_ROUTING = Object.freeze({ escalate_on_red: true, explore: DEFAULT_EXPLORE as number | false, worth_per_success: DEFAULT_WORTH_PER_SUCCESS });

const exploreMessage = 'must be a number from 0 to 1 (the share of work orders that explore), or false';

const routingSchema = z.object(
  {
    strategy: z.preprocess((v) => (v === null ? undefined : v), z.enum(ROUTING_STRATEGIES, { error: `must be one of ${ROUTING_STRATEGIES.map((s) => `"${s}"`).join(', ')}` }).optional()),
    escalate_on_red: orDefault(z.boolean({ error: 'must be true or false' }), DEFAULT_ROUTING.escalate_on_red),
    explore: orDefault(
      z.union([z.literal(false), z.number({ error: exploreMessage }).min(0, { error: exploreMessage }).max(1, { error: exploreMessage })], { error: exploreMessage }),
      DEFAULT_ROUTING.explore,
    ),
    worth_per_success: orDefault(z.number({ error: positive }).finite({ error: positive }).positive({ error: positive }), DEFAULT_ROUTING.worth_per_success),
  },
  { error: 'must be a mapping with "strategy", "escalate_on_red", "explore" and "worth_per_success"' },
);

const testNameMessage = 'must be a test\'s full name, a non-empty string';
const testNameRequired = (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : testNameMessage);

// A test as a person names it: compared with a failure's test by testKey(), so "a › b" and "a > b" are one test.
const testNameSchema = z
  .string({ error: testNameRequired })
  .trim()
  .min(1, { error: testNameMessage })
  .max(1000, { error: 'must be at most 1000 characters' })
  .refine((name) => testKey(name) !== '', { error: 'must name a test: it has no letter or digit' });

const quarantineEntryMessage = 'must be a test name, or a mapping with "test" and an optional "reason"';

/**
 * One entry of `quarantine:`: a test's full name (`tests/net.test.ts > retries`), or `{ test, reason }`. A name is
 * read as `{ test: name }`, so a bad one is reported as `quarantine[i].test`, and a stored config reads back the same.
 */
const quarantineEntrySchema = z.preprocess(
  (v) => (typeof v === 'string' ? { test: v } : v),
  z
    .object(
      {
        test: testNameSchema,
        reason: z.preprocess((v) => (v === null ? undefined : v), z.string({ error: 'must be a sentence, a non-empty string' }).trim().min(1, { error: 'must be a sentence, a non-empty string' }).optional()),
      },
      { error: quarantineEntryMessage },
    )
    .transform(({ test, reason }) => (reason === undefined ? { test } : { test, reason })),
);

/** The zod schema of `.github/punchlist.yml`; unknown keys are dropped (the parser warns about them). */
export const configSchema = z
  .object(
    {
      label: orDefault(
        z.string({ error: 'must be a label name, a non-empty string' }).trim()
          .min(1, { error: 'must be a label name, a non-empty string' })
          // GitHub refuses label names over 50 characters, so such a trigger could never be added.
          .max(50, { error: 'must be at most 50 characters, as GitHub label names are' }),
        'punchlist',
      ),
      models: orDefault(z.array(modelSchema, { error: 'must be a list of models' }), []),
      max_cycles: orDefault(z.number({ error: 'must be a whole number of 0 or more' }).int({ error: 'must be a whole number of 0 or more' }).min(0, { error: 'must be a whole number of 0 or more' }), 3),
      budget: orDefault(budgetSchema, DEFAULT_BUDGET),
      deny_paths: orDefault(z.array(z.string({ error: 'must be a glob, a non-empty string' }).trim().min(1, { error: 'must be a glob, a non-empty string' }), { error: 'must be a list of globs' }), []),
      allow_workflows: orDefault(z.boolean({ error: 'must be true or false' }), false),
      // Whether the model may change this file: it holds the budget, the models and every rule above.
      allow_config_edit: orDefault(z.boolean({ error: 'must be true or false' }), false),
      limits: orDefault(limitsSchema, DEFAULT_LIMITS),
      // Bots with write access start work only when named here (or all of them, with true): one bot's label
      // could otherwise start paid work in a loop with another bot, with no person deciding.
      allow_bots: orDefault(
        z.union([z.boolean(), z.array(z.string({ error: 'must be a bot login, a non-empty string' }).trim().min(1, { error: 'must be a bot login, a non-empty string' }), { error: botLogin })], { error: botLogin }),
        false,
      ),
      model_timeout_seconds: orDefault(
        z.number({ error: `must be a number of seconds from 1 to ${MAX_MODEL_TIMEOUT_SECONDS}` })
          .min(1, { error: `must be a number of seconds from 1 to ${MAX_MODEL_TIMEOUT_SECONDS}` })
          .max(MAX_MODEL_TIMEOUT_SECONDS, { error: `must be a number of seconds from 1 to ${MAX_MODEL_TIMEOUT_SECONDS}` }),
        DEFAULT_MODEL_TIMEOUT_SECONDS,
      ),
      // The name of the check run the Punchlist Action creates in this repository's CI (its `check-name` input):
      // the App reads the classified failures from its annotations.
      action_check: orDefault(z.string({ error: 'must be a check run name, a non-empty string' }).trim().min(1, { error: 'must be a check run name, a non-empty string' }), 'punchlist'),
      routing: orDefault(routingSchema, { ...DEFAULT_ROUTING, strategy: undefined }),
      // Tests kept out of the CI loop's decisions (never out of reports): their failures are not sent to a model
      // and do not count against the work order. `/punchlist quarantine TEST` adds to this in the store.
      quarantine: orDefault(z.array(quarantineEntrySchema, { error: 'must be a list of test names' }), []),
    },
    { error: 'must be a mapping of settings' },
  )
  .superRefine((config, ctx) => {
    if (config.budget.per_order > config.budget.per_month) {
      ctx.addIssue({ code: 'custom', path: ['budget', 'per_order'], message: 'must not exceed "budget.per_month"' });
    }
    if (config.limits.max_file_bytes > config.limits.max_total_bytes) {
      ctx.addIssue({ code: 'custom', path: ['limits', 'max_file_bytes'], message: 'must not exceed "limits.max_total_bytes"' });
    }
    const seen = new Set<string>();
    config.models.forEach((m, i) => {
      const key = `${m.provider}/${m.name}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['models', i, 'name'], message: `repeats model "${m.name}" of provider "${m.provider}"` });
      seen.add(key);
    });
  })
  // Learning needs a choice: with one model there is nothing to learn, so the default is the cheapest.
  .transform((config) => ({ ...config, routing: { ...config.routing, strategy: config.routing.strategy ?? defaultStrategy(config.models.length) } }));

/** The strategy a configuration without `routing.strategy` gets: `learned` with two models or more. */
export function defaultStrategy(models: number): RoutingStrategy {
  return models >= 2 ? 'learned' : 'cheapest';
}

/** The validated configuration of one repository, every key filled in. */
export type PunchlistConfig = z.output<typeof configSchema>;

/** One quarantined test of the configuration: its full name and, when given, why. */
export type QuarantineEntry = PunchlistConfig['quarantine'][number];

/** One configured model: provider id, tier and price per million tokens in USD. */
export type ModelConfig = PunchlistConfig['models'][number];

/** The configuration a repository without `.github/punchlist.yml` gets: no models, so no work can be routed. */
export const DEFAULT_CONFIG: PunchlistConfig = Object.freeze({
  label: 'punchlist',
  models: [],
  max_cycles: 3,
  budget: { ...DEFAULT_BUDGET },
  deny_paths: [],
  allow_workflows: false,
  action_check: 'punchlist',
  allow_config_edit: false,
  limits: { ...DEFAULT_LIMITS },
  allow_bots: false,
  model_timeout_seconds: DEFAULT_MODEL_TIMEOUT_SECONDS,
  routing: { ...DEFAULT_ROUTING, strategy: defaultStrategy(0) },
  quarantine: [],
});

/**
 * The config a work order stored at intake, with the defaults of keys added since it was stored: a work order
 * outlives an upgrade of the App, and a guard must not read an absent limit as "no limit". A stored config that
 * no longer validates is a bug (intake stored it validated), so it throws.
 */
export function storedConfig(value: unknown): PunchlistConfig {
  return configSchema.parse(value);
}
