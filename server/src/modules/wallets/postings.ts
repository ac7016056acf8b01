import type { Executor } from '../../db/client.js';
import type { Posting } from '../../domain/finance/ledger.js';
import { insertPostings } from '../settlement/queries.js';
import type { WalletRow } from './queries.js';

/** Writes a wallet movement's postings (entry kind `wallet`), under the wallet's organization and currency. */
export async function postWalletEntry(
  db: Executor,
  wallet: WalletRow,
  postings: Posting[],
  links: { sessionId?: string | null; organizationId?: string; documentId?: string | null } = {},
): Promise<void> {
  await insertPostings(
    db,
    postings.map((p) => ({
      organizationId: links.organizationId ?? wallet.organizationId,
      sessionId: links.sessionId ?? null,
      account: p.account,
      ref: p.ref ?? null,
      entryKind: 'wallet' as const,
      documentId: links.documentId ?? wallet.id,
      currency: wallet.currency,
      amountMinor: p.amountMinor,
      at: new Date(),
    })),
  );
}
