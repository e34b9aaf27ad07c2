import { sql, type Kysely } from 'kysely';
import { FAILURE_CLASSES } from '../../classify/taxonomy.ts';
import { DECISION_KINDS } from '../decision-kinds.ts';

// One statement per call: PGlite's extended protocol runs a single statement at a time.
// The failure classes and decision kinds are the lists the code uses (a change to either needs a migration of its
// own, ALTER TYPE … ADD VALUE IF NOT EXISTS, which store.test.ts asks for). The states and transitions are frozen
// here as they were released: later migrations add to them (002, 003).

/** The work-order states of the first release. */
const V1_STATES = ['queued', 'routed', 'proposing', 'pr_open', 'ci_running', 'refining', 'succeeded', 'escalated', 'failed', 'cancelled'] as const;

/** The legal moves of the first release. */
const V1_TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  queued: ['routed', 'escalated', 'failed', 'cancelled'],
  routed: ['proposing', 'escalated', 'failed', 'cancelled'],
  proposing: ['pr_open', 'escalated', 'failed', 'cancelled'],
  pr_open: ['ci_running', 'escalated', 'failed', 'cancelled'],
  ci_running: ['succeeded', 'refining', 'escalated', 'failed', 'cancelled'],
  refining: ['pr_open', 'escalated', 'failed', 'cancelled'],
  escalated: ['refining', 'routed', 'failed', 'cancelled'],
};

const labels = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

/** Creates the tables, enums and the transition guard of the first release. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create type failure_class as enum (${labels(FAILURE_CLASSES)})`,
    sql`create type work_order_state as enum (${labels(V1_STATES)})`,
    sql`create type decision_kind as enum (${labels(DECISION_KINDS)})`,
    sql`create type reservation_status as enum ('reserved', 'settled', 'released')`,

    sql`create table work_orders (
      id bigint generated always as identity primary key,
      installation_id bigint,
      repository text not null,
      repository_id bigint,
      issue_number integer not null,
      trigger text not null,
      delivery_id text,
      state work_order_state not null default 'queued',
      title text not null default '',
      body text not null default '',
      author text,
      acceptance_criteria jsonb not null default '[]',
      files jsonb not null default '[]',
      branch text,
      pr_number integer,
      head_sha text,
      commits jsonb not null default '[]',
      status_comment_id bigint,
      model text,
      complexity double precision,
      complexity_band text,
      cycle integer not null default 0,
      failure_class failure_class,
      context jsonb not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint work_orders_trigger_key unique (repository, issue_number, trigger),
      constraint work_orders_context_is_object check (jsonb_typeof(context) = 'object')
    )`,
    sql`create index work_orders_head_sha on work_orders (repository, head_sha)`,
    sql`create index work_orders_pr on work_orders (repository, pr_number)`,
    sql`create index work_orders_state on work_orders (state)`,

    sql`create table work_order_transitions (
      from_state work_order_state not null,
      to_state work_order_state not null,
      primary key (from_state, to_state)
    )`,
    sql`insert into work_order_transitions (from_state, to_state) values ${sql.join(
      Object.entries(V1_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => sql`(${sql.lit(from)}, ${sql.lit(to)})`)),
    )}`,
    // The guard behind the checked transition in work-orders.ts: even a hand-written UPDATE cannot make an
    // illegal move, and a work order is always born queued.
    sql`create function work_order_state_guard() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          if new.state <> 'queued' then
            raise exception 'A work order starts queued, not %', new.state using errcode = 'check_violation';
          end if;
        elsif new.state is distinct from old.state and not exists (
          select 1 from work_order_transitions t where t.from_state = old.state and t.to_state = new.state
        ) then
          raise exception 'Illegal work order transition: % -> %', old.state, new.state using errcode = 'check_violation';
        end if;
        return new;
      end
    $$`,
    sql`create trigger work_orders_state_guard before insert or update of state on work_orders
      for each row execute function work_order_state_guard()`,

    sql`create table deliveries (
      delivery_id text primary key,
      event text not null,
      received_at timestamptz not null default now()
    )`,

    sql`create table decision_logs (
      id bigint generated always as identity primary key,
      work_order_id bigint references work_orders (id) on delete cascade,
      kind decision_kind not null,
      conclusion text not null,
      evidence jsonb not null default '{}',
      next_step text,
      failure_class failure_class,
      idempotency_key text unique,
      created_at timestamptz not null default now()
    )`,
    sql`create index decision_logs_work_order on decision_logs (work_order_id, id)`,

    sql`create table outcome_vectors (
      id bigint generated always as identity primary key,
      work_order_id bigint not null references work_orders (id) on delete cascade,
      attempt integer not null,
      model text not null,
      complexity double precision,
      complexity_band text not null,
      cycles integer not null default 0 check (cycles >= 0),
      input_tokens bigint not null default 0,
      output_tokens bigint not null default 0,
      cost_usd numeric(14, 6) not null default 0,
      duration_ms bigint not null default 0,
      success boolean not null,
      failure_class failure_class,
      error_context jsonb not null default '{}',
      flaky boolean not null default false,
      created_at timestamptz not null default now(),
      constraint outcome_vectors_attempt_key unique (work_order_id, attempt)
    )`,
    sql`create index outcome_vectors_model on outcome_vectors (model, complexity_band)`,

    sql`create table escalations (
      id bigint generated always as identity primary key,
      work_order_id bigint not null references work_orders (id) on delete cascade,
      failure_class failure_class,
      reason text not null,
      options jsonb not null default '[]',
      comment_id bigint,
      resolved_by text,
      resolution text,
      resolved_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    // At most one open escalation per work order: a redelivered failure cannot ask a person twice.
    sql`create unique index escalations_one_open on escalations (work_order_id) where resolved_at is null`,

    // NULLS NOT DISTINCT (PostgreSQL 15+): a success with no failure class is one statistic, not one per row.
    sql`create table pattern_confidence (
      model text not null,
      complexity_band text not null,
      failure_class failure_class,
      samples bigint not null default 0,
      successes bigint not null default 0,
      total_cost_usd numeric(14, 6) not null default 0,
      total_cycles bigint not null default 0,
      updated_at timestamptz not null default now(),
      constraint pattern_confidence_key unique nulls not distinct (model, complexity_band, failure_class)
    )`,

    sql`create table budget_accounts (
      scope text primary key,
      limit_usd numeric(14, 6) not null check (limit_usd >= 0),
      reserved_usd numeric(14, 6) not null default 0 check (reserved_usd >= 0),
      spent_usd numeric(14, 6) not null default 0,
      updated_at timestamptz not null default now()
    )`,
    sql`create table budgets (
      id bigint generated always as identity primary key,
      work_order_id bigint references work_orders (id) on delete set null,
      scopes jsonb not null,
      purpose text,
      amount_usd numeric(14, 6) not null check (amount_usd > 0),
      actual_usd numeric(14, 6),
      status reservation_status not null default 'reserved',
      created_at timestamptz not null default now(),
      settled_at timestamptz
    )`,
    sql`create index budgets_work_order on budgets (work_order_id)`,
    sql`create index budgets_open on budgets (created_at) where status = 'reserved'`,
  ];
  for (const statement of statements) await statement.execute(db);
}
