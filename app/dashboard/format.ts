// How numbers and times read on the pages: one place, so every page says the same thing the same way.

/** US dollars with cents, or more places below a cent (model calls cost fractions of one). */
export function usd(amount: number): string {
  const places = amount !== 0 && Math.abs(amount) < 0.01 ? 4 : 2;
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places })}`;
}

/** A proportion as a whole percentage. */
export function percent(p: number): string {
  return `${Math.round(p * 100)} %`;
}

/** A count with thousands separators. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** How long ago `at` was, in the largest whole unit. */
export function age(at: Date, now: Date = new Date()): string {
  const seconds = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

/** A UTC timestamp a person reads: `2026-11-26 08:25 UTC`. */
export function utc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A state name for people: `budget_exceeded` → `budget exceeded`. */
export function stateName(state: string): string {
  return state.replace(/_/g, ' ');
}
