// `npm run bench:routing`: replays real per-task results of coding models (../shared/routing/, SWE-bench leaderboard
// data, SWE-bench team, CC BY-NC 4.0: read there, never copied here) through the App's routing policy
// (app/routing/plan), beside every single model, the cheapest, models in price order, the best single model, the
// best fixed cascade in hindsight and the oracle.
// Usage: node scripts/bench-routing.ts [--json] [--orders 50] [--seed 1] [--pool "A,B,C"]… [--ci 0,0.1,0.2] [--explore 0.1] [--worth 3] [--data FILE]
// Without ../shared/ it says the data is not there and exits 1.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelConfig } from '../app/config/index.ts';
import { DEFAULT_CONFIG, DEFAULT_ROUTING } from '../app/config/index.ts';
import { blendedPrice } from '../app/routing/choose-model.ts';
import { replayRouting, type ReplayMatrix, type ReplayResult } from '../app/routing/plan/replay.ts';

const ATTRIBUTION = 'SWE-bench leaderboard data, SWE-bench team, CC BY-NC 4.0';
const DATA = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'routing', 'swebench-verified-bash-only.csv');

const POOLS: string[][] = [
  ['DeepSeek V3.2 Reasoner', 'GPT-5 mini (2025-08-07) (medium reasoning)', 'Gemini 3 Pro Preview (2025-11-18)', 'Claude 4.5 Opus medium (20251101)'],
  ['GPT-5 nano (2025-08-07) (medium reasoning)', 'GPT-5 mini (2025-08-07) (medium reasoning)', 'GPT-5 (2025-08-07) (medium reasoning)'],
];

// List prices, USD per million input / output tokens, as the providers published them when the data was recorded.
// The policy uses a price only as the prior of an untried model's cost (the App has it from .github/punchlist.yml
// before any attempt); the replay pays the recorded cost of each attempt.
const LIST_PRICES: Record<string, [number, number]> = {
  'Claude 4 Opus (20250514)': [15, 75],
  'Claude 4 Sonnet (20250514)': [3, 15],
  'Claude 4.5 Opus medium (20251101)': [5, 25],
  'Claude 4.5 Sonnet (20250929)': [3, 15],
  'DeepSeek V3.2 Reasoner': [0.28, 0.42],
  'Devstral (2512)': [0.4, 2],
  'Devstral small (2512)': [0.1, 0.3],
  'GLM-4.5 (2025-08-22)': [0.6, 2.2],
  'GLM-4.6 (T=1)': [0.6, 2.2],
  'GPT-5 (2025-08-07) (medium reasoning)': [1.25, 10],
  'GPT-5 mini (2025-08-07) (medium reasoning)': [0.25, 2],
  'GPT-5 nano (2025-08-07) (medium reasoning)': [0.05, 0.4],
  'GPT-5.1 (2025-11-13) (medium reasoning)': [1.25, 10],
  'GPT-5.1-codex (medium reasoning)': [1.25, 10],
  'Gemini 2.5 Pro (2025-05-06)': [1.25, 10],
  'Gemini 3 Pro Preview (2025-11-18)': [2, 12],
  'Kimi K2 Instruct': [0.6, 2.5],
  'Llama 4 Maverick Instruct': [0.27, 0.85],
  'Minimax M2': [0.3, 1.2],
  'Qwen2.5-Coder 32B Instruct': [0.2, 0.2],
  'Qwen3-Coder 480B/A35B Instruct': [0.4, 1.6],
  'gpt-oss-120b': [0.1, 0.5],
  'o3 (2025-04-16)': [2, 8],
  'o4-mini (2025-04-16)': [1.1, 4.4],
};

function args() {
  const argv = process.argv.slice(2);
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const pools: string[][] = [];
  argv.forEach((a, i) => {
    if (a === '--pool' && argv[i + 1]) pools.push((argv[i + 1] as string).split(',').map((s) => s.trim()).filter(Boolean));
  });
  const explore = value('--explore');
  const worth = value('--worth');
  return {
    json: argv.includes('--json'),
    orders: Number(value('--orders') ?? 50),
    seed: Number(value('--seed') ?? 1),
    ci: (value('--ci') ?? '0,0.1,0.2').split(',').map(Number),
    pools: pools.length > 0 ? pools : POOLS,
    explore: explore === undefined ? undefined : Number(explore),
    worth: worth === undefined ? undefined : Number(worth),
    data: value('--data') ?? DATA,
  };
}

/** Reads the CSV into per-model arrays indexed by task (the replay's inner loop reads nothing else). */
function readMatrix(text: string): ReplayMatrix {
  const lines = text.trim().split('\n');
  const header = (lines.shift() ?? '').split(',');
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`Cannot read the routing data: no "${name}" column`);
    return i;
  };
  const [iTask, iRepo, iModel, iResolved, iCost] = ['instance_id', 'repository', 'model', 'resolved', 'cost_usd'].map(col) as [number, number, number, number, number];
  const taskIndex = new Map<string, number>();
  const tasks: { id: string; repository: string }[] = [];
  const models: string[] = [];
  const rows = lines.map((l) => l.split(','));
  for (const r of rows) {
    const id = r[iTask] as string;
    if (!taskIndex.has(id)) {
      taskIndex.set(id, tasks.length);
      tasks.push({ id, repository: r[iRepo] as string });
    }
    if (!models.includes(r[iModel] as string)) models.push(r[iModel] as string);
  }
  const resolved = models.map(() => new Uint8Array(tasks.length));
  const costUsd = models.map(() => new Float64Array(tasks.length));
  for (const r of rows) {
    const m = models.indexOf(r[iModel] as string);
    const t = taskIndex.get(r[iTask] as string) as number;
    (resolved[m] as Uint8Array)[t] = r[iResolved] === '1' ? 1 : 0;
    (costUsd[m] as Float64Array)[t] = Number(r[iCost]);
  }
  return { models, tasks, resolved, costUsd };
}

function priceOf(name: string): number {
  const [input, output] = LIST_PRICES[name] ?? [1, 4];
  const model: ModelConfig = { name, provider: 'openai', tier: 3, input_per_mtok: input, output_per_mtok: output };
  return blendedPrice(model);
}

function short(name: string): string {
  return name.replace(/ \((?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4})\)/g, '').replace(/ \(medium reasoning\)/, '');
}

function main(): number {
  const options = args();
  if (!existsSync(options.data)) {
    process.stderr.write(`The routing data is not there: ${options.data} is missing (it lives beside the repository, in ../shared/routing/, and is never copied into it). Nothing was measured.\n`);
    return 1;
  }
  // The hindsight search tries every ordering of up to four models; past eight models that is too many to wait for.
  const tooBig = options.pools.find((p) => p.length > 8 || p.length === 0);
  if (tooBig) {
    process.stderr.write(`A pool must have 1 to 8 models; one has ${tooBig.length}.\n`);
    return 2;
  }
  const started = performance.now();
  const matrix = readMatrix(readFileSync(options.data, 'utf8'));
  const routing = DEFAULT_ROUTING;
  const settings = {
    explore: options.explore ?? (routing.explore === false ? 0 : routing.explore),
    escalateOnRed: true,
    maxCycles: DEFAULT_CONFIG.max_cycles,
    budgetUsd: DEFAULT_CONFIG.budget.per_order,
    successWorthUsd: options.worth ?? routing.worth_per_success,
  };
  const out: object[] = [];
  const lines: string[] = [
    `Learned policy: explore ${settings.explore}, worth per success $${settings.successWorthUsd}, budget per work order $${settings.budgetUsd}, at most ${settings.maxCycles + 1} attempts. A later attempt is taken to be that model's own independent first attempt (conservative: a real refinement cycle sees the failure).`,
  ];
  for (const pool of options.pools) {
    for (const ci of options.ci) {
      const prices = new Map(pool.map((m) => [m, priceOf(m)]));
      const result: ReplayResult = replayRouting(matrix, { pool, prices, ciFalseAccept: ci, orders: options.orders, seed: options.seed, settings });
      for (const r of result.rows) out.push({ pool, ci_false_accept: ci, policy: r.policy, success_pct: round(r.successPct, 2), success_interval_pct: [round(r.successInterval.low, 2), round(r.successInterval.high, 2)], total_cost_usd: round(r.totalCostUsd, 2), cost_per_success_usd: round(r.costPerSuccessUsd, 4), ...(r.sequence && r.policy !== r.sequence[0] ? { models: r.sequence } : {}) });
      lines.push(...table(pool, ci, result));
    }
  }
  if (options.json) {
    process.stdout.write(`[\n${out.map((o) => JSON.stringify(o)).join(',\n')}\n]\n`);
    process.stderr.write(`Data: ${ATTRIBUTION} (../shared/routing/README.md).\n`);
  }
  else {
    lines.push(`${options.orders} random task orders per row, seed ${options.seed}, ${matrix.tasks.length} tasks; ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    lines.push(`Data: ${ATTRIBUTION} (../shared/routing/README.md).`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}

function round(v: number, digits: number): number {
  return Number.isFinite(v) ? Number(v.toFixed(digits)) : v;
}

function table(pool: string[], ci: number, result: ReplayResult): string[] {
  const out = [`\nPool ${pool.map(short).join(', ')} — CI false-accept ${Math.round(ci * 100)} %`, '', '| policy | success % (95 % over orders) | total cost | cost per success |', '|---|---|---|---|'];
  for (const r of result.rows) {
    const name = r.policy === 'best-single' || r.policy === 'cheapest' ? `${r.policy} (${short(r.sequence?.[0] ?? '')})` : r.policy === 'best-cascade' || r.policy === 'price-order' ? `${r.policy} (${(r.sequence ?? []).map(short).join(' → ')})` : short(r.policy);
    out.push(`| ${name} | ${r.successPct.toFixed(1)} (${r.successInterval.low.toFixed(1)}–${r.successInterval.high.toFixed(1)}) | $${r.totalCostUsd.toFixed(2)} | $${r.costPerSuccessUsd.toFixed(3)} |`);
  }
  const get = (p: string) => result.rows.find((r) => r.policy === p) as (typeof result.rows)[number];
  const learned = get('learned');
  const best = get('best-single');
  const cascade = get('best-cascade');
  const oracle = get('oracle');
  // The reference price: the cheapest single model within one point of the best single model's success.
  const near = result.rows.filter((r) => r.sequence?.length === 1 && r.policy === r.sequence[0] && r.successPct >= best.successPct - 1);
  const reference = near.sort((a, b) => a.costPerSuccessUsd - b.costPerSuccessUsd)[0] as (typeof result.rows)[number];
  const target = reference.costPerSuccessUsd * 0.7;
  const okSuccess = learned.successPct >= best.successPct - 1e-9;
  const okCost = learned.costPerSuccessUsd <= target;
  const okCascade = learned.costPerSuccessUsd <= cascade.costPerSuccessUsd * 1.2;
  out.push('');
  out.push(`${ci === 0.1 ? 'Goal' : 'The goal\'s bars (the goal is set at 10 %)'}: success ≥ ${best.successPct.toFixed(1)} % (${okSuccess ? 'met' : 'missed'}: ${learned.successPct.toFixed(1)} %); cost per success ≤ $${target.toFixed(3)}, 30 % below ${short(reference.policy)} (${okCost ? 'met' : 'missed'}: $${learned.costPerSuccessUsd.toFixed(3)}); within 20 % of the best cascade's $${cascade.costPerSuccessUsd.toFixed(3)} (${okCascade ? 'met' : 'missed'}: ${((learned.costPerSuccessUsd / cascade.costPerSuccessUsd - 1) * 100).toFixed(0)} %).`);
  out.push(`Gap to the oracle: ${(oracle.successPct - learned.successPct).toFixed(1)} points of success, $${(learned.costPerSuccessUsd - oracle.costPerSuccessUsd).toFixed(3)} per success.`);
  return out;
}

process.exitCode = main();
