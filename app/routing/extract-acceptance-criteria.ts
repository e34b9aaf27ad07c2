/** One task-list item of the issue: an acceptance criterion and whether it is already ticked. */
export interface AcceptanceCriterion {
  text: string;
  checked: boolean;
}

const TASK_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX])\][ \t]+(\S.*?)[ \t]*$/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;

/** The task-list items (`- [ ] …`, `1. [x] …`) of markdown text, in order; items inside code fences are not tasks. */
export function extractAcceptanceCriteria(markdown: string): AcceptanceCriterion[] {
  const criteria: AcceptanceCriterion[] = [];
  let fence: string | null = null;
  for (const line of markdown.split(/\r\n?|\n/)) {
    const f = FENCE.exec(line);
    if (f?.[1] !== undefined) {
      const marker = f[1];
      // A fence closes only with the same character and at least as many of it.
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const m = TASK_ITEM.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) criteria.push({ text: m[2], checked: m[1] !== ' ' });
  }
  return criteria;
}
