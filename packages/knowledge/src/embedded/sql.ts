/**
 * SQL literals for LanceDB (DataFusion) predicates. Strings are single-quoted with embedded
 * quotes doubled (the only escape SQL strings have: backslashes are literal), so ids such as
 * `it's` or `a' OR '1'='1` stay data, never syntax.
 */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `column IN ('a', 'b')`; the column is back-quoted because DataFusion folds bare names to lower case. */
export function sqlIn(column: string, values: readonly string[]): string {
  return `${sqlColumn(column)} IN (${values.map(sqlString).join(', ')})`;
}

export function sqlEquals(column: string, value: string): string {
  return `${sqlColumn(column)} = ${sqlString(value)}`;
}

function sqlColumn(column: string): string {
  return `\`${column}\``;
}

/** Splits a long list so one predicate never carries more than `size` literals. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
