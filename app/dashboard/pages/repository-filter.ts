import { html, type Html } from '../html.ts';

/** A GET form that narrows a page to one repository. */
export function repositoryFilter(action: string, repositories: readonly string[], current: string | null): Html {
  const options = repositories.map((r) => html`<option value="${r}"${current === r ? html` selected` : ''}>${r}</option>`);
  return html`<form method="get" action="${action}" class="filters" aria-label="Filter by repository">
<p><label for="repository">Repository</label>
<select id="repository" name="repository"><option value="">All repositories</option>${options}</select>
<button type="submit">Show</button></p>
</form>`;
}
