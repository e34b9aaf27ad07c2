import { z } from 'zod';

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

const budgetSchema = z.object(
  {
    per_order: orDefault(z.number({ error: positive }).finite({ error: positive }).positive({ error: positive }), DEFAULT_BUDGET.per_order),
    per_month: orDefault(z.number({ error: positive }).finite({ error: positive }).positive({ error: positive }), DEFAULT_BUDGET.per_month),
  },
  { error: 'must be a mapping with "per_order" and "per_month" in USD' },
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
      // The name of the check run the Punchlist Action creates in this repository's CI (its `check-name` input):
      // the App reads the classified failures from its annotations.
      action_check: orDefault(z.string({ error: 'must be a check run name, a non-empty string' }).trim().min(1, { error: 'must be a check run name, a non-empty string' }), 'punchlist'),
    },
    { error: 'must be a mapping of settings' },
  )
  .superRefine((config, ctx) => {
    if (config.budget.per_order > config.budget.per_month) {
      ctx.addIssue({ code: 'custom', path: ['budget', 'per_order'], message: 'must not exceed "budget.per_month"' });
    }
    const seen = new Set<string>();
    config.models.forEach((m, i) => {
      const key = `${m.provider}/${m.name}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['models', i, 'name'], message: `repeats model "${m.name}" of provider "${m.provider}"` });
      seen.add(key);
    });
  });

/** The validated configuration of one repository, every key filled in. */
export type PunchlistConfig = z.output<typeof configSchema>;

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
});
