// node-postgres returns int8 and numeric as strings, PGlite returns int8 as a number and numeric as a string.
// Both engines get these parsers so a query returns the same JavaScript types wherever it runs.

/** PostgreSQL type oids whose text form we parse ourselves. */
export const OID = { int8: 20, numeric: 1700 } as const;

function toNumber(text: string): number {
  const n = Number(text);
  // Counts, ids, tokens and USD amounts all fit a double; a value that does not is a schema bug, not data.
  if (!Number.isFinite(n)) throw new Error(`Cannot read "${text}" as a number: it is out of range`);
  return n;
}

/** Parsers keyed by type oid, in the shape both PGlite (`parsers`) and node-postgres (`types`) accept. */
export const TYPE_PARSERS: Readonly<Record<number, (text: string) => unknown>> = {
  [OID.int8]: toNumber,
  [OID.numeric]: toNumber,
};
