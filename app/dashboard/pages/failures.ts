import { FAILURE_CLASSES } from '../../../src/classify/taxonomy.ts';
import { FAILURE_WEEKS, FINGERPRINT_RUNS, type FailureWeekRow, type FingerprintRow, type FlakyRow } from '../../../src/store/dashboard/index.ts';
import { chartFigure } from '../chart.ts';
import { count, percent, utc } from '../format.ts';
import { html, type Html } from '../html.ts';
import { repositoryFilter } from './repository-filter.ts';

/** What the failures page shows. */
export interface FailuresView {
  weeks: FailureWeekRow[];
  fingerprints: FingerprintRow[];
  flaky: FlakyRow[];
  repositories: string[];
  repository: string | null;
  now: Date;
}

function mondays(now: Date): string[] {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const monday = day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000;
  return Array.from({ length: FAILURE_WEEKS + 1 }, (_, i) => new Date(monday - (FAILURE_WEEKS - i) * 7 * 86_400_000).toISOString().slice(0, 10));
}

function weeklyChart(view: FailuresView): Html {
  const labels = mondays(view.now);
  const classes = FAILURE_CLASSES.filter((c) => view.weeks.some((w) => w.failureClass === c));
  const sum = (filter: (w: FailureWeekRow) => boolean) => view.weeks.filter(filter).reduce((s, w) => s + w.runs, 0);
  const repositories = [...new Set(view.weeks.map((w) => w.repository))].sort();
  const rows = repositories.flatMap((r) =>
    labels
      .filter((week) => sum((w) => w.repository === r && w.week === week) > 0)
      .map((week) => html`<tr><th scope="row">${week}</th><td>${r}</td>${classes.map((c) => html`<td class="num">${sum((w) => w.repository === r && w.week === week && w.failureClass === c)}</td>`)}</tr>`),
  );
  const table = rows.length
    ? html`<table><caption>Red CI runs per week, repository and primary class</caption><thead><tr><th scope="col">Week of</th><th scope="col">Repository</th>${classes.map((c) => html`<th scope="col" class="num">${c}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="empty">No red CI run in the last ${FAILURE_WEEKS} weeks.</p>`;
  return chartFigure(
    'failures',
    `Red CI runs by primary failure class, per week, last ${FAILURE_WEEKS} weeks`,
    { type: 'bar', labels: rows.length ? labels : [], series: classes.map((c) => ({ label: c, data: labels.map((week) => sum((w) => w.week === week && w.failureClass === c)) })), stacked: true, yTitle: 'red CI runs' },
    table,
  );
}

function fingerprintTable(view: FailuresView): Html {
  const rows = view.fingerprints.map(
    (f) => html`<tr><td class="num">${count(f.occurrences)}</td><td>${f.failureClass}</td><td>${f.file ? html`<code>${f.file}</code>` : '—'}</td><td>${f.code ?? '—'}</td><td>${f.test ?? '—'}</td><td>${f.repositories.join(', ')}</td><td>${utc(f.lastSeen)}</td></tr>`,
  );
  return html`<section aria-labelledby="fingerprints"><h2 id="fingerprints">Most frequent failures</h2>
<p>Failures are the same when their class, file, code and test are (the message and line may change between runs); counted over the newest ${count(FINGERPRINT_RUNS)} red CI runs.</p>
${rows.length ? html`<table><caption>Most frequent failure fingerprints</caption><thead><tr><th scope="col" class="num">Seen</th><th scope="col">Class</th><th scope="col">File</th><th scope="col">Code</th><th scope="col">Test</th><th scope="col">Repositories</th><th scope="col">Last seen</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="empty">No failure recorded yet.</p>`}
</section>`;
}

function flakyTable(view: FailuresView): Html {
  const rows = view.flaky.map((f) => html`<tr><th scope="row">${f.repository}</th><td class="num">${count(f.flaky)}</td><td class="num">${count(f.attempts)}</td><td class="num">${percent(f.attempts ? f.flaky / f.attempts : 0)}</td></tr>`);
  return html`<section aria-labelledby="flaky"><h2 id="flaky">Flaky results</h2>
<p>Attempts whose red CI passed on a re-run with no change. Per-test flakiness appears here once the store keeps test reports.</p>
${rows.length ? html`<table><caption>Flaky attempts per repository</caption><thead><tr><th scope="col">Repository</th><th scope="col" class="num">Flaky</th><th scope="col" class="num">Attempts</th><th scope="col" class="num">Share</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="empty">No attempt recorded yet.</p>`}
</section>`;
}

/** The failures page: red CI runs by class over time per repository, the most frequent fingerprints, flaky results. */
export function renderFailures(view: FailuresView): Html {
  return html`${repositoryFilter('/dashboard/failures', view.repositories, view.repository)}
${weeklyChart(view)}
${fingerprintTable(view)}
${flakyTable(view)}`;
}
