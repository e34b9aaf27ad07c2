import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * The repositories a reader may see: `null` is every repository (the dashboard on 127.0.0.1 without sign-in), a
 * list is exactly those (a signed-in person's readable repositories on the App's installations). Every dashboard
 * query takes one, so a repository outside it never reaches a page.
 */
export type RepositoryAccess = readonly string[] | null;

/** The SQL condition "`column` is a repository the reader may see". */
export function canRead(column: string, access: RepositoryAccess): Expression<SqlBool> {
  if (access === null) return sql<SqlBool>`true`;
  if (access.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(column)} = any(${sql.val([...access])}::text[])`;
}

/** True when `repository` is visible under `access`. */
export function mayRead(access: RepositoryAccess, repository: string): boolean {
  return access === null || access.includes(repository);
}
