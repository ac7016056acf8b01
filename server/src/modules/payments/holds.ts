import { eq } from 'drizzle-orm';
import { organizations, paymentSettings } from '../../db/schema/index.js';
import type { SessionPaymentStatus } from '../../db/schema/index.js';
import type { Authorization } from '../charging/types.js';
import { type PaymentsDeps, attemptPayment } from './attempts.js';
import { cardOf, sessionMethod } from './card-on-file.js';
import { setSessionPaymentStatus } from './queries.js';
import { routeGateway } from './registry.js';

interface StartedSession {
  id: string;
  organizationId: string;
  idTokenId: string | null;
  userId: string | null;
  paymentStatus: SessionPaymentStatus | null;
}

/** A start that the payment refused: the reason is on the session's hold (payments row). */
export type HoldOutcome = { refused: false } | { refused: true; reason: string };

const NOT_REFUSED: HoldOutcome = { refused: false };

/** Wallet starts (the session's method is the wallet) are checked by the wallets module; it registers here. */
type WalletStartCheck = (deps: PaymentsDeps, session: StartedSession) => Promise<HoldOutcome | null>;
let walletCheck: WalletStartCheck | null = null;
export function onWalletStart(check: WalletStartCheck): void {
  walletCheck = check;
}

/**
 * At session start (StartTransaction / TransactionEvent Started), for a token with a card on file:
 * a pre-authorization hold of the organization's amount (payment_settings), keyed by the session so
 * a repeated start holds once. A declined hold refuses the token for this session (1.6 Blocked,
 * 2.0.1 NoCredit; the charger stops the transaction), with the reason on the hold's row. No answer
 * leaves the hold to the reconciler and lets the driver charge: our gateway's outage is not theirs.
 * No card, no hold amount or no gateway configured: nothing is held (the session is sold at settlement).
 */
export async function holdAtStart(deps: PaymentsDeps, session: StartedSession): Promise<HoldOutcome> {
  const { db } = deps;
  if (session.paymentStatus === 'hold_declined') return { refused: true, reason: 'The payment card was declined' };
  if (session.paymentStatus) return NOT_REFUSED;
  // One read of the method decides: a wallet is checked, a card on file is held, anything else is postpaid.
  const method = await sessionMethod(db, session.idTokenId, session.userId);
  if (method?.gateway === 'wallet') return (await walletCheck?.(deps, session)) ?? NOT_REFUSED;
  const card = cardOf(method);
  if (!card) return NOT_REFUSED;
  const [settings] = await db
    .select({ preauth: paymentSettings.preauthAmountMinor, currency: organizations.currency })
    .from(organizations)
    .leftJoin(paymentSettings, eq(paymentSettings.organizationId, organizations.id))
    .where(eq(organizations.id, session.organizationId));
  const amount = settings?.preauth ?? 0n;
  if (!settings || amount <= 0n) return NOT_REFUSED;
  const config = await routeGateway(db, {
    organizationId: session.organizationId,
    gateway: card.gateway,
    currency: settings.currency,
    amountMinor: amount,
    cardBrand: card.brand,
  });
  if (!config) return NOT_REFUSED;
  const hold = await attemptPayment(deps, {
    type: 'authorization',
    config,
    organizationId: session.organizationId,
    amountMinor: amount,
    currency: settings.currency,
    idempotencyKey: `hold:${session.id}`,
    orderReference: session.id,
    source: card.source,
    links: {
      sessionId: session.id,
      userId: session.userId,
      idTokenId: session.idTokenId,
      cardBrand: card.brand,
      cardLast4: card.last4,
    },
  });
  if (hold.status === 'approved') await setSessionPaymentStatus(db, session.id, 'held');
  else if (hold.status === 'unknown' || hold.status === 'pending') await setSessionPaymentStatus(db, session.id, 'hold_unknown');
  else if (hold.status === 'declined') {
    await setSessionPaymentStatus(db, session.id, 'hold_declined');
    return { refused: true, reason: hold.reason ?? 'Declined' };
  }
  return NOT_REFUSED;
}

/** The answer a start gets when its payment was refused. */
export const refusedAuthorization = (authorization: Authorization): Authorization => ({ ...authorization, status: 'NoCredit' });
