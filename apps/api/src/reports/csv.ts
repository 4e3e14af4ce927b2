/**
 * CSV per RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled, lines
 * end in CRLF. A text cell that a spreadsheet would run as a formula (=, +, -, @ at the start)
 * is prefixed with an apostrophe (OWASP CSV injection); numbers are written as they are.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
