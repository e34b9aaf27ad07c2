import type { Json } from '../../../src/store/index.ts';
import type { TimelineCiRun, WorkOrderTimeline } from '../../../src/store/dashboard/index.ts';
import { count, usd, utc } from '../format.ts';
import { html, type Html } from '../html.ts';
import { checkRunUrl, commitChecksUrl, issueUrl, pullUrl } from '../links.ts';
import { stateBadge } from './state-badge.ts';

/** What one work order's page shows. */
export interface WorkOrderView {
  order: WorkOrderTimeline;
  web: string;
}

/** Evidence keys never shown: the model's raw prompt and answer stay in the store (the repository's readers see the summary). */
const HIDDEN_EVIDENCE = new Set(['prompt', 'system', 'messages', 'raw', 'rawAnswer']);
const MAX_EVIDENCE_CHARS = 4000;

function evidenceText(evidence: { [key: string]: Json }): string {
  const shown = Object.fromEntries(Object.entries(evidence).filter(([k]) => !HIDDEN_EVIDENCE.has(k)));
  const text = JSON.stringify(shown, null, 2);
  return text.length > MAX_EVIDENCE_CHARS ? `${text.slice(0, MAX_EVIDENCE_CHARS)}\n… (${count(text.length - MAX_EVIDENCE_CHARS)} more characters in the store)` : text;
}

function ciRun(run: TimelineCiRun, view: WorkOrderView): Html {
  const failures = run.failures.map(
    (f) => html`<li><strong>${f.class}</strong>${f.file ? html` in <code>${f.file}${f.line !== null ? `:${f.line}` : ''}</code>` : ''}${f.test ? html`, test <q>${f.test}</q>` : ''}${f.check ? html` [${f.check}]` : ''}: ${f.message}</li>`,
  );
  const checks = run.checks.map((c) => html`<li>${c.name}: ${c.conclusion ?? 'unfinished'}</li>`);
  return html`<section class="ci-run" aria-labelledby="run-${run.decisionId}">
<h3 id="run-${run.decisionId}">Cycle ${run.cycle}: CI at <a href="${commitChecksUrl(view.web, view.order.repository, run.sha)}"><code>${run.sha.slice(0, 7)}</code></a> (${run.failures.length === 1 ? '1 failure' : `${run.failures.length} failures`})</h3>
${checks.length ? html`<p>Checks:</p><ul>${checks}</ul>` : ''}
${failures.length ? html`<ul class="failures">${failures}</ul>` : html`<p>No failures.</p>`}
</section>`;
}

/** One work order: its facts, links, money, model calls, CI runs with their failures, and every decision. */
export function renderWorkOrder(view: WorkOrderView): Html {
  const o = view.order;
  const pr = pullUrl(view.web, o.repository, o.prNumber, o.pullRequestUrl);
  const facts = html`<dl class="facts">
<dt>Repository</dt><dd>${o.repository}</dd>
<dt>Issue</dt><dd><a href="${issueUrl(view.web, o.repository, o.issueNumber)}">issue ${o.issueNumber}</a>: ${o.title}</dd>
<dt>State</dt><dd>${stateBadge(o.state)}</dd>
<dt>Model</dt><dd>${o.model ?? '—'}${o.complexityBand ? ` (complexity band ${o.complexityBand})` : ''}</dd>
<dt>Cycles</dt><dd>${o.cycle}</dd>
<dt>Pull request</dt><dd>${pr ? html`<a href="${pr}">PR ${o.prNumber ?? ''}</a>` : '—'}</dd>
<dt>Check run</dt><dd>${o.checkRunId !== null ? html`<a href="${checkRunUrl(view.web, o.repository, o.checkRunId)}">punchlist check run</a>` : o.headSha ? html`<a href="${commitChecksUrl(view.web, o.repository, o.headSha)}">checks of ${o.headSha.slice(0, 7)}</a>` : '—'}</dd>
<dt>Created</dt><dd>${utc(o.createdAt)}</dd>
<dt>Updated</dt><dd>${utc(o.updatedAt)}</dd>
</dl>`;

  const ledger = o.ledger.map(
    (b) => html`<tr><td>${utc(b.createdAt)}</td><td>${b.purpose ?? '—'}</td><td class="num">${usd(b.reservedUsd)}</td><td>${b.status}</td><td class="num">${b.settledUsd === null ? '—' : usd(b.settledUsd)}</td></tr>`,
  );
  const money = html`<section aria-labelledby="money"><h2 id="money">Money</h2>
<p class="summary">Settled <strong>${usd(o.money.settledUsd)}</strong>; still reserved ${usd(o.money.reservedUsd)}; released ${usd(o.money.releasedUsd)}; <strong>${o.money.modelCalls}</strong> ${o.money.modelCalls === 1 ? 'model call' : 'model calls'}.</p>
${ledger.length ? html`<table><caption>Reservations and settlements</caption><thead><tr><th scope="col">Reserved at</th><th scope="col">For</th><th scope="col" class="num">Reserved</th><th scope="col">Status</th><th scope="col" class="num">Settled</th></tr></thead><tbody>${ledger}</tbody></table>` : html`<p class="empty">No money reserved.</p>`}
</section>`;

  const outcomes = o.outcomes.map(
    (a) => html`<tr><td class="num">${a.attempt}</td><td>${a.model}</td><td>${a.complexityBand}</td><td class="num">${a.cycles}</td><td class="num">${count(a.inputTokens)}</td><td class="num">${count(a.outputTokens)}</td><td class="num">${usd(a.costUsd)}</td><td>${a.success ? '✓ succeeded' : '✗ did not succeed'}</td><td>${a.failureClass ?? '—'}</td></tr>`,
  );
  const attempts = html`<section aria-labelledby="attempts"><h2 id="attempts">Attempts</h2>
${outcomes.length ? html`<table><caption>Recorded attempts</caption><thead><tr><th scope="col" class="num">Attempt</th><th scope="col">Model</th><th scope="col">Band</th><th scope="col" class="num">Cycles</th><th scope="col" class="num">Input tokens</th><th scope="col" class="num">Output tokens</th><th scope="col" class="num">Cost</th><th scope="col">Result</th><th scope="col">Failure class</th></tr></thead><tbody>${outcomes}</tbody></table>` : html`<p class="empty">No attempt recorded yet.</p>`}
</section>`;

  const runs = html`<section aria-labelledby="ci"><h2 id="ci">CI runs</h2>${o.ciRuns.length ? o.ciRuns.map((r) => ciRun(r, view)) : html`<p class="empty">No CI result read yet.</p>`}</section>`;

  const escalations = o.escalations.length
    ? html`<section aria-labelledby="escalations"><h2 id="escalations">Escalations</h2><ul>${o.escalations.map(
        (e) => html`<li>${utc(e.createdAt)}: ${e.reason}${e.resolvedAt ? html` — resolved by ${e.resolvedBy ?? 'someone'} (${e.resolution ?? ''}) ${utc(e.resolvedAt)}` : html` — <strong>open</strong>`}</li>`,
      )}</ul></section>`
    : '';

  const decisions = o.decisions.map(
    (d) => html`<li class="decision" id="decision-${d.id}">
<p><span class="kind">${d.kind}</span> <time datetime="${d.createdAt.toISOString()}">${utc(d.createdAt)}</time>${d.failureClass ? html` <span class="class">class ${d.failureClass}</span>` : ''}</p>
<p class="conclusion">${d.conclusion}</p>
${d.next ? html`<p class="next">Next: ${d.next}</p>` : ''}
<details><summary>Evidence</summary><pre>${evidenceText(d.evidence)}</pre></details>
</li>`,
  );
  const timeline = html`<section aria-labelledby="timeline"><h2 id="timeline">Decisions</h2>
${decisions.length ? html`<ol class="timeline">${decisions}</ol>` : html`<p class="empty">No decisions.</p>`}
</section>`;

  return html`<p><a href="/dashboard">← All work orders</a></p>${facts}${money}${attempts}${runs}${escalations}${timeline}`;
}
