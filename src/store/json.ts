import { sql, type RawBuilder } from 'kysely';

/** JSON values as they are stored in JSONB columns. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** An object stored in a JSONB column. */
export type JsonObject = { [key: string]: Json };

/**
 * A value as a JSONB parameter. Serialised here because node-postgres turns a JS array into a PostgreSQL array
 * literal, not JSON, while PGlite serialises by the inferred type: a string cast to jsonb means the same on both.
 */
export function json<T>(value: T): RawBuilder<T> {
  return sql<T>`cast(${JSON.stringify(value)} as jsonb)`;
}
