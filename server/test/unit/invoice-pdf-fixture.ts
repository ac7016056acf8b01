import { crc32, deflateSync } from 'node:zlib';
import type { InvoiceDocument } from '../../src/modules/invoices/pdf.js';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A small real PNG (a teal badge with a lighter bolt-like stripe) so the logo path is exercised. */
export function badgePng(width = 120, height = 40): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) {
      const stripe = Math.abs(x - 20 - (height - y) / 2) < 4 && x < 50;
      const badge = x < 50;
      const [r, g, b] = stripe ? [255, 212, 59] : badge ? [11, 110, 121] : [255, 255, 255];
      row.set([r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * The worked example (docs/finance.md §13.2) as the period's only session: commission 293.00 + gateway 88.60 = 381.60;
 * SSCL 2.5 % 9.54; VAT 18 % (compound) of 391.14 = 70.41; total 461.55; payout 2,321.95.
 */
export function workedExampleInvoice(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return {
    issuer: {
      name: 'Chargeboard Platform (Pvt) Ltd',
      addressLines: ['No. 42, Galle Road', 'Colombo 03, Sri Lanka', 'billing@chargeboard.example'],
      taxId: 'VAT 114455667-7000',
    },
    billTo: {
      name: 'Lanka EV Charging (Pvt) Ltd',
      addressLine: '15 Flower Road',
      city: 'Colombo 07',
      country: 'LK',
      taxId: '134567890-7000',
      contactEmail: 'accounts@lankaev.example',
    },
    logo: { mimeType: 'image/png', data: badgePng() },
    kind: 'invoice',
    number: 'INV-2026-000042',
    status: 'sent',
    issueDate: '2026-04-01',
    dueDate: '2026-05-01',
    periodStartDate: '2026-03-01',
    periodEndDate: '2026-04-01',
    currency: 'LKR',
    lines: [
      { kind: 'platform_commission', description: 'Platform commission (10 % of net revenue)', amountMinor: 29300 },
      { kind: 'gateway_charges', description: 'Payment gateway charges', amountMinor: 8860 },
    ],
    taxLines: [
      { name: 'SSCL', rate: '0.025', compound: false, baseMinor: 38160, amountMinor: 954 },
      { name: 'VAT', rate: '0.18', compound: true, baseMinor: 39114, amountMinor: 7041 },
    ],
    subtotalMinor: 38160n,
    taxMinor: 7995n,
    totalMinor: 46155n,
    statement: {
      sessions: 1,
      energyWh: 27500,
      grossCollectedMinor: 354384,
      taxesCollectedMinor: 61384,
      netRevenueMinor: 293000,
      locationOwnerCommissionsMinor: 14650,
      payoutMinor: 232195,
    },
    paidMinor: 0n,
    creditedMinor: 0n,
    amountDueMinor: 46155n,
    creditedInvoiceNumber: null,
    reason: null,
    ...overrides,
  };
}
