import { SPEND_DAYS, type MonthBudgetRow, type SpendRow } from '../../../src/store/dashboard/index.ts';
import { chartFigure } from '../chart.ts';
import { count, percent, usd } from '../format.ts';
import { html, type Html } from '../html.ts';
import { repositoryFilter } from './repository-filter.ts';

/** What the money page shows. */
export interface MoneyView {
  daily: SpendRow[];
  budgets: MonthBudgetRow[];
  repositories: string[];
  repository: string | null;
  now: Date;
}

function days(now: Date): string[] {
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: SPEND_DAYS }, (_, i) => new Date(end - (SPEND_DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
const round = (n: number) => Math.round(n * 1e6) / 1e6;

function dailyChart(view: MoneyView): Html {
  const labels = days(view.now);
  const models = sorted(view.daily.map((r) => r.model));
  const sum = (day: string, model?: string) => view.daily.filter((r) => r.period === day && (model === undefined || r.model === model)).reduce((s, r) => s + r.usd, 0);
  const withSpend = labels.filter((d) => sum(d) > 0);
  const head = models.map((m) => html`<th scope="col" class="num">${m}</th>`);
  const rows = withSpend.map((d) => html`<tr><th scope="row">${d}</th>${models.map((m) => html`<td class="num">${usd(sum(d, m))}</td>`)}<td class="num">${usd(sum(d))}</td></tr>`);
  const table = withSpend.length
    ? html`<table><caption>Spend per day and model (days with spend)</caption><thead><tr><th scope="col">Day (UTC)</th>${head}<th scope="col" class="num">Total</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="empty">No spend in the last ${SPEND_DAYS} days.</p>`;
  return chartFigure(
    'daily',
    `Settled spend per day, last ${SPEND_DAYS} days, by model`,
    { type: 'bar', labels: withSpend.length ? labels : [], series: models.map((m) => ({ label: m, data: labels.map((d) => round(sum(d, m))) })), stacked: true, money: true, yTitle: 'USD' },
    table,
  );
}

function budgetChart(view: MoneyView): Html {
  const current = view.now.toISOString().slice(0, 7);
  const rows = view.budgets.map((b) => {
    const used = b.limitUsd > 0 ? (b.spentUsd + b.reservedUsd) / b.limitUsd : 0;
    return html`<tr><th scope="row">${b.month}</th><td>${b.repository}</td><td class="num">${usd(b.spentUsd)}</td><td class="num">${usd(b.reservedUsd)}</td><td class="num">${usd(b.limitUsd)}</td><td class="num">${percent(used)}${used >= 1 ? html` <strong>(at limit)</strong>` : ''}</td></tr>`;
  });
  const table = rows.length
    ? html`<table><caption>Monthly budgets per repository</caption><thead><tr><th scope="col">Month</th><th scope="col">Repository</th><th scope="col" class="num">Spent</th><th scope="col" class="num">Reserved</th><th scope="col" class="num">Budget</th><th scope="col" class="num">Used</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="empty">No monthly budget has been charged yet.</p>`;
  const thisMonth = view.budgets.filter((b) => b.month === current);
  return chartFigure(
    'budgets',
    `This month (${current}): spend against each repository's budget`,
    {
      type: 'bar',
      labels: thisMonth.map((b) => b.repository),
      series: thisMonth.length
        ? [
            { label: 'Spent', data: thisMonth.map((b) => round(b.spentUsd)) },
            { label: 'Reserved', data: thisMonth.map((b) => round(b.reservedUsd)) },
            { label: 'Budget', data: thisMonth.map((b) => round(b.limitUsd)), asLine: true },
          ]
        : [],
      money: true,
      yTitle: 'USD',
    },
    table,
  );
}

function totalsChart(view: MoneyView): Html {
  const repositories = sorted(view.daily.map((r) => r.repository));
  const models = sorted(view.daily.map((r) => r.model));
  const sum = (repository: string, model?: string) => view.daily.filter((r) => r.repository === repository && (model === undefined || r.model === model)).reduce((s, r) => s + r.usd, 0);
  const calls = (repository: string) => view.daily.filter((r) => r.repository === repository).reduce((s, r) => s + r.calls, 0);
  const rows = repositories.map((r) => html`<tr><th scope="row">${r}</th>${models.map((m) => html`<td class="num">${usd(sum(r, m))}</td>`)}<td class="num">${usd(sum(r))}</td><td class="num">${count(calls(r))}</td></tr>`);
  const table = rows.length
    ? html`<table><caption>Spend per repository and model, last ${SPEND_DAYS} days</caption><thead><tr><th scope="col">Repository</th>${models.map((m) => html`<th scope="col" class="num">${m}</th>`)}<th scope="col" class="num">Total</th><th scope="col" class="num">Model calls</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="empty">No spend in the last ${SPEND_DAYS} days.</p>`;
  return chartFigure(
    'totals',
    `Spend per repository and model, last ${SPEND_DAYS} days`,
    { type: 'bar', labels: repositories, series: models.map((m) => ({ label: m, data: repositories.map((r) => round(sum(r, m))) })), stacked: true, money: true, yTitle: 'USD', horizontal: true },
    table,
  );
}

/** The money page: spend per day by model, per month against each repository's budget, per repository and model. */
export function renderMoney(view: MoneyView): Html {
  const month = view.now.toISOString().slice(0, 7);
  const thisMonth = view.budgets.filter((b) => b.month === month).reduce((s, b) => s + b.spentUsd, 0);
  return html`<p class="summary">Spent this month (${month}): <strong>${usd(thisMonth)}</strong>. Money is reserved before each model call against the work order's and the repository's monthly budget, and settled at its real cost.</p>
${repositoryFilter('/dashboard/money', view.repositories, view.repository)}
${dailyChart(view)}
${budgetChart(view)}
${totalsChart(view)}`;
}
