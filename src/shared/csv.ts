// CSV (RFC 4180) for downloads that a spreadsheet opens.

/** A cell quoted when needed; a text a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Lines of cells as a CSV document (CRLF, a final line break). */
export const csvDocument = (lines: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string => `${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
