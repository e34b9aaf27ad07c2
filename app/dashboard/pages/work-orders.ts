import { NEEDS_PERSON, type WorkOrderPage } from '../../../src/store/dashboard/index.ts';
import { WORK_ORDER_STATES, type WorkOrderState } from '../../../src/store/index.ts';
import { chartFigure } from '../chart.ts';
import { age, count, stateName, usd } from '../format.ts';
import { html, type Html } from '../html.ts';
import { issueUrl, pullUrl } from '../links.ts';
import { stateBadge } from './state-badge.ts';

/** What the work orders page shows. */
export interface WorkOrdersView {
  page: WorkOrderPage;
  stateCounts: Map<WorkOrderState, number>;
  repositories: string[];
  filter: { states: WorkOrderState[]; repository: string | null };
  web: string;
  now: Date;
}

/** The query string for a page of the same filter. */
export function listQuery(filter: WorkOrdersView['filter'], page: number): string {
  const params = new URLSearchParams();
  for (const s of filter.states) params.append('state', s);
  if (filter.repository !== null) params.set('repository', filter.repository);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function filterForm(view: WorkOrdersView): Html {
  const boxes = WORK_ORDER_STATES.map(
    (s) => html`<label class="check"><input type="checkbox" name="state" value="${s}"${view.filter.states.includes(s) ? html` checked` : ''}> ${stateName(s)}</label>`,
  );
  const options = view.repositories.map((r) => html`<option value="${r}"${view.filter.repository === r ? html` selected` : ''}>${r}</option>`);
  return html`<form method="get" action="/dashboard" class="filters" aria-label="Filter work orders">
<fieldset><legend>State</legend>${boxes}</fieldset>
<p><label for="repository">Repository</label>
<select id="repository" name="repository"><option value="">All repositories</option>${options}</select></p>
<p><button type="submit">Filter</button> <a href="/dashboard">Clear filters</a></p>
</form>`;
}

function pager(view: WorkOrdersView): Html {
  const { page, pages } = view.page;
  const prev = page > 1 ? html`<a href="/dashboard${listQuery(view.filter, page - 1)}" rel="prev">Previous page</a>` : html`<span aria-disabled="true">Previous page</span>`;
  const next = page < pages ? html`<a href="/dashboard${listQuery(view.filter, page + 1)}" rel="next">Next page</a>` : html`<span aria-disabled="true">Next page</span>`;
  return html`<nav class="pager" aria-label="Pages">${prev} <span class="page-of">Page ${page} of ${pages}</span> ${next}</nav>`;
}

function stateChart(view: WorkOrdersView): Html {
  const states = WORK_ORDER_STATES.filter((s) => (view.stateCounts.get(s) ?? 0) > 0);
  const rows = states.map((s) => html`<tr><th scope="row">${stateBadge(s)}</th><td class="num">${count(view.stateCounts.get(s) ?? 0)}</td></tr>`);
  const table = html`<table><caption>Work orders per state</caption><thead><tr><th scope="col">State</th><th scope="col" class="num">Work orders</th></tr></thead><tbody>${rows}</tbody></table>`;
  return chartFigure('states', 'Work orders per state', { type: 'bar', labels: states.map(stateName), series: [{ label: 'Work orders', data: states.map((s) => view.stateCounts.get(s) ?? 0) }], yTitle: 'work orders', horizontal: true }, table);
}

/** The work orders page: those waiting for a person first, then newest first; filterable and paged. */
export function renderWorkOrders(view: WorkOrdersView): Html {
  const waiting = NEEDS_PERSON.reduce((sum, s) => sum + (view.stateCounts.get(s) ?? 0), 0);
  const rows = view.page.rows.map((r) => {
    const pr = pullUrl(view.web, r.repository, r.prNumber, r.pullRequestUrl);
    return html`<tr${NEEDS_PERSON.includes(r.state) ? html` class="needs-person"` : ''}>
<td><a href="/dashboard/work-orders/${r.id}">#${r.id}</a></td>
<td>${r.repository}</td>
<td><a href="${issueUrl(view.web, r.repository, r.issueNumber)}">issue ${r.issueNumber}</a> <span class="title">${r.title}</span></td>
<td>${stateBadge(r.state)}</td>
<td>${r.model ?? '—'}</td>
<td class="num">${r.cycle}</td>
<td class="num">${usd(r.spentUsd)}</td>
<td class="num">${r.modelCalls}</td>
<td class="num">${age(r.createdAt, view.now)}</td>
<td>${pr ? html`<a href="${pr}">PR ${r.prNumber ?? ''}</a>` : '—'}</td>
</tr>`;
  });
  const table = view.page.rows.length
    ? html`<table class="orders">
<caption>${count(view.page.total)} work orders in all; those waiting for a person first, then newest first</caption>
<thead><tr><th scope="col">Work order</th><th scope="col">Repository</th><th scope="col">Issue</th><th scope="col">State</th><th scope="col">Model</th><th scope="col" class="num">Cycles</th><th scope="col" class="num">Cost</th><th scope="col" class="num">Model calls</th><th scope="col" class="num">Age</th><th scope="col">Pull request</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : html`<p class="empty">No work orders match.</p>`;
  return html`<p class="summary"><strong>${count(waiting)}</strong> waiting for a person (escalated, budget exceeded or failed).</p>
${filterForm(view)}
${table}
${pager(view)}
${stateChart(view)}`;
}
