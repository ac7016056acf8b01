import { describe, expect, it } from 'vitest';
import { renderInvoicePdf, type InvoiceDocument } from '../../src/modules/invoices/pdf.js';
import { formatAmount, formatEnergy, formatMoney, formatPeriod, formatRate } from '../../src/modules/invoices/pdf-format.js';
import { pdfText as readPdfText } from '../support/pdf-text.js';
import { workedExampleInvoice } from './invoice-pdf-fixture.js';

/** Renders and reads the PDF back as a reader would see it (line by line, left to right). */
async function pdfText(invoice: InvoiceDocument): Promise<string> {
  const pdf = await renderInvoicePdf(invoice);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return readPdfText(pdf);
}

describe('invoice amounts as printed', () => {
  it.each([
    [46155n, 'LKR', '461.55'],
    [232195, 'LKR', '2,321.95'],
    [123456789n, 'EUR', '1,234,567.89'],
    [1500, 'JPY', '1,500'],
    [-14650, 'LKR', '-146.50'],
    [5n, 'KWD', '0.005'],
    [0, 'LKR', '0.00'],
  ])('%s minor %s → %s', (minor, currency, text) => {
    expect(formatAmount(minor, currency)).toBe(text);
  });

  it('puts the currency code before the amount and refuses fractions of a minor unit', () => {
    expect(formatMoney(232195, 'LKR')).toBe('LKR 2,321.95');
    expect(() => formatAmount(1.5, 'LKR')).toThrow(RangeError);
  });

  it('prints rates, energy and the inclusive last day of a period', () => {
    expect(formatRate('0.025')).toBe('2.5 %');
    expect(formatRate('0.18')).toBe('18 %');
    expect(formatEnergy(27500)).toBe('27.500 kWh');
    expect(formatEnergy(1234567)).toBe('1,234.567 kWh');
    expect(formatPeriod('2026-03-01', '2026-04-01')).toBe('1 Mar 2026 – 31 Mar 2026');
    expect(formatPeriod('2024-02-26', '2024-03-04')).toBe('26 Feb 2024 – 3 Mar 2024');
  });
});

describe('invoice PDF', () => {
  it('prints the worked example (docs/finance.md §13.2): number, lines, taxes in order, total and payout', async () => {
    const text = await pdfText(workedExampleInvoice());
    expect(text).toContain('INVOICE');
    expect(text).toContain('INV-2026-000042');
    expect(text).toContain('Lanka EV Charging (Pvt) Ltd');
    expect(text).toContain('Chargeboard Platform (Pvt) Ltd');
    expect(text).toContain('1 Mar 2026 – 31 Mar 2026');
    expect(text).toMatch(/Issue date\s+1 Apr 2026/);
    expect(text).toMatch(/Due date\s+1 May 2026/);
    expect(text).toMatch(/Platform commission.*\s293\.00/);
    expect(text).toMatch(/Payment gateway charges\s+88\.60/);
    expect(text).toMatch(/Subtotal\s+381\.60/);
    const sscl = text.search(/SSCL 2\.5 % on 381\.60\s+9\.54/);
    const vat = text.search(/VAT 18 %, compound on 391\.14\s+70\.41/);
    expect(sscl).toBeGreaterThan(0);
    expect(vat).toBeGreaterThan(sscl);
    expect(text).toMatch(/Total\s+LKR 461\.55/);
    expect(text).toMatch(/Energy delivered\s+27\.500 kWh/);
    expect(text).toMatch(/Gross collected from drivers \(incl\. taxes\)\s+LKR 3,543\.84/);
    expect(text).toMatch(/Net revenue\s+LKR 2,930\.00/);
    expect(text).toMatch(/Less location-owner commissions\s+-LKR 146\.50/);
    expect(text).toMatch(/Payout to you\s+LKR 2,321\.95/);
    expect(text).toContain('Payment is due within 30 days of the issue date, by 1 May 2026');
    expect(text).toContain('Page 1 of 1');
    expect(text).not.toContain('DRAFT');
  });

  it('marks a draft: DRAFT watermark and stamp, no number, not payable', async () => {
    const text = await pdfText(workedExampleInvoice({ status: 'draft', number: null, issueDate: null, dueDate: null }));
    expect(text).toContain('DRAFT');
    expect(text).toContain('Draft — numbered when sent');
    expect(text).toContain('is not payable');
    expect(text).not.toContain('INV-');
    expect(text).toMatch(/Total\s+LKR 461\.55/);
  });

  it('shows payments, credit notes and the amount due it is given on a part-paid invoice, and PAID once settled', async () => {
    const partly = await pdfText(workedExampleInvoice({ paidMinor: 16155n, amountDueMinor: 30000n }));
    expect(partly).toMatch(/Paid\s+-161\.55/);
    expect(partly).toMatch(/Amount due\s+LKR 300\.00/);
    const credited = await pdfText(workedExampleInvoice({ paidMinor: 16155n, creditedMinor: 1210n, amountDueMinor: 28790n }));
    expect(credited).toMatch(/Credit notes\s+-12\.10/);
    expect(credited).toMatch(/Amount due\s+LKR 287\.90/);
    const paid = await pdfText(workedExampleInvoice({ status: 'paid', paidMinor: 46155n, amountDueMinor: 0n }));
    expect(paid).toContain('PAID');
    expect(paid).toMatch(/Amount due\s+LKR 0\.00/);
  });

  it('titles a credit note, names the invoice it credits and the reason, without a statement', async () => {
    const text = await pdfText(
      workedExampleInvoice({
        kind: 'credit_note',
        number: 'CN-2026-000001',
        creditedInvoiceNumber: 'INV-2026-000042',
        reason: 'Gateway charges billed twice',
        lines: [{ kind: 'credit', description: 'Credit against INV-2026-000042', amountMinor: 8860 }],
        taxLines: [
          { name: 'SSCL', rate: '0.025', compound: false, baseMinor: 8860, amountMinor: 222 },
          { name: 'VAT', rate: '0.18', compound: true, baseMinor: 9082, amountMinor: 1635 },
        ],
        subtotalMinor: 8860n,
        taxMinor: 1857n,
        totalMinor: 10717n,
      }),
    );
    expect(text).toContain('CREDIT NOTE');
    expect(text).toContain('CN-2026-000001');
    expect(text).toMatch(/Credits invoice\s+INV-2026-000042/);
    expect(text).toContain('Reason: Gateway charges billed twice.');
    expect(text).toMatch(/Total credited\s+LKR 107\.17/);
    expect(text).not.toContain('Statement for the period');
  });

  it('leaves out a WebP logo and prints the issuer name instead', async () => {
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]);
    const text = await pdfText(workedExampleInvoice({ logo: { mimeType: 'image/webp', data: webp } }));
    expect(text.match(/Chargeboard Platform \(Pvt\)/g)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toContain('LKR 461.55');
  });

  it('formats a zero-digit currency and numbers every page when the lines run over', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({
      kind: 'platform_commission' as const,
      description: `Platform commission, site ${i + 1}`,
      amountMinor: 1500,
    }));
    const text = await pdfText(
      workedExampleInvoice({ currency: 'JPY', lines, taxLines: [], subtotalMinor: 90000n, taxMinor: 0n, totalMinor: 90000n }),
    );
    expect(text).toContain('Amount (JPY)');
    expect(text).toMatch(/Total\s+JPY 90,000/);
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(`Page ${pages} of ${pages}`);
  });
});
