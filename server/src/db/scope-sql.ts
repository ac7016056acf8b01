import { type Column, type SQL, sql } from 'drizzle-orm';

/** `column IN (ids)`; `null` ids mean unrestricted, an empty list matches nothing. */
export function inScope(column: Column | SQL, ids: readonly string[] | null): SQL | undefined {
  if (ids === null) return undefined;
  if (ids.length === 0) return sql`false`;
  return sql`${column} IN (${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}
