import { html, type Html, type HtmlValue } from './html.ts';

/** The dashboard's pages, in navigation order. */
export const PAGES = [
  { path: '/dashboard', name: 'Work orders' },
  { path: '/dashboard/money', name: 'Money' },
  { path: '/dashboard/routing', name: 'Routing' },
  { path: '/dashboard/failures', name: 'Failures' },
] as const;

/** Who is looking: a signed-in person, or nobody on a local dashboard without sign-in. */
export interface Viewer {
  login: string | null;
}

/** A page of the dashboard: its title, which navigation entry it belongs to, and its main content. */
export interface PageShell {
  title: string;
  current: string;
  viewer: Viewer;
  body: HtmlValue;
  /** True when the page draws charts (loads chart.js and the chart script). */
  charts?: boolean;
}

/** The whole document around a page: landmarks, navigation, styles and scripts, all served by the App itself. */
export function layout(page: PageShell): Html {
  const nav = PAGES.map((p) =>
    p.path === page.current ? html`<li><a href="${p.path}" aria-current="page">${p.name}</a></li>` : html`<li><a href="${p.path}">${p.name}</a></li>`,
  );
  const who = page.viewer.login
    ? html`<form method="post" action="/dashboard/logout" class="who"><span>Signed in as <strong>${page.viewer.login}</strong></span> <button type="submit">Sign out</button></form>`
    : html`<p class="who">Local dashboard (127.0.0.1, no sign-in)</p>`;
  const scripts = page.charts
    ? html`<script src="/dashboard/assets/chart.umd.min.js" defer></script><script src="/dashboard/assets/dashboard.js" defer></script>`
    : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · Punchlist</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
${scripts}
</head>
<body>
<header>
<p class="brand">Punchlist</p>
<nav aria-label="Dashboard"><ul>${nav}</ul></nav>
${who}
</header>
<main>
<h1>${page.title}</h1>
${page.body}
</main>
</body>
</html>
`;
}

/** A short page for a refusal or an error: what happened and what to do. */
export function messagePage(title: string, message: HtmlValue, viewer: Viewer = { login: null }): Html {
  return layout({ title, current: '', viewer, body: html`<p class="message">${message}</p>` });
}
