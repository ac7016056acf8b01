import { Readable } from 'node:stream';
import type { Db } from '../../../db/client.js';
import type { Scope } from '../../../domain/scope.js';
import type { TransactionFilter } from '../schemas.js';
import { checkFilter } from '../service.js';
import { transactionBatches } from './batches.js';
import { csvChunks } from './csv.js';
import { xlsxStream } from './xlsx.js';

export type ExportFormat = 'csv' | 'xlsx';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface TransactionExport {
  stream: Readable;
  contentType: string;
  filename: string;
  /** Rows written so far (final once the stream has ended). */
  rows(): number;
}

/** The filtered transactions as a CSV or XLSX stream; a bad filter throws before anything is sent. */
export function exportTransactions(
  db: Db,
  scope: Scope,
  filter: TransactionFilter,
  format: ExportFormat,
  now = new Date(),
): TransactionExport {
  checkFilter(scope, filter);
  let count = 0;
  const onRows = (n: number) => {
    count += n;
  };
  const batches = transactionBatches(db, scope, filter);
  const stream =
    format === 'csv' ? Readable.from(csvChunks(batches, onRows), { objectMode: false }) : xlsxStream(batches, onRows);
  return {
    stream,
    contentType: CONTENT_TYPES[format],
    filename: `transactions-${now.toISOString().slice(0, 10)}.${format}`,
    rows: () => count,
  };
}
