// The checks a CSV upload goes through before anything is published: the encoding (UTF-8,
// a BOM allowed), the delimiter (the one that splits every line the same way), the header
// (present, unique, non-empty names), rows of the header's width, and one type per column
// (inferred: int, numeric, date, bool or text; a column typed by most of its values refuses
// the cells that do not fit). Pure: every problem comes back with its row and column (both
// counted from 1, the header being row 1), nothing is thrown.
import { parse } from 'csv-parse/sync';
import type { DictionaryField } from './open-data.types.ts';

export interface CsvProblem {
  row: number;
  column: number | null;
  code: 'encoding' | 'empty' | 'parse' | 'header_missing' | 'header_duplicate' | 'ragged' | 'type';
  /** For `type`: the column's type; for `ragged`: the expected width. */
  expected?: string;
  found?: string;
}

export interface CheckedCsv {
  ok: boolean;
  problems: CsvProblem[];
  delimiter: string;
  header: string[];
  types: DictionaryField['type'][];
  rows: string[][];
}

const DELIMITERS = [',', ';', '\t', '|'];
const MAX_PROBLEMS = 100;

const INT = /^-?\d{1,15}$/;
const NUMERIC = /^-?(\d+([.]\d+)?|[.]\d+)([eE][-+]?\d+)?$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const BOOL = /^(true|false)$/i;

export function typeOfValue(value: string): DictionaryField['type'] {
  if (INT.test(value)) return 'int';
  if (NUMERIC.test(value)) return 'numeric';
  if (DATE.test(value)) return 'date';
  if (BOOL.test(value)) return 'bool';
  return 'text';
}

export function fits(value: string, type: DictionaryField['type']): boolean {
  if (value === '') return true;
  switch (type) {
    case 'int':
      return INT.test(value);
    case 'numeric':
      return INT.test(value) || NUMERIC.test(value);
    case 'date':
      return DATE.test(value) && !Number.isNaN(Date.parse(value));
    case 'bool':
      return BOOL.test(value);
    default:
      return true;
  }
}

/** The offset of the first byte that does not continue valid UTF-8, or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) if (i + k >= bytes.length || (bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}

/** Where the first byte that is not UTF-8 is: the line (from 1) and the field (from 1). */
function firstInvalidByte(bytes: Uint8Array, delimiter: number): { row: number; column: number } | undefined {
  const offset = invalidUtf8Offset(bytes);
  if (offset < 0) return undefined;
  let row = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      row++;
      column = 1;
    } else if (bytes[i] === delimiter) column++;
  }
  return { row, column };
}

function guessDelimiter(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(0, 20);
  let best = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => line.split(delimiter).length - 1);
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const same = counts.filter((count) => count === first).length;
    const score = same * 100 + first;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

export function checkCsv(bytes: Uint8Array): CheckedCsv {
  const empty = (problems: CsvProblem[], delimiter = ','): CheckedCsv => ({ ok: false, problems, delimiter, header: [], types: [], rows: [] });
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (body.length === 0) return empty([{ row: 1, column: null, code: 'empty' }]);
  const latin = new TextDecoder('latin1').decode(body);
  const delimiter = guessDelimiter(latin);
  const invalid = firstInvalidByte(body, delimiter.charCodeAt(0));
  if (invalid) return empty([{ row: invalid.row, column: invalid.column, code: 'encoding', expected: 'UTF-8' }], delimiter);
  const text = new TextDecoder('utf-8').decode(body);
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    const e = error as { lines?: number; code?: string };
    return empty([{ row: e.lines ?? 1, column: null, code: 'parse', found: e.code ?? 'CSV' }], delimiter);
  }
  const [header = [], ...rows] = records;
  const problems: CsvProblem[] = [];
  if (header.length === 0 || header.every((name) => name === '')) return empty([{ row: 1, column: null, code: 'header_missing' }], delimiter);
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === '' || /^\d+([.,]\d+)?$/.test(name)) problems.push({ row: 1, column: i + 1, code: 'header_missing' });
    else if (seen.has(name.toLowerCase())) problems.push({ row: 1, column: i + 1, code: 'header_duplicate', found: name });
    seen.add(name.toLowerCase());
  });
  rows.forEach((row, i) => {
    if (row.length !== header.length && problems.length < MAX_PROBLEMS)
      problems.push({ row: i + 2, column: Math.min(row.length, header.length) + 1, code: 'ragged', expected: String(header.length), found: String(row.length) });
  });
  // One type per column: the type of most of its values (text when no type has a majority).
  const types = header.map((_, c) => {
    const tally = new Map<DictionaryField['type'], number>();
    let filled = 0;
    for (const row of rows) {
      const value = row[c] ?? '';
      if (value === '') continue;
      filled++;
      const type = typeOfValue(value);
      tally.set(type, (tally.get(type) ?? 0) + 1);
    }
    if (filled === 0) return 'text' as const;
    const numbers = (tally.get('int') ?? 0) + (tally.get('numeric') ?? 0);
    if ((tally.get('int') ?? 0) * 2 > filled && !tally.has('numeric')) return 'int' as const;
    if (numbers * 2 > filled) return 'numeric' as const;
    for (const type of ['date', 'bool'] as const) if ((tally.get(type) ?? 0) * 2 > filled) return type;
    return 'text' as const;
  });
  rows.forEach((row, r) => {
    types.forEach((type, c) => {
      const value = row[c] ?? '';
      if (!fits(value, type) && problems.length < MAX_PROBLEMS) problems.push({ row: r + 2, column: c + 1, code: 'type', expected: type, found: value.slice(0, 40) });
    });
  });
  return { ok: problems.length === 0, problems, delimiter, header, types, rows };
}
