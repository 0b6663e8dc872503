// Opaque cursors for keyset paging: the sort values of the last row of a page (times exactly as
// PostgreSQL writes them, ids), encoded so that clients pass them back without reading them.
// Decoding checks every value's shape, so a tampered cursor is a 400, never a database error.

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What each position of a cursor holds: a PostgreSQL timestamptz as text, a day, or a UUID. */
export type CursorPart = 'timestamp' | 'day' | 'uuid';

const SHAPES: Record<CursorPart, RegExp> = { timestamp: TIMESTAMP, day: DAY, uuid: UUID };

export function encodeCursor(values: string[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The values of a cursor of this shape, or undefined when it is not one. */
export function decodeCursor(cursor: string, shape: CursorPart[]): string[] | undefined {
  if (!/^[\w-]{1,400}$/.test(cursor)) return undefined;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(values) || values.length !== shape.length) return undefined;
  return values.every((v, i) => typeof v === 'string' && SHAPES[shape[i]!].test(v)) ? (values as string[]) : undefined;
}
