// Counts the SQL statements (round trips) sent through every pg client of this process while
// `work` runs: the regression test of the write pattern ("a case submission makes ≤ N
// statements"). Only for tests that run nothing else in the background (buildTestApp turns
// the loops off); BEGIN and COMMIT count, as they are round trips too.
import pg from 'pg';

export interface StatementCount<T> {
  result: T;
  count: number;
  /** The statements' first words, for the message of a failing assertion. */
  statements: string[];
}

export async function countStatements<T>(work: () => Promise<T>): Promise<StatementCount<T>> {
  const statements: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
    statements.push(text.replace(/\s+/g, ' ').trim().slice(0, 90));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    const result = await work();
    return { result, count: statements.length, statements };
  } finally {
    pg.Client.prototype.query = original;
  }
}
