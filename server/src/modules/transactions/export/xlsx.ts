import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { TransactionRow } from '../queries.js';
import { EXPORT_COLUMNS, type ExportColumn, rowContext } from './columns.js';
import { localSerial } from './local-time.js';

const WIDTHS: Record<string, number> = { 'Session ID': 38, Started: 26, Stopped: 26, 'Time zone': 16 };
const moneyFormat = (digits: number) => (digits === 0 ? '0' : `0.${'0'.repeat(digits)}`);
/** The offset is literal text in the format, so the cell shows "2026-03-10 00:10:00 +05:30" and stays a date. */
const timeFormat = (offset: string) => `yyyy-mm-dd hh:mm:ss "${offset}"`;
const COLUMN_FORMATS: Partial<Record<ExportColumn['kind'], string>> = { kwh: '0.000', money: '0.00', time: timeFormat('+00:00') };

/**
 * The workbook written row by row with exceljs' streaming writer (no shared strings, rows committed
 * as they come), so memory stays flat. Money and kWh are numbers parsed from exact decimal text,
 * shown with the currency's digits; times are date cells on the organization's wall clock, their
 * format showing the offset (a spreadsheet date has no zone; the Time zone column names it).
 */
export function xlsxStream(batches: AsyncIterable<TransactionRow[]>, onRows: (n: number) => void): PassThrough {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Transactions', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map((c) => ({
    header: c.header,
    width: WIDTHS[c.header] ?? (c.kind === 'text' ? 20 : 12),
    style: COLUMN_FORMATS[c.kind] ? { numFmt: COLUMN_FORMATS[c.kind] } : {},
  }));

  const write = async () => {
    const now = new Date();
    for await (const rows of batches) {
      for (const row of rows) {
        const ctx = rowContext(row, now);
        const offsets: (string | null)[] = [];
        const values = EXPORT_COLUMNS.map((c) => {
          const value = c.value(row, ctx);
          if (value instanceof Date) {
            const local = localSerial(value, row.timeZone);
            offsets.push(local.offset);
            return local.serial;
          }
          offsets.push(null);
          return value !== null && (c.kind === 'money' || c.kind === 'kwh') ? Number(value) : value;
        });
        const added = sheet.addRow(values);
        offsets.forEach((offset, i) => {
          if (offset !== null) added.getCell(i + 1).numFmt = timeFormat(offset);
        });
        if (ctx.digits !== 2) {
          EXPORT_COLUMNS.forEach((c, i) => {
            if (c.kind === 'money') added.getCell(i + 1).numFmt = moneyFormat(ctx.digits);
          });
        }
        added.commit();
      }
      onRows(rows.length);
      // Let the zip stream catch up, and wait while the client is slower than the database.
      await new Promise((resolve) => setImmediate(resolve));
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
