import { html, jsonForScript, type Html, type HtmlValue } from './html.ts';

/** One series of a chart. Each series gets its own fill pattern and point style, so none is told by colour alone. */
export interface ChartSeries {
  label: string;
  data: (number | null | [number, number])[];
  /** A bar series drawn as a line with points (e.g. a budget limit over spend bars). */
  asLine?: boolean;
}

/** What the browser script draws with chart.js: plain data, no code. */
export interface ChartSpec {
  type: 'bar' | 'line';
  labels: string[];
  series: ChartSeries[];
  stacked?: boolean;
  /** Values are proportions (0–1): the axis reads in percent. */
  percent?: boolean;
  /** Values are US dollars. */
  money?: boolean;
  yTitle: string;
  horizontal?: boolean;
}

/**
 * A chart and its text equivalent side by side: a canvas (role img, labelled) that dashboard.js fills from the
 * JSON beside it, and the table that holds the same numbers for screen readers, copying, and browsers without
 * scripts.
 */
export function chartFigure(id: string, caption: string, spec: ChartSpec, table: HtmlValue): Html {
  const empty = spec.labels.length === 0 || spec.series.length === 0;
  return html`<figure class="chart" aria-labelledby="${id}-caption">
<figcaption id="${id}-caption">${caption}</figcaption>
<div class="chart-pair">
${empty ? html`<p class="empty">Nothing recorded yet.</p>` : html`<div class="canvas-box"><canvas id="${id}" role="img" aria-label="${caption} (chart; the table beside it has the same numbers)"></canvas></div>
<script type="application/json" data-chart="${id}">${jsonForScript(spec)}</script>`}
<div class="chart-table" role="region" tabindex="0" aria-label="${caption}: table">${table}</div>
</div>
</figure>`;
}
