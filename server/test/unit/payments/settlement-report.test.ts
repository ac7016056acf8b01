/** Reading gateway settlement reports (docs/payments.md#reconciliation) and matching them to our payments. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { readCsv } from '../../../src/modules/reconciliation/csv.js';
import { type OurPayment, matchReport } from '../../../src/modules/reconciliation/match.js';
import { type ReportOptions, parseSettlementReport } from '../../../src/modules/reconciliation/report.js';

const colombo = (gateway: ReportOptions['gateway'], defaultCurrency: string | null = null): ReportOptions => ({
  gateway,
  zone: 'Asia/Colombo',
  defaultCurrency,
});

/** The error a file gives: its code, message and details. */
function refusal(text: string, options: ReportOptions) {
  try {
    parseSettlementReport(text, options);
  } catch (error) {
    if (error instanceof AppError)
      return { code: error.code, status: error.status, message: error.message, details: error.details };
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('readCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and knows where each record starts', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\nplain,,end\r\n';
    expect(readCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\r\nlines'] },
      { line: 4, fields: ['plain', '', 'end'] },
    ]);
  });

  it('drops a byte-order mark and blank lines, trailing ones included, with LF or CR endings', () => {
    expect(readCsv('\uFEFFa,b\n\n1,2\n\n\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['1', '2'] },
    ]);
    expect(readCsv('a\r1\r')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['1'] },
    ]);
  });

  it('refuses a quote that is never closed, naming its line', () => {
    expect(() => readCsv('a,b\n1,"open\n2,3\n')).toThrow('Line 2: a quoted field is never closed');
  });
});

describe('parseSettlementReport: column names per gateway', () => {
  it('CyberSource Payment Batch Detail: Request ID, Amount, Currency, Batch Date, Application (ics_credit is a refund)', () => {
    const text = [
      'Batch Date,Merchant ID,Request ID,Merchant Reference Number,Application,Amount,Currency',
      '2026-03-10,lanka01,7412345678901234567890,S-1,ics_bill,2930.00,LKR',
      '2026-03-11,lanka01,7412345678901234567891,S-2,ics_credit,500.00,LKR',
    ].join('\r\n');
    const report = parseSettlementReport(text, colombo('cybersource'));
    expect(report.lines).toEqual([
      { row: 1, reference: '7412345678901234567890', amountMinor: 293_000n, currency: 'LKR', day: '2026-03-10' },
      { row: 2, reference: '7412345678901234567891', amountMinor: -50_000n, currency: 'LKR', day: '2026-03-11' },
    ]);
    expect(report).toMatchObject({ firstDay: '2026-03-10', lastDay: '2026-03-11', skippedRows: 0 });
  });

  it('CyberSource with Transaction Date times in UTC: the local day is Colombo’s', () => {
    const text =
      'request_id,transaction_date,amount,currency\n1,2026-03-10T20:00:00Z,10.00,LKR\n2,2026-03-10 10:00:00 GMT,1.00,LKR\n';
    const report = parseSettlementReport(text, colombo('cybersource'));
    // 20:00 UTC is 01:30 the next day in Colombo (UTC+05:30).
    expect(report.lines.map((l) => l.day)).toEqual(['2026-03-11', '2026-03-10']);
  });

  it('MPGS: Transaction ID before Order ID, Amount, Currency, Date; authorizations and voids move no money', () => {
    const text = [
      'Order ID,Transaction ID,Transaction Type,Amount,Currency,Date',
      'S-1,T-1,CAPTURE,12.50,USD,2026-03-10',
      'S-1,T-0,AUTHORIZATION,12.50,USD,2026-03-10',
      'S-2,T-2,VOID_AUTHORIZATION,3.00,USD,2026-03-10',
      'S-3,T-3,REFUND,-2.00,USD,2026-03-12',
    ].join('\n');
    const report = parseSettlementReport(text, colombo('amex'));
    expect(report.lines.map((l) => [l.row, l.reference, l.amountMinor])).toEqual([
      [1, 'T-1', 1250n],
      [4, 'T-3', -200n],
    ]);
    expect(report.skippedRows).toBe(2);
  });

  it('MPGS with only an Order ID column matches by the order', () => {
    const report = parseSettlementReport('Order ID,Amount,Currency\nS-9,1.00,USD\n', colombo('amex'));
    expect(report.lines[0]!.reference).toBe('S-9');
  });

  it('Dialog fuel card: transaction_id, amount_minor (already minor units), currency, date', () => {
    const text =
      'transaction_id,kind,amount_minor,currency,date\ntx_1,capture,293000,LKR,2026-03-10\ntx_2,refund,5000,LKR,2026-03-10\n';
    expect(parseSettlementReport(text, colombo('dialog_fuel_card')).lines.map((l) => [l.reference, l.amountMinor])).toEqual([
      ['tx_1', 293_000n],
      ['tx_2', -5_000n],
    ]);
  });

  it('Dialog fuel card with a major-unit amount column instead', () => {
    const text = 'transaction_id,amount,currency\ntx_1,2930.00,LKR\n';
    expect(parseSettlementReport(text, colombo('dialog_fuel_card')).lines[0]!.amountMinor).toBe(293_000n);
  });

  it('generic reference,amount,currency[,date,type] for any gateway, names in any case and spacing', () => {
    const text = 'REFERENCE, Amount ,currency,Type\nR-1,"1,234.50",lkr,sale\nR-2,(10.00),LKR,\n';
    const report = parseSettlementReport(text, colombo('manual'));
    expect(report.lines.map((l) => [l.reference, l.amountMinor, l.currency])).toEqual([
      ['R-1', 123_450n, 'LKR'],
      ['R-2', -1_000n, 'LKR'],
    ]);
    expect(report.firstDay).toBeNull();
  });

  it("without a currency column, the organization's currency", () => {
    expect(parseSettlementReport('reference,amount\nR-1,5.00\n', colombo('manual', 'LKR')).lines[0]).toMatchObject({
      amountMinor: 500n,
      currency: 'LKR',
    });
  });
});

describe('parseSettlementReport: exact minor units', () => {
  it('LKR has 2 decimals: 0.10 + 0.20 are exactly 10 and 20 cents, 0.1 is 10, 1 is 100', () => {
    const text = 'reference,amount,currency\na,0.10,LKR\nb,0.20,LKR\nc,0.1,LKR\nd,1,LKR\ne,9007199254740993.01,LKR\n';
    expect(parseSettlementReport(text, colombo('manual')).lines.map((l) => l.amountMinor)).toEqual([
      10n,
      20n,
      10n,
      100n,
      900719925474099301n,
    ]);
  });

  it('JPY has 0 decimals: 1500 is 1500 minor units and 1500.5 is refused, not rounded', () => {
    expect(parseSettlementReport('reference,amount,currency\na,1500,JPY\n', colombo('manual')).lines[0]!.amountMinor).toBe(1500n);
    expect(refusal('reference,amount,currency\na,1500.5,JPY\n', colombo('manual'))).toMatchObject({
      code: 'RECONCILIATION_FILE_INVALID',
      details: { line: 2, row: 1, column: 'amount' },
    });
  });

  it('a refund written positive with a refund type, or negative, is negative either way', () => {
    const text = 'reference,amount,currency,type\na,5.00,LKR,refund\nb,-5.00,LKR,refund\nc,-5.00,LKR,\n';
    expect(parseSettlementReport(text, colombo('manual')).lines.map((l) => l.amountMinor)).toEqual([-500n, -500n, -500n]);
  });
});

describe('parseSettlementReport: what a malformed file answers', () => {
  it('no reference column: 422 naming the header line and the names it looks for', () => {
    const answer = refusal('id,amount,currency\n1,1.00,LKR\n', colombo('cybersource'));
    expect(answer).toMatchObject({ code: 'RECONCILIATION_FILE_INVALID', status: 422, details: { line: 1, column: 'reference' } });
    expect(answer.message).toContain('"request id"');
  });

  it('no amount column', () => {
    expect(refusal('reference,currency\n1,LKR\n', colombo('manual'))).toMatchObject({ details: { line: 1, column: 'amount' } });
  });

  it('no currency column and no organization to take it from', () => {
    expect(refusal('reference,amount\n1,1.00\n', colombo('manual'))).toMatchObject({ details: { line: 1, column: 'currency' } });
  });

  it('a bad amount names the file line (after a quoted line break) and the column as written', () => {
    const text = 'Reference,Note,Amount,Currency\nR-1,"two\nlines",1.00,LKR\nR-2,,12.3.4,LKR\n';
    const answer = refusal(text, colombo('manual'));
    expect(answer).toMatchObject({ code: 'RECONCILIATION_FILE_INVALID', details: { line: 4, row: 2, column: 'Amount' } });
    expect(answer.message).toBe(
      'Line 4, column "Amount": "12.3.4" is not an amount in LKR (digits, a decimal point, at most the currency\'s decimals)',
    );
  });

  it.each([['1e3'], ['0x10'], ['Infinity'], [''], ['12,34'], ['1.005']])('refuses the amount %j in LKR', (amount) => {
    expect(refusal(`reference,amount,currency\nR,"${amount}",LKR\n`, colombo('manual')).code).toBe('RECONCILIATION_FILE_INVALID');
  });

  it('an unknown currency, an empty reference, a bad date, a bad minor amount', () => {
    expect(refusal('reference,amount,currency\nR,1.00,XYZ\n', colombo('manual'))).toMatchObject({
      details: { line: 2, column: 'currency' },
    });
    expect(refusal('reference,amount,currency\n,1.00,LKR\n', colombo('manual'))).toMatchObject({
      details: { column: 'reference' },
    });
    expect(refusal('reference,amount,currency,date\nR,1.00,LKR,10/03/2026\n', colombo('manual'))).toMatchObject({
      details: { column: 'date' },
    });
    expect(refusal('transaction_id,amount_minor,currency\nT,12.50,LKR\n', colombo('dialog_fuel_card'))).toMatchObject({
      details: { column: 'amount_minor' },
    });
  });

  it('an empty file', () => {
    expect(refusal('\uFEFF\r\n\r\n', colombo('manual'))).toMatchObject({
      code: 'RECONCILIATION_FILE_INVALID',
      details: { line: 1 },
    });
  });
});

describe('matchReport', () => {
  const line = (row: number, reference: string, amountMinor: bigint, currency = 'LKR') => ({
    row,
    reference,
    amountMinor,
    currency,
    day: null,
  });
  const ours = (id: string, reference: string, amountMinor: bigint, type: OurPayment['type'] = 'capture', inPeriod = true) => ({
    id,
    type,
    amountMinor,
    currency: 'LKR',
    gatewayReference: reference,
    inPeriod,
  });

  it('gives each outcome: matched, amount_mismatch (both amounts), missing_ours, missing_theirs (only in the period)', () => {
    const result = matchReport(
      [line(1, 'A', 1000n), line(2, 'B', 1200n), line(3, 'C', 500n), line(4, 'R', -300n), line(5, 'E', 100n)],
      [
        ours('a', 'A', 1000n),
        ours('b', 'B', 1000n),
        ours('r', 'R', 300n, 'refund'),
        ours('d', 'D', 700n),
        ours('old', 'OLD', 900n, 'sale', false),
        ours('e', 'E', 100n, 'sale', false),
      ],
    );
    expect(result.map((m) => [m.outcome, m.reference, m.paymentId, m.theirAmountMinor, m.ourAmountMinor, m.row])).toEqual([
      ['matched', 'A', 'a', 1000n, 1000n, 1],
      ['amount_mismatch', 'B', 'b', 1200n, 1000n, 2],
      ['missing_ours', 'C', null, 500n, null, 3],
      ['matched', 'R', 'r', -300n, -300n, 4],
      // Created before the period, but the report names it: matched all the same.
      ['matched', 'E', 'e', 100n, 100n, 5],
      ['missing_theirs', 'D', 'd', null, 700n, null],
    ]);
  });

  it('a refund written positive still matches our refund, and shows as money out', () => {
    expect(matchReport([line(1, 'R', 300n)], [ours('r', 'R', 300n, 'refund')])[0]).toMatchObject({
      outcome: 'matched',
      theirAmountMinor: -300n,
      ourAmountMinor: -300n,
    });
  });

  it('a charge the report calls negative, or in another currency, is a mismatch', () => {
    expect(matchReport([line(1, 'A', -1000n)], [ours('a', 'A', 1000n, 'sale')])[0]!.outcome).toBe('amount_mismatch');
    expect(matchReport([line(1, 'A', 1000n, 'USD')], [ours('a', 'A', 1000n)])[0]!.outcome).toBe('amount_mismatch');
  });

  it('a reference twice: each line takes the payment that agrees with it, a third line is missing on our side', () => {
    const result = matchReport(
      [line(1, 'X', 200n), line(2, 'X', 100n), line(3, 'X', 100n)],
      [ours('x1', 'X', 100n), ours('x2', 'X', 200n)],
    );
    expect(result.map((m) => [m.outcome, m.paymentId])).toEqual([
      ['matched', 'x2'],
      ['matched', 'x1'],
      ['missing_ours', null],
    ]);
  });
});
