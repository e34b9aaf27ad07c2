import type { RoutingRow } from '../../../src/store/dashboard/index.ts';
import { chartFigure } from '../chart.ts';
import { count, percent, usd } from '../format.ts';
import { html, type Html } from '../html.ts';
import { repositoryFilter } from './repository-filter.ts';

/** What the routing page shows. */
export interface RoutingView {
  rows: RoutingRow[];
  repositories: string[];
  repository: string | null;
}

/** The routing page: per model × complexity band, the success rate and cost per success with 95 % intervals. */
export function renderRouting(view: RoutingView): Html {
  const labels = view.rows.map((r) => `${r.model} · band ${r.complexityBand}`);
  const rows = view.rows.map(
    (r) => html`<tr><th scope="row">${r.model}</th><td>${r.complexityBand}</td><td class="num">${count(r.samples)}</td><td class="num">${count(r.successes)}</td>
<td class="num">${percent(r.successRate)} <span class="interval">(${percent(r.successInterval.low)}–${percent(r.successInterval.high)})</span></td>
<td class="num">${usd(r.meanCostUsd)}</td>
<td class="num">${r.costPerSuccessUsd === null ? '—' : usd(r.costPerSuccessUsd)}${r.costPerSuccessInterval ? html` <span class="interval">(${usd(r.costPerSuccessInterval.low)}–${usd(r.costPerSuccessInterval.high)})</span>` : ''}</td></tr>`,
  );
  const table = rows.length
    ? html`<table><caption>Attempts per model and complexity band (95 % intervals in brackets)</caption><thead><tr><th scope="col">Model</th><th scope="col">Band</th><th scope="col" class="num">Attempts</th><th scope="col" class="num">Succeeded</th><th scope="col" class="num">Success rate</th><th scope="col" class="num">Mean cost</th><th scope="col" class="num">Cost per success</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="empty">No attempt has been recorded yet.</p>`;
  return html`<p class="summary">Each attempt is one model from its first CI run until green or a person is asked. Intervals are Wilson score intervals; the cost-per-success interval is the mean cost over the success rate's interval.</p>
${repositoryFilter('/dashboard/routing', view.repositories, view.repository)}
${chartFigure(
  'routing',
  'Success rate per model and complexity band, with its 95 % interval',
  {
    type: 'bar',
    labels,
    series: view.rows.length
      ? [
          { label: 'Success rate', data: view.rows.map((r) => r.successRate) },
          { label: '95 % interval', data: view.rows.map((r) => [r.successInterval.low, r.successInterval.high] as [number, number]) },
        ]
      : [],
    percent: true,
    yTitle: 'success rate',
  },
  table,
)}
<p class="note">The learned routing plan's choices and the replay benchmark's last result are not kept in the store yet; they will appear here when they are.</p>`;
}
