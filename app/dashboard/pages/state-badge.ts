import type { WorkOrderState } from '../../../src/store/index.ts';
import { stateName } from '../format.ts';
import { html, type Html } from '../html.ts';

// A state is shown as a word with a symbol before it, so it reads without colour; the colour only repeats it.
const SYMBOLS: Readonly<Record<WorkOrderState, string>> = {
  queued: '○',
  routed: '→',
  proposing: '✎',
  pr_open: '⇅',
  ci_running: '⟳',
  refining: '↻',
  succeeded: '✓',
  escalated: '⚑',
  failed: '✗',
  cancelled: '⊘',
  budget_exceeded: '$',
};

/** A work order's state as a labelled badge. */
export function stateBadge(state: WorkOrderState): Html {
  return html`<span class="state state-${state}"><span aria-hidden="true">${SYMBOLS[state]}</span> ${stateName(state)}</span>`;
}
