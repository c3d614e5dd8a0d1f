/** Rows per statement: 4 to 5 columns each stays under SQLite's 999 bound parameters. */
const ROWS_PER_STATEMENT = 150;

/** Items in statement-sized slices: rows to insert, or refs for a `whereIn`. */
export function chunks<T>(
  items: readonly T[],
  size = ROWS_PER_STATEMENT,
): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}
