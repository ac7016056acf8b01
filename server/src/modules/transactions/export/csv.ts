import type { TransactionRow } from '../queries.js';
import { type Cell, EXPORT_COLUMNS, rowContext } from './columns.js';
import { localIso } from './local-time.js';

const NEEDS_QUOTES = /[",\r\n]/;
/** A cell starting like a formula is prefixed with ' so a spreadsheet shows it as text (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell, kind: string, timeZone = 'UTC'): string {
  if (value === null) return '';
  let text = value instanceof Date ? localIso(value, timeZone) : String(value);
  if (kind === 'text' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvHeader = (): string => `${EXPORT_COLUMNS.map((c) => csvCell(c.header, 'text')).join(',')}\r\n`;

/** One batch as CSV lines (RFC 4180: comma separated, CRLF, quotes doubled). */
export function csvLines(rows: TransactionRow[], now: Date): string {
  let out = '';
  for (const row of rows) {
    const ctx = rowContext(row, now);
    out += `${EXPORT_COLUMNS.map((c) => csvCell(c.value(row, ctx), c.kind, row.timeZone)).join(',')}\r\n`;
  }
  return out;
}

/** The whole CSV, one chunk per batch; a reader that stops reading stops the queries (backpressure). */
export async function* csvChunks(batches: AsyncIterable<TransactionRow[]>, onRows: (n: number) => void): AsyncGenerator<string> {
  const now = new Date();
  // A byte-order mark so spreadsheet programs read the file as UTF-8 (names with accents, Sinhala, Tamil).
  yield `\uFEFF${csvHeader()}`;
  for await (const rows of batches) {
    onRows(rows.length);
    yield csvLines(rows, now);
  }
}
