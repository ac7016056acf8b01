import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';

export type InvoiceSeries = 'INV' | 'CN';

export interface InvoiceNumber {
  number: string;
  year: number;
  seq: number;
}

/** INV-2026-000042: series, year, six digits (wider when a year ever passes 999 999). */
export const formatInvoiceNumber = (series: InvoiceSeries, year: number, seq: number): string =>
  `${series}-${year}-${String(seq).padStart(6, '0')}`;

/**
 * The next number of an issuer's series and year, taken inside the caller's (Send) transaction.
 * The upsert locks the sequence row until that transaction ends, so concurrent Sends queue here;
 * a Send that rolls back rolls its increment back too, so numbers never skip or repeat.
 */
export async function takeInvoiceNumber(tx: Tx, issuer: string, series: InvoiceSeries, year: number): Promise<InvoiceNumber> {
  const [row] = await queryRows<{ last_number: number }>(
    tx,
    sql`INSERT INTO invoice_number_sequences (issuer, series, year, last_number)
        VALUES (${issuer}, ${series}, ${year}, 1)
        ON CONFLICT (issuer, series, year)
        DO UPDATE SET last_number = invoice_number_sequences.last_number + 1
        RETURNING last_number`,
  );
  const seq = Number(row!.last_number);
  return { number: formatInvoiceNumber(series, year, seq), year, seq };
}
