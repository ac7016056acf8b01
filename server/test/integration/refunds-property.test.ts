import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerPostings, payments } from '../../src/db/schema/index.js';
import { signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { TEST_SECRETS_KEY, chargedSession, gatewayConfig, testPaymentsDeps } from '../support/payments.js';
import { settledSession, workedExampleOrganization, workedExampleReadings } from '../support/pricing.js';
import { type TestServer, startTestServer } from '../support/server.js';

// Random sequences of refunds (some concurrent) against one capture each: whatever the order, the refunds
// that count never exceed what was captured, a request is refused exactly when it would, and every
// ledger entry of the session stays balanced.
const GROSS = 354_384;

let t: TestServer;
let accounts: ApiClient;
let example: Awaited<ReturnType<typeof workedExampleOrganization>>;
let manual: Awaited<ReturnType<typeof gatewayConfig>>;

beforeAll(async () => {
  t = await startTestServer({ SECRETS_KEY: TEST_SECRETS_KEY });
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
  example = await workedExampleOrganization(t.db, accounts);
  manual = await gatewayConfig(t.db, { organizationId: example.org.id, gateway: 'manual' });
});
afterAll(() => t?.close());

describe('refunds against a capture, in any order', () => {
  it('never exceed the capture and keep the ledger balanced', async () => {
    let receipt = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ amount: fc.integer({ min: 1, max: GROSS }), together: fc.boolean() }), {
          minLength: 1,
          maxLength: 6,
        }),
        async (steps) => {
          const sessionId = await settledSession(t.db, {
            organizationId: example.org.id,
            siteId: example.site.id,
            chargerId: example.charger.id,
            readings: workedExampleReadings(),
          });
          const sale = await chargedSession(
            testPaymentsDeps(t.db),
            manual,
            { id: sessionId, organizationId: example.org.id },
            BigInt(GROSS),
          );
          const ask = (amountMinor: number) =>
            accounts.post(`/api/v1/payments/${sale.id}/refunds`, {
              amountMinor,
              reason: 'property',
              receiptNumber: `RF-${++receipt}`,
            });
          let refunded = 0;
          for (let i = 0; i < steps.length; i++) {
            const step = steps[i]!;
            const next = steps[i + 1];
            if (step.together && next) {
              // Two at once: one waits for the other's lock, then sees its refund.
              const answers = await Promise.all([ask(step.amount), ask(next.amount)]);
              for (const a of answers) {
                expect([201, 422]).toContain(a.status);
                if (a.status === 201) refunded += a.body.amountMinor as number;
              }
              i++;
            } else {
              const left = GROSS - refunded;
              const answer = await ask(step.amount);
              expect(answer.status).toBe(step.amount <= left ? 201 : 422);
              if (answer.status === 201) refunded += step.amount;
            }
            expect(refunded).toBeLessThanOrEqual(GROSS);
          }
          const rows = await t.db.select().from(payments).where(eq(payments.parentId, sale.id));
          const counted = rows.filter((r) => r.status !== 'declined' && r.status !== 'error' && r.status !== 'failed');
          expect(counted.reduce((s, r) => s + r.amountMinor, 0n)).toBe(BigInt(refunded));

          const postings = await t.db.select().from(ledgerPostings).where(eq(ledgerPostings.sessionId, sessionId));
          const byEntry = new Map<string, bigint>();
          for (const p of postings) {
            const key = `${p.entryKind}:${p.documentId ?? ''}`;
            byEntry.set(key, (byEntry.get(key) ?? 0n) + p.amountMinor);
          }
          for (const [entry, sum] of byEntry) expect(sum, entry).toBe(0n);
          const receivable = postings.filter((p) => p.account === 'gateway_receivable').reduce((s, p) => s + p.amountMinor, 0n);
          expect(receivable).toBe(-BigInt(refunded));
          // No account of the session is reversed beyond what the session credited it.
          const net = new Map<string, bigint>();
          for (const p of postings)
            net.set(`${p.account}:${p.ref ?? ''}`, (net.get(`${p.account}:${p.ref ?? ''}`) ?? 0n) + p.amountMinor);
          for (const [account, sum] of net)
            if (
              account !== 'gateway_receivable:manual' &&
              !account.startsWith('payment_clearing') &&
              !account.startsWith('gateway_fee')
            )
              expect(sum <= 0n, `${account} ${sum}`).toBe(true);
        },
      ),
      { numRuns: 12 },
    );
  });
});
