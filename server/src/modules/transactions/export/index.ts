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

/**
 * Runs the first batch's query before the reply starts: a filter the database refuses is then an
 * error answer, not a 200 whose download breaks off after the header row.
 */
async function primed<T>(source: AsyncGenerator<T>): Promise<AsyncGenerator<T>> {
  const first = await source.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* source;
  })();
}

/** The filtered transactions as a CSV or XLSX stream; a bad filter throws before anything is sent. */
export async function exportTransactions(
  db: Db,
  scope: Scope,
  filter: TransactionFilter,
  format: ExportFormat,
  now = new Date(),
): Promise<TransactionExport> {
  checkFilter(scope, filter);
  let count = 0;
  const onRows = (n: number) => {
    count += n;
  };
  const batches = await primed(transactionBatches(db, scope, filter));
  const stream =
    format === 'csv' ? Readable.from(csvChunks(batches, onRows), { objectMode: false }) : xlsxStream(batches, onRows);
  return {
    stream,
    contentType: CONTENT_TYPES[format],
    filename: `transactions-${now.toISOString().slice(0, 10)}.${format}`,
    rows: () => count,
  };
}
