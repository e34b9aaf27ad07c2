/** A regular expression source matching any of the given literals (for triggers built from keywords). */
export function anyLiteral(literals: readonly string[]): string {
  return literals.map((l) => l.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
}
