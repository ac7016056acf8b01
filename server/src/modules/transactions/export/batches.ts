import type { Db } from '../../../db/client.js';
import type { TransactionScope } from '../filter.js';
import { type Cursor, type TransactionRow, organizationsToExport, transactionBatch } from '../queries.js';
import type { TransactionFilter } from '../schemas.js';

/** Rows per database round trip: big enough to keep the database busy, small enough to keep memory flat. */
export const EXPORT_BATCH_SIZE = 2000;

/**
 * Every filtered session, organization by organization (by name), newest first within each, read in
 * keyset batches: memory holds one batch whatever the total, and each batch is an index range scan.
 */
export async function* transactionBatches(
  db: Db,
  scope: TransactionScope,
  filter: TransactionFilter,
  size = EXPORT_BATCH_SIZE,
): AsyncGenerator<TransactionRow[]> {
  for (const { id } of await organizationsToExport(db, scope, filter)) {
    let cursor: Cursor | null = null;
    for (;;) {
      const rows = await transactionBatch(db, scope, filter, id, cursor, size);
      if (rows.length > 0) yield rows;
      if (rows.length < size) break;
      const last = rows.at(-1)!;
      cursor = { startedAt: last.startedAt, id: last.id };
    }
  }
}
